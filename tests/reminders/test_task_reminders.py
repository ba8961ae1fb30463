"""Task reminders as planned messages: to the owner a few days before the due date and the
morning after it when still open, to the group's assistant once when overdue; sent once
however often the job runs, moved with the due date, stopped by the choice or by done."""

from __future__ import annotations

import datetime as dt

import time_machine
from sqlalchemy import select

from meetings.extensions import db
from meetings.minutes.enums import ActionStatus
from meetings.minutes.models import ActionItem
from meetings.models import PlannedMessage
from meetings.reminders.choices import set_choice
from meetings.reminders.jobs import send_reminders

from .conftest import at, delivered, text_of, to


def run_at(moment: dt.datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return send_reminders()


def _task(setting, due_on: dt.date, text: str = "A megyei szociális térkép frissítése"):
    action = ActionItem(
        group=setting.group,
        meeting=setting.meeting,
        text=text,
        owner=setting.member,
        due_on=due_on,
    )
    db.session.add(action)
    db.session.flush()
    return action


def test_owner_before_the_due_date_then_owner_and_assistant_when_overdue(setting, smtp_server):
    _task(setting, dt.date(2030, 10, 10))

    assert run_at(at(2030, 10, 7, 7, 59)) == 0
    assert run_at(at(2030, 10, 7, 8, 0)) == 1
    assert run_at(at(2030, 10, 7, 8, 5)) == 0  # the job again: nothing twice
    assert run_at(at(2030, 10, 10, 23, 0)) == 0  # the due day itself: not overdue yet
    assert run_at(at(2030, 10, 11, 8, 1)) == 2
    assert run_at(at(2030, 10, 11, 8, 2)) == 0
    assert run_at(at(2030, 10, 12, 8, 2)) == 0

    before, *overdue = delivered(smtp_server, 3)
    assert to(before) == setting.member.email
    assert "A megyei szociális térkép frissítése" in text_of(before)
    assert {to(m) for m in overdue} == {setting.member.email, setting.assistant.email}
    to_assistant = next(m for m in overdue if to(m) == setting.assistant.email)
    assert "Kovács Péter" in text_of(to_assistant)  # the owner named
    for message in (before, *overdue):
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["List-Unsubscribe"].startswith("<http://meetings.test/mail/unsubscribe/")
        assert "http://meetings.test/mail/unsubscribe/" in text_of(message)


def test_moving_the_due_date_moves_the_reminder(setting, smtp_server):
    action = _task(setting, dt.date(2030, 10, 10))
    assert run_at(at(2030, 10, 5, 9)) == 0  # planned for the 7th
    action.due_on = dt.date(2030, 10, 20)
    db.session.flush()

    assert run_at(at(2030, 10, 7, 8, 1)) == 0
    planned = db.session.scalars(
        select(PlannedMessage.due_at).where(
            PlannedMessage.kind == "task",
            PlannedMessage.sent_at.is_(None),
            PlannedMessage.dropped_at.is_(None),
        )
    ).all()
    assert sorted(planned) == [
        at(2030, 10, 17, 8).astimezone(dt.UTC),
        at(2030, 10, 21, 8).astimezone(dt.UTC),
    ]
    assert run_at(at(2030, 10, 17, 8, 1)) == 1
    [message] = delivered(smtp_server, 1)
    assert "2030" in message["Subject"] and "20" in message["Subject"]


def test_turning_task_reminders_off_stops_the_owners(setting, smtp_server):
    set_choice(setting.member.email, "task", False)
    _task(setting, dt.date(2030, 10, 10))
    assert run_at(at(2030, 10, 7, 8, 1)) == 0
    # The assistant is still told of the overdue task (a choice of their own).
    assert run_at(at(2030, 10, 11, 8, 1)) == 1
    [message] = delivered(smtp_server, 1)
    assert to(message) == setting.assistant.email


def test_a_task_done_is_not_reminded(setting, smtp_server):
    action = _task(setting, dt.date(2030, 10, 10))
    assert run_at(at(2030, 10, 7, 8, 1)) == 1
    action.status = ActionStatus.DONE
    action.closed_at = at(2030, 10, 9, 12)
    db.session.flush()
    assert run_at(at(2030, 10, 11, 8, 1)) == 0
    states = {
        (p.kind, p.state.value)
        for p in db.session.scalars(select(PlannedMessage).where(PlannedMessage.kind.like("task%")))
        if p.due_at > at(2030, 10, 8)
    }
    assert states == {("task", "dropped"), ("task_overdue", "dropped")}
