"""The reminder of a vote by correspondence: a day before its deadline, to each voting
member who has not voted, with their own link again. Planned while the vote is open: a
ballot cast, the vote closed early or cancelled drops the person's unsent reminder. The
managers' "send a reminder now" button stays besides it. Planning is two queries and
composing three, whatever the number of votes and members.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..correspondence.enums import VoteState
from ..correspondence.messages import reminder_message
from ..correspondence.models import CorrespondenceBallot, CorrespondenceVote
from ..extensions import db
from .choices import add_unsubscribe_headers, normalise, unsubscribe_url, wanting
from .enums import ReminderKind
from .models import PlannedMessage
from .planning import LONGEST, Plan, Planner, register

#: How long before the deadline the voting members yet to vote are reminded.
REMINDER_BEFORE = dt.timedelta(days=1)


def _open_votes(condition) -> list[CorrespondenceVote]:
    return list(
        db.session.scalars(
            select(CorrespondenceVote)
            .options(
                joinedload(CorrespondenceVote.group),
                selectinload(CorrespondenceVote.ballots).joinedload(CorrespondenceBallot.user),
            )
            .where(CorrespondenceVote.state == VoteState.OPEN, condition)
            .order_by(CorrespondenceVote.id)
        ).unique()
    )


def _waiting(vote: CorrespondenceVote) -> list[CorrespondenceBallot]:
    return [b for b in vote.ballots if b.choice is None and b.user.is_enabled]


def plan_vote_reminders(now: dt.datetime) -> list[Plan]:
    votes = _open_votes(
        (CorrespondenceVote.deadline_at > now)
        & (CorrespondenceVote.deadline_at <= now + REMINDER_BEFORE + LONGEST)
    )
    wanted = wanting(
        [normalise(b.user.email) for v in votes for b in _waiting(v)], ReminderKind.VOTE
    )
    return [
        Plan(
            kind=ReminderKind.VOTE,
            object_id=vote.id,
            recipient=normalise(ballot.user.email),
            due_at=vote.deadline_at - REMINDER_BEFORE,
            user_id=ballot.user_id,
        )
        for vote in votes
        for ballot in _waiting(vote)
        if normalise(ballot.user.email) in wanted
    ]


def compose_vote_reminders(rows: Sequence[PlannedMessage]) -> list[EmailMessage | None]:
    votes = {v.id: v for v in _open_votes(CorrespondenceVote.id.in_({r.object_id for r in rows}))}
    messages: list[EmailMessage | None] = []
    for row in rows:
        vote = votes.get(row.object_id)
        ballot = (
            next((b for b in _waiting(vote) if normalise(b.user.email) == row.recipient), None)
            if vote is not None
            else None
        )
        if (
            vote is None
            or ballot is None
            or row.due_at.astimezone(dt.UTC) != vote.deadline_at - REMINDER_BEFORE
        ):
            messages.append(None)  # voted, closed, cancelled or moved meanwhile
            continue
        address = ballot.user.email
        message = reminder_message(
            vote, ballot, unsubscribe_link=unsubscribe_url(address, ReminderKind.VOTE)
        )
        messages.append(add_unsubscribe_headers(message, address, ReminderKind.VOTE))
    return messages


register(
    Planner(
        ReminderKind.VOTE,
        plan_vote_reminders,
        compose_vote_reminders,
        # A vote put less than a day before its deadline is reminded at once.
        grace=REMINDER_BEFORE,
    )
)
