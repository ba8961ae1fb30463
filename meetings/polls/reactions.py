"""What date polls add to the pages of lower domains (``groups.signals``): on a group's
page, the way to its polls (with how many are open) for those who may see them, and for
its chair and assistants the way to a new poll, also from each open task."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..auth.permissions import can
from ..groups.models import WorkingGroup
from ..groups.signals import group_page
from .services import open_polls_count


@dataclass(frozen=True)
class GroupPolls:
    #: The group's polls still taking answers.
    open: int
    #: The viewer may start a poll (also from a task: "Find a date with a poll").
    may_create: bool


@group_page.connect
def polls_of_group(group: WorkingGroup, *, user: Any, **_: Any) -> dict[str, Any]:
    """The group's polls, for those who may see them (its members). One query."""
    if not can(user, "group.view_members", group):
        return {}
    return {
        "polls": GroupPolls(
            open=open_polls_count(group),
            may_create=can(user, "group.create_poll", group) and group.archived_at is None,
        )
    }
