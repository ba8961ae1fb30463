"""Invitations in the API: a person's own (what waits for their answer, what they
answered) and, for the meeting's managers, everyone invited with their answers."""

from __future__ import annotations

from meetings.extensions import db
from meetings.invitations.enums import Rsvp
from meetings.invitations.models import Invitation

from .. import factories
from .conftest import is_problem


def _meetings(people):
    first = factories.make_meeting(
        people.group, factories.local_time("Europe/Prague", 2030, 1, 15, 10), title="15. setkání"
    )
    second = factories.make_meeting(
        people.group, factories.local_time("Europe/Prague", 2030, 7, 16, 10), title="16. setkání"
    )
    other = factories.make_meeting(
        people.other_group,
        factories.local_time("Europe/Budapest", 2030, 3, 4, 10),
        title="Vas megyei ülés",
    )
    db.session.add_all(
        [
            Invitation(meeting=first, user=people.member, rsvp=Rsvp.NEEDS_ACTION),
            Invitation(
                meeting=second,
                user=people.member,
                rsvp=Rsvp.DECLINED,
                rsvp_comment="Jsem na dovolené.",
                responded_at=factories.local_time("Europe/Prague", 2030, 6, 1, 9),
            ),
            Invitation(meeting=first, user=people.chair, rsvp=Rsvp.ACCEPTED),
            Invitation(
                meeting=first, email="host@example.org", name="Host Hostová", rsvp=Rsvp.TENTATIVE
            ),
            Invitation(meeting=other, user=people.outsider, rsvp=Rsvp.NEEDS_ACTION),
        ]
    )
    db.session.flush()
    return first, second, other


def test_my_invitations_and_those_waiting_for_my_answer(api, people, conforms):
    first, second, _other = _meetings(people)

    every = api.get("/api/v1/invitations", user=people.member)
    waiting = api.get("/api/v1/invitations?answer=needs_action", user=people.member)
    summer = api.get("/api/v1/invitations?from=2030-06-01", user=people.member)

    assert every.status_code == 200
    conforms(every, "MyInvitationList")
    assert [(e["meeting"]["id"], e["answer"]) for e in every.get_json()["data"]] == [
        (first.id, "needs_action"),
        (second.id, "declined"),
    ]
    declined = every.get_json()["data"][1]
    assert declined["comment"] == "Jsem na dovolené."
    assert declined["answered_at"] == "2030-06-01T09:00:00+02:00"
    assert [e["meeting"]["title"] for e in waiting.get_json()["data"]] == ["15. setkání"]
    assert [e["meeting"]["id"] for e in summer.get_json()["data"]] == [second.id]


def test_my_invitations_page_by_cursor(api, people):
    first, second, _other = _meetings(people)
    page = api.get("/api/v1/invitations?limit=1", user=people.member).get_json()
    following = api.get(page["links"]["next"], user=people.member).get_json()

    assert [e["meeting"]["id"] for e in page["data"]] == [first.id]
    assert [e["meeting"]["id"] for e in following["data"]] == [second.id]
    assert following["links"]["next"] is None


def test_my_invitations_need_a_token_and_a_known_answer(api, people):
    wrong = api.get("/api/v1/invitations?answer=maybe", user=people.member)
    assert is_problem(wrong, 400)
    assert wrong.get_json()["errors"][0]["name"] == "answer"
    assert is_problem(api.get("/api/v1/invitations"), 401)


def test_managers_see_everyone_invited_with_answers(api, people, conforms):
    first, _second, _other = _meetings(people)
    response = api.get(f"/api/v1/meetings/{first.id}/invitations", user=people.assistant)

    assert response.status_code == 200
    conforms(response, "InviteeList")
    body = response.get_json()
    assert body["counts"] == {
        "needs_action": 1,
        "accepted": 1,
        "declined": 0,
        "tentative": 1,
        "total": 3,
    }
    answers = {row["email"]: (row["answer"], row["is_guest"]) for row in body["data"]}
    assert answers == {
        people.member.email: ("needs_action", False),
        people.chair.email: ("accepted", False),
        "host@example.org": ("tentative", True),
    }


def test_members_and_outsiders_do_not_see_the_answer_table(api, people):
    first, _second, other = _meetings(people)
    url = f"/api/v1/meetings/{first.id}/invitations"

    # A member sees the meeting but not the others' answers; an outsider not even that.
    assert is_problem(api.get(url, user=people.member), 403)
    assert is_problem(api.get(url, user=people.outsider), 404)
    # Nobody's invitation to another group's meeting is in their own list.
    mine = api.get("/api/v1/invitations", user=people.outsider).get_json()
    assert [e["meeting"]["id"] for e in mine["data"]] == [other.id]
    assert is_problem(api.get("/api/v1/meetings/99999999/invitations", user=people.chair), 404)
