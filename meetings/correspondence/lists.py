"""Votes by correspondence as lists: those waiting for a person's ballot (the dashboard),
a group's votes (its page) and the numbered decisions by correspondence (the decisions
register). One query each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import joinedload

from ..auth.permissions import role_in
from ..db import Bounded, bounded, contains_text, utcnow
from ..extensions import db
from ..groups.models import WorkingGroup
from ..minutes.services import RegisterRow
from .enums import Result, VoteState
from .labels import quorum_text
from .models import CorrespondenceBallot, CorrespondenceVote


def waiting_for(
    user: Any, *, limit: int = 5, now: dt.datetime | None = None
) -> Bounded[CorrespondenceVote]:
    """Open votes waiting for the person's ballot, the nearest deadline first. One query."""
    if not getattr(user, "is_authenticated", False):
        return Bounded([])
    rows = db.session.scalars(
        select(CorrespondenceVote)
        .join(CorrespondenceBallot, CorrespondenceBallot.vote_id == CorrespondenceVote.id)
        .options(joinedload(CorrespondenceVote.group))
        .where(
            CorrespondenceBallot.user_id == user.id,
            CorrespondenceBallot.choice.is_(None),
            CorrespondenceVote.state == VoteState.OPEN,
            CorrespondenceVote.deadline_at > (now or utcnow()),
        )
        .order_by(CorrespondenceVote.deadline_at, CorrespondenceVote.id)
        .limit(limit + 1)
    ).all()
    return bounded(rows, limit)


def votes_of_group(group: WorkingGroup, *, limit: int = 10) -> list[CorrespondenceVote]:
    """The group's votes: the open ones first (nearest deadline first), then the others,
    newest first. One query."""
    return list(
        db.session.scalars(
            select(CorrespondenceVote)
            .where(CorrespondenceVote.group_id == group.id)
            .order_by(
                case((CorrespondenceVote.state == VoteState.OPEN, 0), else_=1),
                case(
                    (CorrespondenceVote.state == VoteState.OPEN, CorrespondenceVote.deadline_at),
                    else_=None,
                ),
                CorrespondenceVote.started_at.desc(),
                CorrespondenceVote.id.desc(),
            )
            .limit(limit)
        ).all()
    )


def register_rows(
    user: Any, group_ids: Sequence[int], query: str | None, limit: int
) -> list[RegisterRow]:
    """The numbered decisions by correspondence of the groups the person belongs to (of
    ``group_ids``), newest first, as rows of the decisions register; ``query`` searches
    their title and text. One query."""
    readable = [gid for gid in group_ids if role_in(user, gid) is not None]
    if not readable:
        return []
    statement = (
        select(CorrespondenceVote)
        .options(joinedload(CorrespondenceVote.group))
        .where(
            CorrespondenceVote.group_id.in_(readable),
            CorrespondenceVote.state == VoteState.CLOSED,
            CorrespondenceVote.decision_sequence.is_not(None),
        )
        .order_by(CorrespondenceVote.closed_at.desc(), CorrespondenceVote.id.desc())
        .limit(limit)
    )
    query = (query or "").strip()
    if query:
        statement = statement.where(
            contains_text(CorrespondenceVote.proposal, query)
            | contains_text(CorrespondenceVote.title, query)
        )
    return [
        RegisterRow(
            label=vote.decision_label or "",
            text=vote.proposal,
            votes=(vote.votes_for, vote.votes_against, vote.votes_abstaining),
            meeting_id=None,
            meeting_title=vote.title,
            meeting_starts_at=vote.closed_at,
            meeting_timezone=vote.timezone,
            state=None,
            group_name=vote.group.name,
            group_slug=vote.group.slug,
            adopted={Result.ADOPTED: True, Result.REJECTED: False}.get(vote.result),
            quorum_rule=quorum_text(vote.quorum_basis, vote.quorum_needed, vote.voting_members),
            vote_id=vote.id,
        )
        for vote in db.session.scalars(statement).unique().all()
    ]
