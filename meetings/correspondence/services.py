"""Votes by correspondence: putting a proposal to the vote, ballots, reminders, cancelling,
closing with the result and the decision's number. What the dashboard, the group's page
and the decisions register list is in ``lists.py``.

The rules of the result are in ``outcome.py``. Services flush, never commit: the request
or job that called them commits. Closing notes the vote whose PDF record is to be made;
``jobs.py`` queues that work once the transaction has committed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from .. import audit
from ..auth.models import User
from ..auth.permissions import PARTICIPANTS, can
from ..db import utcnow
from ..extensions import db
from ..groups.models import Membership, WorkingGroup
from . import messages
from .enums import Channel, Choice, CloseReason, Result, VoteState
from .models import CorrespondenceBallot, CorrespondenceVote
from .outcome import Tally, quorum_of, result_of, settled
from .signals import vote_closed, vote_started

log = logging.getLogger(__name__)

#: Session flag: closed votes whose PDF record is to be made once the transaction commits.
RECORDS_QUEUED = "meetings.correspondence.records"
#: Longest title, proposal and explanation kept.
MAX_TITLE = 300
MAX_TEXT = 20000


class VoteError(Exception):
    """A change to a vote that cannot be made; ``message`` says why (lazily translated)."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


NOT_OPEN = {
    VoteState.CLOSED: _l("This vote has closed: ballots are no longer taken."),
    VoteState.CANCELLED: _l("This vote was cancelled: ballots are no longer taken."),
}
DEADLINE_PASSED = _l("The deadline must be later than now.")


# --- the voting members --------------------------------------------------------------------


def voting_members(group: WorkingGroup) -> list[User]:
    """The group's voting members (chair, assistants, members; observers never vote), as
    the quorum counts them, by name. One query."""
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.group_id == group.id, Membership.role.in_(list(PARTICIPANTS)))
            .order_by(User.name, User.id)
        ).all()
    )


def cannot_start(group: WorkingGroup, voting: int) -> Any:
    """Why a vote of the group could not be decided (None: it can): no voting members, or
    a quorum larger than they are."""
    if voting == 0:
        return _l("The group has no voting members to put a proposal to.")
    needed = quorum_of(group, voting).needed
    if needed > voting:
        return _l(
            "The group's quorum (%(needed)d) is more than its %(voting)d voting members: a "
            "vote by correspondence could never be quorate. Change the quorum first.",
            needed=needed,
            voting=voting,
        )
    return None


# --- starting ------------------------------------------------------------------------------


@dataclass
class VoteData:
    """What the form gives: checked values, the deadline as an aware instant."""

    title: str
    proposal: str
    explanation: str | None
    deadline_at: dt.datetime


def start_vote(
    group: WorkingGroup, data: VoteData, *, actor: Any, now: dt.datetime | None = None
) -> CorrespondenceVote:
    """Put a proposal to the group's voting members.

    Side effects: a CorrespondenceVote with a ballot per voting member (flushed); an audit
    entry; one e-mail per voting member with an account in use (their own link to vote);
    the ``vote_started`` signal (notifications). Raises VoteError when ``actor`` may not
    start a vote of the group, the deadline is not ahead, or the vote could never be
    quorate.
    """
    if not can(actor, "correspondence.start", group):
        raise VoteError(_l("Only the group's chair and assistants can put a proposal to a vote."))
    now = now or utcnow()
    if data.deadline_at <= now:
        raise VoteError(DEADLINE_PASSED)
    voters = voting_members(group)
    problem = cannot_start(group, len(voters))
    if problem is not None:
        raise VoteError(problem)
    quorum = quorum_of(group, len(voters))
    vote = CorrespondenceVote(
        group=group,
        title=data.title.strip()[:MAX_TITLE],
        proposal=data.proposal.strip()[:MAX_TEXT],
        explanation=(data.explanation or "").strip()[:MAX_TEXT] or None,
        timezone=group.timezone,
        deadline_at=data.deadline_at,
        started_at=now,
        started_by_id=getattr(actor, "id", None),
        voting_members=len(voters),
        quorum_basis=quorum.basis,
        quorum_needed=quorum.needed,
    )
    db.session.add(vote)
    ballots = [CorrespondenceBallot(vote=vote, user=person) for person in voters]
    db.session.add_all(ballots)
    db.session.flush()
    audit.record(
        "correspondence.started",
        subject=vote,
        group_id=group.id,
        detail=f"{vote.title} (until {vote.deadline_at:%Y-%m-%d %H:%M} UTC, "
        f"{len(voters)} voting members)",
        actor=actor,
    )
    messages.mail_started(vote, ballots)
    vote_started.send(vote, actor=actor, voters=voters)
    log.info(
        "group %s: correspondence vote %s started by user %s, %d voting members",
        group.id,
        vote.id,
        getattr(actor, "id", None),
        len(voters),
    )
    return vote


# --- reading one vote ----------------------------------------------------------------------


def get_vote(vote_id: int) -> CorrespondenceVote | None:
    return db.session.get(
        CorrespondenceVote, vote_id, options=[joinedload(CorrespondenceVote.group)]
    )


def locked(vote: CorrespondenceVote) -> CorrespondenceVote:
    """The vote read again under a row lock (PostgreSQL; SQLite's writers are one at a
    time anyway), so that two ballots or the closing job never close it twice."""
    return db.session.get(CorrespondenceVote, vote.id, with_for_update=True, populate_existing=True)


def ballots_of(vote: CorrespondenceVote) -> list[CorrespondenceBallot]:
    """Every ballot of the vote with its person, by name. One query."""
    return sorted(
        db.session.scalars(
            select(CorrespondenceBallot)
            .options(joinedload(CorrespondenceBallot.user))
            .where(CorrespondenceBallot.vote_id == vote.id)
        ).all(),
        key=lambda b: (b.user.name.casefold(), b.id),
    )


def ballot_of(vote: CorrespondenceVote, user: Any) -> CorrespondenceBallot | None:
    """The person's own ballot in the vote, if it was put to them."""
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalars(
        select(CorrespondenceBallot).where(
            CorrespondenceBallot.vote_id == vote.id, CorrespondenceBallot.user_id == user.id
        )
    ).first()


def tally_of(ballots: Sequence[CorrespondenceBallot]) -> Tally:
    return Tally.of(b.choice for b in ballots)


def is_due(vote: CorrespondenceVote, now: dt.datetime | None = None) -> bool:
    """An open vote whose deadline has passed (the closing job has not closed it yet)."""
    return vote.state == VoteState.OPEN and vote.deadline_at <= (now or utcnow())


# --- ballots -------------------------------------------------------------------------------


def cast_ballot(
    ballot: CorrespondenceBallot,
    choice: Choice | str,
    *,
    channel: Channel,
    now: dt.datetime | None = None,
) -> CorrespondenceBallot:
    """Record (or change) a ballot. If the result can no longer change afterwards (every
    voting member has voted, or the missing ballots could not change it), the vote closes.

    Side effects: the ballot's choice, time and channel (flushed); possibly ``close_vote``'s.
    Raises VoteError when the vote is not open or its deadline has passed (the caller closes
    a vote that is due: ``close_if_due``), or the choice is not one offered.
    """
    now = now or utcnow()
    try:
        choice = Choice(choice)
    except ValueError:
        raise VoteError(_l("Choose for, against or abstain.")) from None
    vote = locked(ballot.vote)
    if vote.state != VoteState.OPEN:
        raise VoteError(NOT_OPEN[vote.state])
    if vote.deadline_at <= now:
        raise VoteError(NOT_OPEN[VoteState.CLOSED])
    ballot.choice = choice
    ballot.cast_at = now
    ballot.channel = channel
    db.session.flush()
    log.info("correspondence vote %s: ballot %s cast (%s)", vote.id, ballot.id, channel.value)
    ballots = ballots_of(vote)
    tally = tally_of(ballots)
    if settled(tally, vote.voting_members, vote.quorum_needed) is not None:
        reason = CloseReason.ALL_VOTED if tally.cast == vote.voting_members else CloseReason.DECIDED
        close_vote(vote, reason=reason, now=now)
    return ballot


# --- closing -------------------------------------------------------------------------------


def _number(vote: CorrespondenceVote, now: dt.datetime) -> None:
    """Give the vote the group's next decision number of the year (in the vote's zone).

    The group's row is locked first, so that two votes of one group closing at once never
    get the same number.
    """
    db.session.execute(
        select(WorkingGroup.id).where(WorkingGroup.id == vote.group_id).with_for_update()
    )
    year = now.astimezone(ZoneInfo(vote.timezone)).year
    highest = db.session.scalar(
        select(func.max(CorrespondenceVote.decision_sequence)).where(
            CorrespondenceVote.group_id == vote.group_id,
            CorrespondenceVote.decision_year == year,
        )
    )
    vote.decision_year = year
    vote.decision_sequence = (highest or 0) + 1


def close_vote(
    vote: CorrespondenceVote,
    *,
    reason: CloseReason,
    now: dt.datetime | None = None,
    announce: bool = True,
) -> CorrespondenceVote:
    """Close an open vote with its result: the counts, and for a quorate result the next
    decision number of the group's year ("PR/2026/1").

    Side effects: the vote closed (flushed); an audit entry; with ``announce``, the result
    mailed to the voting members and the ``vote_closed`` signal (notifications); the vote
    noted for its PDF record (made in the job queue after the commit).
    """
    now = now or utcnow()
    if vote.state != VoteState.OPEN:
        return vote
    ballots = ballots_of(vote)
    tally = tally_of(ballots)
    result = result_of(tally, vote.quorum_needed)
    vote.state = VoteState.CLOSED
    vote.closed_at = now
    vote.close_reason = reason
    vote.result = result
    vote.votes_for, vote.votes_against, vote.votes_abstaining = (
        tally.for_,
        tally.against,
        tally.abstain,
    )
    if result != Result.NOT_QUORATE:
        _number(vote, now)
    db.session.flush()
    audit.record(
        "correspondence.closed",
        subject=vote,
        group_id=vote.group_id,
        detail=f"{vote.decision_label or '—'} {vote.title}: {result.value}, "
        f"{tally.for_} for / {tally.against} against / {tally.abstain} abstaining of "
        f"{vote.voting_members} ({reason.value})",
        actor=None,
    )
    if announce:
        messages.mail_closed(vote, ballots)
        vote_closed.send(vote, voters=[b.user for b in ballots])
    db.session.info.setdefault(RECORDS_QUEUED, set()).add(vote.id)
    log.info(
        "correspondence vote %s closed (%s): %s %s",
        vote.id,
        reason.value,
        result.value,
        vote.decision_label or "",
    )
    return vote


def close_if_due(vote: CorrespondenceVote, now: dt.datetime | None = None) -> bool:
    """Close the vote if its deadline has passed and it is still open; True if it closed."""
    now = now or utcnow()
    if not is_due(vote, now):
        return False
    vote = locked(vote)
    if not is_due(vote, now):
        return False
    close_vote(vote, reason=CloseReason.DEADLINE, now=now)
    return True


def close_due_votes(now: dt.datetime | None = None) -> int:
    """Close every open vote whose deadline has passed (see ``close_vote``); how many."""
    now = now or utcnow()
    due = db.session.scalars(
        select(CorrespondenceVote)
        .options(joinedload(CorrespondenceVote.group))
        .where(CorrespondenceVote.state == VoteState.OPEN, CorrespondenceVote.deadline_at <= now)
        .order_by(CorrespondenceVote.deadline_at, CorrespondenceVote.id)
    ).all()
    return sum(close_if_due(vote, now) for vote in due)


# --- the managers' acts --------------------------------------------------------------------


def remind_non_voters(
    vote: CorrespondenceVote, *, actor: Any, now: dt.datetime | None = None
) -> int:
    """Mail a reminder, with their link again, to the voting members who have not voted.

    Side effects: the reminders queued; ``reminded_at`` set (flushed). Returns how many were
    mailed. Raises VoteError unless ``actor`` manages the open vote.
    """
    if not can(actor, "correspondence.manage", vote):
        raise VoteError(_refused(vote))
    now = now or utcnow()
    if vote.deadline_at <= now:
        raise VoteError(NOT_OPEN[VoteState.CLOSED])
    waiting = [b for b in ballots_of(vote) if b.choice is None]
    sent = messages.mail_reminder(vote, waiting)
    vote.reminded_at = now
    db.session.flush()
    return sent


def cancel_vote(
    vote: CorrespondenceVote,
    *,
    actor: Any,
    reason: str | None = None,
    now: dt.datetime | None = None,
) -> CorrespondenceVote:
    """Cancel an open vote: nothing is decided, no number is given.

    Side effects: the vote cancelled, with who, when and why (flushed); an audit entry; the
    voting members told by mail. Raises VoteError unless ``actor`` manages the open vote.
    """
    if not can(actor, "correspondence.manage", vote):
        raise VoteError(_refused(vote))
    vote = locked(vote)
    if vote.state != VoteState.OPEN:
        raise VoteError(NOT_OPEN[vote.state])
    vote.state = VoteState.CANCELLED
    vote.cancelled_at = now or utcnow()
    vote.cancelled_by_id = getattr(actor, "id", None)
    vote.cancel_reason = (reason or "").strip()[:MAX_TEXT] or None
    db.session.flush()
    audit.record(
        "correspondence.cancelled",
        subject=vote,
        group_id=vote.group_id,
        detail=f"{vote.title}" + (f": {vote.cancel_reason}" if vote.cancel_reason else ""),
        actor=actor,
    )
    messages.mail_cancelled(vote, ballots_of(vote))
    return vote


def _refused(vote: CorrespondenceVote) -> Any:
    if vote.state != VoteState.OPEN:
        return NOT_OPEN[vote.state]
    return _l("Only the group's chair and assistants can do this.")
