"""Minutes waiting for someone: for the chair, submitted minutes to approve; for the
assistant, minutes returned for changes, submitted minutes that got review comments, and
drafts they started. Each list one query, and one for the joint groups of all, bounded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import contains_eager, joinedload

from ...auth.permissions import MANAGERS, can, roles_by_group
from ...db import Bounded, bounded
from ...extensions import db
from ...groups.enums import Role
from ...scheduling.listings import with_joint_groups
from ...scheduling.models import Meeting
from ..enums import MinutesState
from ..models import Minutes, MinutesComment, MinutesRevision


def _with_meeting():
    return (
        select(Minutes)
        .join(Minutes.meeting)
        .options(
            contains_eager(Minutes.meeting).options(
                joinedload(Meeting.group),
                joinedload(Meeting.venue),
            )
        )
    )


def awaiting_approval(user: Any, *, limit: int = 5) -> Bounded[Minutes]:
    """Submitted minutes of the groups the person chairs, oldest submission first."""
    chaired = [g for g, role in roles_by_group(user).items() if role == Role.CHAIR]
    if not chaired:
        return Bounded([])
    rows = db.session.scalars(
        _with_meeting()
        .where(Meeting.group_id.in_(chaired), Minutes.state == MinutesState.SUBMITTED)
        .order_by(Minutes.submitted_at, Minutes.id)
        .limit(limit + 1)
    ).all()
    with_joint_groups([m.meeting for m in rows])
    return bounded([m for m in rows if can(user, "minutes.approve", m)], limit)


def awaiting_verification(user: Any, *, limit: int = 5) -> Bounded[Minutes]:
    """Submitted minutes the person was chosen to verify and has not confirmed yet, oldest
    submission first."""
    if not getattr(user, "is_authenticated", False):
        return Bounded([])
    rows = db.session.scalars(
        _with_meeting()
        .where(
            Minutes.verified_by_id == user.id,
            Minutes.verified_at.is_(None),
            Minutes.state == MinutesState.SUBMITTED,
        )
        .order_by(Minutes.submitted_at, Minutes.id)
        .limit(limit + 1)
    ).all()
    with_joint_groups([m.meeting for m in rows])
    return bounded([m for m in rows if can(user, "minutes.verify", m)], limit)


@dataclass
class MinutesWork:
    minutes: Minutes
    #: "returned", "comments" or "draft".
    reason: str
    #: Review comments since the minutes were submitted (for "comments").
    comments: int = 0


def work_on_minutes(user: Any, *, limit: int = 5) -> Bounded[MinutesWork]:
    """What the assistant (or chair) who drafts the minutes has to do, most urgent first:
    returned for changes, commented by members while submitted, drafts they started."""
    managed = [g for g, role in roles_by_group(user).items() if role in MANAGERS]
    if not managed:
        return Bounded([])
    mine = Meeting.group_id.in_(managed)
    returned = db.session.scalars(
        _with_meeting()
        .where(
            mine,
            Minutes.state == MinutesState.DRAFT,
            Minutes.return_comment.is_not(None),
        )
        .order_by(Meeting.starts_at, Minutes.id)
        .limit(limit + 1)
    ).all()
    new_comments = (
        select(func.count(MinutesComment.id))
        .where(
            MinutesComment.minutes_id == Minutes.id,
            MinutesComment.created_at >= Minutes.submitted_at,
        )
        .scalar_subquery()
    )
    commented = db.session.execute(
        _with_meeting()
        .add_columns(new_comments)
        .where(mine, Minutes.state == MinutesState.SUBMITTED, new_comments > 0)
        .order_by(Meeting.starts_at, Minutes.id)
        .limit(limit + 1)
    ).all()
    started = db.session.scalars(
        _with_meeting()
        .where(
            mine,
            Minutes.state == MinutesState.DRAFT,
            Minutes.return_comment.is_(None),
            exists().where(
                MinutesRevision.minutes_id == Minutes.id, MinutesRevision.author_id == user.id
            ),
        )
        .order_by(Meeting.starts_at, Minutes.id)
        .limit(limit + 1)
    ).all()
    with_joint_groups(
        [m.meeting for m in returned],
        [m.meeting for m, _ in commented],
        [m.meeting for m in started],
    )
    work = (
        [MinutesWork(m, "returned") for m in returned]
        + [MinutesWork(m, "comments", count) for m, count in commented]
        + [MinutesWork(m, "draft") for m in started]
    )
    return bounded(
        [
            w
            for w in work
            if can(user, "minutes.edit", w.minutes)
            or (w.reason == "comments" and can(user, "minutes.view", w.minutes))
        ],
        limit,
    )
