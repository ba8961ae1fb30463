"""Answering one's invitation (read-write tokens only), and every error as
application/problem+json, never an HTML page."""

from __future__ import annotations

from sqlalchemy import select

from meetings.invitations.enums import Rsvp
from meetings.invitations.models import Invitation
from meetings.scheduling.enums import MeetingStatus

from .. import factories
from ..conftest import translated
from .conftest import is_problem

ANSWER = {"answer": "tentative", "comment": "Možná přijdu později."}


def _url(meeting) -> str:
    return f"/api/v1/meetings/{meeting.id}/invitation/answer"


def test_read_write_token_answers_own_invitation(api, people, conforms):
    meeting = factories.make_meeting(
        people.group, factories.local_time("Europe/Prague", 2030, 2, 1, 10)
    )
    response = api.post(_url(meeting), user=people.member, json=ANSWER)
    assert response.status_code == 200
    conforms(response, "AnswerResult")
    assert response.get_json()["answer"] == "tentative"
    invitation = meeting.invitations[0]
    assert (invitation.user_id, invitation.rsvp, invitation.rsvp_comment) == (
        people.member.id,
        Rsvp.TENTATIVE,
        "Možná přijdu později.",
    )
    shown = api.get(f"/api/v1/meetings/{meeting.id}", user=people.member).get_json()
    assert shown["my_invitation"]["answer"] == "tentative"


def test_read_only_token_changes_nothing(api, people, conforms):
    meeting = factories.make_meeting(people.group)
    response = api.post(_url(meeting), user=people.member, scope="read", json=ANSWER)
    assert is_problem(response, 403)
    conforms(response, "Problem")
    assert (
        api.post(
            "/api/v1/meetings/999999/invitation/answer",
            user=people.member,
            scope="read",
            json=ANSWER,
        ).status_code
        == 403
    )
    from meetings.extensions import db

    assert db.session.scalars(select(Invitation)).all() == []


def test_answer_needs_a_token(api, people):
    meeting = factories.make_meeting(people.group)
    response = api.post(_url(meeting), json=ANSWER)
    assert is_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_other_groups_member_cannot_answer(api, people):
    meeting = factories.make_meeting(people.group)
    assert is_problem(api.post(_url(meeting), user=people.outsider, json=ANSWER), 404)
    assert is_problem(api.post(_url(meeting), user=people.observer, json=ANSWER), 403)


def test_bad_answer_lists_failing_fields(api, people, conforms):
    meeting = factories.make_meeting(people.group)
    response = api.post(_url(meeting), user=people.member, json={"answer": "maybe", "x": 1})
    assert is_problem(response, 422)
    conforms(response, "Problem")
    assert {e["name"] for e in response.get_json()["errors"]} == {"answer", "x"}
    assert is_problem(
        api.post(_url(meeting), user=people.member, data="{", content_type="application/json"),
        400,
    )
    assert is_problem(api.post(_url(meeting), user=people.member, data="answer=accepted"), 415)


def test_cancelled_meeting_takes_no_answer(api, people):
    meeting = factories.make_meeting(people.group, status=MeetingStatus.CANCELLED)
    response = api.post(_url(meeting), user=people.member, json=ANSWER)
    assert is_problem(response, 409)
    assert response.get_json()["detail"] == "The meeting has been cancelled."


def test_bad_parameters_are_400_with_errors(api, people, conforms):
    for url, name in (
        ("/api/v1/meetings?from=20.3.2030", "from"),
        ("/api/v1/meetings?to=2030-02-30", "to"),
        ("/api/v1/meetings?status=postponed", "status"),
        ("/api/v1/meetings?limit=0", "limit"),
        ("/api/v1/meetings?limit=abc", "limit"),
        ("/api/v1/events?cursor=forged", "cursor"),
        ("/api/v1/groups?cursor=" + "A" * 300, "cursor"),
    ):
        response = api.get(url, user=people.member)
        assert is_problem(response, 400), url
        conforms(response, "Problem")
        assert [e["name"] for e in response.get_json()["errors"]] == [name], url


def test_cursor_of_another_list_is_refused(api, people):
    public = factories.make_group("Open", slug="open", is_public=True)
    for day in (1, 2):
        factories.make_meeting(public, factories.local_time("Europe/Prague", 2030, 3, day, 10))
    following = api.get("/api/v1/events?limit=1").get_json()["links"]["next"]
    cursor = following.split("cursor=")[1]
    assert is_problem(api.get(f"/api/v1/meetings?cursor={cursor}", user=people.member), 400)


def test_unknown_addresses_and_methods_are_problems(api, people):
    assert is_problem(api.get("/api/v1/nothing-here"), 404)
    assert is_problem(api.get("/api/v1/meetings/0", user=people.member), 404)
    assert is_problem(api.get("/api/v1/meetings/99999999999999999999", user=people.member), 404)
    assert is_problem(api.post("/api/v1/groups", user=people.member, json={}), 405)
    not_here = api.get("/api/v1/meetings/1/invitation/answer")
    assert is_problem(not_here, 405)
    assert not_here.headers["Allow"] == "OPTIONS, POST"


def test_far_dates_and_an_empty_cursor_ask_for_the_whole_list(api, people):
    meeting = factories.make_meeting(people.group)
    for url in (
        "/api/v1/meetings?from=0001-01-01&to=9999-12-31",
        "/api/v1/meetings?cursor=",
    ):
        response = api.get(url, user=people.member)
        assert response.status_code == 200, url
        assert [found["id"] for found in response.get_json()["data"]] == [meeting.id], url


def test_rate_limit_answers_problem(api, people, rate_limits, app, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "2 per hour")
    assert api.get("/api/v1/events").status_code == 200
    assert api.get("/api/v1/events").status_code == 200
    response = api.get("/api/v1/events")
    assert is_problem(response, 429)
    assert int(response.headers["Retry-After"]) > 0


def test_error_titles_follow_the_language(api):
    response = api.get("/api/v1/nothing-here", headers={"Accept-Language": "cs"})
    assert is_problem(response, 404)
    assert response.get_json()["title"] == translated("cs", "Not found")


def test_odd_input_never_answers_500(api, people):
    meeting = factories.make_meeting(people.group)
    for url in (
        "/api/v1/events?from=2030-13-01",
        "/api/v1/meetings?group=",
        "/api/v1/meetings?group=" + "x" * 5000,
        "/api/v1/groups/" + "x" * 3000,
        "/api/v1/meetings?limit=99999999999999999999999",
        "/api/v1/decisions?group=%00",
    ):
        response = api.get(url, user=people.member)
        assert response.status_code in (400, 404), url
        assert response.mimetype == "application/problem+json", url
    for body in ([], "accepted", {"answer": None}, {"answer": "accepted", "comment": "x" * 5000}):
        response = api.post(_url(meeting), user=people.member, json=body)
        assert is_problem(response, 422), body
