"""Where serialised calendar entries are kept: the database, or Redis when configured.

An entry is the VEVENT text of one calendar object (a meeting, or a series with its
instances) in one language, at one version (the object's ``calendar_version``). Every app
server reads and writes the same store, so an entry is built once for all of them.

- ``DatabaseStore`` keeps them in ``calendar_entries`` and lets the feed query join them
  in directly (``joins_in_sql``): one query gives the feed's objects and their texts.
- ``RedisStore`` keeps them under ``<prefix>:<format>:<uid>:<locale>:<version>`` with an
  expiry, fetched with MGET in batches; an entry of an old version is simply never asked
  for again and expires.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from flask import current_app
from sqlalchemy import exc

from ..db import upsert
from ..extensions import db
from .models import CalendarEntry

log = logging.getLogger(__name__)

#: Raised whenever what an entry contains changes shape (the builder, links): entries
#: made by an older release are then not used.
FORMAT_VERSION = 3
#: How long Redis keeps an entry nobody asked for.
REDIS_TTL = dt.timedelta(days=30)


def entry_format() -> str:
    """What entries and feeds depend on besides their objects: the builder's format, the
    site address links carry and the site's name (the public feed's title)."""
    site = f"{current_app.config['BASE_URL']}|{current_app.config['SITE_NAME']}"
    return f"{FORMAT_VERSION}-{hashlib.sha256(site.encode()).hexdigest()[:8]}"


@dataclass(frozen=True)
class EntryKey:
    uid: str
    locale: str
    version: int


@dataclass(frozen=True)
class Entry:
    key: EntryKey
    body: str


class EntryStore(Protocol):
    #: The database itself holds the entries: the feed query joins them in.
    joins_in_sql: bool

    def get_many(self, keys: Sequence[EntryKey]) -> dict[EntryKey, str]: ...

    def put_many(self, entries: Iterable[Entry]) -> None: ...


class DatabaseStore:
    """Entries in the ``calendar_entries`` table, one row per (uid, locale)."""

    joins_in_sql = True

    def get_many(self, keys: Sequence[EntryKey]) -> dict[EntryKey, str]:  # pragma: no cover
        raise NotImplementedError("the feed query joins the entries in")

    def put_many(self, entries: Iterable[Entry]) -> None:
        """Write the entries (a newer version replaces an older one) in a savepoint of the
        request's transaction. A failure (on SQLite a writer got there first) loses only
        the cache: it is logged, and the next request builds them again."""
        rows = [
            {
                "uid": e.key.uid,
                "locale": e.key.locale,
                "version": e.key.version,
                "format": entry_format(),
                "body": e.body,
                "built_at": dt.datetime.now(dt.UTC),
            }
            for e in entries
        ]
        if not rows:
            return
        statement = upsert(db.session.get_bind().dialect.name, CalendarEntry, ["uid", "locale"])
        try:
            with db.session.begin_nested():
                for start in range(0, len(rows), 500):
                    db.session.execute(statement, rows[start : start + 500])
        except exc.OperationalError as error:
            log.warning("calendar entries not stored: %s", error)


class RedisStore:
    """Entries in Redis, shared by every app server, expiring when unused."""

    joins_in_sql = False

    def __init__(self, client, prefix: str) -> None:
        self.client = client
        self.prefix = prefix

    def _name(self, key: EntryKey) -> str:
        return f"{self.prefix}:{entry_format()}:{key.uid}:{key.locale}:{key.version}"

    def get_many(self, keys: Sequence[EntryKey]) -> dict[EntryKey, str]:
        if not keys:
            return {}
        values = self.client.mget([self._name(k) for k in keys])
        return {k: v.decode() for k, v in zip(keys, values, strict=True) if v is not None}

    def put_many(self, entries: Iterable[Entry]) -> None:
        pipeline = self.client.pipeline(transaction=False)
        for entry in entries:
            pipeline.set(self._name(entry.key), entry.body.encode(), ex=REDIS_TTL)
        pipeline.execute()


def entry_store() -> EntryStore:
    """The store this installation uses: Redis when ``REDIS_URL`` is set (and
    ``CALENDAR_CACHE`` is not "database"), else the database."""
    app = current_app
    choice = app.config.get("CALENDAR_CACHE") or ("redis" if app.config["REDIS_URL"] else "")
    if choice != "redis":
        return DatabaseStore()
    store = app.extensions.get("calendar_entry_store")
    if store is None:
        import redis

        store = RedisStore(
            redis.Redis.from_url(app.config["REDIS_URL"]),
            prefix=app.config.get("CALENDAR_CACHE_PREFIX") or "meetings:calendar",
        )
        app.extensions["calendar_entry_store"] = store
    return store
