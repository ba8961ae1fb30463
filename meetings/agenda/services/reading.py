"""Reading the agenda: its items in order, one item by id, and the helpers that keep the
positions of one level (the top level, or one item's sub-items) gapless."""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ...extensions import db
from ...scheduling.models import Meeting
from ..models import AgendaItem


class AgendaError(Exception):
    """A refused change; ``str(error)`` is a message in the user's language."""


def agenda_items(meeting: Meeting) -> list[AgendaItem]:
    """Every item of the meeting (both levels) in order, with presenter, group and attachments.

    Three queries however long the agenda is.
    """
    return list(
        db.session.scalars(
            select(AgendaItem)
            .options(
                joinedload(AgendaItem.presenter),
                joinedload(AgendaItem.responsible_group),
                selectinload(AgendaItem.attachments),
            )
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(AgendaItem.position, AgendaItem.id)
        ).all()
    )


def get_item(meeting: Meeting, item_id: Any) -> AgendaItem | None:
    """The meeting's item with this id; None for an unknown id or another meeting's item."""
    try:
        item_id = int(item_id)
    except (TypeError, ValueError):
        return None
    item = db.session.get(AgendaItem, item_id)
    return item if item is not None and item.meeting_id == meeting.id else None


def siblings(meeting_id: int, parent_id: int | None) -> list[AgendaItem]:
    """The items of one level in order: the top level (``parent_id`` None) or sub-items."""
    level = (
        AgendaItem.parent_id.is_(None) if parent_id is None else AgendaItem.parent_id == parent_id
    )
    return list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id, level)
            .order_by(AgendaItem.position, AgendaItem.id)
        ).all()
    )


def renumber(items: Sequence[AgendaItem]) -> None:
    """Positions 0, 1, 2 … in the given order."""
    for position, item in enumerate(items):
        item.position = position


def sub_label(index: int) -> str:
    """Letter of the sub-item at ``index`` among its siblings: a, b, … z, z1, z2 …"""
    letters = string.ascii_lowercase
    return letters[index] if index < len(letters) else f"z{index - 25}"
