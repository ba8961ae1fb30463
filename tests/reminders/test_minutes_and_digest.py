"""The chair's reminder of minutes waiting for approval, and the weekly digest: once,
re-planned when the minutes move on, in the person's language, nothing for an empty week."""

from __future__ import annotations

import datetime as dt

import time_machine
from sqlalchemy import select

from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.minutes.enums import MinutesState
from meetings.minutes.models import ActionItem, Minutes
from meetings.models import PlannedMessage
from meetings.reminders.choices import set_choice
from meetings.reminders.jobs import send_reminders
from meetings.scheduling.enums import MeetingStatus

from .. import factories
from .conftest import at, delivered, text_of, to


def run_at(moment: dt.datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return send_reminders()


def _chair(setting):
    chair = factories.make_user("elnok@vas.example", "Szabó Éva", locale="hu")
    factories.add_member(chair, setting.group, Role.CHAIR)
    # Only the chair's reminders in these tests.
    for person in (setting.member.email, setting.guest_email):
        set_choice(person, "meeting", False)
        set_choice(person, "unanswered", False)
    return chair


def test_chair_reminded_once_of_minutes_waiting(setting, smtp_server):
    chair = _chair(setting)
    db.session.add(
        Minutes(
            meeting=setting.meeting, state=MinutesState.SUBMITTED, submitted_at=at(2030, 11, 4, 12)
        )
    )
    db.session.flush()
    assert run_at(at(2030, 11, 9, 11, 59)) == 0
    assert run_at(at(2030, 11, 9, 12, 0)) == 1
    assert run_at(at(2030, 11, 9, 12, 1)) == 0
    [message] = delivered(smtp_server, 1)
    assert to(message) == chair.email
    assert "Munkacsoport ülés – Szociális gondoskodás" in message["Subject"]
    assert f"http://meetings.test/meetings/{setting.meeting.id}/minutes" in text_of(message)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_returned_minutes_drop_the_reminder_and_a_new_submission_plans_one(
    setting, smtp_server, app
):
    _chair(setting)
    minutes = Minutes(
        meeting=setting.meeting, state=MinutesState.SUBMITTED, submitted_at=at(2030, 11, 4, 12)
    )
    db.session.add(minutes)
    db.session.flush()
    app.config["MINUTES_APPROVAL_REMINDER_DAYS"] = 2
    try:
        assert run_at(at(2030, 11, 5, 9)) == 0  # planned for the 6th
        minutes.state, minutes.submitted_at = MinutesState.DRAFT, None  # returned
        db.session.flush()
        assert run_at(at(2030, 11, 6, 12, 1)) == 0
        minutes.state, minutes.submitted_at = MinutesState.SUBMITTED, at(2030, 11, 7, 9)
        db.session.flush()
        assert run_at(at(2030, 11, 9, 9, 1)) == 1
    finally:
        del app.config["MINUTES_APPROVAL_REMINDER_DAYS"]
    states = sorted(
        p.state.value
        for p in db.session.scalars(
            select(PlannedMessage).where(PlannedMessage.kind == "minutes_approval")
        )
    )
    assert states == ["dropped", "sent"]


def test_turning_the_chairs_reminder_off(setting, smtp_server):
    chair = _chair(setting)
    set_choice(chair.email, "minutes_approval", False)
    db.session.add(
        Minutes(
            meeting=setting.meeting, state=MinutesState.SUBMITTED, submitted_at=at(2030, 11, 4, 12)
        )
    )
    db.session.flush()
    assert run_at(at(2030, 11, 9, 12, 1)) == 0


# --- the weekly digest ---------------------------------------------------------------------------


def prague(*args: int) -> dt.datetime:
    return factories.local_time("Europe/Prague", *args)


def test_digest_in_czech_with_the_weeks_meetings_tasks_and_minutes(setting, smtp_server):
    jana = setting.declined  # a Czech member of the Hungarian group
    set_choice(jana.email, "digest", True)
    db.session.add(
        ActionItem(
            group=setting.group,
            text="Připravit podklady k sociální mapě",
            owner=jana,
            due_on=dt.date(2030, 10, 25),
        )
    )
    earlier = factories.make_meeting(
        setting.group,
        starts_at=at(2030, 10, 8, 10),
        status=MeetingStatus.HELD,
        title="Ülés szeptemberi témákról",
    )
    db.session.add(
        Minutes(
            meeting=earlier,
            state=MinutesState.PUBLISHED,
            pdf_sha256="0" * 64,
            approved_at=prague(2030, 10, 14, 15),
            published_at=prague(2030, 10, 16, 15),
        )
    )
    db.session.flush()

    # Monday 21 October 2030, 07:00 in Prague (Jana has no zone of her own: the site's).
    assert run_at(prague(2030, 10, 21, 6, 59)) == 0
    assert run_at(prague(2030, 10, 21, 7, 0)) == 1
    assert run_at(prague(2030, 10, 21, 7, 1)) == 0
    [message] = delivered(smtp_server, 1)
    assert to(message) == jana.email
    assert message["Subject"].startswith("Váš týden od 21. října 2030")
    body = text_of(message)
    assert "Setkání tento týden" in body
    assert "Munkacsoport ülés – Szociális gondoskodás" in body
    assert "Vaše nesplněné úkoly" in body
    assert "Připravit podklady k sociální mapě" in body
    assert "Zápisy zveřejněné minulý týden" in body
    assert "Ülés szeptemberi témákról" in body
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_no_digest_for_an_empty_week_and_none_unless_chosen(setting, smtp_server):
    loner = factories.make_user("samota@example.cz", "Petr Samota", locale="cs")
    set_choice(loner.email, "digest", True)
    db.session.flush()
    assert run_at(prague(2030, 10, 21, 7, 1)) == 0  # nothing to say; the member did not choose it
    assert run_at(prague(2030, 10, 21, 7, 2)) == 0
    [row] = db.session.scalars(
        select(PlannedMessage).where(
            PlannedMessage.kind == "digest", PlannedMessage.due_at <= prague(2030, 10, 21, 8)
        )
    ).all()
    assert row.state.value == "empty"
    assert row.recipient == loner.email
