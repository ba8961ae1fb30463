"""Finding the minutes of a meeting: its editions, the current one, a placeholder for
minutes not started yet."""

from __future__ import annotations

import logging
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ...db import in_integer_range
from ...extensions import db
from ...scheduling.enums import MeetingStatus
from ...scheduling.models import Meeting
from ..enums import MinutesState
from ..models import Minutes
from .common import MinutesError

log = logging.getLogger(__name__)


def may_have_minutes(meeting: Meeting) -> bool:
    """Minutes are written for scheduled (being held) and held meetings only."""
    return meeting.status in (MeetingStatus.SCHEDULED, MeetingStatus.HELD)


def editions_of(meeting: Meeting) -> list[Minutes]:
    """Every edition of the meeting's minutes, the first first. One query."""
    return list(
        db.session.scalars(
            select(Minutes)
            .options(joinedload(Minutes.approved_by))
            .where(Minutes.meeting_id == meeting.id)
            .order_by(Minutes.edition)
        ).all()
    )


def current_minutes(meeting: Meeting) -> Minutes | None:
    """The newest edition of the meeting's minutes; None before anyone started them."""
    return db.session.scalars(
        select(Minutes)
        .where(Minutes.meeting_id == meeting.id)
        .order_by(Minutes.edition.desc())
        .limit(1)
    ).first()


def minutes_edition(meeting: Meeting, edition: Any) -> Minutes | None:
    """The edition with this number (any value; None when there is none)."""
    try:
        number = int(edition)
    except (TypeError, ValueError):
        return None
    if not in_integer_range(number):
        return None
    return db.session.scalars(
        select(Minutes).where(Minutes.meeting_id == meeting.id, Minutes.edition == number)
    ).first()


def placeholder_minutes(meeting: Meeting) -> Minutes:
    """Unsaved minutes standing for ones not started yet (for permission checks and an
    empty editor); never added to the session."""
    return Minutes(meeting=meeting, edition=1, state=MinutesState.DRAFT, version=0)


def minutes_for(meeting: Meeting) -> Minutes:
    """The current edition of the meeting's minutes, created (a draft) when missing.

    Side effects: may add a Minutes row; flushes. Raises MinutesError for a meeting that
    is a draft or cancelled.
    """
    minutes = current_minutes(meeting)
    if minutes is not None:
        return minutes
    if not may_have_minutes(meeting):
        raise MinutesError(_l("Minutes are written for scheduled and held meetings only."))
    minutes = Minutes(meeting=meeting, edition=1, state=MinutesState.DRAFT)
    db.session.add(minutes)
    db.session.flush()
    log.info("meeting %s: minutes started", meeting.id)
    return minutes


def is_current(minutes: Minutes) -> bool:
    """Is this the newest edition (the one that may still change)?"""
    newest = db.session.scalar(
        select(func.max(Minutes.edition)).where(Minutes.meeting_id == minutes.meeting_id)
    )
    return newest is None or minutes.edition >= newest
