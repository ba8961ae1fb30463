"""What the minutes add to the drafts and pages of lower domains: the open action items
a new agenda's review item lists (``agenda.signals``) and a group's page shows
(``groups.signals``).

``create_app`` imports this module (``meetings.signals.REACTING_DOMAINS``), which connects
the receivers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..agenda.signals import OpenAction, action_review_drafting
from ..extensions import db
from ..groups.models import WorkingGroup
from ..groups.signals import group_page
from .enums import ActionStatus
from .models import ActionItem


def open_action_items(group: WorkingGroup, limit: int | None = None) -> list[ActionItem]:
    """The group's open action items, earliest due first (undated last), then by id; the
    first ``limit`` of them when given. Owner, owner's organisation and meeting are loaded
    with them: one query."""
    query = (
        select(ActionItem)
        .options(
            joinedload(ActionItem.owner),
            joinedload(ActionItem.owner_organisation),
            joinedload(ActionItem.meeting),
        )
        .where(ActionItem.group_id == group.id, ActionItem.status == ActionStatus.OPEN)
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query).all())


@action_review_drafting.connect
def open_actions_for_review(group: WorkingGroup, **_: Any) -> dict[str, Any]:
    """The group's open tasks, for the agenda's "Review of open action items"."""
    return {
        "open_actions": [
            OpenAction(
                text=action.text,
                owner=action.owner.name if action.owner else None,
                due_on=action.due_on,
            )
            for action in open_action_items(group)
        ]
    }


#: Open tasks shown on the group page (the soonest due first).
TASKS_SHOWN = 20


@dataclass
class OpenTask:
    item: ActionItem
    #: Its due date is before today in the group's time zone.
    overdue: bool


@group_page.connect
def open_tasks_of_group(group: WorkingGroup, *, show_members: bool, **_: Any) -> dict[str, Any]:
    """The group's first open tasks, for those who may see its members."""
    if not show_members:
        return {}
    today = dt.datetime.now(ZoneInfo(group.timezone)).date()
    items = open_action_items(group, limit=TASKS_SHOWN)
    return {"tasks": [OpenTask(i, i.due_on is not None and i.due_on < today) for i in items]}
