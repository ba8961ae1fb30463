"""What waits for a person's answer: invitations to meetings ahead not answered yet,
among them those asked again after the time or place changed; and a person's answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from ..auth.permissions import can
from ..db import Bounded, bounded, utcnow
from ..extensions import db
from ..scheduling.enums import MeetingStatus
from ..scheduling.listings import listing, with_joint_groups
from ..scheduling.models import Meeting
from .enums import Rsvp
from .models import Invitation


def awaiting_answer(
    user: Any, *, limit: int = 5, now: dt.datetime | None = None
) -> Bounded[tuple[Meeting, Invitation]]:
    """Meetings ahead whose invitation the person has not answered, soonest first, with
    the invitation (``asked_again_at`` set: the time or place changed since they answered).
    Two queries."""
    now = now or utcnow()
    rows = db.session.execute(
        listing(joint_groups=False)
        .add_columns(Invitation)
        .join(Invitation, Invitation.meeting_id == Meeting.id)
        .where(
            Invitation.user_id == user.id,
            Invitation.rsvp == Rsvp.NEEDS_ACTION,
            Meeting.status == MeetingStatus.SCHEDULED,
            Meeting.ends_at >= now,
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(limit + 1)
    ).all()
    with_joint_groups([m for m, _ in rows])
    return bounded([(m, i) for m, i in rows if can(user, "meeting.answer", m)], limit)


def invitations_of(user: Any, meeting_ids: Iterable[int]) -> dict[int, Invitation]:
    """The person's invitation to each of the meetings (meeting id → invitation). One
    query, also for none (a page costs the same statements with its list empty)."""
    ids = list(meeting_ids)
    rows = db.session.scalars(
        select(Invitation).where(Invitation.user_id == user.id, Invitation.meeting_id.in_(ids))
    )
    return {invitation.meeting_id: invitation for invitation in rows}
