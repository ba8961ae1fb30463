"""Changing items: add, change, delete, move and reorder items and sub-items."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ...auth.models import User
from ...extensions import db
from ...groups.models import Membership
from ...scheduling.models import Meeting
from ...storage import services as storage
from ..enums import ItemKind
from ..models import AgendaItem
from .reading import AgendaError, get_item, renumber, siblings


@dataclass
class ItemFields:
    title: str
    description: str | None = None
    presenter_id: int | None = None
    presenter_name: str | None = None
    kind: ItemKind = ItemKind.INFORMATION
    duration_minutes: int | None = None
    responsible_group_id: int | None = None
    parent_id: int | None = None


def presenter_choices(meeting: Meeting) -> list[tuple[int, str]]:
    """Members of the groups taking part, by name (one query)."""
    group_ids = [g.id for g in meeting.groups]
    users = db.session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.group_id.in_(group_ids))
        .distinct()
        .order_by(User.name)
    ).all()
    return [(u.id, u.name) for u in users]


def _check_fields(
    meeting: Meeting, fields: ItemFields, item: AgendaItem | None
) -> AgendaItem | None:
    """Validate references in ``fields``; return the parent item (or None for top level)."""
    if fields.duration_minutes is not None and fields.duration_minutes < 0:
        raise AgendaError(_("The duration must be a whole number of minutes, 0 or more."))
    if fields.presenter_id is not None and fields.presenter_id not in {
        uid for uid, _name in presenter_choices(meeting)
    }:
        raise AgendaError(_("Choose a presenter from the groups taking part."))
    if fields.responsible_group_id is not None and fields.responsible_group_id not in {
        g.id for g in meeting.groups
    }:
        raise AgendaError(_("Choose one of the groups taking part in the meeting."))
    if fields.parent_id is None:
        return None
    parent = get_item(meeting, fields.parent_id)
    if parent is None:
        raise AgendaError(_("That agenda item does not exist (any more)."))
    if parent.parent_id is not None:
        raise AgendaError(_("A sub-item cannot have sub-items of its own."))
    if item is not None:
        if parent.id == item.id:
            raise AgendaError(_("An item cannot be its own sub-item."))
        if item.children:
            raise AgendaError(_("An item with sub-items cannot become a sub-item itself."))
    return parent


def _apply(item: AgendaItem, fields: ItemFields) -> None:
    item.title = fields.title.strip()
    item.description = (fields.description or "").strip() or None
    item.presenter_id = fields.presenter_id
    item.presenter_name = None if fields.presenter_id else (fields.presenter_name or None)
    item.kind = fields.kind
    item.duration_minutes = fields.duration_minutes
    item.responsible_group_id = fields.responsible_group_id if item.meeting.extra_groups else None


def add_agenda_item(meeting: Meeting, fields: ItemFields) -> AgendaItem:
    """Add an item (or a sub-item of ``fields.parent_id``) at the end of its level.

    Side effects: a new AgendaItem row, flushed. Raises AgendaError for a sub-item of a
    sub-item, an unknown parent, presenter or group, or a negative duration.
    """
    parent = _check_fields(meeting, fields, None)
    level = siblings(meeting.id, parent.id if parent else None)
    item = AgendaItem(meeting=meeting, parent=parent, position=len(level), title="")
    # In the session before ``_apply`` may query (autoflush): a pending item outside it
    # would be skipped from the meeting's collection with a warning.
    db.session.add(item)
    _apply(item, fields)
    db.session.flush()
    return item


def update_agenda_item(item: AgendaItem, fields: ItemFields) -> None:
    """Change an item; moving it under another parent puts it last there.

    Side effects: the item (and its old and new siblings' positions) updated, flushed.
    """
    meeting = item.meeting
    parent = _check_fields(meeting, fields, item)
    new_parent_id = parent.id if parent else None
    if new_parent_id != item.parent_id:
        old_parent_id = item.parent_id
        item.parent = parent
        item.position = len(siblings(meeting.id, new_parent_id))
        db.session.flush()
        renumber([s for s in siblings(meeting.id, old_parent_id) if s.id != item.id])
    _apply(item, fields)
    db.session.flush()


def delete_agenda_item(item: AgendaItem) -> None:
    """Delete an item with its sub-items and their attachments.

    Side effects: rows deleted, the attachments' stored files discarded (see
    ``storage.discard``), siblings renumbered, flushed.
    """
    meeting_id, parent_id = item.meeting_id, item.parent_id
    doomed = [item, *item.children]
    files = [a.file for i in doomed for a in i.attachments]
    for i in doomed:
        for attachment in list(i.attachments):
            db.session.delete(attachment)
    db.session.delete(item)
    db.session.flush()
    for stored in files:
        storage.discard(stored)
    renumber(siblings(meeting_id, parent_id))
    db.session.flush()


def move_agenda_item(item: AgendaItem, direction: str) -> None:
    """Swap the item with its previous ("up") or next ("down") sibling.

    Side effects: two positions changed, flushed. Raises AgendaError when the item is
    already first (up) or last (down), or for an unknown direction.
    """
    level = siblings(item.meeting_id, item.parent_id)
    index = next(i for i, s in enumerate(level) if s.id == item.id)
    if direction == "up":
        if index == 0:
            raise AgendaError(_("This item is already the first one."))
        other = index - 1
    elif direction == "down":
        if index == len(level) - 1:
            raise AgendaError(_("This item is already the last one."))
        other = index + 1
    else:
        raise AgendaError(_("Unknown direction: move the item up or down."))
    level[index], level[other] = level[other], level[index]
    renumber(level)
    db.session.flush()


def reorder_agenda_items(meeting: Meeting, parent_id: Any, ordered_ids: Iterable[Any]) -> None:
    """Put the items of one level (top level, or one item's sub-items) in the given order.

    Side effects: positions changed, flushed. Raises AgendaError unless the ids are exactly
    the items of that level.
    """
    parent = None
    if parent_id not in (None, ""):
        parent = get_item(meeting, parent_id)
        if parent is None or parent.parent_id is not None:
            raise AgendaError(_("That agenda item does not exist (any more)."))
    level = siblings(meeting.id, parent.id if parent else None)
    by_id = {s.id: s for s in level}
    try:
        ids = [int(i) for i in ordered_ids]
    except (TypeError, ValueError):
        raise AgendaError(_("The new order could not be read. Reload the page.")) from None
    if sorted(ids) != sorted(by_id) or len(set(ids)) != len(ids):
        raise AgendaError(_("The agenda has changed meanwhile. Reload the page and try again."))
    renumber([by_id[i] for i in ids])
    db.session.flush()
