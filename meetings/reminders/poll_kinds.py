"""The reminder of a date poll: a day before its deadline (``polls.REMINDER_BEFORE``), to
everyone asked who has not answered. Planned while the poll is open: an answer or the
poll's closing drops the person's unsent reminder, a new deadline moves it. Planning is
two queries and composing four, whatever the number of polls and people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..polls.enums import PollState
from ..polls.models import Poll, PollOption, PollParticipant
from ..polls.people import participant_email, poll_message
from ..polls.services import REMINDER_BEFORE
from .choices import add_unsubscribe_headers, normalise, unsubscribe_url, wanting
from .enums import ReminderKind
from .models import PlannedMessage
from .planning import LONGEST, Plan, Planner, register


def _reachable(participant: PollParticipant) -> str:
    if participant.user is not None and not participant.user.is_enabled:
        return ""
    return normalise(participant_email(participant))


def plan_poll_reminders(now: dt.datetime) -> list[Plan]:
    polls = db.session.scalars(
        select(Poll)
        .options(selectinload(Poll.participants).selectinload(PollParticipant.user))
        .where(
            Poll.state == PollState.OPEN,
            Poll.closes_at.is_not(None),
            Poll.closes_at > now,
            Poll.closes_at <= now + REMINDER_BEFORE + LONGEST,
        )
        .order_by(Poll.id)
    ).all()
    waiting = [p for poll in polls for p in poll.participants if p.answered_at is None]
    wanted = wanting([_reachable(p) for p in waiting], ReminderKind.POLL)
    plans = []
    for poll in polls:
        if poll.closes_at is None:
            continue
        for participant in poll.participants:
            address = _reachable(participant)
            if participant.answered_at is not None or address not in wanted:
                continue
            plans.append(
                Plan(
                    kind=ReminderKind.POLL,
                    object_id=poll.id,
                    recipient=address,
                    due_at=poll.closes_at - REMINDER_BEFORE,
                    user_id=participant.user_id,
                )
            )
    return plans


def compose_poll_reminders(rows: Sequence[PlannedMessage]) -> list[EmailMessage | None]:
    polls = {
        p.id: p
        for p in db.session.scalars(
            select(Poll)
            .options(
                selectinload(Poll.group),
                selectinload(Poll.options).selectinload(PollOption.venue),
                selectinload(Poll.participants).selectinload(PollParticipant.user),
            )
            .where(Poll.id.in_({r.object_id for r in rows}))
        )
    }
    messages: list[EmailMessage | None] = []
    for row in rows:
        poll = polls.get(row.object_id)
        participant = (
            next((p for p in poll.participants if _reachable(p) == row.recipient), None)
            if poll is not None
            else None
        )
        if (
            poll is None
            or participant is None
            or participant.answered_at is not None
            or poll.state != PollState.OPEN
            or poll.closes_at is None
            or row.due_at.astimezone(dt.UTC) != poll.closes_at - REMINDER_BEFORE
        ):
            messages.append(None)
            continue
        address = participant_email(participant)
        message = poll_message(
            poll,
            participant,
            "poll_reminder",
            unsubscribe_link=unsubscribe_url(address, ReminderKind.POLL),
        )
        messages.append(add_unsubscribe_headers(message, address, ReminderKind.POLL))
    return messages


register(
    Planner(
        ReminderKind.POLL,
        plan_poll_reminders,
        compose_poll_reminders,
        # A poll opened less than a day before its deadline is reminded at once.
        grace=REMINDER_BEFORE,
    )
)
