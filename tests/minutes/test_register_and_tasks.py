"""The decisions register, "My tasks" with overdue tasks marked, owners closing tasks, and
the reminder e-mail before the due date."""

from __future__ import annotations

import datetime as dt

import time_machine

from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.minutes import services
from meetings.minutes.enums import ActionStatus, MinutesState
from meetings.minutes.models import ActionItem, Decision, Minutes
from meetings.reminders.choices import set_choice
from meetings.reminders.jobs import send_reminders
from meetings.scheduling.enums import MeetingStatus

from .. import factories
from ..conftest import count_queries
from .conftest import page


def _decide(meeting, sequence: int, text: str) -> Decision:
    decision = Decision(group=meeting.group, meeting=meeting, sequence=sequence, text=text)
    db.session.add(decision)
    db.session.flush()
    return decision


def _approved_minutes(meeting) -> Minutes:
    minutes = Minutes(
        meeting=meeting, state=MinutesState.APPROVED, approved_at=dt.datetime.now(dt.UTC)
    )
    db.session.add(minutes)
    db.session.flush()
    return minutes


def test_register_search_finds_decisions_by_text(liberec, login_as):
    _approved_minutes(liberec.meeting)
    _decide(liberec.meeting, 1, "Pracovní skupina schvaluje témata kulatého stolu.")
    _decide(liberec.meeting, 2, "Prostory zajistí Krajský úřad.")
    client = login_as(liberec.people.member)
    response = client.get(f"/decisions?group={liberec.group.slug}&q=KULATÉHO")
    html = page(response)
    assert response.status_code == 200
    assert "10/1" in html
    assert "Pracovní skupina schvaluje témata kulatého stolu." in html
    assert "Prostory zajistí Krajský úřad." not in html


def test_register_without_a_group_searches_all_of_the_persons_groups(liberec, login_as):
    people = liberec.people
    _approved_minutes(liberec.meeting)
    _decide(liberec.meeting, 1, "Pracovní skupina schvaluje témata kulatého stolu.")
    employment = factories.make_group("Zaměstnanost", slug="zamestnanost")
    factories.add_member(people.member, employment, Role.MEMBER)
    theirs = factories.make_meeting(employment, number=3, status=MeetingStatus.HELD)
    _approved_minutes(theirs)
    _decide(theirs, 1, "Skupina doporučuje témata kulatého stolu kraji.")
    # A group the member is not in: its public decisions stay in its own register.
    other = factories.make_meeting(people.other_group, number=1, status=MeetingStatus.HELD)
    _approved_minutes(other)
    _decide(other, 1, "Munkacsoport: kulatého stolu nem.")
    client = login_as(people.member)

    everything = page(client.get("/decisions"))
    found = page(client.get("/decisions?q=kulatého"))

    for html in (everything, found):
        assert "Pracovní skupina schvaluje témata kulatého stolu." in html
        assert "Skupina doporučuje témata kulatého stolu kraji." in html
        assert "Munkacsoport" not in html
        assert ">Zaměstnanost</a></td>" in html  # the group of each decision
    assert "2 decisions found." in found
    assert "Skupina doporučuje" not in page(client.get("/decisions?q=schvaluje"))


def test_register_hides_decisions_of_draft_minutes_from_members(liberec, login_as):
    Minutes(meeting=liberec.meeting, state=MinutesState.DRAFT)
    db.session.add(Minutes(meeting=liberec.meeting, state=MinutesState.DRAFT))
    _decide(liberec.meeting, 1, "Rozpracované usnesení.")
    url = f"/decisions?group={liberec.group.slug}"
    assert "Rozpracované usnesení." not in page(login_as(liberec.people.member).get(url))
    assert "Rozpracované usnesení." in page(login_as(liberec.people.assistant).get(url))


def test_register_queries_do_not_grow_with_decisions(app, liberec, login_as):
    client = login_as(liberec.people.member)
    _approved_minutes(liberec.meeting)
    _decide(liberec.meeting, 1, "První usnesení.")
    url = f"/decisions?group={liberec.group.slug}"
    client.get(url)
    with count_queries(app) as few:
        client.get(url)
    for number in range(11, 16):
        meeting = factories.make_meeting(
            liberec.group,
            starts_at=factories.local_time("Europe/Prague", 2018, 4, number, 10),
            number=number,
        )
        _approved_minutes(meeting)
        for sequence in (1, 2, 3):
            _decide(meeting, sequence, f"Usnesení {number}/{sequence}.")
    with count_queries(app) as many:
        response = client.get(url)
    assert "15/3" in page(response)
    assert many.count == few.count


def _task(liberec, owner, due_on, **fields) -> ActionItem:
    action = ActionItem(
        group=liberec.group,
        meeting=liberec.meeting,
        text=fields.pop("text", "Bude dohodnut termín dubnového jednání"),
        owner=owner,
        due_on=due_on,
        **fields,
    )
    db.session.add(action)
    db.session.flush()
    return action


def test_my_tasks_marks_overdue_items(liberec, login_as):
    today = services.group_today(liberec.group)
    late = _task(liberec, liberec.people.member, today - dt.timedelta(days=1), text="Pozdě")
    soon = _task(liberec, liberec.people.member, today + dt.timedelta(days=2), text="Brzy")
    html = page(login_as(liberec.people.member).get("/tasks"))
    assert f'<tr id="task-{late.id}" class="overdue">' in html
    assert f'<tr id="task-{soon.id}">' in html
    assert html.count("Overdue</span>") == 1


def test_overdue_is_judged_in_the_group_zone(liberec):
    action = _task(liberec, liberec.people.member, dt.date(2024, 3, 10))
    # 23:30 UTC on 10 March is already 11 March in Prague.
    assert services.is_overdue(action, dt.datetime(2024, 3, 10, 23, 30, tzinfo=dt.UTC)) is True
    assert services.is_overdue(action, dt.datetime(2024, 3, 10, 22, 30, tzinfo=dt.UTC)) is False


def test_owner_marks_task_done(liberec, login_as):
    action = _task(liberec, liberec.people.member, None)
    client = login_as(liberec.people.member)
    response = client.post(f"/tasks/{action.id}/status", data={"status": "done"})
    assert response.status_code == 302
    db.session.refresh(action)
    assert (action.status, action.closed_at is not None) == (ActionStatus.DONE, True)
    assert "You have no open tasks." in page(client.get("/tasks"))


def test_unknown_task_status_is_refused_without_change(liberec, login_as):
    action = _task(liberec, liberec.people.member, None)
    response = login_as(liberec.people.member).post(
        f"/tasks/{action.id}/status", data={"status": "finished"}
    )
    assert response.status_code == 302
    db.session.refresh(action)
    assert action.status == ActionStatus.OPEN


# Task reminders are planned messages of the reminders (``reminders.task_kinds``); their
# own tests are in tests/reminders/test_task_reminders.py.
MORNING = factories.local_time("Europe/Prague", 2030, 4, 8, 9)


def _remind(moment=MORNING) -> int:
    with time_machine.travel(moment, tick=False):
        return send_reminders()


def _delivered(smtp_server, count: int) -> list:
    """Deliver the outbox (queued at the travelled clock, in 2030) to the SMTP server."""
    from meetings.db import writer_transactions
    from meetings.mail.services import deliver_due

    with writer_transactions():
        deliver_due(now=dt.datetime(2031, 1, 1, tzinfo=dt.UTC))
    return smtp_server.wait_for(count)


def test_reminder_mailed_once_before_the_due_date(liberec, smtp_server):
    today = services.group_today(liberec.group, MORNING)
    liberec.people.member.locale = "cs"
    _task(liberec, liberec.people.member, today + dt.timedelta(days=3))
    _task(liberec, liberec.people.member, today + dt.timedelta(days=10), text="Později")
    assert _remind() == 1
    [message] = _delivered(smtp_server, 1)
    assert message["To"].addresses[0].addr_spec == "member@example.org"
    assert "Bude dohodnut termín dubnového jednání" in message.get_body(("plain",)).get_content()
    # The next sweep sends nothing more.
    assert _remind(MORNING + dt.timedelta(minutes=5)) == 0


def test_reminder_not_sent_to_owner_who_opted_out(liberec):
    set_choice(liberec.people.member.email, "task", False)
    _task(liberec, liberec.people.member, services.group_today(liberec.group, MORNING))
    assert _remind() == 0


def test_reminder_is_registered_with_the_worker():
    from meetings.mail.jobs import _periodic
    from meetings.reminders.planning import PLANNERS

    assert send_reminders in _periodic
    assert "task" in PLANNERS


def test_register_shows_no_votes_against_as_0_not_as_a_dash(liberec, login_as):
    _approved_minutes(liberec.meeting)
    decision = _decide(liberec.meeting, 1, "Pracovní skupina schvaluje témata kulatého stolu.")
    decision.votes_for, decision.votes_against, decision.votes_abstaining = 5, 0, None
    db.session.flush()

    shown = page(login_as(liberec.people.member).get(f"/decisions?group={liberec.group.slug}"))

    assert "<td>5 / 0 / –</td>" in shown


def _meeting_cell(html: str, action: ActionItem) -> str:
    row = html[html.index(f'id="task-{action.id}"') :]
    return row[: row.index("</tr>")]


def test_task_of_draft_minutes_links_the_member_to_the_meeting_page(liberec, login_as):
    services.minutes_for(liberec.meeting)  # draft: only the chair and assistant read it
    action = _task(liberec, liberec.people.member, None)
    client = login_as(liberec.people.member)
    row = _meeting_cell(page(client.get("/tasks")), action)
    assert f'<a href="/meetings/{liberec.meeting.id}">' in row
    assert "/minutes" not in row
    # The link leads somewhere the member may go.
    assert client.get(f"/meetings/{liberec.meeting.id}").status_code == 200


def test_task_of_draft_minutes_links_the_assistant_to_the_minutes(liberec, login_as):
    services.minutes_for(liberec.meeting)
    action = _task(liberec, liberec.people.assistant, None)
    row = _meeting_cell(page(login_as(liberec.people.assistant).get("/tasks")), action)
    assert f'<a href="/meetings/{liberec.meeting.id}/minutes">' in row


def test_task_of_published_minutes_links_to_the_minutes(liberec, login_as):
    minutes = _approved_minutes(liberec.meeting)
    minutes.state = MinutesState.PUBLISHED
    minutes.pdf_sha256 = "0" * 64
    minutes.published_at = dt.datetime.now(dt.UTC)
    db.session.flush()
    action = _task(liberec, liberec.people.member, None)
    client = login_as(liberec.people.member)
    row = _meeting_cell(page(client.get("/tasks")), action)
    assert f'<a href="/meetings/{liberec.meeting.id}/minutes">' in row
    assert client.get(f"/meetings/{liberec.meeting.id}/minutes").status_code == 200


def test_task_links_to_the_published_edition_while_a_correction_is_drafted(liberec, login_as):
    first = _approved_minutes(liberec.meeting)
    first.state = MinutesState.PUBLISHED
    first.pdf_sha256 = "0" * 64
    db.session.add(Minutes(meeting=liberec.meeting, edition=2, state=MinutesState.DRAFT))
    db.session.flush()
    action = _task(liberec, liberec.people.member, None)
    client = login_as(liberec.people.member)
    row = _meeting_cell(page(client.get("/tasks")), action)
    assert f'<a href="/meetings/{liberec.meeting.id}/minutes?edition=1">' in row
    assert client.get(f"/meetings/{liberec.meeting.id}/minutes?edition=1").status_code == 200


def test_dashboard_task_links_to_what_the_member_may_read(liberec, login_as):
    services.minutes_for(liberec.meeting)
    _task(liberec, liberec.people.member, None)
    html = page(login_as(liberec.people.member).get("/dashboard"))
    tasks = html[html.index('id="tasks"') :]
    assert f'<a href="/meetings/{liberec.meeting.id}">{liberec.meeting.title}</a>' in tasks
    assert f"/meetings/{liberec.meeting.id}/minutes" not in tasks


def test_reminder_links_to_the_meeting_page_while_minutes_are_draft(liberec, smtp_server):
    services.minutes_for(liberec.meeting)
    today = services.group_today(liberec.group, MORNING)
    _task(liberec, liberec.people.member, today + dt.timedelta(days=1))
    assert _remind() == 1
    [message] = _delivered(smtp_server, 1)
    text = message.get_body(("plain",)).get_content().splitlines()
    html = message.get_body(("html",)).get_content()
    assert f"http://meetings.test/meetings/{liberec.meeting.id}" in text
    assert f"/meetings/{liberec.meeting.id}/minutes" not in "\n".join(text) + html
    assert f'href="http://meetings.test/meetings/{liberec.meeting.id}"' in html
