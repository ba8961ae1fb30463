"""A storage for the ``limits`` library (used by Flask-Limiter and the sign-in limits)
that keeps its counters in our database, so that every worker and server counts together.

Each call runs in a connection and transaction of its own, so that a hit counts even when
the request that made it fails (on SQLite, inside a request that began its transaction,
in that transaction: see ``_own_transaction``). One atomic upsert per hit.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from flask import has_request_context
from limits.storage import Storage
from sqlalchemy import Connection, case, delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from .models import RateCounter

_table = RateCounter.__table__


def _own_transaction() -> AbstractContextManager[Connection]:
    session = db.session()  # this request's session (the scoped one has no in_transaction)
    if db.engine.dialect.name == "sqlite" and has_request_context() and session.in_transaction():
        # SQLite has one writer, and a request that changes something holds the lock from
        # its first statement: a second connection would wait for this very request. The
        # count joins the request's transaction, which its view commits.
        return nullcontext(session.connection())
    return db.engine.begin()


class DatabaseStorage(Storage):
    """``meetings-db://``: rate-limit counters in the ``rate_counters`` table."""

    STORAGE_SCHEME = ["meetings-db"]

    #: Where the counters are written; the test suite points it into its own transaction.
    connect: Callable[[], AbstractContextManager[Connection]] = staticmethod(_own_transaction)

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        with self.connect() as connection:
            insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
            statement = (
                insert(_table)
                .values(key=key, hits=amount, expires_at=now + expiry)
                .on_conflict_do_update(
                    index_elements=[_table.c.key],
                    set_={
                        "hits": case(
                            (_table.c.expires_at <= now, amount), else_=_table.c.hits + amount
                        ),
                        "expires_at": case(
                            (_table.c.expires_at <= now, now + expiry), else_=_table.c.expires_at
                        ),
                    },
                )
                .returning(_table.c.hits)
            )
            return int(connection.execute(statement).scalar_one())

    def get(self, key: str) -> int:
        with self.connect() as connection:
            hits = connection.execute(
                select(_table.c.hits).where(_table.c.key == key, _table.c.expires_at > time.time())
            ).scalar()
        return int(hits or 0)

    def get_expiry(self, key: str) -> float:
        with self.connect() as connection:
            expires = connection.execute(
                select(_table.c.expires_at).where(_table.c.key == key)
            ).scalar()
        return float(expires) if expires is not None else time.time()

    def check(self) -> bool:
        try:
            with self.connect() as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self.connect() as connection:
            return connection.execute(delete(_table)).rowcount

    def clear(self, key: str) -> None:
        with self.connect() as connection:
            connection.execute(delete(_table).where(_table.c.key == key))
