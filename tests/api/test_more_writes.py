"""Changes through the API, for read-write tokens: a meeting created with its agenda, a
meeting changed with If-Match, the minutes' workflow, a task done; a read-only token
changes nothing; errors in the person's language; no input answers 500."""

from __future__ import annotations

from sqlalchemy import func, select

from meetings.agenda.models import AgendaItem
from meetings.extensions import db
from meetings.minutes.enums import ActionStatus, MinutesState
from meetings.minutes.models import ActionItem, Minutes
from meetings.scheduling.enums import MeetingStatus
from meetings.scheduling.models import Meeting

from .. import factories
from ..conftest import translated
from .conftest import bearer, is_problem

NEW_MEETING = {
    "group": "socialni-sluzby",
    "title": "Jednání o sociálním podnikání",
    "starts_at": "2031-03-19T10:00:00",
    "ends_at": "2031-03-19T12:00:00",
    "room": "zasedací místnost 2. patro",
    "agenda": [
        {"title": "Zahájení", "duration_minutes": 10},
        {
            "title": "Sociální podnikání v kraji",
            "kind": "discussion",
            "duration_minutes": 60,
            "items": [{"title": "Zkušenosti ANNOLK"}, {"title": "Další postup"}],
        },
    ],
}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _send(client, method, url, secret, *, json=None, headers=None, **kwargs):
    return client.open(
        url, method=method, json=json, headers=bearer(secret) | (headers or {}), **kwargs
    )


# --- creating a meeting --------------------------------------------------------------------


def test_assistant_creates_a_meeting_with_its_agenda(client, people, token_for, conforms):
    secret = token_for(people.assistant, "write")
    response = _send(client, "POST", "/api/v1/meetings", secret, json=NEW_MEETING)
    assert response.status_code == 201, response.get_json()
    conforms(response, "MeetingDetail")
    body = response.get_json()
    assert response.headers["Location"] == f"/api/v1/meetings/{body['id']}"
    assert (body["status"], body["number"], body["title"]) == (
        "draft",
        None,
        "Jednání o sociálním podnikání",
    )
    assert (body["starts_at"], body["ends_at"]) == (
        "2031-03-19T10:00:00+01:00",
        "2031-03-19T12:00:00+01:00",
    )
    assert body["venue"] is None
    # The managers see the draft agenda, numbered and timed.
    assert [(i["number"], i["title"], i["starts_at"]) for i in body["agenda"]] == [
        ("1.", "Zahájení", "2031-03-19T10:00:00+01:00"),
        ("2.", "Sociální podnikání v kraji", "2031-03-19T10:10:00+01:00"),
    ]
    assert [c["number"] for c in body["agenda"][1]["children"]] == ["2a", "2b"]
    meeting = db.session.get(Meeting, body["id"])
    assert (meeting.room, meeting.created_by_id) == (
        "zasedací místnost 2. patro",
        people.assistant.id,
    )
    # An offset is converted to the group's wall-clock time.
    moved = _send(
        client,
        "POST",
        "/api/v1/meetings",
        secret,
        json=NEW_MEETING
        | {"starts_at": "2031-03-19T09:00:00Z", "ends_at": "2031-03-19T11:00:00Z", "agenda": []},
    )
    assert moved.get_json()["starts_at"] == "2031-03-19T10:00:00+01:00"


def test_meeting_is_checked_as_the_form_checks_it(client, people, token_for, conforms):
    secret = token_for(people.assistant, "write")
    before = _count(Meeting)
    response = _send(
        client,
        "POST",
        "/api/v1/meetings",
        secret,
        json=NEW_MEETING
        | {
            "ends_at": "2031-03-19T09:00:00",
            "online_url": "not a link",
            "other_groups": ["no-such-group"],
            "kind": "joint",
        },
    )
    assert is_problem(response, 422)
    conforms(response, "Problem")
    failing = {e["name"]: e["detail"] for e in response.get_json()["errors"]}
    assert failing["ends_at"] == "The meeting must end after it starts."
    assert set(failing) == {"ends_at", "online_url", "other_groups"}
    # A group the person does not run, and one they may not even see, read alike.
    other = _send(
        client,
        "POST",
        "/api/v1/meetings",
        secret,
        json=NEW_MEETING | {"group": "szocialis-gondoskodas"},
    )
    assert {e["name"] for e in other.get_json()["errors"]} == {"group"}
    # A time skipped by the clocks going forward.
    skipped = _send(
        client,
        "POST",
        "/api/v1/meetings",
        secret,
        json=NEW_MEETING | {"starts_at": "2031-03-30T02:30:00", "ends_at": "2031-03-30T04:00:00"},
    )
    assert [e["name"] for e in skipped.get_json()["errors"]] == ["starts_at"]
    blank = _send(
        client, "POST", "/api/v1/meetings", secret, json=NEW_MEETING | {"agenda": [{"title": "  "}]}
    )
    assert [e["name"] for e in blank.get_json()["errors"]] == ["agenda.0.title"]
    assert _count(Meeting) == before


def test_only_a_groups_managers_create_its_meetings(client, people, token_for):
    assert is_problem(
        _send(
            client, "POST", "/api/v1/meetings", token_for(people.member, "write"), json=NEW_MEETING
        ),
        403,
    )
    assert is_problem(client.post("/api/v1/meetings", json=NEW_MEETING), 401)


# --- translated errors ---------------------------------------------------------------------


def test_422_speaks_czech_and_hungarian(client, people, token_for):
    secret = token_for(people.assistant, "write")
    bad = {"group": 5, "starts_at": "zítra", "agenda": [{"title": "x" * 600}], "colour": "red"}
    for language in ("cs", "hu"):
        response = _send(
            client,
            "POST",
            "/api/v1/meetings",
            secret,
            json=bad,
            headers={"Accept-Language": language},
        )
        assert is_problem(response, 422)
        body = response.get_json()
        failing = {e["name"]: e["detail"] for e in body["errors"]}
        expected = {
            "group": translated(language, "Enter text."),
            "starts_at": translated(
                language, "Enter a date and time, for example 2030-03-20T10:00:00."
            ),
            "ends_at": translated(language, "This field is required."),
            "agenda.0.title": translated(language, "At most %(num)d characters.") % {"num": 500},
            "colour": translated(language, "This field is not known here."),
        }
        assert failing == expected
        assert failing["group"] != "Enter text."  # really in the language, not English
        assert body["detail"] == translated(
            language, "The meeting is not valid: see the failing fields."
        )
        assert body["title"] == translated(language, "Unprocessable request")
    # The form's own checks, in the token owner's language (their account's choice).
    people.assistant.locale = "hu"
    db.session.commit()
    response = _send(
        client,
        "POST",
        "/api/v1/meetings",
        secret,
        json=NEW_MEETING | {"ends_at": "2031-03-19T09:00:00"},
    )
    [error] = response.get_json()["errors"]
    assert error["detail"] == translated("hu", "The meeting must end after it starts.")
    assert error["detail"] != "The meeting must end after it starts."


# --- changing a meeting with If-Match ---------------------------------------------------------


def test_patch_needs_the_etag_of_the_last_read(client, people, token_for, conforms):
    meeting = factories.make_meeting(
        people.group, factories.local_time("Europe/Prague", 2030, 6, 3, 10)
    )
    secret = token_for(people.assistant, "write")
    url = f"/api/v1/meetings/{meeting.id}"
    read = _send(client, "GET", url, secret)
    etag = read.headers["ETag"]
    missing = _send(client, "PATCH", url, secret, json={"title": "Nový název"})
    assert is_problem(missing, 428)
    conforms(missing, "Problem")
    star = _send(
        client, "PATCH", url, secret, json={"title": "Nový název"}, headers={"If-Match": "*"}
    )
    assert is_problem(star, 428)
    empty = _send(
        client, "PATCH", url, secret, json={"title": "Nový název"}, headers={"If-Match": " "}
    )
    assert is_problem(empty, 428)
    # An ETag without its quotes (copied by hand) is no ETag: said so, not "changed".
    unquoted = _send(
        client,
        "PATCH",
        url,
        secret,
        json={"title": "Nový název"},
        headers={"If-Match": etag.strip('"')},
    )
    assert is_problem(unquoted, 400)
    assert unquoted.get_json()["errors"][0]["name"] == "If-Match"
    assert db.session.get(Meeting, meeting.id).title == meeting.title
    changed = _send(
        client,
        "PATCH",
        url,
        secret,
        json={"title": "Nový název", "starts_at": "2030-06-03T13:00:00"},
        headers={"If-Match": etag},
    )
    assert changed.status_code == 200, changed.get_json()
    conforms(changed, "MeetingDetail")
    body = changed.get_json()
    # Moved, it keeps its two hours.
    assert (body["title"], body["starts_at"], body["ends_at"]) == (
        "Nový název",
        "2030-06-03T13:00:00+02:00",
        "2030-06-03T15:00:00+02:00",
    )
    # Someone else's change made meanwhile is not overwritten: the old ETag is stale.
    stale = _send(client, "PATCH", url, secret, json={"title": "Jiný"}, headers={"If-Match": etag})
    assert is_problem(stale, 412)
    assert db.session.get(Meeting, meeting.id).title == "Nový název"
    # The answer's ETag is the one the next change sends.
    again = _send(
        client,
        "PATCH",
        url,
        secret,
        json={"room": "sál"},
        headers={"If-Match": changed.headers["ETag"]},
    )
    assert again.status_code == 200
    assert _send(client, "GET", url, secret).headers["ETag"] == again.headers["ETag"]


def test_patch_refusals(client, people, token_for):
    meeting = factories.make_meeting(people.group)
    held = factories.make_meeting(people.group, status=MeetingStatus.HELD)
    secret = token_for(people.assistant, "write")

    def patch(target, body, user_secret=secret):
        url = f"/api/v1/meetings/{target.id}"
        etag = _send(client, "GET", url, user_secret).headers.get("ETag", '"none"')
        return _send(client, "PATCH", url, user_secret, json=body, headers={"If-Match": etag})

    assert is_problem(patch(held, {"title": "x"}), 409)
    assert is_problem(patch(meeting, {"title": "x"}, token_for(people.member, "write")), 403)
    assert is_problem(patch(meeting, {"title": "x"}, token_for(people.outsider, "write")), 404)
    bad = patch(meeting, {"venue_id": 424242, "alarm_minutes": 7})
    assert is_problem(bad, 422)
    assert {e["name"] for e in bad.get_json()["errors"]} == {"venue_id", "alarm_minutes"}


# --- the minutes' workflow ---------------------------------------------------------------


def _draft_minutes(people) -> Minutes:
    meeting = factories.make_meeting(
        people.group,
        factories.local_time("Europe/Prague", 2024, 3, 20, 10),
        status=MeetingStatus.HELD,
    )
    minutes = Minutes(meeting=meeting, state=MinutesState.DRAFT, opening="Zahájení.")
    db.session.add(minutes)
    db.session.commit()
    return minutes


def _step(client, minutes, step, secret, **kwargs):
    url = f"/api/v1/meetings/{minutes.meeting_id}/minutes"
    etag = _send(client, "GET", url, secret).headers.get("ETag", '"none"')
    return _send(client, "POST", f"{url}/{step}", secret, headers={"If-Match": etag}, **kwargs)


def test_minutes_go_through_the_workflow(client, people, token_for, conforms):
    minutes = _draft_minutes(people)
    assistant = token_for(people.assistant, "write")
    chair = token_for(people.chair, "write")
    url = f"/api/v1/meetings/{minutes.meeting_id}/minutes"
    assert is_problem(_send(client, "POST", f"{url}/submit", assistant), 428)
    submitted = _step(client, minutes, "submit", assistant)
    assert submitted.status_code == 200, submitted.get_json()
    conforms(submitted, "MinutesDetail")
    assert submitted.get_json()["status"] == "submitted"
    # Not the assistant's to approve; not twice submitted.
    assert is_problem(_step(client, minutes, "approve", assistant), 403)
    assert is_problem(_step(client, minutes, "submit", assistant), 409)
    assert is_problem(_step(client, minutes, "return", chair, json={}), 422)
    returned = _step(client, minutes, "return", chair, json={"comment": "Doplňte bod 2."})
    assert returned.get_json()["status"] == "draft"
    assert minutes.return_comment == "Doplňte bod 2."
    _step(client, minutes, "submit", assistant)
    approved = _step(client, minutes, "approve", chair)
    assert (approved.status_code, approved.get_json()["approved_by"]) == (200, "Jana Předsedová")
    published = _step(client, minutes, "publish", assistant)
    assert published.status_code == 202
    conforms(published, "MinutesDetail")
    assert published.get_json()["publish_requested_at"]
    db.session.refresh(minutes)
    assert minutes.state == MinutesState.APPROVED  # the job publishes it


def test_stale_etag_and_other_people_are_refused(client, people, token_for):
    minutes = _draft_minutes(people)
    assistant = token_for(people.assistant, "write")
    url = f"/api/v1/meetings/{minutes.meeting_id}/minutes"
    etag = _send(client, "GET", url, assistant).headers["ETag"]
    minutes.opening = "Zahájení v 10:05."
    db.session.commit()
    assert is_problem(
        _send(client, "POST", f"{url}/submit", assistant, headers={"If-Match": etag}), 412
    )
    # Draft minutes do not exist for members; another group's member sees no meeting.
    assert is_problem(_step(client, minutes, "submit", token_for(people.member, "write")), 404)
    assert is_problem(_step(client, minutes, "submit", token_for(people.outsider, "write")), 404)
    assert minutes.state == MinutesState.DRAFT


# --- tasks -----------------------------------------------------------------------------------


def test_owner_marks_a_task_done(client, people, token_for, conforms):
    task = ActionItem(group=people.group, text="Zjistit termín", owner=people.member)
    db.session.add(task)
    db.session.commit()
    url = f"/api/v1/action-items/{task.id}/done"
    assert is_problem(_send(client, "POST", url, token_for(people.observer, "write")), 403)
    assert is_problem(_send(client, "POST", url, token_for(people.outsider, "write")), 404)
    response = _send(client, "POST", url, token_for(people.member, "write"))
    assert response.status_code == 200
    conforms(response, "ActionItem")
    assert response.get_json()["status"] == "done"
    assert (task.status, task.closed_at is not None) == (ActionStatus.DONE, True)
    assert is_problem(
        _send(
            client, "POST", "/api/v1/action-items/424242/done", token_for(people.member, "write")
        ),
        404,
    )


# --- read-only tokens and odd input -------------------------------------------------------


def test_read_only_token_changes_nothing_anywhere(app, client, people, token_for):
    minutes = _draft_minutes(people)
    meeting = factories.make_meeting(people.group)
    task = ActionItem(group=people.group, text="Úkol", owner=people.member)
    db.session.add(task)
    db.session.commit()
    writes = [
        ("POST", "/api/v1/meetings", NEW_MEETING),
        ("PATCH", f"/api/v1/meetings/{meeting.id}", {"title": "x"}),
        ("POST", f"/api/v1/meetings/{meeting.id}/invitation/answer", {"answer": "accepted"}),
        ("POST", f"/api/v1/action-items/{task.id}/done", {}),
        ("POST", "/api/v1/action-items/424242/done", {}),
    ] + [
        ("POST", f"/api/v1/meetings/{minutes.meeting_id}/minutes/{step}", {"comment": "x"})
        for step in ("submit", "approve", "return", "publish")
    ]
    # Every write the API has is in the list.
    served = {
        (method, rule.endpoint)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        for method in rule.methods & {"POST", "PATCH", "PUT", "DELETE"}
    }
    assert len(served) == 8
    counts = (_count(Meeting), _count(AgendaItem))
    for person in (people.admin, people.assistant, people.chair, people.member):
        secret = token_for(person, "read")
        for method, url, body in writes:
            etag = _send(client, "GET", url.rsplit("/", 1)[0], secret).headers.get("ETag", "")
            response = _send(client, method, url, secret, json=body, headers={"If-Match": etag})
            assert is_problem(response, 403), (person, url)
    db.session.expire_all()
    assert (_count(Meeting), _count(AgendaItem)) == counts
    assert db.session.get(Meeting, meeting.id).title != "x"
    assert db.session.get(Minutes, minutes.id).state == MinutesState.DRAFT
    assert db.session.get(ActionItem, task.id).status == ActionStatus.OPEN


def test_garbage_never_answers_500(client, people, token_for):
    secret = token_for(people.assistant, "write")
    meeting = factories.make_meeting(people.group)
    db.session.commit()
    huge = 10**30
    bodies = [
        [],
        "meeting",
        None,
        {"group": None},
        {"group": "socialni-sluzby", "starts_at": huge, "ends_at": huge},
        NEW_MEETING | {"venue_id": huge},
        NEW_MEETING | {"held_number": huge},
        NEW_MEETING | {"starts_at": "9999-12-31T23:59:59+14:00", "ends_at": "9999-12-31T23:59:59"},
        NEW_MEETING | {"starts_at": "0001-01-01T00:00:00-12:00"},
        NEW_MEETING | {"agenda": [{"title": "x", "duration_minutes": huge}]},
        NEW_MEETING | {"agenda": [{"title": "x", "items": [{"title": "y", "items": []}]}]},
        NEW_MEETING | {"agenda": "none"},
        NEW_MEETING | {"answer_by": "2031-02-30"},
        NEW_MEETING | {"alarm_minutes": -5, "is_public": "maybe"},
    ]
    for body in bodies:
        response = _send(client, "POST", "/api/v1/meetings", secret, json=body)
        assert response.status_code in (400, 415, 422), (body, response.status_code)
        assert response.mimetype == "application/problem+json"
    raw = [
        ("{", "application/json"),
        ("[1,", "application/json"),
        ("x", "text/plain"),
        ("1" * 5000, "application/json"),
    ]
    for data, content_type in raw:
        response = client.post(
            "/api/v1/meetings", data=data, content_type=content_type, headers=bearer(secret)
        )
        assert response.status_code in (400, 415, 422), data[:10]
    url = f"/api/v1/meetings/{meeting.id}"
    etag = _send(client, "GET", url, secret).headers["ETag"]
    for body in (
        {"starts_at": "2030-01-15T10:00:00", "ends_at": None},
        {"other_groups": [None]},
        {"kind": 3},
    ):
        response = _send(client, "PATCH", url, secret, json=body, headers={"If-Match": etag})
        assert response.status_code in (400, 422), body
    for method, url in (
        ("PATCH", "/api/v1/meetings/99999999999999999999"),
        ("POST", "/api/v1/meetings/424242/minutes/submit"),
        ("POST", "/api/v1/action-items/99999999999999999999/done"),
        ("POST", "/api/v1/action-items/0/done"),
    ):
        response = _send(client, method, url, secret, json={})
        assert is_problem(response, response.status_code), url
        assert response.status_code in (404, 405), url
    # NUL characters are left out, as from the pages' forms.
    nul = _send(
        client, "POST", "/api/v1/meetings", secret, json=NEW_MEETING | {"title": "Jed\x00nání"}
    )
    assert nul.get_json()["title"] == "Jednání"
