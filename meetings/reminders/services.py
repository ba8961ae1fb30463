"""What the pages ask of reminders: the lists of planned messages, replanning after a
change, the reminder times described."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..db import utcnow
from ..extensions import db
from .models import PlannedMessage, ReminderTimes
from .planning import default_offsets, format_offsets
from .sending import plan_all

#: How far the admin page looks ahead and back.
OVERVIEW_DAYS = 7
#: Rows shown per list on the admin page.
OVERVIEW_LIMIT = 200


def replan(now: dt.datetime | None = None) -> None:
    """Bring every planned message in step now (after a change of times or choices, or of a
    meeting), rather than at the worker's next minute. Flushes."""
    plan_all(now or utcnow())


def site_offsets() -> list[int]:
    return default_offsets()


def group_offsets(group_id: int) -> list[int]:
    row = db.session.scalar(select(ReminderTimes).where(ReminderTimes.group_id == group_id))
    return [int(m) for m in row.offsets.split()] if row else default_offsets()


def describe_offsets(minutes: list[int]) -> str:
    return format_offsets(minutes)


def planned_of_meeting(meeting_id: int) -> list[PlannedMessage]:
    return list(
        db.session.scalars(
            select(PlannedMessage)
            .where(PlannedMessage.meeting_id == meeting_id)
            .order_by(PlannedMessage.due_at, PlannedMessage.recipient)
            .limit(OVERVIEW_LIMIT)
        )
    )


@dataclass
class Overview:
    coming: list[PlannedMessage]
    past: list[PlannedMessage]


def overview(now: dt.datetime | None = None) -> Overview:
    """Planned for the coming days, and sent or dropped in the last days. Three queries."""
    now = now or utcnow()
    span = dt.timedelta(days=OVERVIEW_DAYS)
    base = select(PlannedMessage).options(selectinload(PlannedMessage.meeting))
    coming = db.session.scalars(
        base.where(
            PlannedMessage.sent_at.is_(None),
            PlannedMessage.dropped_at.is_(None),
            PlannedMessage.due_at <= now + span,
        )
        .order_by(PlannedMessage.due_at, PlannedMessage.id)
        .limit(OVERVIEW_LIMIT)
    ).all()
    past = db.session.scalars(
        base.where(
            or_(PlannedMessage.sent_at >= now - span, PlannedMessage.dropped_at >= now - span)
        )
        .order_by(PlannedMessage.due_at.desc(), PlannedMessage.id.desc())
        .limit(OVERVIEW_LIMIT)
    ).all()
    return Overview(list(coming), list(past))
