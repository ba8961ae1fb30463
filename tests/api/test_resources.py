"""The read resources as an integrator uses them: what each person's token shows, pages
with cursors, conditional requests; every answer valid per the OpenAPI document."""

from __future__ import annotations

import datetime as dt

from meetings.agenda.enums import ItemKind
from meetings.agenda.models import AgendaItem
from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.minutes.enums import MinutesState
from meetings.minutes.models import Decision, Minutes
from meetings.scheduling.enums import MeetingStatus
from meetings.venues.models import Venue

from .. import factories
from ..conftest import count_queries
from .conftest import is_problem


def _ids(response) -> list[int]:
    return [m["id"] for m in response.get_json()["data"]]


# --- groups ---------------------------------------------------------------------------------


def test_groups_list_shows_own_and_public_groups(api, people, conforms):
    factories.make_group("Open group", slug="open-group", is_public=True)
    response = api.get("/api/v1/groups", user=people.outsider)
    conforms(response, "GroupList")
    assert [g["slug"] for g in response.get_json()["data"]] == [
        "open-group",
        "szocialis-gondoskodas",
    ]
    anonymous = api.get("/api/v1/groups")
    assert [g["slug"] for g in anonymous.get_json()["data"]] == ["open-group"]


def test_group_members_only_for_those_the_policy_allows(api, people, conforms):
    public = factories.make_group("Open group", slug="open-group", is_public=True)
    factories.add_member(people.member, public, Role.CHAIR)
    mine = api.get("/api/v1/groups/open-group", user=people.member)
    conforms(mine, "GroupDetail")
    assert mine.get_json()["members"] == [
        {"name": "Petr Člen", "role": "chair", "organisation": None}
    ]
    theirs = api.get("/api/v1/groups/open-group", user=people.outsider)
    conforms(theirs, "GroupDetail")
    assert theirs.get_json()["members"] is None


def test_members_only_group_is_not_found_for_another_groups_member(api, people):
    assert is_problem(api.get("/api/v1/groups/socialni-sluzby", user=people.outsider), 404)
    assert is_problem(api.get("/api/v1/groups/socialni-sluzby"), 401)
    assert is_problem(api.get("/api/v1/groups/no-such-group", user=people.member), 404)


# --- meetings -------------------------------------------------------------------------------


def test_meeting_with_agenda_dates_with_offset_and_zone(api, people, conforms):
    venue = Venue(name="ANNOLK", street="U Nisy 362/6", postcode="460 01", city="Liberec")
    meeting = factories.make_meeting(
        people.group,
        factories.local_time("Europe/Prague", 2030, 7, 1, 9),
        venue=venue,
        agenda_published_at=dt.datetime(2030, 6, 1, tzinfo=dt.UTC),
    )
    opening = AgendaItem(
        meeting=meeting,
        position=1,
        title="Zahájení",
        kind=ItemKind.INFORMATION,
        duration_minutes=10,
    )
    db.session.add(opening)
    db.session.add(
        AgendaItem(
            meeting=meeting,
            position=2,
            title="Schválení zápisu",
            kind=ItemKind.DECISION,
            duration_minutes=20,
        )
    )
    db.session.flush()
    response = api.get(f"/api/v1/meetings/{meeting.id}", user=people.member)
    conforms(response, "MeetingDetail")
    body = response.get_json()
    assert (body["starts_at"], body["ends_at"], body["timezone"]) == (
        "2030-07-01T09:00:00+02:00",
        "2030-07-01T11:00:00+02:00",
        "Europe/Prague",
    )
    assert body["venue"]["city"] == "Liberec"
    assert [(i["number"], i["title"], i["starts_at"]) for i in body["agenda"]] == [
        ("1.", "Zahájení", "2030-07-01T09:00:00+02:00"),
        ("2.", "Schválení zápisu", "2030-07-01T09:10:00+02:00"),
    ]


def test_unpublished_agenda_is_null_for_members_and_shown_to_managers(api, people):
    meeting = factories.make_meeting(people.group)
    db.session.add(AgendaItem(meeting=meeting, position=1, title="Návrh", kind=ItemKind.DISCUSSION))
    db.session.flush()
    assert (
        api.get(f"/api/v1/meetings/{meeting.id}", user=people.member).get_json()["agenda"] is None
    )
    assert [
        i["title"]
        for i in api.get(f"/api/v1/meetings/{meeting.id}", user=people.assistant).get_json()[
            "agenda"
        ]
    ] == ["Návrh"]


def test_other_groups_member_sees_nothing_private(api, people):
    meeting = factories.make_meeting(people.group)
    draft = factories.make_meeting(people.group, status=MeetingStatus.DRAFT)
    assert _ids(api.get("/api/v1/meetings", user=people.outsider)) == []
    assert is_problem(api.get(f"/api/v1/meetings/{meeting.id}", user=people.outsider), 404)
    assert is_problem(api.get("/api/v1/meetings?group=socialni-sluzby", user=people.outsider), 404)
    assert is_problem(api.get("/api/v1/decisions?group=socialni-sluzby", user=people.outsider), 404)
    # Drafts: the group's managers only.
    assert _ids(api.get("/api/v1/meetings", user=people.member)) == [meeting.id]
    assert sorted(_ids(api.get("/api/v1/meetings", user=people.assistant))) == sorted(
        [meeting.id, draft.id]
    )
    assert is_problem(api.get(f"/api/v1/meetings/{draft.id}", user=people.member), 403)


def test_meetings_filtered_by_group_dates_and_status(api, people, conforms):
    zone = "Europe/Prague"
    march = factories.make_meeting(people.group, factories.local_time(zone, 2030, 3, 20, 10))
    april = factories.make_meeting(people.group, factories.local_time(zone, 2030, 4, 17, 10))
    may = factories.make_meeting(
        people.group,
        factories.local_time(zone, 2030, 5, 15, 10),
        status=MeetingStatus.CANCELLED,
    )
    other = factories.make_group("Jiná skupina", slug="jina")
    factories.add_member(people.member, other)
    factories.make_meeting(other, factories.local_time(zone, 2030, 4, 1, 10))
    base = "/api/v1/meetings?group=socialni-sluzby"
    response = api.get(base, user=people.member)
    conforms(response, "MeetingList")
    assert _ids(response) == [march.id, april.id, may.id]
    assert _ids(api.get(f"{base}&from=2030-04-01&to=2030-04-30", user=people.member)) == [april.id]
    assert _ids(api.get(f"{base}&to=2030-03-20", user=people.member)) == [march.id]
    assert _ids(api.get(f"{base}&status=cancelled", user=people.member)) == [may.id]


def test_meetings_pages_follow_the_cursor_in_constant_queries(app, api, people, token_for, client):
    zone = "Europe/Prague"
    created = [
        factories.make_meeting(people.group, factories.local_time(zone, 2030, 1, day, 10)).id
        for day in range(1, 8)
    ]
    headers = {"Authorization": f"Bearer {token_for(people.member)}"}
    seen: list[int] = []
    counts = []
    url = "/api/v1/meetings?group=socialni-sluzby&limit=3"
    client.get("/api/v1/groups", headers=headers)  # the token's first use writes "last used"
    while url:
        with count_queries(app) as counter:
            response = client.get(url, headers=headers)
        counts.append(counter.count)
        assert response.status_code == 200
        seen += _ids(response)
        url = response.get_json()["links"]["next"]
    assert seen == created
    assert len(counts) == 3
    # The same statements for a full page as for the last, short one.
    assert counts[0] == counts[1] == counts[2]


def test_list_costs_the_same_queries_for_few_and_many_meetings(app, people, token_for, client):
    headers = {"Authorization": f"Bearer {token_for(people.member)}"}
    factories.make_meeting(people.group)
    client.get("/api/v1/groups", headers=headers)  # the token's first use writes "last used"
    with count_queries(app) as few:
        client.get("/api/v1/meetings", headers=headers)
    joint = factories.make_group("Joint", slug="joint")
    for day in range(1, 20):
        meeting = factories.make_meeting(
            people.group, factories.local_time("Europe/Prague", 2031, 1, day, 10)
        )
        meeting.extra_groups.append(joint)
    db.session.flush()
    with count_queries(app) as many:
        client.get("/api/v1/meetings", headers=headers)
    assert many.count == few.count


def test_etag_answers_304_and_last_modified_is_sent(api, people, token_for, client):
    meeting = factories.make_meeting(people.group)
    headers = {"Authorization": f"Bearer {token_for(people.member)}"}
    first = client.get(f"/api/v1/meetings/{meeting.id}", headers=headers)
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get(
        f"/api/v1/meetings/{meeting.id}", headers=headers | {"If-None-Match": first.headers["ETag"]}
    )
    assert (again.status_code, again.data) == (304, b"")
    meeting.title = "Přejmenované jednání"
    db.session.flush()
    changed = client.get(
        f"/api/v1/meetings/{meeting.id}", headers=headers | {"If-None-Match": first.headers["ETag"]}
    )
    assert changed.status_code == 200
    assert changed.get_json()["title"] == "Přejmenované jednání"


# --- public events and decisions ---------------------------------------------------------------


def test_public_events_without_token(api, people, conforms):
    public = factories.make_group("Open group", slug="open-group", is_public=True)
    event = factories.make_meeting(public, factories.local_time("Europe/Prague", 2030, 9, 1, 10))
    factories.make_meeting(people.group)  # members-only: not an event
    factories.make_meeting(public, status=MeetingStatus.DRAFT)
    past = factories.make_meeting(public, factories.local_time("Europe/Prague", 2020, 9, 1, 10))
    response = api.get("/api/v1/events")
    conforms(response, "MeetingList")
    assert _ids(response) == [event.id]
    assert _ids(api.get("/api/v1/events?from=2020-01-01")) == [past.id, event.id]


def test_decisions_register_of_a_group(api, people, conforms):
    meeting = factories.make_meeting(people.group, number=10)
    db.session.add(
        Minutes(
            meeting=meeting,
            state=MinutesState.APPROVED,
            submitted_at=dt.datetime(2030, 1, 16, tzinfo=dt.UTC),
            approved_at=dt.datetime(2030, 1, 17, tzinfo=dt.UTC),
        )
    )
    db.session.add(
        Decision(
            group=people.group,
            meeting=meeting,
            sequence=3,
            text="Termín dubnového jednání bude dohodnut.",
            votes_for=7,
            votes_against=0,
        )
    )
    db.session.flush()
    response = api.get("/api/v1/decisions?group=socialni-sluzby", user=people.member)
    conforms(response, "DecisionList")
    [row] = response.get_json()["data"]
    assert (row["label"], row["adopted"], row["minutes_state"]) == ("10/3", True, "approved")
    mine = api.get("/api/v1/decisions", user=people.member)
    assert [d["label"] for d in mine.get_json()["data"]] == ["10/3"]
    assert is_problem(api.get("/api/v1/decisions"), 401)
