"""Serving a person's page from ``cached_pages``, or building and keeping it."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from typing import Any

from flask import current_app, g, request, session
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from sqlalchemy import and_, bindparam, delete, exc, false, select

from ..db import upsert, utcnow
from ..extensions import db
from .clock import wrote_shown_data
from .models import CachedPage, DataClock

log = logging.getLogger(__name__)

#: Stands for the session's CSRF token in a kept page: every session has its own. (Private
#: use characters: no page writes them, and PostgreSQL's text takes them, unlike NUL.)
CSRF_PLACEHOLDER = "\ue000csrf-token\ue000"
#: Raised when what a kept page contains changes shape for reasons the clock does not
#: see (a release's templates are covered by ``PAGE_CACHE_SECONDS``).
FORMAT_VERSION = 1

#: What a page's builder returns: its HTML and when it goes stale by itself (None: only
#: when the data changes, or after ``PAGE_CACHE_SECONDS``).
Built = tuple[str, dt.datetime | None]


def _key(user_id: int) -> str:
    text = f"{FORMAT_VERSION}|{user_id}|{get_locale()}|{request.full_path}"
    return hashlib.sha256(text.encode()).hexdigest()


def _keepable() -> bool:
    seconds = current_app.config.get("PAGE_CACHE_SECONDS") or 0
    return (
        seconds > 0
        # The layout shows (and so takes away) the session's messages.
        and "_flashes" not in session
        # This request's own writes are not committed: the clock does not know them yet.
        and not wrote_shown_data(db.session.connection())
    )


def _clock_and_copy(*valid: Any) -> Any:
    return (
        select(DataClock.value, CachedPage.body)
        .outerjoin(CachedPage, and_(*valid))
        .where(DataClock.id == 1)
    )


# Built once: a kept page is served in about the time of a bare request, and building a
# statement costs a good part of that.
_VALID = (
    CachedPage.key == bindparam("key"),
    CachedPage.clock == DataClock.value,
    CachedPage.fresh_until > bindparam("now", type_=CachedPage.fresh_until.type),
)
_CLOCK_AND_COPY = _clock_and_copy(*_VALID)
_CLOCK_ONLY = _clock_and_copy(*_VALID, false())


def personal_page(user_id: int, build: Callable[[], Built]) -> str:
    """The person's page at this address: kept while valid, else built and kept.

    Side effects: on a miss, upserts a ``CachedPage`` and commits (a failure to store,
    such as SQLite's lock taken by a writer, loses only the copy and is logged).
    """
    if not _keepable():
        return build()[0]
    key = _key(user_id)
    now = utcnow()
    # The clock is read before anything the page shows, in the same statement as the
    # kept copy (none when the clock has moved or the copy went stale). A browser's hard
    # reload (Cache-Control: no-cache) is answered with a page built anew, and kept.
    reload = request.cache_control.no_cache or request.headers.get("Pragma") == "no-cache"
    clock, body = (
        db.session.connection()
        .execute(_CLOCK_ONLY if reload else _CLOCK_AND_COPY, {"key": key, "now": now})
        .one()
    )
    if body is not None:
        return body.replace(CSRF_PLACEHOLDER, generate_csrf())
    html, stale_at = build()
    limit = now + dt.timedelta(seconds=current_app.config["PAGE_CACHE_SECONDS"])
    fresh_until = min(stale_at, limit) if stale_at else limit
    token = g.get("csrf_token")
    kept = html.replace(token, CSRF_PLACEHOLDER) if token else html
    _store(key, clock, fresh_until, kept)
    return html


def _store(key: str, clock: int, fresh_until: dt.datetime, body: str) -> None:
    statement = upsert(
        db.session.get_bind().dialect.name,
        CachedPage,
        ["key"],
        key=key,
        clock=clock,
        fresh_until=fresh_until,
        body=body,
        stored_at=utcnow(),
    )
    try:
        db.session.execute(statement)
        db.session.commit()
    except exc.SQLAlchemyError as error:
        # SQLite's write lock taken by a writer, a connection gone: only the copy is lost.
        db.session.rollback()
        log.warning("page not kept: %s", error)


def forget_old_pages(older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Delete kept pages stored longer ago than ``older_than`` (a nightly job): pages
    of people who have not come back, and of searches nobody repeats."""
    result = db.session.execute(
        delete(CachedPage).where(CachedPage.stored_at < utcnow() - older_than)
    )
    return result.rowcount or 0
