"""The dashboard: what waits for the person, answered or approved from there, their
tasks with the overdue ones marked, this week and next, and for the admin what needs
them; every list bounded, the same number of statements however much there is."""

from __future__ import annotations

import datetime as dt

from meetings.db import utcnow
from meetings.extensions import db
from meetings.invitations.enums import Rsvp
from meetings.invitations.models import Invitation
from meetings.minutes.enums import ActionStatus, MinutesState
from meetings.minutes.models import ActionItem, Minutes, MinutesRevision
from meetings.polls.models import Poll, PollOption, PollParticipant
from meetings.scheduling.enums import MeetingStatus

from . import factories
from .conftest import count_queries
from .forms import form_values


def _soon(days: int = 3) -> dt.datetime:
    return utcnow().replace(microsecond=0, second=0) + dt.timedelta(days=days)


def _dashboard(client) -> str:
    response = client.get("/dashboard")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _invited(meeting, person, rsvp=Rsvp.NEEDS_ACTION, **fields) -> Invitation:
    invitation = Invitation(meeting=meeting, user_id=person.id, rsvp=rsvp, **fields)
    db.session.add(invitation)
    db.session.flush()
    return invitation


def test_a_member_answers_an_invitation_from_the_dashboard(people, login_as):
    meeting = factories.make_meeting(people.group, starts_at=_soon(), title="11. setkání")
    invitation = _invited(meeting, people.member)
    client = login_as(people.member)
    html = _dashboard(client)
    assert "Invitations waiting for your answer" in html
    assert "11. setkání" in html

    form = form_values(html, action=f"/meetings/{meeting.id}/answer")
    response = client.post(f"/meetings/{meeting.id}/answer", data=form | {"answer": "accepted"})
    assert response.status_code == 302
    assert response.location == "/dashboard#answers"
    db.session.refresh(invitation)
    assert invitation.rsvp == Rsvp.ACCEPTED

    html = _dashboard(client)
    assert "Nothing to answer." in html
    # The meeting is in this week and next, with the answer.
    week = html[html.index('id="week"') :]
    assert "11. setkání" in week and "Accepted" in week


def test_a_meeting_moved_since_the_answer_asks_again(people, login_as):
    meeting = factories.make_meeting(people.group, starts_at=_soon(5), title="Přesunuté jednání")
    _invited(meeting, people.member, rsvp_before_change=Rsvp.ACCEPTED, asked_again_at=utcnow())
    html = _dashboard(login_as(people.member))
    assert "Time or place changed" in html
    assert "You had answered: Accepted" in html


def test_the_chair_approves_submitted_minutes_from_the_dashboard(people, login_as):
    meeting = factories.make_meeting(
        people.group,
        starts_at=utcnow() - dt.timedelta(days=7),
        status=MeetingStatus.HELD,
        title="11. setkání",
    )
    minutes = Minutes(meeting=meeting, state=MinutesState.SUBMITTED, submitted_at=utcnow())
    db.session.add(minutes)
    db.session.flush()
    client = login_as(people.chair)
    html = _dashboard(client)
    section = html[html.index('id="approvals"') :]
    assert "Waiting for your approval" in section and "11. setkání" in section

    form = form_values(html, action=f"/meetings/{meeting.id}/minutes/approve")
    response = client.post(f"/meetings/{meeting.id}/minutes/approve", data=form)
    assert (response.status_code, response.location) == (302, "/dashboard#approvals")
    db.session.refresh(minutes)
    assert minutes.state == MinutesState.APPROVED
    assert "Nothing waits for you as chair." in _dashboard(client)


def test_a_member_sees_no_chairs_section_and_cannot_approve(people, login_as):
    html = _dashboard(login_as(people.member))
    assert "Waiting for your approval" not in html
    assert "Minutes to work on" not in html


def test_the_chair_is_asked_to_review_an_agenda(people, login_as):
    meeting = factories.make_meeting(people.group, starts_at=_soon(6), title="12. setkání")
    meeting.agenda_review_requested_at = utcnow()
    db.session.flush()
    client = login_as(people.chair)
    html = _dashboard(client)
    assert "12. setkání" in html[html.index('id="approvals"') :]
    form = form_values(html, action=f"/meetings/{meeting.id}/agenda/reviewed")
    response = client.post(f"/meetings/{meeting.id}/agenda/reviewed", data=form)
    assert response.location == "/dashboard#approvals"
    db.session.refresh(meeting)
    assert meeting.agenda_reviewed_by_id == people.chair.id
    html = _dashboard(client)
    assert "12. setkání" not in html[html.index('id="approvals"') : html.index('id="tasks"')]


def test_the_assistant_sees_returned_minutes_and_drafts_started(people, login_as):
    held = utcnow() - dt.timedelta(days=10)
    returned_meeting = factories.make_meeting(
        people.group, starts_at=held, status=MeetingStatus.HELD, title="Vrácený zápis"
    )
    draft_meeting = factories.make_meeting(
        people.group, starts_at=held, status=MeetingStatus.HELD, title="Rozepsaný zápis"
    )
    returned = Minutes(
        meeting=returned_meeting, state=MinutesState.DRAFT, return_comment="Doplňte bod 3."
    )
    draft = Minutes(meeting=draft_meeting, state=MinutesState.DRAFT)
    db.session.add_all([returned, draft])
    db.session.flush()
    db.session.add(
        MinutesRevision(minutes=draft, number=1, author_id=people.assistant.id, content={})
    )
    db.session.flush()
    html = _dashboard(login_as(people.assistant))
    section = html[html.index('id="minutes-work"') :]
    assert "Vrácený zápis" in section and "Returned for changes" in section
    assert "Doplňte bod 3." in section
    assert "Rozepsaný zápis" in section


def test_overdue_tasks_come_first_marked_and_are_done_from_the_dashboard(people, login_as):
    meeting = factories.make_meeting(
        people.group, starts_at=utcnow() - dt.timedelta(days=30), status=MeetingStatus.HELD
    )
    today = utcnow().date()
    later = ActionItem(
        group=people.group,
        meeting=meeting,
        text="Připravit rozpočet",
        owner_id=people.member.id,
        due_on=today + dt.timedelta(days=20),
    )
    overdue = ActionItem(
        group=people.group,
        meeting=meeting,
        text="Domluvit termín s krajem",
        owner_id=people.member.id,
        due_on=today - dt.timedelta(days=3),
    )
    db.session.add_all([later, overdue])
    db.session.flush()
    client = login_as(people.member)
    html = _dashboard(client)
    tasks = html[html.index('id="tasks"') :]
    assert tasks.index("Domluvit termín s krajem") < tasks.index("Připravit rozpočet")
    assert tasks.index("Overdue") < tasks.index("Domluvit termín s krajem")
    assert tasks.count("Overdue") == 1

    form = form_values(html, action=f"/tasks/{overdue.id}/status")
    response = client.post(f"/tasks/{overdue.id}/status", data=form | {"status": "done"})
    assert response.location == "/dashboard#tasks"
    db.session.refresh(overdue)
    assert overdue.status == ActionStatus.DONE
    html = _dashboard(client)
    assert "Domluvit termín s krajem" not in html[html.index('id="tasks"') :]


def test_the_admin_sees_what_needs_them(people, login_as):
    factories.make_user("pending@example.org", "Čekající Osoba", password=None)
    html = _dashboard(login_as(people.admin))
    assert "For the site administrator" in html
    assert "1 account is waiting for its owner to activate it." in html
    assert "For the site administrator" not in _dashboard(login_as(people.member))


def test_empty_lists_say_what_would_appear(people, login_as):
    html = _dashboard(login_as(people.chair))
    assert (
        "Nothing to answer. Invitations to meetings you have not answered yet appear here." in html
    )
    assert "Minutes submitted for your approval and agendas you are asked to review" in html
    assert "Tasks given to you in minutes appear here" in html


def test_lists_are_bounded_and_cost_the_same_statements_however_many(
    app, people, login_as, monkeypatch
):
    # The page as built: a kept copy costs two statements (tests/page_cache).
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 0)

    def fill(n: int, offset: int) -> None:
        for k in range(n):
            start = _soon(1) + dt.timedelta(hours=offset + k)
            meeting = factories.make_meeting(
                people.group, starts_at=start, title=f"Jednání {offset + k}"
            )
            _invited(meeting, people.chair)
            held = factories.make_meeting(
                people.group,
                starts_at=utcnow() - dt.timedelta(days=offset + k + 1),
                status=MeetingStatus.HELD,
            )
            db.session.add(
                Minutes(meeting=held, state=MinutesState.SUBMITTED, submitted_at=utcnow())
            )
            db.session.add(
                ActionItem(
                    group=people.group,
                    meeting=held,
                    text=f"Úkol {offset + k}",
                    owner_id=people.chair.id,
                )
            )
            poll = Poll(group=people.group, title=f"Termín {offset + k}", closes_at=start)
            poll.options.append(PollOption(starts_at=start, ends_at=start + dt.timedelta(hours=2)))
            poll.participants.append(PollParticipant(user_id=people.chair.id))
            db.session.add(poll)
        db.session.flush()

    def statements() -> int:
        client = login_as(people.chair)
        with count_queries(app) as counter:
            _dashboard(client)
        return len(counter.statements)

    # Nothing waits at first: an empty list costs what a full one does.
    none = statements()
    fill(2, 0)
    few = statements()
    fill(30, 100)
    html = _dashboard(login_as(people.chair))
    assert statements() == few == none
    answers = html[html.index('id="answers"') : html.index('id="approvals"')]
    assert answers.count("answer-buttons") == 5
    polls = html[html.index('id="polls"') : html.index('id="approvals"')]
    assert polls.count('href="/polls/') == 5
    assert "All your meetings" in answers
