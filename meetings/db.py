"""Declarative base, constraint naming and the UTC datetime type shared by every model."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import g, has_request_context, request
from sqlalchemy import DateTime, MetaData, String, event, select, update
from sqlalchemy import Enum as SAEnum
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Session, registry
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator
from werkzeug.routing import IntegerConverter

# Deterministic constraint names, so that Alembic migrations can refer to them on every
# database (SQLite needs names for batch alterations).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """An aware datetime stored as UTC.

    Naive datetimes are refused: a time without a zone is a bug waiting for the next
    daylight-saving change. Values come back aware, in UTC, on SQLite and PostgreSQL alike.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: give a time zone")
        value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={dt.datetime: UTCDateTime},
    )


def configure_engine(engine: Engine, busy_timeout_ms: int = 60_000) -> None:
    """Tune a new engine; on SQLite, take transaction control away from pysqlite.

    pysqlite's own transaction handling breaks SAVEPOINT and lets a transaction begin
    only at its first write; SQLAlchemy's documented recipe makes it issue BEGIN itself.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_connection: Any, connection_record: Any) -> None:
        # WAL for concurrent readers, enforced foreign keys, wait rather than fail when busy.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # SQLite's lower() folds only ASCII ("ŠKOLA" stays "ŠKOLA"); searches use this one.
        dbapi_connection.create_function("unicode_lower", 1, _unicode_lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection: Any) -> None:
        # A transaction that will write must take the write lock when it begins: a
        # deferred one that read first fails with "database is locked" (a stale WAL
        # snapshot) instead of waiting, if someone else wrote in between.
        immediate = connection.get_execution_options().get(
            "sqlite_immediate", _is_state_changing_request() or _background_writer.get()
        )
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _unicode_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


#: The largest value an Integer column holds (PostgreSQL's ``integer``; SQLite's is wider).
MAX_INTEGER = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:…>`` in addresses: only numbers a row can have, so that a longer one answers
    404 rather than an overflow error of the database driver (500)."""

    def __init__(self, url_map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_INTEGER)
        super().__init__(url_map, *args, **kwargs)


def in_integer_range(value: int) -> bool:
    """Whether ``value`` fits an Integer column (a number from an address may not)."""
    return -MAX_INTEGER - 1 <= value <= MAX_INTEGER


def contains_text(column: Any, query: str) -> Any:
    """SQL condition: ``column`` contains ``query`` in any letter case, in every alphabet.

    Both sides are lower-cased: by PostgreSQL's lower() (Unicode-aware under a UTF-8
    locale), and on SQLite by a Python-backed function (see configure_engine), since its
    own lower() knows only ASCII letters and "KULATÉHO" would not find "kulatého".
    """
    escaped = query.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return case_folded(column).like(pattern, escape="\\")


class case_folded(FunctionElement):
    """lower() for every alphabet: ``lower`` on PostgreSQL, ``unicode_lower`` on SQLite."""

    inherit_cache = True
    type = String()


@compiles(case_folded)
def _compile_case_folded(element: Any, compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(case_folded, "sqlite")
def _compile_case_folded_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"unicode_lower({compiler.process(element.clauses, **kw)})"


def _is_state_changing_request() -> bool:
    # After its commit a request only reads (the redirect's message, the page): a read
    # never waits in WAL mode, whereas a writer would queue for the lock behind every
    # other writer, and time out there after its change was already saved.
    return (
        has_request_context()
        and request.method not in ("GET", "HEAD", "OPTIONS")
        and not committed_in_this_request()
        and not g.get("_reads_only", False)
    )


def only_reads_from_now() -> None:
    """The request will write nothing more (its error page only reads): later transactions
    begin as readers, which in WAL mode never wait for another writer's lock."""
    if has_request_context():
        g._reads_only = True


def committed_in_this_request() -> bool:
    """Whether the current request has committed a change (nothing may then answer 500)."""
    return has_request_context() and g.get("_committed", False)


@event.listens_for(Session, "after_commit")
def _remember_commit(session: Session) -> None:
    if has_request_context():
        g._committed = True


#: True while background jobs run: their transactions read, then write.
_background_writer: ContextVar[bool] = ContextVar("background_writer", default=False)


@contextmanager
def writer_transactions() -> Iterator[None]:
    """Run a background job whose transactions all begin as writers (IMMEDIATE on SQLite)."""
    token = _background_writer.set(True)
    try:
        yield
    finally:
        _background_writer.reset(token)


def begin_write(session: Any) -> None:
    """Start the session's next transaction as a writer (BEGIN IMMEDIATE on SQLite).

    For work outside a request (CLI commands, background jobs) that reads and then writes
    under concurrency, e.g. handing out meeting numbers. Requests that change state
    already begin this way. Call it before the first query of the transaction.
    """
    session.connection(execution_options={"sqlite_immediate": True})


def enum_type(enum_cls: type[enum.Enum], name: str) -> SAEnum:
    """A portable enum column: VARCHAR plus a named CHECK constraint, stored by value."""
    return SAEnum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
        length=max(len(m.value) for m in enum_cls),
    )


def render_migration_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Write our UTC type into migrations as a plain timezone-aware DateTime.

    Migrations then need nothing from the application to run.
    """
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


T = TypeVar("T")


@dataclass
class Bounded(Generic[T]):
    """A list cut at a limit for a page that links to the full one; ``more`` when more
    rows were there."""

    items: list[T]
    more: bool = False

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def bounded(rows: Iterable[T], limit: int) -> Bounded[T]:
    """The first ``limit`` of ``rows`` (fetched with ``limit + 1`` to know of more)."""
    items = list(rows)
    return Bounded(items[:limit], more=len(items) > limit)


def refresh_statistics(connection: Any) -> None:
    """Tells the query planner how big the tables are and how their values spread.

    SQLite never gathers these by itself: without them it may walk a whole table where an
    index would do (the tasks of the dashboard: 3 ms instead of 0.2 at 44,000 tasks).
    ``analysis_limit`` keeps it to a sample of each index, so it stays quick on any size.
    PostgreSQL's autovacuum analyses on its own, later; ANALYZE does it now.
    """
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA analysis_limit=1000")
    connection.exec_driver_sql("ANALYZE")


def claim_due(
    session: Session,
    model: Any,
    pending: Any,
    *,
    now: dt.datetime,
    hold: dt.timedelta,
    limit: int = 100,
) -> Iterator[int]:
    """The ids of ``model``'s rows that wait (``pending``) and whose ``next_attempt_at`` has
    come, soonest first, each claimed before it is yielded: a conditional UPDATE moves its
    next attempt ``hold`` ahead and is committed, so that two workers never take the same
    row (the one whose UPDATE found it no longer due skips it). A row whose work fails
    without a word is tried again once the hold is over. Commits."""
    due = session.scalars(
        select(model.id)
        .where(pending, model.next_attempt_at <= now)
        .order_by(model.next_attempt_at, model.id)
        .limit(limit)
    ).all()
    session.commit()
    for row_id in due:
        claimed = session.execute(
            update(model)
            .where(model.id == row_id, pending, model.next_attempt_at <= now)
            .values(next_attempt_at=now + hold)
            .execution_options(synchronize_session=False)
        ).rowcount
        session.commit()
        if claimed:
            yield row_id


def upsert(dialect: str, target: Any, keys: Sequence[str], **values: Any) -> Any:
    """``INSERT … ON CONFLICT (keys) DO UPDATE`` setting every other column to the new
    row's: one statement on PostgreSQL and SQLite alike, for rows kept by a key (caches).
    With ``values`` it inserts that row; without, it takes rows as parameters."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(target).values(**values) if values else insert(target)
    return statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={
            column.name: statement.excluded[column.name]
            for column in statement.table.columns
            if column.name not in keys
        },
    )
