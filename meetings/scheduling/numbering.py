"""Meeting numbers and the titles that carry them.

A number is handed out by one atomic statement on the group's counter::

    UPDATE working_groups SET meeting_counter = meeting_counter + 1
    WHERE id = :id RETURNING meeting_counter

On PostgreSQL the UPDATE row-locks the group until the transaction ends, so two
schedulings in the same group queue up and each sees the other's increment. On SQLite the
writing transaction already holds the database's write lock (requests that change state
begin IMMEDIATE; other code calls :func:`meetings.db.begin_write` first). A number is never
given back: a cancelled meeting keeps its number and the counter only grows. The
``(group_id, number)`` unique constraint on meetings is the backstop.

See ``docs/performance.md`` for the measurements against the naive ``max(number) + 1``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..groups.enums import Language
from ..groups.models import WorkingGroup
from .enums import MeetingStatus
from .models import Meeting
from .signals import meeting_renumbered

_counters = WorkingGroup.__table__


def next_meeting_number(session: Session, group: WorkingGroup) -> int:
    """Take the next number of the group's counter and return it.

    Side effects: increments ``working_groups.meeting_counter`` in the database (one
    statement, no read before it) and mirrors the new value on ``group`` without marking it
    changed. Never commits.
    """
    # Pending changes first (e.g. a counter set in this transaction): the UPDATE below reads
    # the row in the database, not the object.
    session.flush()
    number = session.execute(
        update(_counters)
        .where(_counters.c.id == group.id)
        .values(meeting_counter=_counters.c.meeting_counter + 1)
        .returning(_counters.c.meeting_counter)
    ).scalar_one()
    set_committed_value(group, "meeting_counter", number)
    return number


def lock_numbers(group: WorkingGroup) -> None:
    """Hold the group's numbering until the transaction ends (the row lock that
    :func:`next_meeting_number` takes): on PostgreSQL ``SELECT … FOR UPDATE`` on the group;
    on SQLite the writing transaction already holds the database's write lock.

    A move takes it before changing the meeting, so a scheduling and a move lock the group
    first and the meetings after it, always in that order (no deadlock between them).
    """
    db.session.execute(select(_counters.c.id).where(_counters.c.id == group.id).with_for_update())


@dataclass(frozen=True)
class Renumbered:
    """A meeting to come whose number changed so that numbers follow dates."""

    meeting_id: int
    title: str
    old: int
    new: int


def number_in_date_order(group: WorkingGroup) -> list[Renumbered]:
    """Give the group's scheduled meetings (not held, not cancelled) their numbers in date
    order: the numbers they hold between them are handed out again, earliest date first
    (equal dates: in the order they were numbered). Held and cancelled meetings keep their
    numbers; a meeting whose title is the group's default title gets the new number in it,
    a title of its own is kept.

    Call it with the group's numbering locked (after :func:`next_meeting_number` or
    :func:`lock_numbers`). Side effects: ``number`` (and default ``title``) of the meetings
    that move; flushes twice (the numbers are cleared first, so that the unique
    ``(group_id, number)`` never sees two meetings with one number). Returns what changed,
    by new number. Never commits.
    """
    db.session.flush()
    to_come = list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.group_id == group.id,
                Meeting.status == MeetingStatus.SCHEDULED,
                Meeting.number.is_not(None),
            )
            .order_by(Meeting.starts_at, Meeting.number)
        )
    )
    numbers = sorted(m.number for m in to_come if m.number is not None)
    moves = [(m, new) for m, new in zip(to_come, numbers, strict=True) if m.number != new]
    if not moves:
        return []
    old_numbers = [meeting.number or 0 for meeting, _new in moves]
    for meeting, _new in moves:
        meeting.number = None
    db.session.flush()
    for meeting, new in moves:
        meeting.number = new
        if is_default_title(group, meeting.title):
            meeting.title = default_title(group, new)
    db.session.flush()
    changed = [
        Renumbered(meeting.id, meeting.title, old, new)
        for (meeting, new), old in zip(moves, old_numbers, strict=True)
    ]
    return sorted(changed, key=lambda c: c.new)


def renumbering_if_moved(meeting: Meeting, starts_at: dt.datetime) -> list[Renumbered]:
    """What moving the scheduled ``meeting`` to ``starts_at`` would renumber, nothing
    changed: the numbers :func:`number_in_date_order` would then give, by new number (the
    moved meeting among them when its own number changes). Empty for a draft, a held or
    cancelled meeting, or when the date stays. One query."""
    if (
        meeting.status != MeetingStatus.SCHEDULED
        or meeting.number is None
        or starts_at == meeting.starts_at
    ):
        return []
    rows = db.session.execute(
        select(Meeting.id, Meeting.title, Meeting.starts_at, Meeting.number).where(
            Meeting.group_id == meeting.group_id,
            Meeting.status == MeetingStatus.SCHEDULED,
            Meeting.number.is_not(None),
        )
    ).all()
    to_come = sorted(
        (starts_at if id_ == meeting.id else start, number, id_, title)
        for id_, title, start, number in rows
    )
    numbers = sorted(number for _start, number, _id, _title in to_come)
    changed = [
        Renumbered(id_, title, old, new)
        for (_start, old, id_, title), new in zip(to_come, numbers, strict=True)
        if old != new
    ]
    return sorted(changed, key=lambda c: c.new)


def renumbering_key(changes: list[Renumbered]) -> str:
    """The renumbering a person confirmed, as the form carries it ("12:14>15,…"): saved
    only while the same one would happen."""
    return ",".join(f"{c.meeting_id}:{c.old}>{c.new}" for c in changes)


def announce_renumbered(changes: list[Renumbered], *, except_id: int | None = None) -> None:
    """The number is in the title invitees see: each renumbered meeting (but the one whose
    own change is sent anyway, ``except_id``) gets a higher SEQUENCE and
    ``meeting_renumbered`` (the invitations domain sends its invitees the update).

    Side effects: ``sequence`` + 1 of those meetings; flushes. Never commits.
    """
    others = [
        db.session.get(Meeting, change.meeting_id)
        for change in changes
        if change.meeting_id != except_id
    ]
    others = [m for m in others if m is not None]
    if not others:
        return
    for meeting in others:
        meeting.sequence += 1
    db.session.flush()
    for meeting in others:
        meeting_renumbered.send(meeting)


def number_taken(group: WorkingGroup, number: int) -> Meeting | None:
    """The group's meeting that bears ``number`` (held, cancelled or to come), if any."""
    return db.session.scalars(
        select(Meeting).where(Meeting.group_id == group.id, Meeting.number == number)
    ).first()


def scheduled_numbers(group: WorkingGroup) -> dict[int, int]:
    """Meeting id → number of the group's scheduled meetings (to compare after a change)."""
    return dict(
        db.session.execute(
            select(Meeting.id, Meeting.number).where(
                Meeting.group_id == group.id,
                Meeting.status == MeetingStatus.SCHEDULED,
                Meeting.number.is_not(None),
            )
        ).all()
    )


def renumbered_since(group: WorkingGroup, before: dict[int, int]) -> list[Renumbered]:
    """The group's scheduled meetings whose number differs from ``before`` (taken with
    :func:`scheduled_numbers`), by new number: what a page tells the person who moved or
    scheduled a meeting."""
    rows = db.session.execute(
        select(Meeting.id, Meeting.title, Meeting.number)
        .where(Meeting.id.in_(list(before)), Meeting.number.is_not(None))
        .order_by(Meeting.number)
    ).all()
    return [
        Renumbered(meeting_id, title, before[meeting_id], number)
        for meeting_id, title, number in rows
        if number != before[meeting_id]
    ]


def highest_number(group: WorkingGroup) -> int | None:
    """The highest number any meeting of the group bears (held, cancelled or to come)."""
    return db.session.scalar(select(func.max(Meeting.number)).where(Meeting.group_id == group.id))


# --- default titles ------------------------------------------------------------------------

#: Letters that begin a Hungarian word with a vowel sound (then the article is "Az").
_HU_VOWELS = frozenset("aáeéiíoóöőuúüűAÁEÉIÍOÓÖŐUÚÜŰ")


def hungarian_article(word: str) -> str:
    """ "Az" before a vowel sound, "A" before a consonant (by the first letter)."""
    first = word.lstrip()[:1]
    return "Az" if first and first in _HU_VOWELS else "A"


def english_ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _genitive_cs_sk(name: str, nominative: str, genitive: str, adjective_ending: str) -> str | None:
    """The name in the genitive when it already says "pracovní skupina" (cs) / "pracovná
    skupina" (sk): "Odborná pracovní skupina Sociální služby" → "Odborné pracovní skupiny
    Sociální služby". None when it does not (a proper name stays as written)."""
    match = re.search(rf"((?:\w+á\s+)*){nominative}", name, flags=re.IGNORECASE)
    if match is None:
        return None
    adjectives = "".join(f"{word[:-1]}{adjective_ending} " for word in match.group(1).split())
    head = name[: match.start()]
    declined = f"{head}{adjectives}{genitive}{name[match.end() :]}"
    # Mid-sentence: "Pracovní skupina pro …" → "… pracovní skupiny pro …".
    return declined[0].lower() + declined[1:] if not head and not adjectives else declined


def default_title(group: WorkingGroup, number: int, language: str | None = None) -> str:
    """The meeting's title in the group's language, as in the glossary.

    cs "10. setkání pracovní skupiny Sociální služby", sk "10. zasadnutie pracovnej skupiny
    …", hu "A Szociális gondoskodás munkacsoport 10. ülése", lv "… darba grupas 10.
    sanāksme", en "10th meeting of the …". The group's name is kept as written, except
    that a name which already says "working group" is put in the genitive instead of
    repeating it: "10. setkání Odborné pracovní skupiny Sociální služby".
    """
    name = group.name.strip()
    match language or group.language:
        case Language.CS:
            declined = _genitive_cs_sk(name, "pracovní skupina", "pracovní skupiny", "é")
            if declined:
                return f"{number}. setkání {declined}"
            return f"{number}. setkání pracovní skupiny {name}"
        case Language.SK:
            declined = _genitive_cs_sk(name, "pracovná skupina", "pracovnej skupiny", "ej")
            if declined:
                return f"{number}. zasadnutie {declined}"
            return f"{number}. zasadnutie pracovnej skupiny {name}"
        case Language.HU:
            group_word = "" if name.lower().endswith("munkacsoport") else " munkacsoport"
            return f"{hungarian_article(name)} {name}{group_word} {number}. ülése"
        case Language.LV:
            if name.lower().endswith("darba grupa"):
                return f"{name}s {number}. sanāksme"
            return f"{name} darba grupas {number}. sanāksme"
        case _:
            return f"{english_ordinal(number)} meeting of the {name}"


def is_default_title(group: WorkingGroup, title: str) -> bool:
    """Is ``title`` the group's default title with some number in it?

    Used to renumber a draft's prefilled title when it is scheduled under another number
    than the one it was prefilled with.
    """
    marker = 987654321
    pattern = re.escape(default_title(group, marker))
    pattern = pattern.replace(re.escape(english_ordinal(marker)), r"\d+(?:st|nd|rd|th)")
    pattern = pattern.replace(str(marker), r"\d+")
    return re.fullmatch(pattern, title.strip()) is not None
