"""The exports' work in the job queue (huey): making an export once the request that asked
for it has committed, and every minute tidying up (expired zips deleted, lost tasks queued
again, interrupted ones marked failed). Registered when this module is imported; the views
import it, so every app server and the worker (``meetings.worker``) have it."""

from __future__ import annotations

import logging

from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import db
from ..mail.jobs import huey, in_app_context, run_periodically
from .services import EXPORTS_QUEUED, build_export, tidy

log = logging.getLogger(__name__)

__all__ = ["build_export_task", "tidy_exports"]


@huey.task(retries=0)
def build_export_task(job_id: int) -> None:
    """Queued by ``_queue_exports`` once the request's transaction has committed."""
    in_app_context(lambda: build_export(job_id))


@event.listens_for(Session, "after_commit")
def _queue_exports(session: Session) -> None:
    for job_id in sorted(session.info.pop(EXPORTS_QUEUED, ())):
        try:
            build_export_task(job_id)
        except Exception:  # the minute's tidying queues it again after LOST_AFTER
            log.exception("could not queue export %s", job_id)


@event.listens_for(Session, "after_rollback")
def _forget_exports(session: Session) -> None:
    session.info.pop(EXPORTS_QUEUED, None)


@run_periodically
def tidy_exports() -> int:
    """Expired exports deleted, interrupted ones failed, lost ones queued again; commits."""
    try:
        lost = tidy()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    for job_id in lost:
        build_export_task(job_id)
    return len(lost)
