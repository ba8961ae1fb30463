"""Calendar replies: the fixtures of what real clients send (``fixtures/``, see its
README), filled in for one of our invitations and delivered over SMTP to the app's real
receiver (aiosmtpd, as ``flask replies serve`` runs it)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import quopri
import re
import smtplib
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import select

from meetings.extensions import db
from meetings.groups.enums import Language, Role
from meetings.invitations.replies import handle_reply_mail, max_bytes, wants_recipient
from meetings.mail.models import OutgoingMessage
from meetings.mail.receiver import smtp_controller
from meetings.scheduling.enums import MeetingStatus
from meetings.scheduling.recurrence import SeriesFrequency, build_rule
from meetings.scheduling.series import SeriesData, create_series
from meetings.scheduling.workflow import transition_meeting

from .. import factories
from ..conftest import free_port

FIXTURES = Path(__file__).parent / "fixtures"
PRAGUE = ZoneInfo("Europe/Prague")


def _encode(body: bytes, how: str) -> str:
    if how == "base64":
        return base64.encodebytes(body).decode().replace("\n", "\r\n").rstrip("\r\n")
    if how == "quoted-printable":
        encoded = quopri.encodestring(body.replace(b"\r\n", b"\n")).decode()
        return encoded.replace("\n", "\r\n").rstrip("\r\n")
    if how == "quoted-printable-binary":
        return binascii.b2a_qp(body, istext=False).decode().replace("\n", "\r\n")
    raise AssertionError(f"unknown X-Fixture-Encode {how}")


def _encode_marked_parts(text: str) -> str:
    """Apply the fixtures' ``X-Fixture-Encode`` convention (fixtures/README.md): the body
    of a marked part runs from the blank line after its headers to the next boundary."""
    lines = text.split("\r\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.startswith("X-Fixture-Encode: "):
            out.append(line)
            index += 1
            continue
        how = line.split(": ", 1)[1].strip()
        index += 1
        while lines[index] != "":  # the part's own headers
            out.append(lines[index])
            index += 1
        out.append("")
        index += 1
        body = []
        while index < len(lines) and not lines[index].startswith("--"):
            body.append(lines[index])
            index += 1
        out.append(_encode("\r\n".join(body).encode("utf-8"), how))
    return "\r\n".join(out)


def fill(name: str, values: dict[str, str]) -> bytes:
    """A fixture with its placeholders replaced and its marked parts encoded."""
    text = (FIXTURES / name).read_bytes().decode("utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    left = re.findall(r"\{\{[A-Z_]+\}\}", text)
    assert not left, f"{name}: placeholders not filled: {left}"
    return _encode_marked_parts(text).encode("utf-8")


@dataclass
class Receiver:
    host: str
    port: int
    controller: object

    def deliver(self, raw: bytes, to: str, sender: str = "answer@example.org") -> None:
        """Send as the attendee's mail server would; returns once the app has handled it
        (the receiver answers 250 after handling)."""
        with smtplib.SMTP(self.host, self.port, timeout=30) as client:
            client.sendmail(sender, [to], raw)
        # The receiver's thread committed: read the answers afresh.
        db.session.expire_all()


@pytest.fixture
def receiver(app) -> Iterator[Receiver]:
    port = free_port()
    controller = smtp_controller(
        app,
        handle_reply_mail,
        wants_recipient,
        host="127.0.0.1",
        port=port,
        max_bytes=max_bytes(),
    )
    controller.start()
    try:
        yield Receiver("127.0.0.1", port, controller)
    finally:
        controller.stop()


@dataclass
class Invited:
    """A scheduled meeting (or series) and the invitation mail the member got."""

    group: object
    assistant: object
    member: object
    meeting: object
    #: The member's invitation e-mail as queued, parsed.
    message: object

    @property
    def calendar(self) -> Calendar:
        [part] = [p for p in self.message.walk() if p.get_content_type() == "text/calendar"]
        return Calendar.from_ical(part.get_payload(decode=True))

    @property
    def organizer(self) -> str:
        event = self.calendar.walk("VEVENT")[0]
        return str(event["ORGANIZER"]).removeprefix("mailto:")


def _group_and_people():
    group = factories.make_group(
        "Sociální služby",
        slug="pzlk-socialni-sluzby",
        language=Language.CS,
        contact_email="socialni.sluzby@annolk.example",
    )
    assistant = factories.make_user("eva@annolk.example", "Eva Nováková", locale="cs")
    member = factories.make_user("jana.novakova@kraj-lbc.example", "Jana Nováková", locale="cs")
    factories.add_member(assistant, group, Role.ASSISTANT)
    factories.add_member(member, group, Role.MEMBER)
    return group, assistant, member


def _message_to(address: str):
    rows = db.session.scalars(
        select(OutgoingMessage)
        .where(OutgoingMessage.recipient == address)
        .order_by(OutgoingMessage.id.desc())
    ).all()
    assert rows, f"no invitation to {address}"
    return message_from_bytes(rows[0].raw, policy=policy.default)


@pytest.fixture
def invited(db_session) -> Invited:
    """13 April 2027, 10:00–11:00 Prague (summer time), scheduled: the member is invited."""
    group, assistant, member = _group_and_people()
    meeting = factories.make_meeting(
        group,
        factories.local_time("Europe/Prague", 2027, 4, 13, 10),
        hours=1,
        status=MeetingStatus.DRAFT,
        title="12. setkání pracovní skupiny Sociální služby",
    )
    transition_meeting(meeting, MeetingStatus.SCHEDULED, actor=assistant)
    db.session.flush()
    return Invited(group, assistant, member, meeting, _message_to(member.email))


@pytest.fixture
def invited_series(db_session) -> Invited:
    """A monthly series of four (second Tuesdays from 13 April 2027, 10:00–11:00)."""
    group, assistant, member = _group_and_people()
    _series, meetings = create_series(
        SeriesData(
            group=group,
            rule=build_rule(SeriesFrequency.MONTHLY, 1, ordinal=2, count=4),
            first_day=dt.date(2027, 4, 1),
            start_time=dt.time(10),
            duration_minutes=60,
            title="Sociální služby",
        ),
        actor=assistant,
    )
    db.session.flush()
    return Invited(group, assistant, member, meetings[0], _message_to(member.email))


def values_for(invited: Invited, **overrides) -> dict[str, str]:
    """Placeholder values: the member answering the invitation they got."""
    event = next(e for e in invited.calendar.walk("VEVENT") if "RECURRENCE-ID" not in e)
    start = event["DTSTART"].dt
    end = event["DTEND"].dt
    values = {
        "ORGANIZER": invited.organizer,
        "ORGANIZER_LOWER": invited.organizer.lower(),
        "ORGANIZER_CN": str(event["ORGANIZER"].params.get("CN", "")),
        "ATTENDEE": invited.member.email,
        "ATTENDEE_UPPER": "Jana.Novakova@Kraj-LBC.example",
        "ATTENDEE_CN": invited.member.name,
        "UID": str(event["UID"]),
        "SEQUENCE": str(event.get("SEQUENCE", 0)),
        "DTSTART_UTC": f"{start.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}",
        "DTEND_UTC": f"{end.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}",
        "DTSTART_LOCAL": f"{start.astimezone(PRAGUE):%Y%m%dT%H%M%S}",
        "DTEND_LOCAL": f"{end.astimezone(PRAGUE):%Y%m%dT%H%M%S}",
        "SUMMARY": "Setkani pracovni skupiny",
        "COMMENT": "",
        "DTSTAMP": f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}",
        "MESSAGE_ID": f"reply-{id(invited)}-{dt.datetime.now().timestamp()}",
    }
    values["RECURRENCE_ID_UTC"] = values["DTSTART_UTC"]
    values["RECURRENCE_ID_LOCAL"] = values["DTSTART_LOCAL"]
    values.update(overrides)
    return values


def occurrence_values(invited: Invited, index: int, **overrides) -> dict[str, str]:
    """Values for a reply to one occurrence (0-based) of the invited series."""
    instances = sorted(
        (e for e in invited.calendar.walk("VEVENT") if "RECURRENCE-ID" in e),
        key=lambda e: e["RECURRENCE-ID"].dt,
    )
    event = instances[index]
    recurrence = event["RECURRENCE-ID"].dt
    start, end = event["DTSTART"].dt, event["DTEND"].dt
    return values_for(
        invited,
        SEQUENCE=str(event.get("SEQUENCE", 0)),
        RECURRENCE_ID_UTC=f"{recurrence.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}",
        RECURRENCE_ID_LOCAL=f"{recurrence.astimezone(PRAGUE):%Y%m%dT%H%M%S}",
        DTSTART_UTC=f"{start.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}",
        DTEND_UTC=f"{end.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}",
        DTSTART_LOCAL=f"{start.astimezone(PRAGUE):%Y%m%dT%H%M%S}",
        DTEND_LOCAL=f"{end.astimezone(PRAGUE):%Y%m%dT%H%M%S}",
        **overrides,
    )
