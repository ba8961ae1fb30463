"""A Hungarian county group's meeting to be reminded of: a Hungarian-speaking member who
accepted, an English-speaking guest who has not answered, a Czech member who declined."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.message import EmailMessage

import pytest

from meetings.extensions import db
from meetings.groups.enums import Language, Role
from meetings.invitations.enums import Rsvp
from meetings.models import Invitation, Meeting

from .. import factories

ZONE = "Europe/Budapest"


@dataclass
class Setting:
    group: object
    assistant: object
    member: object
    declined: object
    meeting: Meeting
    guest_email: str = "guest@partner.example"

    @property
    def reminded(self) -> set[str]:
        return {self.member.email, self.guest_email}


def make_setting() -> Setting:
    """Used in a test's transaction and in a database of its own (the concurrency test)."""
    group = factories.make_group(
        "Szociális gondoskodás",
        slug="vas-szocialis-gondoskodas",
        language=Language.HU,
        timezone=ZONE,
    )
    assistant = factories.make_user("asszisztens@vas.example", "Tóth Anna", locale="hu")
    member = factories.make_user("peter@vas.example", "Kovács Péter", locale="hu")
    declined = factories.make_user("jana@annolk.example", "Jana Dvořáková", locale="cs")
    factories.add_member(assistant, group, Role.ASSISTANT)
    factories.add_member(member, group, Role.MEMBER)
    factories.add_member(declined, group, Role.MEMBER)
    venue = factories.make_venue(
        "Vas Vármegyei Kormányhivatal",
        city="Szombathely",
        street="Berzsenyi Dániel tér 1.",
        postcode="9700",
        room="II. emeleti tárgyaló",
    )
    meeting = factories.make_meeting(
        group,
        starts_at=factories.local_time(ZONE, 2030, 10, 22, 10),
        title="Munkacsoport ülés – Szociális gondoskodás",
        venue=venue,
    )
    invited_at = dt.datetime(2030, 10, 1, 8, tzinfo=dt.UTC)
    for values in (
        {"user": member, "rsvp": Rsvp.ACCEPTED},
        {"email": "guest@partner.example", "name": "Mary Guest", "locale": "en"},
        {"user": declined, "rsvp": Rsvp.DECLINED},
    ):
        db.session.add(
            Invitation(meeting=meeting, sent_sequence=0, created_at=invited_at, **values)
        )
    db.session.flush()
    return Setting(group, assistant, member, declined, meeting)


@pytest.fixture
def setting(db_session) -> Setting:
    return make_setting()


def at(*args: int) -> dt.datetime:
    """A wall-clock time in Szombathely."""
    return factories.local_time(ZONE, *args)


def to(message: EmailMessage) -> str:
    return message["To"].addresses[0].addr_spec


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def delivered(smtp_server, count: int) -> list[EmailMessage]:
    """Deliver the outbox (queued at a travelled clock, so due in 2030) to the SMTP server."""
    from meetings.db import writer_transactions
    from meetings.mail.services import deliver_due

    with writer_transactions():
        deliver_due(now=dt.datetime(2031, 1, 1, tzinfo=dt.UTC))
    return smtp_server.wait_for(count)
