"""The data clock: advanced once by every transaction that wrote to a table pages show.

Every statement is looked at as it is sent (an engine event, so ORM flushes, bulk
updates and Core statements alike are seen); a write to a shown table marks the
connection. Just before such a transaction commits (or, inside a test's outer
transaction, releases its savepoint) the clock is advanced on the same connection, so
the new value and the data become visible together. The increment is the transaction's
last statement: on PostgreSQL its row lock is held only for the commit itself.

A reader that reads the clock before the data can only ever keep a page under an older
value than the data it shows (served until the next write, never after).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

#: Tables no kept page shows: caches, counters, queues and logs. Writing them leaves the
#: clock where it is, so that sending mail or answering a feed poll keeps the pages.
#: (A site admin's dashboard shows failed mail: it is never kept.)
UNSHOWN = frozenset(
    {
        "cached_pages",
        "data_clock",
        "calendar_clock",
        "calendar_entries",
        "feed_validators",
        "rate_counters",
        "sign_ins",
        "outgoing_messages",
        "webhook_deliveries",
        "export_jobs",
        "audit_log",
        "alembic_version",
    }
)

#: The connection wrote to a shown table in its current transaction.
_WROTE = "meetings_data_changed"
#: Set on a connection while it runs migrations: the clock's table may not exist yet.
MIGRATING = "meetings_migrating"

_WRITE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE
)
_ADVANCE = "UPDATE data_clock SET value = value + 1 WHERE id = 1"


def wrote_shown_data(connection: Connection) -> bool:
    """Whether the connection's open transaction has written anything a page shows."""
    return bool(connection.info.get(_WROTE))


def watch(engine: Engine) -> None:
    """Keep the data clock for writes made through this engine."""

    @event.listens_for(engine, "before_cursor_execute")
    def _note_write(conn: Connection, cursor: Any, statement: str, *args: Any) -> None:
        info = conn.info
        if info.get(_WROTE) or info.get(MIGRATING):
            return
        found = _WRITE.match(statement)
        if found and found.group(1).lower() not in UNSHOWN:
            info[_WROTE] = True

    def _advance(conn: Connection, *args: Any) -> None:
        if conn.info.pop(_WROTE, False) and not conn.info.get(MIGRATING):
            # On the DBAPI connection: a statement sent through SQLAlchemy while it
            # commits would start its events again.
            cursor = conn.connection.cursor()
            try:
                cursor.execute(_ADVANCE)
            finally:
                cursor.close()

    event.listen(engine, "commit", _advance)
    # The application's commits are savepoints inside a test's outer transaction.
    event.listen(engine, "release_savepoint", _advance)

    @event.listens_for(engine, "rollback")
    def _forget(conn: Connection) -> None:
        conn.info.pop(_WROTE, None)
