"""The day before a vote by correspondence closes, the voting members who have not voted
are reminded once, with their own link again and a one-click way to stop such reminders;
a ballot cast meanwhile, or the reminder turned off, leaves the person out."""

from __future__ import annotations

import datetime as dt

from meetings.extensions import db
from meetings.reminders import choices
from meetings.reminders.enums import ReminderKind
from meetings.reminders.jobs import send_reminders

from .conftest import DEADLINE

DUE = DEADLINE - dt.timedelta(days=1)


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_members_yet_to_vote_are_reminded_once_the_day_before_the_deadline(voting, smtp_server):
    people = voting.people
    voting.cast(people.member, "for")
    db.session.commit()

    assert send_reminders(now=DUE - dt.timedelta(minutes=5)) == 0
    assert send_reminders(now=DUE) == 2
    # The scheduler running again (or a second worker) sends nothing more.
    assert send_reminders(now=DUE + dt.timedelta(minutes=1)) == 0

    # The proposal went to all three; the reminder to the chair and the assistant.
    delivered = smtp_server.wait_for(5)
    reminders = [m for m in delivered if m["List-Unsubscribe"]]
    assert sorted(m["To"].addresses[0].addr_spec for m in reminders) == [
        people.assistant.email,
        people.chair.email,
    ]
    for message in reminders:
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/votes/ballot/" in _text(message)
        assert "/mail/unsubscribe/" in _text(message)


def test_a_ballot_cast_or_the_reminder_turned_off_leaves_the_person_out(voting, smtp_server):
    people = voting.people
    db.session.commit()
    send_reminders(now=DUE - dt.timedelta(hours=3))  # planned for all three
    voting.cast(people.member, "against")
    choices.set_choice(people.chair.email, ReminderKind.VOTE, False)
    db.session.commit()

    assert send_reminders(now=DUE) == 1

    delivered = smtp_server.wait_for(4)
    [reminder] = [m for m in delivered if m["List-Unsubscribe"]]
    assert reminder["To"].addresses[0].addr_spec == people.assistant.email
