"""Sending what is due: each planned message once, however many workers run.

One job run: bring every kind's rows in step (``planning.sync``), then claim the due rows
with one conditional UPDATE (``sent_at`` set where it is still empty, marked with this
run's claim), compose their messages and queue them in the outbox — all in the job's one
transaction. Two workers at once: the second's UPDATE finds the rows claimed (it waits
for the first's commit on PostgreSQL, or for its write lock on SQLite) and claims none.
A worker that stops mid-run rolls back both the claim and the queued mail, and the next
run sends them.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict

from sqlalchemy import select, update

from ..db import utcnow
from ..extensions import db
from ..mail.services import send_message
from .models import PlannedMessage
from .planning import NOTHING, PLANNERS, sync

log = logging.getLogger(__name__)

#: Messages claimed in one run; the rest wait for the next minute.
BATCH = 500


def plan_all(now: dt.datetime) -> None:
    for kind in PLANNERS:
        sync(kind, now)


def send_due(now: dt.datetime | None = None) -> int:
    """Plan, claim and queue every message whose time has come. Flushes (the job commits).

    Returns how many messages were queued.
    """
    now = now or utcnow()
    plan_all(now)
    claim = uuid.uuid4().hex
    due = db.session.scalars(
        select(PlannedMessage.id)
        .where(
            PlannedMessage.sent_at.is_(None),
            PlannedMessage.dropped_at.is_(None),
            PlannedMessage.due_at <= now,
            PlannedMessage.kind.in_(list(PLANNERS)),
        )
        .order_by(PlannedMessage.due_at, PlannedMessage.id)
        .limit(BATCH)
    ).all()
    if not due:
        return 0
    db.session.execute(
        update(PlannedMessage)
        .where(
            PlannedMessage.id.in_(due),
            PlannedMessage.sent_at.is_(None),
            PlannedMessage.dropped_at.is_(None),
        )
        .values(sent_at=now, claim=claim)
        .execution_options(synchronize_session=False)
    )
    rows = db.session.scalars(
        select(PlannedMessage)
        .where(PlannedMessage.claim == claim)
        .order_by(PlannedMessage.id)
        .execution_options(populate_existing=True)
    ).all()
    by_kind: dict[str, list[PlannedMessage]] = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)
    queued = 0
    for kind, claimed in by_kind.items():
        for row, message in zip(claimed, PLANNERS[kind].compose(claimed), strict=True):
            if message is None:  # not wanted after all (the meeting is gone)
                row.sent_at, row.dropped_at = None, now
                continue
            if message is NOTHING:  # nothing to say this time: done without a message
                row.dropped_at = now
                continue
            row.outgoing_message_id = send_message(message, kind=f"reminder-{kind}").id
            queued += 1
    db.session.flush()
    if queued:
        log.info("queued %s reminder(s)", queued)
    return queued
