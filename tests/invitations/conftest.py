"""A meeting to invite to: a Prague group with a chair, an assistant and a Hungarian
member, a venue with a room on the second floor and a published agenda whose text has
commas, semicolons, long lines and the diacritics of the group's languages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from meetings.extensions import db
from meetings.groups.enums import Language, Role
from meetings.models import AgendaItem, Meeting
from meetings.scheduling.enums import MeetingStatus

from .. import factories

#: The group's contact address: the Reply-To of every invitation (ORGANIZER is the
#: invitation's own reply address, read by the app).
CONTACT = "socialni.sluzby@annolk.example"
ROOM = "Zasedací místnost 2. patro"


@dataclass
class Setting:
    group: object
    chair: object
    assistant: object
    member: object
    venue: object
    meeting: Meeting

    @property
    def invitees(self) -> list:
        """Who is sent the invitation: not the assistant, who organises the meeting."""
        return [self.chair, self.member]


def reply_address_of(invitation) -> str:
    """The invitation's ORGANIZER address (the app's reply address for it)."""
    from meetings.invitations.addresses import reply_address

    return reply_address(invitation)


@pytest.fixture
def setting(db_session) -> Setting:
    group = factories.make_group(
        "Sociální služby",
        slug="pzlk-socialni-sluzby",
        language=Language.CS,
        timezone="Europe/Prague",
        contact_email=CONTACT,
    )
    chair = factories.make_user("jana@annolk.example", "Jana Dvořáková", locale="cs")
    assistant = factories.make_user("eva@annolk.example", "Eva Nováková", locale="cs")
    member = factories.make_user("peter@vas.example", "Kovács Péter", locale="hu")
    factories.add_member(chair, group, Role.CHAIR)
    factories.add_member(assistant, group, Role.ASSISTANT)
    factories.add_member(member, group, Role.MEMBER)
    venue = factories.make_venue(
        "ANNOLK", city="Liberec", street="U Nisy 362/6", postcode="460 01", room=ROOM
    )
    meeting = factories.make_meeting(
        group,
        starts_at=factories.local_time("Europe/Prague", 2030, 3, 19, 10),
        status=MeetingStatus.DRAFT,
        title="11. setkání pracovní skupiny Sociální služby; kulatý stůl, Liberec",
        venue=venue,
    )
    opening = AgendaItem(
        meeting=meeting, position=0, title="Zahájení, přivítání", duration_minutes=10
    )
    main = AgendaItem(
        meeting=meeting,
        position=1,
        title="Sociální podnikání v Libereckém kraji; příklady dobré praxe z Moravskoslezského, "
        "Pardubického a Jihočeského kraje",
        presenter_name="Jana Dvořáková",
        duration_minutes=60,
    )
    db.session.add_all([opening, main])
    db.session.flush()
    db.session.add(
        AgendaItem(
            meeting=meeting,
            parent=main,
            position=0,
            title="Szociális gondoskodás – tapasztalatok Vas megyéből",
            duration_minutes=20,
        )
    )
    meeting.agenda_published_at = dt.datetime.now(dt.UTC)
    db.session.flush()
    return Setting(group, chair, assistant, member, venue, meeting)


def recipient(message: EmailMessage) -> str:
    return message["To"].addresses[0].addr_spec


def by_recipient(messages: list[EmailMessage]) -> dict[str, EmailMessage]:
    return {recipient(m): m for m in messages}


def calendar_part(message: EmailMessage):
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part


def calendar_of(message: EmailMessage) -> tuple[bytes, Calendar]:
    """The raw bytes of the inline text/calendar part and the calendar parsed from them."""
    raw = calendar_part(message).get_payload(decode=True)
    return raw, Calendar.from_ical(raw)


def event_of(message: EmailMessage):
    [event] = calendar_of(message)[1].walk("VEVENT")
    return event


def attendees(event) -> list:
    value = event.get("ATTENDEE")
    return value if isinstance(value, list) else [value]


def text_body(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_body(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def meeting_form(meeting: Meeting, **values) -> dict:
    """The edit form's values for the meeting as it is, with ``values`` changed."""
    local = meeting.starts_at.astimezone(ZoneInfo(meeting.timezone))
    data = {
        "group_id": str(meeting.group_id),
        "kind": "regular",
        "title": meeting.title,
        "start_date": f"{local:%Y-%m-%d}",
        "start_time": f"{local:%H:%M}",
        "end_time": "12:00",
        "venue_id": str(meeting.venue_id or ""),
        "room": meeting.room or "",
        "online_url": "",
        "organiser_id": "",
        "description": "",
    }
    data.update(values)
    return data
