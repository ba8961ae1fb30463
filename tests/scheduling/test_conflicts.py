"""Conflict warnings when saving a meeting: same room, same chair, same group at that time."""

from __future__ import annotations

import datetime as dt

from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.i18n import force_locale
from meetings.scheduling.enums import MeetingKind, MeetingStatus
from meetings.scheduling.services import ConflictKind, find_conflicts

from .. import factories
from ..conftest import count_queries, translated


def _at(group, hour: int, **fields):
    return factories.make_meeting(
        group, starts_at=factories.local_time(group.timezone, 2030, 3, 19, hour), **fields
    )


def _kinds(meeting):
    return [(c.kind, c.other.id) for c in find_conflicts(meeting)]


def test_conflict_room_already_booked(people):
    venue = factories.make_venue("ANNOLK", room="zasedací místnost 2. patro")
    elsewhere = factories.make_group("Zaměstnanost")
    booked = _at(elsewhere, 11, venue=venue)  # 11:00–13:00
    meeting = _at(people.group, 10, venue=venue)  # 10:00–12:00

    assert _kinds(meeting) == [(ConflictKind.ROOM, booked.id)]


def test_conflict_room_other_room_of_venue_is_free(people):
    venue = factories.make_venue("ANNOLK", room="zasedací místnost 2. patro")
    elsewhere = factories.make_group("Zaměstnanost")
    _at(elsewhere, 11, venue=venue, room="Velký sál")
    meeting = _at(people.group, 10, venue=venue)

    assert _kinds(meeting) == []


def test_conflict_room_cancelled_or_adjacent_meeting_ignored(people):
    venue = factories.make_venue("ANNOLK")
    elsewhere = factories.make_group("Zaměstnanost")
    _at(elsewhere, 11, venue=venue, status=MeetingStatus.CANCELLED)
    _at(elsewhere, 12, venue=venue)  # starts when ours ends
    meeting = _at(people.group, 10, venue=venue)

    assert _kinds(meeting) == []


def test_conflict_chair_has_meeting_of_other_group(people):
    factories.add_member(people.chair, people.other_group, Role.MEMBER)
    other = _at(people.other_group, 10)  # Budapest 10:00 = Prague 10:00
    meeting = _at(people.group, 11)

    conflicts = find_conflicts(meeting)

    assert [(c.kind, c.other.id, c.person) for c in conflicts] == [
        (ConflictKind.CHAIR, other.id, "Jana Předsedová")
    ]


def test_conflict_chair_in_joint_meeting_of_other_groups(people):
    third = factories.make_group("Zaměstnanost")
    factories.add_member(people.chair, third, Role.OBSERVER)
    joint = _at(people.other_group, 10, kind=MeetingKind.JOINT, extra_groups=[third])
    meeting = _at(people.group, 11)

    assert _kinds(meeting) == [(ConflictKind.CHAIR, joint.id)]


def test_conflict_group_already_meets(people):
    first = _at(people.group, 10)
    second = _at(people.group, 11, status=MeetingStatus.DRAFT)

    assert _kinds(second) == [(ConflictKind.GROUP, first.id)]


def test_conflict_group_meets_in_joint_meeting_of_another_host(people):
    joint = _at(people.other_group, 10, kind=MeetingKind.JOINT, extra_groups=[people.group])
    meeting = _at(people.group, 11)

    assert _kinds(meeting) == [(ConflictKind.GROUP, joint.id)]


def test_conflict_none_for_other_groups_at_other_times(people):
    _at(people.other_group, 10)
    _at(people.group, 14)
    meeting = _at(people.group, 10)

    assert _kinds(meeting) == []


def test_conflict_checks_one_query_each(app, people):
    venue = factories.make_venue("ANNOLK")
    factories.add_member(people.chair, people.other_group, Role.MEMBER)
    meeting = _at(people.group, 10, venue=venue)
    for hour in (9, 10, 11):
        _at(people.other_group, hour, venue=venue)
        _at(people.group, hour, venue=venue)
    db.session.expire_all()
    meeting = db.session.get(type(meeting), meeting.id)
    meeting.groups  # noqa: B018  (load what the page has loaded already)
    meeting.venue  # noqa: B018

    with count_queries(app) as counter:
        conflicts = find_conflicts(meeting)

    assert counter.count == 3
    assert len(conflicts) == 6


def test_conflict_warnings_flashed_after_saving(people, login_as):
    venue = factories.make_venue("ANNOLK")
    booked = _at(people.other_group, 10, venue=venue, title="Szociális ülés")
    client = login_as(people.assistant)

    response = client.post(
        "/meetings/new",
        data={
            "group_id": str(people.group.id),
            "kind": "regular",
            "start_date": "2030-03-19",
            "start_time": "11:00",
            "end_time": "12:00",
            "venue_id": str(venue.id),
        },
    )
    page = client.get(response.location).text

    assert response.status_code == 302
    assert 'class="flash flash-warning"' in page
    assert f"The room is already booked then: {booked.title} (19 Mar 2030, 10:00)." in page


def test_conflict_warning_does_not_block_saving(people, login_as):
    _at(people.group, 10)

    response = login_as(people.assistant).post(
        "/meetings/new",
        data={
            "group_id": str(people.group.id),
            "kind": "regular",
            "start_date": "2030-03-19",
            "start_time": "10:30",
            "end_time": "11:00",
        },
    )

    assert response.status_code == 302
    assert len(people.group.meetings) == 2


def test_conflict_time_shown_as_datetime(people):
    other = _at(people.group, 10, title="Jarní setkání")
    meeting = _at(people.group, 11)

    [conflict] = find_conflicts(meeting)
    with force_locale("cs"):
        in_czech = conflict.message

    assert other.starts_at == dt.datetime(2030, 3, 19, 9, tzinfo=dt.UTC)
    assert (conflict.kind, conflict.other.id) == (ConflictKind.GROUP, other.id)
    # The other meeting's start, date and wall-clock time, in the reader's language.
    assert conflict.message == "The group already meets then: Jarní setkání (19 Mar 2030, 10:00)."
    assert in_czech == translated(
        "cs",
        "The group already meets then: %(title)s (%(when)s).",
        title="Jarní setkání",
        when="19. 3. 2030 10:00",  # the year in full, never "19.03.30"
    )


def test_conflict_time_is_the_other_meetings_own_wall_clock(people):
    # 11:00 in Riga is 10:00 in Prague: the warning gives the time where that meeting is.
    riga = factories.make_group("Rīgas grupa", timezone="Europe/Riga")
    factories.add_member(people.chair, riga, Role.MEMBER)
    other = factories.make_meeting(
        riga, starts_at=factories.local_time("Europe/Riga", 2030, 3, 19, 11), title="Sēde"
    )
    meeting = _at(people.group, 10)

    [conflict] = find_conflicts(meeting)

    assert other.starts_at == dt.datetime(2030, 3, 19, 9, tzinfo=dt.UTC)
    assert conflict.message == (
        "The chair Jana Předsedová already has a meeting then: Sēde (19 Mar 2030, 11:00)."
    )
