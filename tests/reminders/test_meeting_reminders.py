"""Reminders before a meeting: sent at the group's times to those not declined, in their
language, moved with the meeting, dropped when it is cancelled, stopped when turned off."""

from __future__ import annotations

import datetime as dt

import time_machine
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import OutgoingMessage, PlannedMessage
from meetings.reminders.choices import set_choice
from meetings.reminders.jobs import send_reminders
from meetings.reminders.planning import set_times
from meetings.scheduling.enums import MeetingStatus
from meetings.scheduling.services import record_move
from meetings.scheduling.workflow import transition_meeting as transition

from .conftest import at, delivered, text_of, to


def run_at(moment: dt.datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return send_reminders()


def test_reminder_in_the_language_of_each_invitee(setting, smtp_server):
    assert run_at(at(2030, 10, 20, 10, 1)) == 2
    messages = {to(m): m for m in delivered(smtp_server, 2)}

    assert set(messages) == setting.reminded
    hungarian = messages["peter@vas.example"]
    assert hungarian["Subject"].startswith("Emlékeztető: Munkacsoport ülés – Szociális gondoskodás")
    body = text_of(hungarian)
    assert "Kedves Kovács Péter" in body or "Kovács Péter" in body
    assert "II. emeleti tárgyaló" in body
    assert "https://www.openstreetmap.org/search?query=" in body
    english = messages["guest@partner.example"]
    assert english["Subject"].startswith("Reminder: Munkacsoport ülés – Szociális gondoskodás")
    assert "a reminder of the meeting you take part in" in text_of(english)
    assert "Room: II. emeleti tárgyaló" in text_of(english)
    for message in messages.values():
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["List-Unsubscribe"].startswith("<http://meetings.test/mail/unsubscribe/")


def test_nothing_before_the_time_and_nothing_twice(setting, smtp_server):
    assert run_at(at(2030, 10, 20, 9, 59)) == 0
    assert run_at(at(2030, 10, 20, 10, 0)) == 2
    assert run_at(at(2030, 10, 20, 10, 5)) == 0
    assert run_at(at(2030, 10, 22, 8, 0)) == 2
    assert run_at(at(2030, 10, 22, 8, 30)) == 0
    assert len(delivered(smtp_server, 4)) == 4


def test_moving_the_meeting_moves_its_reminders(setting, smtp_server):
    run_at(at(2030, 10, 15, 9))  # planned for the 20th and the 22nd
    with time_machine.travel(at(2030, 10, 15, 9, 30), tick=False):
        meeting = setting.meeting
        meeting.starts_at += dt.timedelta(days=3)
        meeting.ends_at += dt.timedelta(days=3)
        record_move(meeting, time_changed=True)

    planned = db.session.scalars(
        select(PlannedMessage.due_at)
        .where(
            PlannedMessage.kind == "meeting",
            PlannedMessage.sent_at.is_(None),
            PlannedMessage.dropped_at.is_(None),
        )
        .distinct()
        .order_by(PlannedMessage.due_at)
    ).all()
    assert planned == [at(2030, 10, 23, 10).astimezone(dt.UTC), at(2030, 10, 25, 8)]
    assert run_at(at(2030, 10, 20, 10, 1)) == 0  # the old time: nothing
    run_at(at(2030, 10, 23, 10, 1))
    sent = db.session.execute(
        select(OutgoingMessage.recipient, OutgoingMessage.subject).where(
            OutgoingMessage.kind == "reminder-meeting"
        )
    ).all()
    # A move asks everyone again (the declined member too), so all three are reminded.
    assert {r for r, _ in sent} == setting.reminded | {setting.declined.email}
    assert all("25" in subject for _, subject in sent)


def test_a_cancelled_meeting_sends_no_reminders(setting, smtp_server):
    run_at(at(2030, 10, 15, 9))
    with time_machine.travel(at(2030, 10, 16, 9), tick=False):
        transition(
            setting.meeting, MeetingStatus.CANCELLED, actor=setting.assistant, reason="Betegség"
        )
    assert run_at(at(2030, 10, 20, 10, 1)) == 0
    states = db.session.scalars(select(PlannedMessage)).all()
    assert {p.state.value for p in states} == {"dropped"}


def test_turning_reminders_off_stops_them(setting, smtp_server):
    set_choice(setting.member.email, "meeting", False)
    assert run_at(at(2030, 10, 20, 10, 1)) == 1
    [message] = delivered(smtp_server, 1)
    assert to(message) == "guest@partner.example"


def test_a_meetings_own_times_replace_the_groups(setting, smtp_server):
    set_choice(setting.guest_email, "unanswered", False)
    set_times([60 * 24 * 5], group_id=setting.group.id)
    set_times([30], meeting_id=setting.meeting.id)
    assert run_at(at(2030, 10, 17, 10, 1)) == 0
    assert run_at(at(2030, 10, 22, 9, 31)) == 2
    assert len(delivered(smtp_server, 2)) == 2


def test_unanswered_invitation_is_recalled(setting, smtp_server, app):
    app.config["UNANSWERED_REMINDER_DAYS"] = 3
    try:
        assert run_at(at(2030, 10, 19, 10, 1)) == 1
    finally:
        del app.config["UNANSWERED_REMINDER_DAYS"]
    [message] = delivered(smtp_server, 1)
    assert to(message) == "guest@partner.example"
    assert message["Subject"].startswith("Please answer:")
    assert "Accept" in text_of(message) or "accept" in text_of(message).lower()
