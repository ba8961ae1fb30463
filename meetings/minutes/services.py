"""Action items as people follow them up."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..auth.permissions import can
from ..extensions import db
from .enums import ActionStatus
from .models import ActionItem


def open_action_items_for(user: Any, limit: int | None = None) -> list[ActionItem]:
    """The person's open tasks across their groups, earliest due first (undated last).

    One query; tasks of a group the person has left are not shown.
    """
    query = (
        select(ActionItem)
        .options(joinedload(ActionItem.group), joinedload(ActionItem.meeting))
        .where(ActionItem.owner_id == user.id, ActionItem.status == ActionStatus.OPEN)
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return [item for item in db.session.scalars(query) if can(user, "action.view", item)]
