"""A person's feed: every meeting of their groups (hosted or joint) and the meetings they
are invited to; nothing of other groups; no drafts; cancelled ones for 30 days."""

from __future__ import annotations

import datetime as dt

from meetings.agenda.models import AgendaItem
from meetings.calendar.builder import event_data
from meetings.extensions import db
from meetings.ical.feeds import feed_event_data
from meetings.invitations.models import Invitation
from meetings.scheduling.enums import MeetingStatus

from .. import factories
from ..conftest import count_queries
from .conftest import feed_path, now, read, statuses, uids


def _soon(days: int = 10) -> dt.datetime:
    return now().replace(microsecond=0) + dt.timedelta(days=days)


def test_person_feed_contains_the_meetings_of_all_their_groups_and_nothing_else(people, client):
    second_group = factories.make_group("Zaměstnanost", slug="zamestnanost")
    factories.add_member(people.member, second_group)
    own = factories.make_meeting(people.group, _soon(5))
    other_own = factories.make_meeting(second_group, _soon(6))
    joint_host = factories.make_group("Vzdělávání", slug="vzdelavani")
    joint = factories.make_meeting(joint_host, _soon(7), extra_groups=[people.group])
    foreign = factories.make_meeting(people.other_group, _soon(8))
    unrelated = factories.make_meeting(joint_host, _soon(9))
    draft = factories.make_meeting(people.group, _soon(4), status=MeetingStatus.DRAFT)

    calendar = read(client.get(feed_path(people.member)))

    assert uids(calendar) == {own.uid, other_own.uid, joint.uid}
    assert not {foreign.uid, unrelated.uid, draft.uid} & uids(calendar)


def test_person_feed_contains_meetings_they_are_invited_to_outside_their_groups(people, client):
    foreign = factories.make_meeting(people.other_group, _soon(3))
    not_invited = factories.make_meeting(people.other_group, _soon(4))
    db.session.add(Invitation(meeting=foreign, user=people.member))
    db.session.flush()

    calendar = read(client.get(feed_path(people.member)))

    assert foreign.uid in uids(calendar)
    assert not_invited.uid not in uids(calendar)


def test_person_feed_keeps_past_meetings_of_the_last_half_year_only(people, client):
    recent = factories.make_meeting(people.group, now() - dt.timedelta(days=30))
    old = factories.make_meeting(people.group, now() - dt.timedelta(days=400))

    calendar = read(client.get(feed_path(people.member)))

    assert uids(calendar) == {recent.uid}
    assert old.uid not in uids(calendar)


def test_person_feed_cancelled_within_30_days_is_included_as_cancelled(people, client):
    kept = factories.make_meeting(people.group, _soon(20), status=MeetingStatus.CANCELLED)
    kept.updated_at = now() - dt.timedelta(days=29)
    gone = factories.make_meeting(people.group, _soon(21), status=MeetingStatus.CANCELLED)
    gone.updated_at = now() - dt.timedelta(days=31)
    scheduled = factories.make_meeting(people.group, _soon(22))
    db.session.flush()

    calendar = read(client.get(feed_path(people.member)))

    assert statuses(calendar) == {kept.uid: "CANCELLED", scheduled.uid: "CONFIRMED"}


def test_person_feed_response_is_a_named_calendar_with_refresh_interval(people, client):
    factories.make_meeting(people.group, _soon())

    response = client.get(feed_path(people.member))
    calendar = read(response)

    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "private, max-age=300"
    assert response.headers["ETag"].startswith('"')
    assert "Last-Modified" in response.headers
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Meetings of Petr Člen"
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in response.data
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in response.data


def test_person_feed_text_is_in_the_persons_language(people, client):
    people.member.locale = "cs"
    organisation = factories.make_organisation("ANNOLK")
    factories.make_meeting(people.group, _soon(), organiser=organisation)
    db.session.flush()

    calendar = read(client.get(feed_path(people.member)))
    [event] = calendar.walk("VEVENT")

    assert str(event["DESCRIPTION"]) == "Sociální služby\n\nPořadatel: ANNOLK"


def test_person_feed_needs_constant_queries_however_many_meetings(app, people, client):
    path = feed_path(people.member)
    venue = factories.make_venue("ANNOLK", room="zasedací místnost 2. patro")
    joint_host = factories.make_group()

    def add(n: int) -> None:
        for i in range(n):
            meeting = factories.make_meeting(
                people.group, _soon(i + 1), venue=venue, extra_groups=[joint_host]
            )
            meeting.agenda_published_at = now()
            db.session.add(AgendaItem(meeting=meeting, position=1, title=f"Bod {i}"))
        db.session.flush()

    add(2)
    with count_queries(app) as few:
        assert client.get(path).status_code == 200
    add(8)
    with count_queries(app) as many:
        response = client.get(path)

    # A calendar's events come in no particular order: the soonest carries its agenda.
    events = sorted(read(response).walk("VEVENT"), key=lambda e: e["DTSTART"].dt)
    assert len(events) == 10
    assert str(events[0]["DESCRIPTION"]).endswith("Agenda:\n1. Bod 0")
    assert many.count == few.count


def test_person_feed_of_a_deactivated_person_is_404(people, client):
    path = feed_path(people.member)
    people.member.is_enabled = False
    db.session.flush()

    assert client.get(path).status_code == 404


def test_feed_entry_equals_the_builders_event_data_for_a_published_agenda(people):
    organisation = factories.make_organisation("ANNOLK")
    meeting = factories.make_meeting(
        people.group, _soon(), organiser=organisation, description="Rozšířené jednání"
    )
    meeting.agenda_published_at = now()
    db.session.add(AgendaItem(meeting=meeting, position=1, title="Zahájení", duration_minutes=15))
    db.session.add(AgendaItem(meeting=meeting, position=2, title="Sociální podnikání"))
    db.session.flush()
    db.session.refresh(meeting)

    assert feed_event_data(meeting) == event_data(meeting)
