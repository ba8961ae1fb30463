"""Planning: which reminders should exist now, kept in step with the meetings.

Each kind has a ``Planner``: ``plan(now)`` says every message of the kind that should
exist at this moment (``Plan``: kind, object, recipient, due time), ``compose(rows)``
makes the messages of claimed rows. ``sync`` compares that with the table: missing rows
are added (an insert that ignores a row another worker added meanwhile), rows no longer
wanted are dropped (the meeting moved — its new times are new rows — or was cancelled,
the person turned the kind off), a dropped row wanted again is revived. A row already
sent is never touched: the unique key (kind, object, recipient, due time) keeps it sent.

Another domain adds its own kind with ``register`` (per rollam votes: a planner of the
ballots due before the deadline, and their composer), from a module the worker imports.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from .models import PlannedMessage, ReminderTimes

#: A row first planned later than this after its due time is not sent (a meeting
#: scheduled tomorrow gets no "two days before" reminder); one planned in time is sent
#: however late the worker comes.
GRACE = dt.timedelta(hours=1)
#: The site's default reminder times before a meeting (a group's and a meeting's own
#: times override it): two days and two hours.
DEFAULT_MEETING_REMINDERS = "2d 2h"
#: The longest reminder time accepted (and how far ahead meetings are looked at).
LONGEST = dt.timedelta(days=14)


@dataclass(frozen=True, order=True)
class Plan:
    kind: str
    object_id: int
    recipient: str
    due_at: dt.datetime
    meeting_id: int | None = None
    user_id: int | None = None
    invitation_id: int | None = None

    @property
    def key(self) -> tuple[str, int, str, dt.datetime]:
        return (self.kind, self.object_id, self.recipient, self.due_at)


class _Nothing:
    def __repr__(self) -> str:
        return "NOTHING"


#: What a composer answers for a row whose time came with nothing to say (a digest of an
#: empty week): the row is done — never sent, never revived. ``None`` instead means "no
#: longer wanted" (the meeting is gone): the row is dropped and may be revived.
NOTHING = _Nothing()


@dataclass(frozen=True)
class Planner:
    kind: str
    plan: Callable[[dt.datetime], Iterable[Plan]]
    #: The messages of claimed rows (None: nothing to send after all; ``NOTHING``: nothing
    #: to say this time), all at once.
    compose: Callable[[Sequence[PlannedMessage]], list[EmailMessage | _Nothing | None]]
    #: How late a row may first be planned and still be sent (``GRACE``; a task's reminder
    #: is still worth sending until its due date).
    grace: dt.timedelta = GRACE


PLANNERS: dict[str, Planner] = {}


def register(planner: Planner) -> Planner:
    PLANNERS[planner.kind] = planner
    return planner


# --- reminder times ----------------------------------------------------------------------------

_PART = re.compile(r"(\d{1,4})\s*([dhm])")
_UNIT = {"d": 1440, "h": 60, "m": 1}


def parse_offsets(text: str) -> list[int] | None:
    """Minutes before the start from "2d 2h", "1d, 30m"; None when it cannot be read or
    a time is longer than ``LONGEST``. An empty text: no reminders."""
    text = (text or "").strip().lower()
    if not text:
        return []
    if _PART.sub("", text).replace(",", "").strip():
        return None
    minutes = sorted({int(n) * _UNIT[unit] for n, unit in _PART.findall(text)}, reverse=True)
    if any(m <= 0 or m > LONGEST.total_seconds() // 60 for m in minutes):
        return None
    return minutes


def format_offsets(minutes: Iterable[int]) -> str:
    """ "2d 2h" from [2880, 120] (the form's and the admin page's spelling)."""
    parts = []
    for m in minutes:
        if m % 1440 == 0:
            parts.append(f"{m // 1440}d")
        elif m % 60 == 0:
            parts.append(f"{m // 60}h")
        else:
            parts.append(f"{m}m")
    return " ".join(parts)


def default_offsets() -> list[int]:
    return (
        parse_offsets(current_app.config.get("MEETING_REMINDERS", DEFAULT_MEETING_REMINDERS)) or []
    )


def _stored(offsets: str) -> list[int]:
    return [int(m) for m in offsets.split()]


def offsets_for(meetings: Sequence) -> dict[int, list[int]]:
    """Each meeting's reminder times (minutes before): its own, else its group's, else the
    site's. One query."""
    if not meetings:
        return {}
    rows = db.session.scalars(
        select(ReminderTimes).where(
            or_(
                ReminderTimes.meeting_id.in_([m.id for m in meetings]),
                ReminderTimes.group_id.in_({m.group_id for m in meetings}),
            )
        )
    ).all()
    own = {r.meeting_id: _stored(r.offsets) for r in rows if r.meeting_id is not None}
    group = {r.group_id: _stored(r.offsets) for r in rows if r.group_id is not None}
    site = default_offsets()
    return {m.id: own.get(m.id, group.get(m.group_id, site)) for m in meetings}


def times_row(
    *, group_id: int | None = None, meeting_id: int | None = None
) -> ReminderTimes | None:
    return db.session.scalar(
        select(ReminderTimes).where(
            ReminderTimes.group_id == group_id
            if group_id is not None
            else ReminderTimes.meeting_id == meeting_id
        )
    )


def set_times(
    minutes: list[int] | None, *, group_id: int | None = None, meeting_id: int | None = None
) -> None:
    """Keep the reminder times of a group or a meeting (None: back to the default).
    Side effects: a ReminderTimes row added, changed or deleted; flushes."""
    row = times_row(group_id=group_id, meeting_id=meeting_id)
    if minutes is None:
        if row is not None:
            db.session.delete(row)
    elif row is None:
        db.session.add(
            ReminderTimes(
                group_id=group_id, meeting_id=meeting_id, offsets=" ".join(map(str, minutes))
            )
        )
    else:
        row.offsets = " ".join(map(str, minutes))
    db.session.flush()


# --- keeping the table in step -----------------------------------------------------------------


def _insert_ignoring_duplicates(plans: Sequence[Plan], now: dt.datetime) -> None:
    if not plans:
        return
    values = [
        {
            "kind": p.kind,
            "object_id": p.object_id,
            "recipient": p.recipient,
            "due_at": p.due_at,
            "meeting_id": p.meeting_id,
            "user_id": p.user_id,
            "invitation_id": p.invitation_id,
            "created_at": now,
        }
        for p in sorted(plans)  # one order for every worker: no deadlock between them
    ]
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(insert(PlannedMessage).values(values).on_conflict_do_nothing())


def sync(kind: str, now: dt.datetime, plans: Iterable[Plan] | None = None) -> None:
    """Bring the rows of ``kind`` in step with what its planner wants now. Flushes.

    Three statements whatever the number of rows: the rows that may change, the insert of
    the missing ones, and the updates of those dropped or revived (grouped).
    """
    wanted = {p.key: p for p in (plans if plans is not None else PLANNERS[kind].plan(now))}
    grace = PLANNERS[kind].grace if kind in PLANNERS else GRACE
    rows = db.session.scalars(
        select(PlannedMessage).where(
            PlannedMessage.kind == kind,
            or_(
                (PlannedMessage.sent_at.is_(None) & PlannedMessage.dropped_at.is_(None)),
                PlannedMessage.due_at >= now - grace,
            ),
        )
    ).all()
    known = set()
    drop, revive = [], []
    for row in rows:
        key = (row.kind, row.object_id, row.recipient, row.due_at)
        known.add(key)
        if row.sent_at is not None:
            continue
        if key in wanted and row.dropped_at is not None:
            revive.append(row.id)
        elif key not in wanted and row.dropped_at is None:
            drop.append(row.id)
    if drop:
        db.session.execute(
            update(PlannedMessage)
            .where(PlannedMessage.id.in_(drop), PlannedMessage.sent_at.is_(None))
            .values(dropped_at=now)
            .execution_options(synchronize_session=False)
        )
    if revive:
        db.session.execute(
            update(PlannedMessage)
            .where(PlannedMessage.id.in_(revive), PlannedMessage.sent_at.is_(None))
            .values(dropped_at=None)
            .execution_options(synchronize_session=False)
        )
    missing = [p for key, p in wanted.items() if key not in known and p.due_at >= now - grace]
    _insert_ignoring_duplicates(missing, now)
    db.session.flush()
