"""The resources after the first part, as an integrator reads them: organisations, venues
with their rooms, a group's members, minutes (and the published PDF), action items and
date polls — what each person's token shows, filters, pages, conditional reads; every
answer valid per the OpenAPI document."""

from __future__ import annotations

import datetime as dt

from meetings.agenda.enums import ItemKind
from meetings.agenda.models import AgendaItem
from meetings.auth.models import OfficeHours
from meetings.extensions import db
from meetings.minutes.enums import ActionStatus, MinutesState
from meetings.minutes.models import ActionItem, Decision, Minutes, MinutesEntry
from meetings.polls.enums import PollAnswerValue
from meetings.polls.models import Poll, PollAnswer, PollOption, PollParticipant
from meetings.scheduling.enums import MeetingStatus
from meetings.storage import services as storage

from .. import factories
from .conftest import bearer, is_problem

PRAGUE = "Europe/Prague"


def _follow(client, url: str, headers: dict) -> list[dict]:
    """Every item of a list, page by page."""
    items: list[dict] = []
    while url:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.get_json()
        items += response.get_json()["data"]
        url = response.get_json()["links"]["next"]
    return items


# --- organisations and venues ----------------------------------------------------------------


def test_organisations_are_public_searchable_and_paged(api, client, people, conforms):
    office = factories.make_organisation(
        "Krajský úřad Libereckého kraje", short_name="KÚ LK", city="Liberec"
    )
    db.session.add(
        OfficeHours(organisation=office, weekday=0, opens=dt.time(8), closes=dt.time(17))
    )
    factories.make_organisation("ANNOLK", city="Liberec")
    gone = factories.make_organisation("Zrušený spolek", city="Praha")
    gone.archived_at = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    db.session.flush()
    response = api.get("/api/v1/organisations")
    conforms(response, "OrganisationList")
    names = [o["name"] for o in response.get_json()["data"]]
    assert "Zrušený spolek" not in names
    assert {"Krajský úřad Libereckého kraje", "ANNOLK"} <= set(names)
    found = api.get("/api/v1/organisations?q=LIBERECKÉHO").get_json()["data"]
    assert [o["short_name"] for o in found] == ["KÚ LK"]
    assert found[0]["office_hours"] == [{"weekday": 0, "opens": "08:00", "closes": "17:00"}]
    assert len(_follow(client, "/api/v1/organisations?limit=1", {})) == len(names)
    one = api.get(f"/api/v1/organisations/{office.id}")
    conforms(one, "Organisation")
    assert one.get_json()["city"] == "Liberec"
    assert is_problem(api.get(f"/api/v1/organisations/{gone.id}"), 404)
    assert is_problem(api.get("/api/v1/organisations/99999999999999999999"), 404)


def test_venues_show_rooms_only_of_meetings_one_may_see(api, people, conforms):
    venue = factories.make_venue("ANNOLK", street="U Nisy 362/6", room="zasedací místnost")
    factories.make_meeting(people.group, venue=venue, room="2. patro")
    public = factories.make_group("Open group", slug="open-group", is_public=True)
    factories.make_meeting(public, venue=venue, room="sál")
    factories.make_venue("Jinde", city="Praha")
    response = api.get("/api/v1/venues?q=annolk", user=people.member)
    conforms(response, "VenueList")
    [mine] = response.get_json()["data"]
    assert mine["rooms"] == ["zasedací místnost", "2. patro", "sál"]
    assert mine["map_url"].startswith("https://www.openstreetmap.org/search?query=")
    [theirs] = api.get("/api/v1/venues?q=annolk", user=people.outsider).get_json()["data"]
    assert theirs["rooms"] == ["zasedací místnost", "sál"]
    # Where the group meets.
    by_group = api.get("/api/v1/venues?group=socialni-sluzby", user=people.member).get_json()
    assert [v["name"] for v in by_group["data"]] == ["ANNOLK"]
    assert is_problem(api.get("/api/v1/venues?group=socialni-sluzby", user=people.outsider), 404)
    one = api.get(f"/api/v1/venues/{venue.id}")
    conforms(one, "VenueDetail")
    assert one.get_json()["rooms"] == ["zasedací místnost", "sál"]
    assert is_problem(api.get("/api/v1/venues/424242"), 404)


# --- members --------------------------------------------------------------------------------


def test_members_with_emails_only_for_those_who_manage_them(api, people, conforms):
    office = factories.make_organisation("ANNOLK")
    people.member.organisation = office
    db.session.flush()
    url = "/api/v1/groups/socialni-sluzby/members"
    as_member = api.get(url, user=people.member)
    conforms(as_member, "MemberList")
    rows = as_member.get_json()["data"]
    assert [(m["name"], m["role"]) for m in rows] == [
        ("Jana Předsedová", "chair"),
        ("Eva Asistentová", "assistant"),
        ("Petr Člen", "member"),
        ("Olga Pozorovatelka", "observer"),
    ]
    # Their own address only.
    assert [m["email"] for m in rows] == [None, None, "member@example.org", None]
    assert rows[2]["organisation"] == "ANNOLK"
    as_assistant = api.get(url, user=people.assistant).get_json()["data"]
    assert all(m["email"] for m in as_assistant)
    assert [
        m["name"] for m in api.get(f"{url}?role=chair", user=people.member).get_json()["data"]
    ] == ["Jana Předsedová"]
    page = api.get(f"{url}?limit=3", user=people.member).get_json()
    assert len(page["data"]) == 3 and page["links"]["next"]
    assert is_problem(api.get(url, user=people.outsider), 404)
    assert is_problem(api.get(url), 401)
    assert is_problem(api.get(f"{url}?role=boss", user=people.member), 400)
    factories.make_group("Open group", slug="open-group", is_public=True)
    assert is_problem(api.get("/api/v1/groups/open-group/members", user=people.member), 403)


# --- minutes --------------------------------------------------------------------------------


def _held(group, day: int, **fields):
    return factories.make_meeting(
        group, factories.local_time(PRAGUE, 2024, 3, day, 10), status=MeetingStatus.HELD, **fields
    )


def _minutes(meeting, state: MinutesState, **fields) -> Minutes:
    when = dt.datetime(2024, 4, 1, 8, tzinfo=dt.UTC)
    minutes = Minutes(meeting=meeting, state=state, **fields)
    if state != MinutesState.DRAFT:
        minutes.submitted_at = when
    if state in (MinutesState.APPROVED, MinutesState.PUBLISHED):
        minutes.approved_at = when
    if state == MinutesState.PUBLISHED:
        stored = storage.store(b"%PDF-1.7 the signed minutes", "application/pdf")
        minutes.pdf_file = stored
        minutes.pdf_sha256 = stored.sha256
        minutes.published_at = when
    db.session.add(minutes)
    db.session.flush()
    return minutes


def test_minutes_list_shows_drafts_to_managers_only(api, people, conforms):
    draft = _minutes(_held(people.group, 1), MinutesState.DRAFT)
    submitted = _minutes(_held(people.group, 8), MinutesState.SUBMITTED)
    published = _minutes(_held(people.group, 15), MinutesState.PUBLISHED)

    def editions(user, query=""):
        response = api.get(f"/api/v1/minutes{query}", user=user)
        conforms(response, "MinutesList")
        return [(m["meeting"]["id"], m["status"]) for m in response.get_json()["data"]]

    every = [
        (draft.meeting_id, "draft"),
        (submitted.meeting_id, "submitted"),
        (published.meeting_id, "published"),
    ]
    assert editions(people.assistant) == every
    assert editions(people.member) == every[1:]
    assert editions(people.outsider) == []
    assert editions(None) == []
    assert editions(people.member, "?status=published") == every[2:]
    assert editions(people.member, "?from=2024-03-10&to=2024-03-10") == []
    assert editions(people.member, "?from=2024-03-08&to=2024-03-08") == every[1:2]
    assert editions(people.member, "?group=socialni-sluzby&limit=1") == every[1:2]
    listed = api.get("/api/v1/minutes?status=published", user=people.member).get_json()["data"]
    assert (
        listed[0]["links"]["pdf"]
        == f"/api/v1/meetings/{published.meeting_id}/minutes.pdf?edition=1"
    )
    assert is_problem(api.get("/api/v1/minutes?status=secret", user=people.member), 400)


def test_meeting_minutes_with_items_decisions_and_tasks(api, people, client, token_for, conforms):
    meeting = _held(people.group, 20, number=10)
    item = AgendaItem(
        meeting=meeting, position=0, title="Sociální podnikání", kind=ItemKind.DECISION
    )
    db.session.add(item)
    db.session.flush()
    minutes = _minutes(meeting, MinutesState.SUBMITTED, opening="Zahájení v 10:00.")
    db.session.add(
        MinutesEntry(minutes=minutes, agenda_item_id=item.id, text="Diskuse o **kraji**.")
    )
    db.session.add(
        Decision(
            group=people.group,
            meeting=meeting,
            agenda_item_id=item.id,
            sequence=1,
            text="Termín dubnového jednání bude dohodnut.",
            votes_for=7,
            votes_against=1,
        )
    )
    db.session.add(
        ActionItem(
            group=people.group,
            meeting=meeting,
            agenda_item_id=item.id,
            text="Zjistit termín",
            owner=people.member,
            due_on=dt.date(2024, 4, 10),
        )
    )
    db.session.flush()
    headers = bearer(token_for(people.member))
    response = client.get(f"/api/v1/meetings/{meeting.id}/minutes", headers=headers)
    conforms(response, "MinutesDetail")
    body = response.get_json()
    assert (body["status"], body["edition"], body["is_current"]) == ("submitted", 1, True)
    assert body["opening"] == "Zahájení v 10:00."
    assert body["items"] == [
        {"number": "1.", "title": "Sociální podnikání", "text": "Diskuse o **kraji**."}
    ]
    [decision] = body["decisions"]
    assert (decision["label"], decision["item"], decision["adopted"]) == ("10/1", "1.", True)
    [task] = body["action_items"]
    assert (task["text"], task["owner"], task["due_on"]) == (
        "Zjistit termín",
        "Petr Člen",
        "2024-04-10",
    )
    assert body["links"]["pdf"] is None
    assert response.headers["Last-Modified"]
    again = client.get(
        f"/api/v1/meetings/{meeting.id}/minutes",
        headers=headers | {"If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304
    assert is_problem(api.get(f"/api/v1/meetings/{meeting.id}/minutes", user=people.outsider), 404)
    assert is_problem(
        api.get(f"/api/v1/meetings/{meeting.id}/minutes?edition=2", user=people.member), 404
    )


def test_draft_minutes_are_hidden_and_published_pdf_is_served(api, people, client, token_for):
    drafted = _minutes(_held(people.group, 2), MinutesState.DRAFT)
    assert is_problem(
        api.get(f"/api/v1/meetings/{drafted.meeting_id}/minutes", user=people.member), 404
    )
    assert (
        api.get(f"/api/v1/meetings/{drafted.meeting_id}/minutes", user=people.assistant).status_code
        == 200
    )
    assert is_problem(
        api.get(f"/api/v1/meetings/{drafted.meeting_id}/minutes.pdf", user=people.assistant), 404
    )

    published = _minutes(_held(people.group, 3), MinutesState.PUBLISHED)
    pdf = client.get(
        f"/api/v1/meetings/{published.meeting_id}/minutes.pdf",
        headers=bearer(token_for(people.observer)),
    )
    assert (pdf.status_code, pdf.mimetype) == (200, "application/pdf")
    assert pdf.data == b"%PDF-1.7 the signed minutes"
    assert is_problem(api.get(f"/api/v1/meetings/{published.meeting_id}/minutes.pdf"), 401)
    assert is_problem(
        api.get(f"/api/v1/meetings/{published.meeting_id}/minutes.pdf", user=people.outsider), 404
    )
    # A public group's published minutes are everyone's.
    public = factories.make_group("Open group", slug="open-group", is_public=True)
    open_minutes = _minutes(_held(public, 4), MinutesState.PUBLISHED)
    assert api.get(f"/api/v1/meetings/{open_minutes.meeting_id}/minutes.pdf").status_code == 200
    assert [m["meeting"]["id"] for m in api.get("/api/v1/minutes").get_json()["data"]] == [
        open_minutes.meeting_id
    ]


# --- action items ---------------------------------------------------------------------------


def test_action_items_filters_and_pages(api, people, client, token_for, conforms):
    meeting = _held(people.group, 5)

    def task(text, owner=None, due=None, status=ActionStatus.OPEN):
        item = ActionItem(
            group=people.group,
            meeting=meeting,
            text=text,
            owner=owner,
            due_on=due,
            status=status,
            closed_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
            if status != ActionStatus.OPEN
            else None,
        )
        db.session.add(item)
        db.session.flush()
        return item

    late = task("Late", people.member, dt.date(2020, 1, 1))
    task("Soon", people.chair, dt.date(2099, 1, 1))
    task("Undated", people.member)
    task("Done", people.member, dt.date(2020, 2, 1), ActionStatus.DONE)
    other = factories.make_group("Jiná", slug="jina")
    db.session.add(ActionItem(group=other, text="Elsewhere"))
    db.session.flush()

    def texts(query, user=people.member):
        response = api.get(f"/api/v1/action-items{query}", user=user)
        conforms(response, "ActionItemList")
        return [t["text"] for t in response.get_json()["data"]]

    assert texts("") == ["Late", "Done", "Soon", "Undated"]
    assert texts("?owner=me") == ["Late", "Done", "Undated"]
    assert texts("?status=open") == ["Late", "Soon", "Undated"]
    assert texts("?overdue=true") == ["Late"]
    assert texts("?overdue=false&status=open") == ["Soon", "Undated"]
    assert texts("?group=socialni-sluzby&status=done") == ["Done"]
    assert texts("", people.outsider) == []
    headers = bearer(token_for(people.member))
    paged = [t["text"] for t in _follow(client, "/api/v1/action-items?limit=1", headers)]
    assert paged == ["Late", "Done", "Soon", "Undated"]
    [mine] = api.get("/api/v1/action-items?overdue=true", user=people.member).get_json()["data"]
    assert (mine["id"], mine["overdue"], mine["is_mine"]) == (late.id, True, True)
    assert mine["links"]["done"] == f"/api/v1/action-items/{late.id}/done"
    observed = api.get("/api/v1/action-items?overdue=true", user=people.observer).get_json()
    assert observed["data"][0]["links"]["done"] is None
    assert is_problem(api.get("/api/v1/action-items"), 401)
    assert is_problem(api.get("/api/v1/action-items?owner=you", user=people.member), 400)


# --- polls ----------------------------------------------------------------------------------


def test_polls_with_ranked_slots_and_counts(api, people, conforms):
    poll = Poll(
        group=people.group,
        title="Termín dubnového jednání",
        closes_at=dt.datetime(2030, 3, 1, tzinfo=dt.UTC),
    )
    first = PollOption(
        starts_at=dt.datetime(2030, 4, 1, 8, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 4, 1, 10, tzinfo=dt.UTC),
    )
    second = PollOption(
        starts_at=dt.datetime(2030, 4, 2, 8, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 4, 2, 10, tzinfo=dt.UTC),
    )
    poll.options = [first, second]
    mine = PollParticipant(user=people.member, answered_at=dt.datetime(2030, 2, 1, tzinfo=dt.UTC))
    theirs = PollParticipant(user=people.chair, answered_at=dt.datetime(2030, 2, 1, tzinfo=dt.UTC))
    poll.participants = [mine, theirs, PollParticipant(email="host@example.org")]
    db.session.add(poll)
    db.session.flush()
    db.session.add_all(
        [
            PollAnswer(option=first, participant=mine, value=PollAnswerValue.NO),
            PollAnswer(option=second, participant=mine, value=PollAnswerValue.YES),
            PollAnswer(option=second, participant=theirs, value=PollAnswerValue.IF_NEED_BE),
        ]
    )
    db.session.flush()
    listed = api.get("/api/v1/polls?status=open", user=people.member)
    conforms(listed, "PollList")
    assert [p["id"] for p in listed.get_json()["data"]] == [poll.id]
    response = api.get(f"/api/v1/polls/{poll.id}", user=people.member)
    conforms(response, "PollDetail")
    body = response.get_json()
    assert (body["asked"], body["answered"], body["timezone"]) == (3, 2, PRAGUE)
    assert [
        (s["starts_at"], s["yes"], s["if_need_be"], s["no"], s["rank"], s["best"], s["my_answer"])
        for s in body["slots"]
    ] == [
        ("2030-04-01T10:00:00+02:00", 0, 0, 1, 2, False, "no"),
        ("2030-04-02T10:00:00+02:00", 1, 1, 0, 1, True, "yes"),
    ]
    assert api.get("/api/v1/polls?status=closed", user=people.member).get_json()["data"] == []
    assert api.get("/api/v1/polls", user=people.outsider).get_json()["data"] == []
    assert is_problem(api.get(f"/api/v1/polls/{poll.id}", user=people.outsider), 404)
    assert is_problem(api.get(f"/api/v1/polls/{poll.id}"), 401)
    assert is_problem(api.get("/api/v1/polls/99999999999999999999", user=people.member), 404)


def test_new_lists_never_answer_500_for_odd_parameters(api, people):
    for url in (
        "/api/v1/organisations?q=" + "x" * 5000,
        "/api/v1/organisations?cursor=forged",
        "/api/v1/venues?group=%00",
        "/api/v1/minutes?from=2031-02-30",
        "/api/v1/minutes?limit=0",
        "/api/v1/action-items?overdue=maybe",
        "/api/v1/action-items?cursor=" + "A" * 300,
        "/api/v1/polls?status=%00",
        "/api/v1/groups/socialni-sluzby/members?limit=99999999999999999999",
        "/api/v1/meetings/1/minutes?edition=99999999999999999999",
    ):
        response = api.get(url, user=people.member)
        assert response.status_code in (400, 404), url
        assert response.mimetype == "application/problem+json", url
