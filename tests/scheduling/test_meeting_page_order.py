"""The meeting page puts first what the person needs now: before the meeting its time and
place, their invitation and answer, then the agenda; once it has begun, the minutes."""

from __future__ import annotations

from meetings.agenda.models import AgendaItem
from meetings.extensions import db
from meetings.invitations.enums import Rsvp
from meetings.invitations.models import Invitation
from meetings.scheduling.enums import MeetingStatus
from tests import factories

SECTIONS = {
    "details": 'id="details"',
    "invitation": 'id="invitations-heading"',
    "agenda": 'id="agenda"',
    "minutes": 'id="minutes-heading"',
}


def _order(page: str) -> list[str]:
    found = {name: page.find(marker) for name, marker in SECTIONS.items()}
    return sorted((name for name, at in found.items() if at >= 0), key=found.__getitem__)


def _meeting(people, starts_at, status):
    meeting = factories.make_meeting(people.group, starts_at=starts_at, status=status)
    db.session.add(AgendaItem(meeting=meeting, position=0, title="Zahájení"))
    db.session.add(Invitation(meeting=meeting, user_id=people.chair.id, rsvp=Rsvp.ACCEPTED))
    db.session.flush()
    return meeting


def test_before_the_meeting_details_answer_and_agenda_come_first(people, login_as):
    meeting = _meeting(
        people, factories.local_time("Europe/Prague", 2040, 5, 4, 10), MeetingStatus.SCHEDULED
    )

    page = login_as(people.chair).get(f"/meetings/{meeting.id}").get_data(as_text=True)

    assert _order(page)[:3] == ["details", "invitation", "agenda"]


def test_once_the_meeting_has_begun_the_minutes_come_first(people, login_as):
    held = _meeting(
        people, factories.local_time("Europe/Prague", 2018, 3, 20, 10), MeetingStatus.HELD
    )
    begun = _meeting(
        people, factories.local_time("Europe/Prague", 2019, 3, 20, 10), MeetingStatus.SCHEDULED
    )
    client = login_as(people.chair)

    for meeting in (held, begun):
        page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
        assert _order(page) == ["minutes", "agenda", "details", "invitation"]
