"""Saving the editor: the texts, decisions and action items of the minutes as one revision,
with optimistic locking (a save based on an old version raises ``EditConflict``)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.attributes import flag_modified

from ...db import utcnow
from ...extensions import db
from ...scheduling.models import Meeting
from ..enums import ActionStatus, MinutesState
from ..models import ActionItem, Decision, Minutes, MinutesEntry
from ..signals import task_assigned
from .common import EditConflict, MinutesError, clean_text
from .decisions import decisions_of
from .editions import current_minutes, minutes_for
from .history import record_revision
from .items import agenda_rows
from .roll_call import roll_call_decision_ids
from .tasks import actions_of, set_status

log = logging.getLogger(__name__)


@dataclass
class DecisionChange:
    """A decision as the editor sends it: ``id`` None for a new one."""

    id: int | None
    agenda_item_id: int | None
    text: str
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstaining: int | None = None
    remove: bool = False


@dataclass
class ActionChange:
    """An action item as the editor sends it: ``id`` None for a new one."""

    id: int | None
    agenda_item_id: int | None
    text: str
    owner_id: int | None = None
    owner_organisation_id: int | None = None
    due_on: dt.date | None = None
    status: ActionStatus = ActionStatus.OPEN
    remove: bool = False


@dataclass
class MinutesTexts:
    """Everything the editor sends, checked by the form."""

    opening: str = ""
    closing: str = ""
    next_meeting: str = ""
    #: agenda item id → course of the meeting under it.
    items: dict[int, str] = field(default_factory=dict)
    #: texts of entries whose agenda item was removed: entry id → text.
    orphans: dict[int, str] = field(default_factory=dict)
    decisions: list[DecisionChange] = field(default_factory=list)
    actions: list[ActionChange] = field(default_factory=list)


def save_minutes(
    meeting: Meeting,
    texts: MinutesTexts,
    *,
    based_on_version: int,
    actor: Any,
    note: str | None = None,
) -> Minutes:
    """Save the editor: texts, decisions and action items, as one revision.

    ``based_on_version`` is the version the editor showed (0 when no minutes existed yet);
    when someone has saved since, EditConflict is raised and nothing changes.

    Side effects: creates the minutes when missing; sets the texts; adds, changes and
    removes the meeting's decisions and action items (decisions of a first edition are
    renumbered in agenda order: 10/1, 10/2 …); bumps the version (optimistic lock); adds a
    MinutesRevision (number n+1, the author, a snapshot); flushes; ``task_assigned`` sent
    for every task that got a new owner. Raises MinutesError
    when the minutes may not change (not a draft). SQLAlchemy's StaleDataError at the
    flush means a concurrent save won the race: the caller treats it as a conflict.
    """
    existing = current_minutes(meeting)
    if existing is None and based_on_version != 0:
        raise MinutesError(_l("The minutes to edit were not found."))
    if existing is not None and existing.version != based_on_version:
        raise EditConflict(existing)
    minutes = existing or minutes_for(meeting)
    if minutes.state != MinutesState.DRAFT:
        raise MinutesError(_l("Only draft minutes can be changed."))
    if existing is None and minutes.recorded_by_id is None:
        # Whoever starts the minutes records them, unless someone else is chosen.
        minutes.recorded_by_id = getattr(actor, "id", None)

    minutes.opening = clean_text(texts.opening) or None
    minutes.closing = clean_text(texts.closing) or None
    minutes.next_meeting = clean_text(texts.next_meeting) or None
    entries = {e.agenda_item_id: e for e in minutes.entries if e.agenda_item_id is not None}
    orphans = {e.id: e for e in minutes.entries if e.agenda_item_id is None}
    valid_items = {row.agenda_item_id for row in agenda_rows(meeting)}
    for item_id, text in texts.items.items():
        if item_id not in valid_items:
            continue
        text = clean_text(text)
        entry = entries.get(item_id)
        if entry is None:
            if text:
                minutes.entries.append(MinutesEntry(agenda_item_id=item_id, text=text))
        else:
            entry.text = text
    for entry_id, text in texts.orphans.items():
        entry = orphans.get(entry_id)
        if entry is None:
            continue
        text = clean_text(text)
        if text:
            entry.text = text
        else:
            minutes.entries.remove(entry)

    _apply_decisions(meeting, minutes, texts.decisions, valid_items)
    assigned = _apply_actions(meeting, texts.actions, valid_items)
    # Every save is a new version, also when only decisions or tasks changed.
    new_version(minutes)
    db.session.flush()
    record_revision(minutes, actor, note)
    for action in assigned:
        task_assigned.send(action, actor=actor)
    log.info(
        "minutes %s saved by %s (version %s)",
        minutes.id,
        getattr(actor, "id", None),
        minutes.version,
    )
    return minutes


def new_version(minutes: Minutes) -> None:
    """Side effect: the minutes get the next version at the next flush, which fails with
    StaleDataError when another save took that version first (the optimistic lock)."""
    minutes.opening = minutes.opening
    flag_modified(minutes, "opening")


def _apply_decisions(
    meeting: Meeting, minutes: Minutes, changes: Sequence[DecisionChange], valid_items: set
) -> None:
    current = {d.id: d for d in decisions_of(meeting)}
    # The counts of a decision voted by name follow its roll-call, not the editor.
    by_name = roll_call_decision_ids(current.values())
    next_sequence = max((d.sequence for d in current.values()), default=0) + 1
    for change in changes:
        item_id = change.agenda_item_id if change.agenda_item_id in valid_items else None
        if change.id is None:
            if change.remove or not change.text.strip():
                continue
            decision = Decision(
                group_id=meeting.group_id,
                meeting=meeting,
                agenda_item_id=item_id,
                sequence=next_sequence,
                text=change.text.strip(),
            )
            next_sequence += 1
            db.session.add(decision)
        else:
            decision = current.get(change.id)
            if decision is None:
                continue  # removed meanwhile by someone else
            if change.remove:
                db.session.delete(decision)
                current.pop(change.id)
                continue
            decision.text = change.text.strip() or decision.text
            if decision.id in by_name:
                continue
        decision.votes_for = change.votes_for
        decision.votes_against = change.votes_against
        decision.votes_abstaining = change.votes_abstaining
    db.session.flush()
    if minutes.edition == 1:
        # Before the first approval the numbers follow the agenda; once approved they are
        # quoted elsewhere, so a correction only adds numbers at the end.
        _renumber_decisions(meeting)


def _renumber_decisions(meeting: Meeting) -> None:
    order = {row.agenda_item_id: index for index, row in enumerate(agenda_rows(meeting))}
    decisions = decisions_of(meeting)
    ordered = sorted(
        decisions, key=lambda d: (order.get(d.agenda_item_id, len(order)), d.sequence, d.id)
    )
    if [d.sequence for d in ordered] == list(range(1, len(ordered) + 1)):
        return
    # Two steps, so that no two decisions share a number in between (unique constraint).
    for decision in ordered:
        decision.sequence += 100_000
    db.session.flush()
    for number, decision in enumerate(ordered, start=1):
        decision.sequence = number
    db.session.flush()


def _apply_actions(
    meeting: Meeting, changes: Sequence[ActionChange], valid_items: set
) -> list[ActionItem]:
    """Apply the editor's tasks; returns those that got a new owner (to be told)."""
    current = {a.id: a for a in actions_of(meeting)}
    assigned: list[ActionItem] = []
    now = utcnow()
    for change in changes:
        item_id = change.agenda_item_id if change.agenda_item_id in valid_items else None
        if change.id is None:
            if change.remove or not change.text.strip():
                continue
            action = ActionItem(
                group_id=meeting.group_id,
                meeting=meeting,
                agenda_item_id=item_id,
                text=change.text.strip(),
            )
            db.session.add(action)
        else:
            action = current.get(change.id)
            if action is None:
                continue
            if change.remove:
                db.session.delete(action)
                continue
            action.text = change.text.strip() or action.text
        if change.owner_id is not None and change.owner_id != action.owner_id:
            assigned.append(action)
        action.owner_id = change.owner_id
        action.owner_organisation_id = change.owner_organisation_id
        action.due_on = change.due_on
        set_status(action, change.status, now)
    db.session.flush()
    return assigned
