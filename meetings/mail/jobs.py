"""Background jobs (huey): mail delivery and other timed work.

The queue is SQLite in the instance folder by default and Redis when ``REDIS_URL`` is
set. Run a worker with ``huey_consumer meetings.worker.huey`` (``make run`` starts one).

The outbox in the database is the source of truth: a task only says "look at the
outbox now", and a periodic sweep every minute retries whatever is due, so a lost task
or a worker restart loses no mail.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from flask import Flask, has_app_context
from huey import Huey, crontab
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..db import writer_transactions
from .services import OUTBOX_WOKEN, deliver_due

log = logging.getLogger(__name__)

#: Configured by ``init_jobs``; until then (and in the test suite) tasks go to memory.
huey = Huey("meetings", storage_class=MemoryStorage)
_app: Flask | None = None
#: Timed work other domains register (e.g. publishing agendas that are due).
_periodic: list[Callable[[], Any]] = []


def init_jobs(app: Flask) -> None:
    """Point the queue at Redis or the instance's SQLite file, per configuration."""
    global _app
    _app = app
    backend = app.config.get("JOBS_BACKEND") or ("redis" if app.config["REDIS_URL"] else "sqlite")
    if backend == "redis":
        huey.storage_class = RedisStorage
        huey.storage_kwargs = {"url": app.config["REDIS_URL"]}
    elif backend == "sqlite":
        huey.storage_class = SqliteStorage
        huey.storage_kwargs = {"filename": os.path.join(app.instance_path, "jobs.sqlite")}
    else:  # "memory": the test suite runs the worker's functions itself
        huey.storage_class = MemoryStorage
        huey.storage_kwargs = {}
    huey.storage = huey.create_storage()
    app.extensions["huey"] = huey


def run_periodically(function: Callable[[], Any]) -> Callable[[], Any]:
    """Register ``function`` to run in an app context on every minute's sweep."""
    _periodic.append(function)
    return function


def in_app_context(function: Callable[[], Any]) -> Any:
    """Run a job: in an app context, with transactions that begin as writers."""
    with writer_transactions():
        if has_app_context():
            return function()
        if _app is None:
            raise RuntimeError("init_jobs(app) was not called in this process")
        with _app.app_context():
            return function()


@huey.task()
def deliver_outbox() -> None:
    """Send what is due in the outbox (queued after a commit that added mail)."""
    report = in_app_context(deliver_due)
    log.info("outbox: %s", report)


@huey.periodic_task(crontab(minute="*"))
def sweep() -> None:
    """Every minute: retry mail whose pause is over, and run the registered timed work."""
    in_app_context(deliver_due)
    for function in _periodic:
        try:
            in_app_context(function)
        except Exception:
            log.exception("periodic job %s failed", function.__name__)


@event.listens_for(Session, "after_commit")
def _wake_worker(session: Session) -> None:
    """After a commit that queued mail, tell the worker (the rows are now visible to it)."""
    if session.info.pop(OUTBOX_WOKEN, False):
        try:
            deliver_outbox()
        except Exception:  # the minute sweep will pick the mail up anyway
            log.exception("could not wake the mail worker")


@event.listens_for(Session, "after_rollback")
def _forget_queued(session: Session) -> None:
    session.info.pop(OUTBOX_WOKEN, None)


__all__ = ["huey", "init_jobs", "run_periodically"]
