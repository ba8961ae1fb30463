"""The agenda of a meeting: items and sub-items, their order, the timetable, templates,
publishing and attachments.

Services flush, never commit: the view that calls them commits once. Refusals are raised
as ``AgendaError`` carrying a message in the user's language.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import secrets
import string
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..auth.models import User
from ..auth.permissions import can
from ..db import utcnow
from ..extensions import db
from ..groups.models import Membership, WorkingGroup
from ..i18n import force_locale, format_local_date, format_local_time
from ..minutes.enums import ActionStatus
from ..minutes.models import ActionItem
from ..scheduling.enums import MeetingStatus
from ..scheduling.models import Meeting
from .enums import ItemKind
from .models import AgendaItem, Attachment

log = logging.getLogger(__name__)

#: Largest attachment accepted (the app's MAX_CONTENT_LENGTH must stay above it).
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


class AgendaError(Exception):
    """A refused change; ``str(error)`` is a message in the user's language."""


# --- reading the agenda ----------------------------------------------------------------------


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


def _siblings(meeting_id: int, parent_id: int | None) -> list[AgendaItem]:
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


def _renumber(items: Sequence[AgendaItem]) -> None:
    for position, item in enumerate(items):
        item.position = position


def sub_label(index: int) -> str:
    """Letter of the sub-item at ``index`` among its siblings: a, b, … z, z1, z2 …"""
    letters = string.ascii_lowercase
    return letters[index] if index < len(letters) else f"z{index - 25}"


# --- the timetable ---------------------------------------------------------------------------


@dataclass
class AttachmentInfo:
    id: int
    filename: str
    content_type: str
    size_bytes: int


@dataclass
class TimetableRow:
    """One line of the agenda as shown: its number ("2." or "2a"), planned start and end."""

    number: str
    id: int
    parent_id: int | None
    title: str
    description: str | None
    presenter: str | None
    kind: ItemKind
    duration_minutes: int | None
    responsible_group: str | None
    #: Planned start and end, when the durations of every earlier item are known.
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    is_first: bool
    is_last: bool
    attachments: list[AttachmentInfo] = field(default_factory=list)
    children: list[TimetableRow] = field(default_factory=list)
    #: The sub-items need more time than the item's own duration.
    children_overrun: bool = False


@dataclass
class Timetable:
    rows: list[TimetableRow]
    #: Planned end of the last item (None when a duration is missing).
    ends_at: dt.datetime | None
    #: The programme runs past the meeting's end, by this many minutes.
    overrun_minutes: int = 0
    has_times: bool = False

    @property
    def overruns(self) -> bool:
        return self.overrun_minutes > 0

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __iter__(self):
        return iter(self.rows)


def _presenter(item: AgendaItem) -> str | None:
    return item.presenter.name if item.presenter else item.presenter_name


def _add(clock: dt.datetime | None, minutes: int | None) -> dt.datetime | None:
    if clock is None or minutes is None:
        return None
    return clock + dt.timedelta(minutes=minutes)


def build_timetable(meeting: Meeting, items: Sequence[AgendaItem] | None = None) -> Timetable:
    """The agenda numbered 1., 2., 2a, 2b … with planned start times.

    Items run one after another from the meeting's start. Sub-items run inside their
    parent's time when the parent has a duration, else one after another (and then make up
    the parent's length). A missing duration leaves the following start times open.
    """
    items = agenda_items(meeting) if items is None else items
    children: dict[int, list[AgendaItem]] = {}
    top: list[AgendaItem] = []
    for item in items:
        if item.parent_id is None:
            top.append(item)
        else:
            children.setdefault(item.parent_id, []).append(item)

    def row(item: AgendaItem, number: str, starts: dt.datetime | None, first: bool, last: bool):
        return TimetableRow(
            number=number,
            id=item.id,
            parent_id=item.parent_id,
            title=item.title,
            description=item.description,
            presenter=_presenter(item),
            kind=item.kind,
            duration_minutes=item.duration_minutes,
            responsible_group=item.responsible_group.name if item.responsible_group else None,
            starts_at=starts,
            ends_at=None,
            is_first=first,
            is_last=last,
            attachments=[
                AttachmentInfo(a.id, a.filename, a.content_type, a.size_bytes)
                for a in item.attachments
            ],
        )

    rows: list[TimetableRow] = []
    clock: dt.datetime | None = meeting.starts_at
    for index, item in enumerate(top):
        parent_row = row(item, f"{index + 1}.", clock, index == 0, index == len(top) - 1)
        subs = children.get(item.id, [])
        sub_clock = clock
        for sub_index, child in enumerate(subs):
            child_row = row(
                child,
                f"{index + 1}{sub_label(sub_index)}",
                sub_clock,
                sub_index == 0,
                sub_index == len(subs) - 1,
            )
            sub_clock = _add(sub_clock, child.duration_minutes)
            child_row.ends_at = sub_clock
            parent_row.children.append(child_row)
        if item.duration_minutes is not None:
            parent_end = _add(clock, item.duration_minutes)
            if sub_clock is not None and parent_end is not None and subs:
                parent_row.children_overrun = sub_clock > parent_end
        elif subs:
            parent_end = sub_clock
        else:
            parent_end = None
        parent_row.ends_at = parent_end
        clock = parent_end
        rows.append(parent_row)

    has_times = any(i.duration_minutes is not None for i in items)
    if not has_times:
        # Without any duration there is no timetable: show no times at all.
        for r in rows:
            r.starts_at = r.ends_at = None
            for c in r.children:
                c.starts_at = c.ends_at = None
    ends_at = clock if rows and has_times else None
    overrun = 0
    if ends_at is not None and ends_at > meeting.ends_at:
        overrun = int((ends_at - meeting.ends_at).total_seconds() // 60)
    return Timetable(rows=rows, ends_at=ends_at, overrun_minutes=overrun, has_times=has_times)


# --- who may see the agenda ------------------------------------------------------------------


def agenda_is_published(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    """Published now, or due by its scheduled publishing time."""
    if meeting.agenda_published_at is not None:
        return True
    return meeting.agenda_publish_at is not None and meeting.agenda_publish_at <= (now or utcnow())


def may_see_agenda(user: Any, meeting: Meeting, now: dt.datetime | None = None) -> bool:
    """Managers always see the agenda (as a draft); others once it is published."""
    if can(user, "agenda.edit", meeting):
        return True
    return can(user, "meeting.view", meeting) and agenda_is_published(meeting, now)


@dataclass
class AgendaSection:
    """What the meeting page's agenda section shows to one person."""

    visible: bool
    is_draft: bool
    may_edit: bool
    may_review: bool
    review_pending: bool
    timetable: Timetable | None
    attachments: list[AttachmentInfo]


def agenda_section(user: Any, meeting: Meeting, now: dt.datetime | None = None) -> AgendaSection:
    """The agenda as the meeting page shows it to ``user`` (nothing when not yet published)."""
    visible = may_see_agenda(user, meeting, now)
    may_review = can(user, "agenda.review", meeting)
    published = agenda_is_published(meeting, now)
    timetable = build_timetable(meeting) if visible else None
    return AgendaSection(
        visible=visible,
        is_draft=not published,
        may_edit=can(user, "agenda.edit", meeting),
        may_review=may_review,
        review_pending=review_pending(meeting),
        timetable=timetable,
        attachments=meeting_attachments(meeting) if visible else [],
    )


def review_pending(meeting: Meeting) -> bool:
    requested = meeting.agenda_review_requested_at
    reviewed = meeting.agenda_reviewed_at
    return requested is not None and (reviewed is None or reviewed < requested)


# --- changing items --------------------------------------------------------------------------


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
    siblings = _siblings(meeting.id, parent.id if parent else None)
    item = AgendaItem(meeting=meeting, parent=parent, position=len(siblings), title="")
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
        item.position = len(_siblings(meeting.id, new_parent_id))
        db.session.flush()
        _renumber([s for s in _siblings(meeting.id, old_parent_id) if s.id != item.id])
    _apply(item, fields)
    db.session.flush()


def delete_agenda_item(item: AgendaItem) -> list[str]:
    """Delete an item with its sub-items and their attachments.

    Side effects: rows deleted, siblings renumbered, flushed. Returns the storage paths of
    the deleted attachments, for the caller to remove after the commit.
    """
    meeting_id, parent_id = item.meeting_id, item.parent_id
    doomed = [item, *item.children]
    paths = [a.storage_path for i in doomed for a in i.attachments]
    for i in doomed:
        for attachment in list(i.attachments):
            db.session.delete(attachment)
    db.session.delete(item)
    db.session.flush()
    _renumber(_siblings(meeting_id, parent_id))
    db.session.flush()
    return paths


def move_agenda_item(item: AgendaItem, direction: str) -> None:
    """Swap the item with its previous ("up") or next ("down") sibling.

    Side effects: two positions changed, flushed. Raises AgendaError when the item is
    already first (up) or last (down), or for an unknown direction.
    """
    siblings = _siblings(item.meeting_id, item.parent_id)
    index = next(i for i, s in enumerate(siblings) if s.id == item.id)
    if direction == "up":
        if index == 0:
            raise AgendaError(_("This item is already the first one."))
        other = index - 1
    elif direction == "down":
        if index == len(siblings) - 1:
            raise AgendaError(_("This item is already the last one."))
        other = index + 1
    else:
        raise AgendaError(_("Unknown direction: move the item up or down."))
    siblings[index], siblings[other] = siblings[other], siblings[index]
    _renumber(siblings)
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
    siblings = _siblings(meeting.id, parent.id if parent else None)
    by_id = {s.id: s for s in siblings}
    try:
        ids = [int(i) for i in ordered_ids]
    except (TypeError, ValueError):
        raise AgendaError(_("The new order could not be read. Reload the page.")) from None
    if sorted(ids) != sorted(by_id) or len(set(ids)) != len(ids):
        raise AgendaError(_("The agenda has changed meanwhile. Reload the page and try again."))
    _renumber([by_id[i] for i in ids])
    db.session.flush()


# --- starting an agenda ----------------------------------------------------------------------

#: Standard item titles in the group's language (document text, like the meeting titles).
_MINUTES_APPROVAL = {
    "en": "Approval of the minutes of meeting {n}",
    "cs": "Schválení zápisu z {n}. setkání",
    "sk": "Schválenie zápisnice z {n}. zasadnutia",
    "hu": "A(z) {n}. ülés jegyzőkönyvének jóváhagyása",
    "lv": "{n}. sanāksmes protokola apstiprināšana",
}
_MINUTES_APPROVAL_PREVIOUS = {
    "en": "Approval of the minutes of the previous meeting",
    "cs": "Schválení zápisu z předchozího setkání",
    "sk": "Schválenie zápisnice z predchádzajúceho zasadnutia",
    "hu": "Az előző ülés jegyzőkönyvének jóváhagyása",
    "lv": "Iepriekšējās sanāksmes protokola apstiprināšana",
}
_ACTION_REVIEW = {
    "en": "Review of open action items",
    "cs": "Kontrola plnění otevřených úkolů",
    "sk": "Kontrola plnenia otvorených úloh",
    "hu": "A nyitott feladatok áttekintése",
    "lv": "Atvērto uzdevumu izpildes pārskats",
}


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The host group's most recent earlier meeting that has an agenda (not cancelled)."""
    return db.session.scalars(
        select(Meeting)
        .where(
            Meeting.group_id == meeting.group_id,
            Meeting.id != meeting.id,
            Meeting.starts_at < meeting.starts_at,
            Meeting.status != MeetingStatus.CANCELLED,
            Meeting.agenda_items.any(),
        )
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    ).first()


def _previous_number(meeting: Meeting) -> int | None:
    if meeting.number is not None:
        return meeting.number - 1 if meeting.number > 1 else None
    last = db.session.scalars(
        select(Meeting.number)
        .where(
            Meeting.group_id == meeting.group_id,
            Meeting.number.is_not(None),
            Meeting.starts_at < meeting.starts_at,
        )
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    ).first()
    return last


def _standard_titles(group: WorkingGroup) -> set[str]:
    lang = str(group.language)
    titles = {_ACTION_REVIEW.get(lang, _ACTION_REVIEW["en"])}
    titles.add(_MINUTES_APPROVAL_PREVIOUS.get(lang, _MINUTES_APPROVAL_PREVIOUS["en"]))
    return titles


def _is_standard_title(group: WorkingGroup, title: str) -> bool:
    if title in _standard_titles(group):
        return True
    pattern = _MINUTES_APPROVAL.get(str(group.language), _MINUTES_APPROVAL["en"])
    regex = "^" + re.escape(pattern).replace(re.escape("{n}"), r"\d+") + "$"
    return re.match(regex, title) is not None


def open_action_items(group: WorkingGroup) -> list[ActionItem]:
    return list(
        db.session.scalars(
            select(ActionItem)
            .options(joinedload(ActionItem.owner))
            .where(ActionItem.group_id == group.id, ActionItem.status == ActionStatus.OPEN)
            .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)
        ).all()
    )


def standard_items(meeting: Meeting) -> list[ItemFields]:
    """The items the host group wants on every agenda, in the group's language."""
    group = meeting.group
    lang = str(group.language)
    result: list[ItemFields] = []
    if group.adds_minutes_approval_item:
        n = _previous_number(meeting)
        title = (
            _MINUTES_APPROVAL.get(lang, _MINUTES_APPROVAL["en"]).format(n=n)
            if n
            else _MINUTES_APPROVAL_PREVIOUS.get(lang, _MINUTES_APPROVAL_PREVIOUS["en"])
        )
        result.append(ItemFields(title=title, kind=ItemKind.DECISION))
    if group.adds_action_review_item:
        lines = []
        with force_locale(lang):
            for action in open_action_items(group):
                line = f"- {action.text}"
                extras = []
                if action.owner:
                    extras.append(action.owner.name)
                if action.due_on:
                    extras.append(format_local_date(action.due_on, fmt="medium"))
                if extras:
                    line += f" ({', '.join(extras)})"
                lines.append(line)
        result.append(
            ItemFields(
                title=_ACTION_REVIEW.get(lang, _ACTION_REVIEW["en"]),
                description="\n".join(lines) or None,
                kind=ItemKind.INFORMATION,
            )
        )
    return result


#: Ways to start an agenda.
START_SOURCES = ("previous", "template", "standard")


def start_agenda(meeting: Meeting, source: str) -> int:
    """Fill an empty agenda from the previous meeting's agenda, the group's template, or with
    the standard items only; the group's standard items come first in every case.

    Side effects: new AgendaItem rows, flushed. Returns how many items were added. Raises
    AgendaError when the agenda already has items, the source is unknown or empty.
    """
    if source not in START_SOURCES:
        raise AgendaError(_("Choose how to start the agenda."))
    if db.session.scalar(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting.id)):
        raise AgendaError(_("The agenda already has items. Delete them first to start anew."))
    group = meeting.group
    copied: list[tuple[ItemFields, list[ItemFields]]] = []
    if source == "previous":
        previous = previous_meeting(meeting)
        if previous is None:
            raise AgendaError(_("There is no earlier meeting of this group with an agenda."))
        items = agenda_items(previous)
        kids: dict[int, list[AgendaItem]] = {}
        for i in items:
            if i.parent_id is not None:
                kids.setdefault(i.parent_id, []).append(i)
        for i in items:
            if i.parent_id is not None or _is_standard_title(group, i.title):
                continue
            copied.append((_fields_of(i), [_fields_of(c) for c in kids.get(i.id, [])]))
    elif source == "template":
        titles = [t.strip() for t in (group.agenda_template or "").splitlines() if t.strip()]
        if not titles:
            raise AgendaError(_("The group has no agenda template yet."))
        copied = [(ItemFields(title=t[:500]), []) for t in titles]
    count = 0
    for fields in standard_items(meeting):
        add_agenda_item(meeting, fields)
        count += 1
    for fields, children in copied:
        parent = add_agenda_item(meeting, fields)
        count += 1
        for child in children:
            child.parent_id = parent.id
            add_agenda_item(meeting, child)
            count += 1
    return count


def _fields_of(item: AgendaItem) -> ItemFields:
    return ItemFields(
        title=item.title,
        description=item.description,
        presenter_id=item.presenter_id,
        presenter_name=item.presenter_name,
        kind=item.kind,
        duration_minutes=item.duration_minutes,
        responsible_group_id=None,
    )


# --- publishing ------------------------------------------------------------------------------


def publish_agenda(meeting: Meeting, now: dt.datetime | None = None) -> None:
    """Make the agenda visible to members now. Side effects: agenda_published_at set,
    a scheduled time cleared; flushed."""
    meeting.agenda_published_at = now or utcnow()
    meeting.agenda_publish_at = None
    db.session.flush()


def schedule_agenda_publication(
    meeting: Meeting, at: dt.datetime, now: dt.datetime | None = None
) -> None:
    """Publish the agenda automatically at ``at`` (aware). Side effects: agenda_publish_at
    set; flushed. Raises AgendaError for a time in the past."""
    if at <= (now or utcnow()):
        raise AgendaError(_("Choose a publishing time in the future."))
    meeting.agenda_publish_at = at
    meeting.agenda_published_at = None
    db.session.flush()


def withdraw_agenda(meeting: Meeting) -> None:
    """Back to a draft: hidden from members again. Side effects: both publishing times
    cleared; flushed."""
    meeting.agenda_published_at = None
    meeting.agenda_publish_at = None
    db.session.flush()


def publish_due_agendas(now: dt.datetime | None = None, meeting_id: int | None = None) -> int:
    """Publish every agenda whose scheduled time has come (or only ``meeting_id``'s).

    For a background job, and cheaply from page views. Side effects: agenda_published_at
    set to the scheduled time, agenda_publish_at cleared; flushed. Returns how many agendas
    were published.
    """
    now = now or utcnow()
    query = select(Meeting).where(
        Meeting.agenda_published_at.is_(None), Meeting.agenda_publish_at <= now
    )
    if meeting_id is not None:
        query = query.where(Meeting.id == meeting_id)
    due = db.session.scalars(query).all()
    for meeting in due:
        meeting.agenda_published_at = meeting.agenda_publish_at
        meeting.agenda_publish_at = None
    db.session.flush()
    if due:
        log.info("published %s agenda(s) due by %s", len(due), now.isoformat())
    return len(due)


def agenda_publication_due(meeting_id: int, now: dt.datetime | None = None) -> bool:
    """One cheap query: does this meeting's agenda wait for a time that has come?"""
    return (
        db.session.scalar(
            select(Meeting.id).where(
                Meeting.id == meeting_id,
                Meeting.agenda_published_at.is_(None),
                Meeting.agenda_publish_at <= (now or utcnow()),
            )
        )
        is not None
    )


def request_agenda_review(meeting: Meeting, now: dt.datetime | None = None) -> None:
    """Ask the chair to review the agenda. Side effects: agenda_review_requested_at set,
    an earlier review cleared; flushed."""
    meeting.agenda_review_requested_at = now or utcnow()
    meeting.agenda_reviewed_at = None
    meeting.agenda_reviewed_by_id = None
    db.session.flush()


def mark_agenda_reviewed(meeting: Meeting, reviewer: User, now: dt.datetime | None = None) -> None:
    """Record the chair's review. Side effects: agenda_reviewed_at/_by set; flushed."""
    meeting.agenda_reviewed_at = now or utcnow()
    meeting.agenda_reviewed_by_id = reviewer.id
    db.session.flush()


# --- attachments -----------------------------------------------------------------------------

#: Detected media type → the file name extensions it may carry (first: the one we add).
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": ("pdf",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/gif": ("gif",),
    "image/webp": ("webp",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("pptx",),
    "application/vnd.oasis.opendocument.text": ("odt",),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods",),
    "application/vnd.oasis.opendocument.presentation": ("odp",),
    "application/msword": ("doc",),
    "application/vnd.ms-excel": ("xls",),
}

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_content_type(path: Path) -> str | None:
    """The media type of the file judged by its content; None when it is not one we accept."""
    with path.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"PK\x03\x04"):
        return _zip_office_type(path)
    if head.startswith(_OLE2):
        return _ole2_type(path)
    return None


def _zip_office_type(path: Path) -> str | None:
    """OOXML by [Content_Types].xml and its word/ xl/ ppt/ part; ODF by its mimetype file."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size > 100:
                    return None
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return mimetype if mimetype in ALLOWED_TYPES else None
            if "[Content_Types].xml" in names:
                for prefix, media_type in (
                    ("word/", "wordprocessingml.document"),
                    ("xl/", "spreadsheetml.sheet"),
                    ("ppt/", "presentationml.presentation"),
                ):
                    if any(n.startswith(prefix) for n in names):
                        return f"application/vnd.openxmlformats-officedocument.{media_type}"
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None


def _ole2_type(path: Path) -> str | None:
    """Word 97–2003 or Excel 97–2003 by the stream names in the compound file's directory."""
    with path.open("rb") as fh:
        data = fh.read(4 * 1024 * 1024)
    if "WordDocument".encode("utf-16-le") in data:
        return "application/msword"
    if "Workbook".encode("utf-16-le") in data or "Book\x00".encode("utf-16-le") in data:
        return "application/vnd.ms-excel"
    return None


_UNSAFE = re.compile(r'[\x00-\x1f\x7f"*/:<>?\\|]+')


def sanitise_filename(name: str | None) -> str:
    """The uploaded name without folders, control or reserved characters; at most 255."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 200 - len(ext) - 1] + "." + ext) if dot and len(ext) <= 10 else name[:200]
    return name


def _extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def uploads_folder() -> Path:
    return Path(current_app.instance_path) / "uploads"


def attachment_file(attachment: Attachment) -> Path:
    """The stored file; its path never contains anything the user chose."""
    root = uploads_folder().resolve()
    path = (root / attachment.storage_path).resolve()
    if root not in path.parents:
        raise FileNotFoundError(attachment.storage_path)
    return path


def max_attachment_bytes() -> int:
    return int(current_app.config.get("ATTACHMENT_MAX_BYTES", MAX_ATTACHMENT_BYTES))


def store_attachment(
    meeting: Meeting,
    stream: IO[bytes],
    filename: str | None,
    uploaded_by: User | None,
    item: AgendaItem | None = None,
) -> Attachment:
    """Check and keep an uploaded file for the meeting (or one of its items).

    The type is judged by the content; the file is stored under ``instance/uploads/`` with a
    random name and its SHA-256 recorded. Side effects: a file written, an Attachment row
    added and flushed. Raises AgendaError for an empty, too large or disallowed file, or a
    name whose extension does not match the content.
    """
    limit = max_attachment_bytes()
    token = secrets.token_hex(16)
    relative = f"{token[:2]}/{token}"
    root = uploads_folder()
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(token + ".part")
    digest = hashlib.sha256()
    size = 0
    try:
        with partial.open("wb") as out:
            while chunk := stream.read(1024 * 1024):
                size += len(chunk)
                if size > limit:
                    raise AgendaError(
                        _(
                            "The file is larger than %(limit)s MB. Choose a smaller file.",
                            limit=limit // (1024 * 1024),
                        )
                    )
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise AgendaError(_("The file is empty."))
        content_type = detect_content_type(partial)
        if content_type is None:
            raise AgendaError(
                _(
                    "This type of file is not accepted. Attach a PDF, an office document "
                    "(docx, xlsx, pptx, odt, ods, odp, doc, xls) or an image (png, jpeg, gif, "
                    "webp)."
                )
            )
        name = sanitise_filename(filename)
        extensions = ALLOWED_TYPES[content_type]
        ext = _extension(name)
        if not name:
            name = f"attachment.{extensions[0]}"
        elif not ext:
            name = f"{name}.{extensions[0]}"
        elif ext not in extensions:
            raise AgendaError(
                _(
                    "The file's content (%(kind)s) does not match its name (.%(ext)s).",
                    kind=extensions[0].upper(),
                    ext=ext,
                )
            )
        os.replace(partial, target)
    finally:
        if partial.exists():
            partial.unlink()
    attachment = Attachment(
        meeting=meeting,
        agenda_item=item,
        filename=name,
        content_type=content_type,
        size_bytes=size,
        sha256=digest.hexdigest(),
        storage_path=relative,
        uploaded_by_id=uploaded_by.id if uploaded_by else None,
    )
    db.session.add(attachment)
    db.session.flush()
    return attachment


def get_attachment(meeting: Meeting, attachment_id: int) -> Attachment | None:
    attachment = db.session.get(Attachment, attachment_id)
    return attachment if attachment and attachment.meeting_id == meeting.id else None


def meeting_attachments(meeting: Meeting) -> list[AttachmentInfo]:
    """Attachments of the meeting itself (not of an item)."""
    rows = db.session.scalars(
        select(Attachment)
        .where(Attachment.meeting_id == meeting.id, Attachment.agenda_item_id.is_(None))
        .order_by(Attachment.created_at, Attachment.id)
    ).all()
    return [AttachmentInfo(a.id, a.filename, a.content_type, a.size_bytes) for a in rows]


def delete_attachment(attachment: Attachment) -> str:
    """Delete the attachment's row. Side effects: row deleted, flushed. Returns the storage
    path, for the caller to remove once the change is committed."""
    path = attachment.storage_path
    db.session.delete(attachment)
    db.session.flush()
    return path


def remove_stored_files(paths: Iterable[str]) -> None:
    """Remove stored files (after the commit that deleted their rows)."""
    root = uploads_folder().resolve()
    for relative in paths:
        path = (root / relative).resolve()
        if root in path.parents:
            path.unlink(missing_ok=True)


def may_download(user: Any, attachment: Attachment, now: dt.datetime | None = None) -> bool:
    """Anyone who may see the meeting; an item's attachment only once the agenda is
    visible to them."""
    meeting = attachment.meeting
    if attachment.agenda_item_id is None:
        return can(user, "meeting.view", meeting)
    return may_see_agenda(user, meeting, now)


# --- the agenda as a document ----------------------------------------------------------------


@dataclass
class DocumentItem:
    number: str
    title: str
    time: str
    presenter: str
    duration: int | None
    responsible_group: str
    description: str
    children: list[DocumentItem] = field(default_factory=list)


@dataclass
class AgendaDocument:
    """Everything the agenda PDF shows, as plain values in the group's language."""

    lang: str
    group_name: str
    number: str
    title: str
    date: str
    time: str
    venue_name: str
    venue_address: str
    room: str
    online_url: str
    is_joint: bool
    groups: list[str]
    is_draft: bool
    items: list[DocumentItem]
    ends: str


def agenda_document(meeting: Meeting, now: dt.datetime | None = None) -> AgendaDocument:
    """Primitives for templates/print/agenda.html, formatted in the group's language."""
    lang = str(meeting.group.language)
    timetable = build_timetable(meeting)
    zone = meeting.timezone

    def doc_item(row: TimetableRow) -> DocumentItem:
        return DocumentItem(
            number=row.number,
            title=row.title,
            time=format_local_time(row.starts_at, zone) if row.starts_at else "",
            presenter=row.presenter or "",
            duration=row.duration_minutes,
            responsible_group=row.responsible_group or "",
            description=row.description or "",
            children=[doc_item(c) for c in row.children],
        )

    with force_locale(lang):
        venue = meeting.venue
        return AgendaDocument(
            lang=lang,
            group_name=meeting.group.name,
            number=f"{meeting.number}." if meeting.number else "",
            title=meeting.title,
            date=format_local_date(meeting.starts_at, zone),
            time=f"{format_local_time(meeting.starts_at, zone)}–"
            f"{format_local_time(meeting.ends_at, zone)}",
            venue_name=venue.name if venue else "",
            venue_address=venue.address if venue else "",
            room=meeting.room_name or "",
            online_url=meeting.online_url or (venue.online_url if venue else None) or "",
            is_joint=bool(meeting.extra_groups),
            groups=[g.name for g in meeting.groups],
            is_draft=not agenda_is_published(meeting, now),
            items=[doc_item(r) for r in timetable.rows],
            ends=format_local_time(timetable.ends_at, zone) if timetable.ends_at else "",
        )


def local_input_time(meeting: Meeting, value: dt.datetime) -> dt.datetime:
    """A naive wall-clock time entered by the assistant, in the meeting's zone."""
    from zoneinfo import ZoneInfo

    return value.replace(tzinfo=ZoneInfo(meeting.timezone))


def agenda_summary_time(meeting: Meeting, value: dt.datetime | None) -> str:
    if value is None:
        return ""
    zone = meeting.timezone
    return f"{format_local_date(value, zone, 'medium')} {format_local_time(value, zone)}"
