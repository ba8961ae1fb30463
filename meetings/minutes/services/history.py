"""The drafting history: a revision (a snapshot) per save, and the sentence diff between
two revisions."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ..models import Minutes, MinutesRevision
from .attendance import attendance_rows
from .decisions import decision_label, decisions_of
from .items import item_rows
from .tasks import actions_of, owner_label


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
                "gender": r.gender,
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
