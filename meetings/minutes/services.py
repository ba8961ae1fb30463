"""Minutes: the editor's texts, revisions and their diffs, the attendance register,
decisions and their register, action items, review comments and task reminders.

Services flush, never commit: the view (or the job) that calls them commits once. State
changes of the minutes (submit, return, approve, publish, corrections) live in
``workflow.py``. Refusals are raised as ``MinutesError`` with a message in the user's
language; a save based on an old version raises ``EditConflict``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import flag_modified

from ..agenda.services import build_timetable
from ..auth.models import User
from ..auth.permissions import PARTICIPANTS, can
from ..db import contains_text, utcnow
from ..extensions import db
from ..groups.models import Membership, Organisation, WorkingGroup
from ..i18n import force_locale, format_local_date
from ..invitations.enums import Attendance, Rsvp
from ..invitations.models import Invitation
from ..links import external_url
from ..mail.services import compose, render_email, send_message
from ..scheduling.enums import MeetingStatus
from ..scheduling.models import Meeting
from .enums import ActionStatus, MinutesState
from .models import ActionItem, Decision, Minutes, MinutesComment, MinutesEntry, MinutesRevision

log = logging.getLogger(__name__)

#: Longest text kept in one field of the minutes (a long course of a meeting fits easily).
MAX_TEXT = 100_000
#: Longest comment, return comment or correction reason.
MAX_COMMENT = 5_000
#: Days before the due date on which the owner is reminded of an open task.
REMINDER_DAYS = 3
#: Most decisions the register shows at once (refine the search for older ones).
REGISTER_LIMIT = 300


class MinutesError(Exception):
    """A change that cannot be made; ``message`` says why, in the user's language."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


class EditConflict(Exception):
    """Someone saved the minutes after the version the editor was based on."""

    def __init__(self, minutes: Minutes) -> None:
        super().__init__(f"minutes {minutes.id} changed (now version {minutes.version})")
        self.minutes = minutes


STATE_LABELS = {
    MinutesState.DRAFT: _l("Draft"),
    MinutesState.SUBMITTED: _l("Submitted for approval"),
    MinutesState.APPROVED: _l("Approved"),
    MinutesState.PUBLISHED: _l("Published"),
}

ACTION_STATUS_LABELS = {
    ActionStatus.OPEN: _l("Open"),
    ActionStatus.DONE: _l("Done"),
    ActionStatus.DROPPED: _l("Dropped"),
}

ATTENDANCE_LABELS = {
    Attendance.PRESENT: _l("Present"),
    Attendance.EXCUSED: _l("Excused"),
    Attendance.ABSENT: _l("Absent"),
    Attendance.REPRESENTED: _l("Represented by"),
}


# --- finding the minutes ---------------------------------------------------------------------


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


# --- the structure: agenda items with their texts ----------------------------------------------


@dataclass
class ItemRow:
    """One agenda item as a section of the minutes: "2." or "2a", its title and text."""

    key: str
    agenda_item_id: int | None
    number: str
    title: str
    depth: int
    text: str = ""


def agenda_rows(meeting: Meeting) -> list[ItemRow]:
    """The agenda numbered as on the agenda page (1., 2., 2a …), both levels in order."""
    rows: list[ItemRow] = []
    for row in build_timetable(meeting).rows:
        rows.append(ItemRow(f"item-{row.id}", row.id, row.number, row.title, 0))
        for child in row.children:
            rows.append(ItemRow(f"item-{child.id}", child.id, child.number, child.title, 1))
    return rows


def item_rows(meeting: Meeting, minutes: Minutes | None) -> list[ItemRow]:
    """The agenda rows with the minutes' text under each; texts of items removed from the
    agenda since are kept at the end (numbered "–"), so nothing written is lost."""
    rows = agenda_rows(meeting)
    texts = {e.agenda_item_id: e for e in (minutes.entries if minutes is not None else [])}
    for row in rows:
        entry = texts.pop(row.agenda_item_id, None)
        row.text = entry.text if entry is not None else ""
    for entry in sorted(texts.values(), key=lambda e: e.id or 0):
        if entry.text:
            rows.append(ItemRow(f"entry-{entry.id}", None, "–", str(_l("Removed agenda item")), 0))
            rows[-1].text = entry.text
    return rows


# --- decisions and action items ------------------------------------------------------------


def decision_label(decision: Decision) -> str:
    """The decision's number within the group: meeting number / sequence, e.g. "10/3"."""
    return f"{decision.meeting.number}/{decision.sequence}"


def decisions_of(meeting: Meeting) -> list[Decision]:
    return list(
        db.session.scalars(
            select(Decision)
            .options(joinedload(Decision.meeting))
            .where(Decision.meeting_id == meeting.id)
            .order_by(Decision.sequence)
        ).all()
    )


def actions_of(meeting: Meeting) -> list[ActionItem]:
    return list(
        db.session.scalars(
            select(ActionItem)
            .options(joinedload(ActionItem.owner), joinedload(ActionItem.owner_organisation))
            .where(ActionItem.meeting_id == meeting.id)
            .order_by(ActionItem.id)
        ).all()
    )


def owner_choices(meeting: Meeting, keep: Iterable[int | None] = ()) -> list[tuple[int, str]]:
    """People who may own a task: members of the groups taking part (and owners chosen
    already, should they have left). One query."""
    group_ids = [g.id for g in meeting.groups]
    keep_ids = [k for k in keep if k is not None]
    condition = User.id.in_(select(Membership.user_id).where(Membership.group_id.in_(group_ids)))
    if keep_ids:
        condition = condition | User.id.in_(keep_ids)
    rows = db.session.execute(select(User.id, User.name).where(condition).order_by(User.name))
    return [(row.id, row.name) for row in rows]


def organisation_choices(keep: Iterable[int | None] = ()) -> list[tuple[int, str]]:
    """Organisations that may own a task or send a guest. One query."""
    keep_ids = [k for k in keep if k is not None]
    condition = Organisation.archived_at.is_(None)
    if keep_ids:
        condition = condition | Organisation.id.in_(keep_ids)
    rows = db.session.execute(
        select(Organisation.id, Organisation.name).where(condition).order_by(Organisation.name)
    )
    return [(row.id, row.name) for row in rows]


def owner_label(action: ActionItem) -> str:
    """ "Person (Organisation)", or whichever of the two is set."""
    person = action.owner.name if action.owner else ""
    organisation = action.owner_organisation.name if action.owner_organisation else ""
    if person and organisation:
        return f"{person} ({organisation})"
    return person or organisation


# --- saving the editor -------------------------------------------------------------------------


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


def _clean(text: str | None) -> str:
    """Line ends as "\\n", no trailing blanks at the end."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").rstrip()


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
    MinutesRevision (number n+1, the author, a snapshot); flushes. Raises MinutesError
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

    minutes.opening = _clean(texts.opening) or None
    minutes.closing = _clean(texts.closing) or None
    minutes.next_meeting = _clean(texts.next_meeting) or None
    entries = {e.agenda_item_id: e for e in minutes.entries if e.agenda_item_id is not None}
    orphans = {e.id: e for e in minutes.entries if e.agenda_item_id is None}
    valid_items = {row.agenda_item_id for row in agenda_rows(meeting)}
    for item_id, text in texts.items.items():
        if item_id not in valid_items:
            continue
        text = _clean(text)
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
        text = _clean(text)
        if text:
            entry.text = text
        else:
            minutes.entries.remove(entry)

    _apply_decisions(meeting, minutes, texts.decisions, valid_items)
    _apply_actions(meeting, texts.actions, valid_items)
    # Every save is a new version, also when only decisions or tasks changed.
    flag_modified(minutes, "opening")
    db.session.flush()
    record_revision(minutes, actor, note)
    log.info(
        "minutes %s saved by %s (version %s)",
        minutes.id,
        getattr(actor, "id", None),
        minutes.version,
    )
    return minutes


def _apply_decisions(
    meeting: Meeting, minutes: Minutes, changes: Sequence[DecisionChange], valid_items: set
) -> None:
    current = {d.id: d for d in decisions_of(meeting)}
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


def _apply_actions(meeting: Meeting, changes: Sequence[ActionChange], valid_items: set) -> None:
    current = {a.id: a for a in actions_of(meeting)}
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
        action.owner_id = change.owner_id
        action.owner_organisation_id = change.owner_organisation_id
        if action.due_on != change.due_on:
            action.reminder_sent_at = None
        action.due_on = change.due_on
        _set_status(action, change.status, now)
    db.session.flush()


def _set_status(action: ActionItem, status: ActionStatus, now: dt.datetime) -> None:
    if status == ActionStatus.OPEN:
        action.closed_at = None
    elif action.status != status or action.closed_at is None:
        action.closed_at = now
    action.status = status


# --- revisions and their diffs -----------------------------------------------------------------


def snapshot(minutes: Minutes) -> dict[str, Any]:
    """The minutes' content as plain values: texts, decisions, tasks and attendance."""
    meeting = minutes.meeting
    rows = item_rows(meeting, minutes)
    labels = {row.agenda_item_id: f"{row.number} {row.title}" for row in rows}
    return {
        "opening": minutes.opening or "",
        "items": {row.key: row.text for row in rows},
        "item_labels": {row.key: f"{row.number} {row.title}" for row in rows},
        "closing": minutes.closing or "",
        "next_meeting": minutes.next_meeting or "",
        "decisions": [
            {
                "label": decision_label(d),
                "item": labels.get(d.agenda_item_id, ""),
                "text": d.text,
                "votes": [d.votes_for, d.votes_against, d.votes_abstaining],
            }
            for d in decisions_of(meeting)
        ],
        "actions": [
            {
                "item": labels.get(a.agenda_item_id, ""),
                "text": a.text,
                "owner": owner_label(a),
                "due_on": a.due_on.isoformat() if a.due_on else None,
                "status": str(a.status),
            }
            for a in actions_of(meeting)
        ],
        "attendance": [
            {
                "name": r.name,
                "organisation": r.organisation,
                "attendance": str(r.attendance),
                "represented_by": r.represented_by,
            }
            for r in attendance_rows(meeting)
        ],
    }


def record_revision(minutes: Minutes, actor: Any, note: str | None = None) -> MinutesRevision:
    """Side effects: adds the next MinutesRevision with a snapshot; flushes."""
    number = (
        db.session.scalar(
            select(func.max(MinutesRevision.number)).where(MinutesRevision.minutes_id == minutes.id)
        )
        or 0
    ) + 1
    revision = MinutesRevision(
        minutes=minutes,
        number=number,
        author_id=getattr(actor, "id", None),
        content=snapshot(minutes),
        note=(note or None) and note[:500],
    )
    db.session.add(revision)
    db.session.flush()
    return revision


def revisions_of(minutes: Minutes) -> list[MinutesRevision]:
    return list(
        db.session.scalars(
            select(MinutesRevision)
            .options(joinedload(MinutesRevision.author))
            .where(MinutesRevision.minutes_id == minutes.id)
            .order_by(MinutesRevision.number)
        ).all()
    )


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
#: Characters that may open a sentence besides a capital letter (quotes, brackets, lists).
_SENTENCE_OPENERS = "„“\"'(-–*#>"


def split_sentences(text: str) -> list[str]:
    """Text cut into sentences (and lines): the unit a diff shows as changed.

    A sentence ends at ".", "!", "?" or "…" followed by a space and a capital letter, so
    that dates and numbers ("18. 4. 2018", "2. patro") stay inside their sentence.
    """
    sentences: list[str] = []
    for line in (text or "").splitlines():
        current = ""
        for part in _SENTENCE_END.split(line.strip()):
            if not part:
                continue
            if current and not (part[0].isupper() or part[0] in _SENTENCE_OPENERS):
                current = f"{current} {part}"
                continue
            if current:
                sentences.append(current)
            current = part
        if current:
            sentences.append(current)
    return sentences


@dataclass
class DiffPart:
    #: "same", "removed" or "added".
    kind: str
    text: str


@dataclass
class FieldDiff:
    label: str
    parts: list[DiffPart]

    @property
    def html(self) -> Markup:
        """Removed sentences in <del>, added ones in <ins>, the text escaped."""
        out = []
        for part in self.parts:
            text = escape(part.text)
            if part.kind == "removed":
                out.append(Markup("<del>{}</del>").format(text))
            elif part.kind == "added":
                out.append(Markup("<ins>{}</ins>").format(text))
            else:
                out.append(Markup("<span>{}</span>").format(text))
        return Markup(" ").join(out)


def diff_text(old: str, new: str) -> list[DiffPart]:
    """Sentence by sentence: what stayed, what was removed, what was added."""
    a, b = split_sentences(old), split_sentences(new)
    parts: list[DiffPart] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.extend(DiffPart("same", s) for s in a[i1:i2])
            continue
        parts.extend(DiffPart("removed", s) for s in a[i1:i2])
        parts.extend(DiffPart("added", s) for s in b[j1:j2])
    return parts


def _decision_lines(content: dict[str, Any]) -> str:
    lines = []
    for d in content.get("decisions", []):
        votes = d.get("votes") or [None, None, None]
        vote_text = (
            f" ({votes[0]}/{votes[1]}/{votes[2]})" if any(v is not None for v in votes) else ""
        )
        lines.append(f"{d.get('label')}: {d.get('text')}{vote_text}")
    return "\n".join(lines)


def _action_lines(content: dict[str, Any]) -> str:
    return "\n".join(
        " · ".join(
            str(v) for v in (a.get("text"), a.get("owner"), a.get("due_on"), a.get("status")) if v
        )
        for a in content.get("actions", [])
    )


def _attendance_lines(content: dict[str, Any]) -> str:
    lines = []
    for row in content.get("attendance", []):
        extra = f" ({row['represented_by']})" if row.get("represented_by") else ""
        lines.append(f"{row.get('name')}: {row.get('attendance')}{extra}")
    return "\n".join(lines)


def diff_revisions(old: MinutesRevision, new: MinutesRevision) -> list[FieldDiff]:
    """The fields that differ between two revisions, each as a sentence diff."""
    a, b = old.content or {}, new.content or {}
    fields: list[tuple[str, str, str]] = [
        (str(_l("Opening")), a.get("opening", ""), b.get("opening", ""))
    ]
    labels = {**a.get("item_labels", {}), **b.get("item_labels", {})}
    keys = list(b.get("items", {}))
    keys += [k for k in a.get("items", {}) if k not in keys]
    for key in keys:
        fields.append(
            (labels.get(key, key), a.get("items", {}).get(key, ""), b.get("items", {}).get(key, ""))
        )
    fields += [
        (str(_l("Closing")), a.get("closing", ""), b.get("closing", "")),
        (str(_l("Next meeting")), a.get("next_meeting", ""), b.get("next_meeting", "")),
        (str(_l("Decisions")), _decision_lines(a), _decision_lines(b)),
        (str(_l("Action items")), _action_lines(a), _action_lines(b)),
        (str(_l("Attendance")), _attendance_lines(a), _attendance_lines(b)),
    ]
    return [
        FieldDiff(label, diff_text(before, after))
        for label, before, after in fields
        if (before or "") != (after or "")
    ]


# --- the attendance register -----------------------------------------------------------------


def _guess(invitation: Invitation) -> Attendance:
    """A starting guess from the answer: accepted → present, declined → excused."""
    if invitation.rsvp == Rsvp.ACCEPTED:
        return Attendance.PRESENT
    if invitation.rsvp == Rsvp.DECLINED:
        return Attendance.EXCUSED
    return Attendance.ABSENT


@dataclass
class AttendanceRow:
    invitation_id: int
    name: str
    organisation: str
    email: str
    rsvp: Rsvp
    attendance: Attendance
    #: False while the attendance is only guessed from the answer.
    recorded: bool
    represented_by: str
    is_guest: bool
    user_id: int | None


def _invitations(meeting: Meeting) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .options(
                joinedload(Invitation.user).joinedload(User.organisation),
                joinedload(Invitation.organisation),
            )
            .where(Invitation.meeting_id == meeting.id)
            .order_by(Invitation.id)
        ).all()
    )


def attendance_rows(meeting: Meeting) -> list[AttendanceRow]:
    """The attendance register: every invitee (members first, then guests), by name. One
    query (with the members' ids from the cached roles or one more)."""
    member_ids = set(
        db.session.scalars(
            select(Membership.user_id).where(
                Membership.group_id.in_([g.id for g in meeting.groups])
            )
        )
    )
    rows = []
    for inv in _invitations(meeting):
        organisation = inv.organisation or (inv.user.organisation if inv.user else None)
        name = inv.user.name if inv.user else (inv.name or inv.email or "")
        rows.append(
            AttendanceRow(
                invitation_id=inv.id,
                name=name,
                organisation=organisation.name if organisation else "",
                email=inv.user.email if inv.user else (inv.email or ""),
                rsvp=inv.rsvp,
                attendance=inv.attendance or _guess(inv),
                recorded=inv.attendance is not None,
                represented_by=inv.represented_by or "",
                is_guest=inv.user_id not in member_ids,
                user_id=inv.user_id,
            )
        )
    rows.sort(key=lambda r: (r.is_guest, r.name.casefold(), r.invitation_id))
    return rows


@dataclass
class AttendanceChange:
    invitation_id: int
    attendance: Attendance
    represented_by: str | None


def save_attendance(meeting: Meeting, changes: Sequence[AttendanceChange]) -> int:
    """Record attendance. Side effects: sets Invitation.attendance / represented_by of the
    meeting's invitations (unknown ids ignored); flushes. Returns how many rows changed."""
    invitations = {i.id: i for i in _invitations(meeting)}
    changed = 0
    for change in changes:
        inv = invitations.get(change.invitation_id)
        if inv is None:
            continue
        substitute = (change.represented_by or "").strip() or None
        if change.attendance != Attendance.REPRESENTED:
            substitute = None
        if inv.attendance != change.attendance or inv.represented_by != substitute:
            inv.attendance = change.attendance
            inv.represented_by = substitute
            changed += 1
    db.session.flush()
    return changed


def record_guest(
    meeting: Meeting,
    *,
    name: str,
    organisation_id: int | None = None,
    email: str | None = None,
    attendance: Attendance = Attendance.PRESENT,
) -> Invitation:
    """A guest recorded on the spot (no e-mail is sent).

    Side effects: adds an Invitation (linked to the account when the address has one);
    flushes. Raises MinutesError when the person is on the register already.
    """
    name = " ".join((name or "").split())
    address = (email or "").strip().lower() or None
    user = None
    if address:
        user = db.session.scalars(select(User).where(User.email == address)).first()
        for other in _invitations(meeting):
            other_address = other.user.email if other.user else other.email
            if other_address == address or (user is not None and other.user_id == user.id):
                raise MinutesError(
                    _l("%(email)s is on the attendance register already.", email=address)
                )
    invitation = Invitation(
        meeting=meeting,
        user_id=user.id if user else None,
        email=None if user else address,
        name=name or None,
        organisation_id=organisation_id,
        attendance=attendance,
    )
    db.session.add(invitation)
    db.session.flush()
    log.info("meeting %s: guest %s recorded in the register", meeting.id, invitation.id)
    return invitation


def missing_members(meeting: Meeting) -> list[User]:
    """Members of the groups taking part who are not on the register. One query."""
    group_ids = [g.id for g in meeting.groups]
    listed = select(Invitation.user_id).where(
        Invitation.meeting_id == meeting.id, Invitation.user_id.is_not(None)
    )
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.id.in_(select(Membership.user_id).where(Membership.group_id.in_(group_ids))),
                User.id.not_in(listed),
                User.is_enabled.is_(True),
            )
            .order_by(User.name)
        ).all()
    )


def add_missing_members(meeting: Meeting) -> int:
    """Put the members of the groups taking part who are missing on the register (absent
    until changed; nothing is sent). Side effects: adds Invitations; flushes."""
    people = missing_members(meeting)
    for person in people:
        db.session.add(Invitation(meeting=meeting, user_id=person.id))
    db.session.flush()
    return len(people)


@dataclass
class QuorumStatus:
    group_name: str
    needed: int
    #: Members of the group present or represented.
    counted: int

    @property
    def reached(self) -> bool:
        return self.counted >= self.needed


def quorum_status(meeting: Meeting, rows: Sequence[AttendanceRow]) -> list[QuorumStatus]:
    """For each group taking part that defines a quorum: its members (chair, assistant,
    member) present or represented, against the quorum. One query."""
    groups = [g for g in meeting.groups if g.quorum]
    if not groups:
        return []
    counted_users = {
        r.user_id
        for r in rows
        if r.user_id is not None and r.attendance in (Attendance.PRESENT, Attendance.REPRESENTED)
    }
    members = db.session.execute(
        select(Membership.group_id, Membership.user_id).where(
            Membership.group_id.in_([g.id for g in groups]),
            Membership.role.in_(list(PARTICIPANTS)),
        )
    ).all()
    return [
        QuorumStatus(
            g.name,
            g.quorum,
            sum(1 for gid, uid in members if gid == g.id and uid in counted_users),
        )
        for g in groups
    ]


# --- review comments -----------------------------------------------------------------------


def add_comment(
    minutes: Minutes, agenda_item_id: int | None, text: str, *, actor: Any
) -> MinutesComment:
    """A member's review comment on one item (or the whole minutes, ``agenda_item_id`` None).

    Side effects: adds a MinutesComment; flushes. Raises MinutesError for an empty or
    overlong text.
    """
    text = _clean(text)
    if not text:
        raise MinutesError(_l("Write the comment first."))
    if len(text) > MAX_COMMENT:
        raise MinutesError(_l("At most %(num)d characters.", num=MAX_COMMENT))
    valid_items = {row.agenda_item_id for row in agenda_rows(minutes.meeting)}
    comment = MinutesComment(
        minutes=minutes,
        agenda_item_id=agenda_item_id if agenda_item_id in valid_items else None,
        author_id=getattr(actor, "id", None),
        text=text,
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def comments_by_item(minutes: Minutes | None) -> dict[int | None, list[MinutesComment]]:
    """Review comments grouped by agenda item id (None: on the whole minutes). One query."""
    if minutes is None or minutes.id is None:
        return {}
    grouped: dict[int | None, list[MinutesComment]] = {}
    for comment in db.session.scalars(
        select(MinutesComment)
        .options(joinedload(MinutesComment.author))
        .where(MinutesComment.minutes_id == minutes.id)
        .order_by(MinutesComment.created_at, MinutesComment.id)
    ):
        grouped.setdefault(comment.agenda_item_id, []).append(comment)
    return grouped


# --- the decisions register ----------------------------------------------------------------


@dataclass
class RegisterRow:
    label: str
    text: str
    votes: tuple[int | None, int | None, int | None]
    meeting_id: int
    meeting_title: str
    meeting_starts_at: dt.datetime
    meeting_timezone: str
    state: MinutesState


def decisions_register(
    user: Any, group: WorkingGroup, query: str | None = None
) -> list[RegisterRow]:
    """The group's decisions the person may read (those in minutes they may see), newest
    meeting first; ``query`` searches the text (case-insensitive). Three queries however
    many decisions there are."""
    latest = (
        select(Minutes.meeting_id, func.max(Minutes.edition).label("edition"))
        .group_by(Minutes.meeting_id)
        .subquery()
    )
    statement = (
        select(Decision, Minutes)
        .join(Decision.meeting)
        .join(latest, latest.c.meeting_id == Decision.meeting_id)
        .join(
            Minutes,
            (Minutes.meeting_id == latest.c.meeting_id) & (Minutes.edition == latest.c.edition),
        )
        .options(
            joinedload(Decision.meeting).joinedload(Meeting.group),
            joinedload(Decision.meeting).selectinload(Meeting.extra_groups),
        )
        .where(Decision.group_id == group.id)
        .order_by(Meeting.starts_at.desc(), Decision.sequence)
        .limit(REGISTER_LIMIT)
    )
    query = (query or "").strip()
    if query:
        statement = statement.where(contains_text(Decision.text, query))
    rows = []
    for decision, minutes in db.session.execute(statement).unique().all():
        if not can(user, "minutes.view", minutes):
            continue
        meeting = decision.meeting
        rows.append(
            RegisterRow(
                label=decision_label(decision),
                text=decision.text,
                votes=(decision.votes_for, decision.votes_against, decision.votes_abstaining),
                meeting_id=meeting.id,
                meeting_title=meeting.title,
                meeting_starts_at=meeting.starts_at,
                meeting_timezone=meeting.timezone,
                state=minutes.state,
            )
        )
    return rows


def register_groups(user: Any) -> list[WorkingGroup]:
    """Groups whose register the person may open: their own, by name. One query."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        db.session.scalars(
            select(WorkingGroup)
            .join(Membership, Membership.group_id == WorkingGroup.id)
            .where(Membership.user_id == user.id, WorkingGroup.archived_at.is_(None))
            .order_by(WorkingGroup.name)
        ).all()
    )


# --- action items as people follow them up ---------------------------------------------------


def group_today(group: WorkingGroup, now: dt.datetime | None = None) -> dt.date:
    """Today's date in the group's time zone."""
    return (now or utcnow()).astimezone(ZoneInfo(group.timezone)).date()


def is_overdue(action: ActionItem, now: dt.datetime | None = None) -> bool:
    """An open task whose due date has passed in its group's time zone."""
    return (
        action.status == ActionStatus.OPEN
        and action.due_on is not None
        and action.due_on < group_today(action.group, now)
    )


def open_action_items_for(user: Any, limit: int | None = None) -> list[ActionItem]:
    """The person's open tasks across their groups, earliest due first (undated last).

    One query; tasks of a group the person has left are not shown.
    """
    query = (
        select(ActionItem)
        .options(
            joinedload(ActionItem.group),
            joinedload(ActionItem.meeting),
            joinedload(ActionItem.owner_organisation),
        )
        .where(ActionItem.owner_id == user.id, ActionItem.status == ActionStatus.OPEN)
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return [item for item in db.session.scalars(query) if can(user, "action.view", item)]


def closed_action_items_for(user: Any, limit: int = 20) -> list[ActionItem]:
    """The person's most recently closed tasks (done or dropped). One query."""
    query = (
        select(ActionItem)
        .options(joinedload(ActionItem.group), joinedload(ActionItem.meeting))
        .where(ActionItem.owner_id == user.id, ActionItem.status != ActionStatus.OPEN)
        .order_by(ActionItem.closed_at.desc(), ActionItem.id.desc())
        .limit(limit)
    )
    return [item for item in db.session.scalars(query) if can(user, "action.view", item)]


def set_action_status(action: ActionItem, status: ActionStatus | str, *, actor: Any) -> None:
    """Mark a task done, dropped or open again.

    Side effects: sets status and closed_at (now when closed, None when reopened);
    flushes, logs. Raises MinutesError for an unknown status.
    """
    try:
        target = ActionStatus(status)
    except ValueError:
        raise MinutesError(_l("Choose one of the offered options.")) from None
    _set_status(action, target, utcnow())
    db.session.flush()
    log.info("action %s: %s by %s", action.id, target, getattr(actor, "id", None))


def due_for_reminder(now: dt.datetime | None = None) -> list[ActionItem]:
    """Open tasks due within REMINDER_DAYS (in their group's zone) whose owner wants
    reminders and has not had one for this due date. One query."""
    now = now or utcnow()
    utc_today = now.date()
    candidates = db.session.scalars(
        select(ActionItem)
        .join(ActionItem.owner)
        .options(
            joinedload(ActionItem.owner),
            joinedload(ActionItem.group),
            joinedload(ActionItem.meeting),
        )
        .where(
            ActionItem.status == ActionStatus.OPEN,
            ActionItem.reminder_sent_at.is_(None),
            ActionItem.due_on.is_not(None),
            # A day of slack either side for the zones; the exact check is below.
            ActionItem.due_on >= utc_today - dt.timedelta(days=1),
            ActionItem.due_on <= utc_today + dt.timedelta(days=REMINDER_DAYS + 1),
            User.notify_task_reminders.is_(True),
            User.is_enabled.is_(True),
        )
        .order_by(ActionItem.id)
    ).all()
    due = []
    for action in candidates:
        today = group_today(action.group, now)
        if today <= action.due_on <= today + dt.timedelta(days=REMINDER_DAYS):
            due.append(action)
    return due


def reminder_message(action: ActionItem):
    """The reminder to the task's owner, in their language, built from plain values."""
    owner = action.owner
    locale = owner.locale or str(action.group.language)
    with force_locale(locale):
        context = {
            "site_name": current_app.config["SITE_NAME"],
            "name": owner.name,
            "task": action.text,
            "group": action.group.name,
            "meeting": action.meeting.title if action.meeting else "",
            "due": format_local_date(action.due_on),
            "tasks_link": external_url("minutes.tasks"),
        }
    return compose(owner.email, **render_email("task_reminder", locale, **context))


def send_task_reminders(now: dt.datetime | None = None) -> int:
    """Remind owners of tasks due soon, once per due date.

    Side effects: queues one e-mail per task (``send_message``); sets reminder_sent_at;
    flushes. Returns how many reminders were queued.
    """
    now = now or utcnow()
    due = due_for_reminder(now)
    for action in due:
        send_message(reminder_message(action), kind="task-reminder")
        action.reminder_sent_at = now
    db.session.flush()
    if due:
        log.info("queued %s task reminder(s)", len(due))
    return len(due)
