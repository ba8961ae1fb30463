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

from ..agenda.signals import OpenAction, action_review_drafting
from ..groups.models import WorkingGroup
from ..groups.signals import group_page
from .models import ActionItem
from .services import open_action_items


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
