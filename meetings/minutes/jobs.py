"""The minutes' work in the job queue (huey). A job commits once, as a request does; the
services it calls only flush.

- Publishing: ``request_publication`` notes the request; once the request's transaction
  has committed, ``publish_minutes_task`` is queued for it (``_queue_publications``). The
  job publishes (``publishing.publish``) and commits, or records why it failed. A request
  whose job was lost (a worker restart) is published by the minute sweep after
  ``LOST_AFTER`` (``republish_lost_requests``).
- Task reminders are planned messages of the reminders (``reminders.task_kinds``).

The tasks and the timed work are registered when this module is imported; the minutes
views import it, so every app server and the worker (``meetings.worker``) have them.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from ..db import utcnow
from ..documents.signing import SigningKey
from ..extensions import db
from ..mail.jobs import huey, in_app_context, run_periodically
from .enums import MinutesState
from .models import Minutes
from .publishing import CONFIGURED, LOST_AFTER, PUBLICATIONS_QUEUED, PublishingFailed, publish

log = logging.getLogger(__name__)

__all__ = [
    "publish_minutes",
    "publish_minutes_task",
    "republish_lost_requests",
]


# --- publishing ------------------------------------------------------------------------------


def publish_minutes(minutes_id: int, *, key: SigningKey | None = CONFIGURED) -> bool:
    """The job: publish the minutes and commit; on failure record why. True when published.

    Minutes that are no longer approved (published meanwhile, or reopened) are left alone.
    """
    minutes = db.session.get(Minutes, minutes_id)
    if minutes is None or minutes.state != MinutesState.APPROVED:
        log.info("minutes %s: nothing to publish", minutes_id)
        return False
    try:
        publish(minutes, key=key)
        db.session.commit()
        return True
    except Exception as error:
        # The rollback also removes a PDF written to the object store (storage.services).
        db.session.rollback()
        _record_failure(minutes_id, error)
        return False


def _record_failure(minutes_id: int, error: Exception) -> None:
    """Log why publishing failed and keep the reason on minutes still approved; commits."""
    failure = (
        error
        if isinstance(error, PublishingFailed)
        else PublishingFailed("unexpected", f"{type(error).__name__}: {error}")
    )
    log.error(
        "minutes %s not published (%s): %s",
        minutes_id,
        failure.problem,
        failure.detail,
        exc_info=not isinstance(error, PublishingFailed),
    )
    minutes = db.session.get(Minutes, minutes_id)
    if minutes is not None and minutes.state == MinutesState.APPROVED:
        minutes.publish_error = failure.stored_message
        db.session.commit()


def publish_minutes_task(minutes_id: int) -> None:
    """Queued by ``_queue_publications`` once the request's transaction has committed."""
    in_app_context(lambda: publish_minutes(minutes_id))


# A queued message names its task "<module>.<function>". The task was first defined in
# ``publishing.py``; keeping that name lets a job queued before an upgrade run after it.
publish_minutes_task.__module__ = "meetings.minutes.publishing"
publish_minutes_task = huey.task(retries=0)(publish_minutes_task)


@event.listens_for(Session, "after_commit")
def _queue_publications(session: Session) -> None:
    """After a commit that requested publications (``request_publication``), queue them."""
    for minutes_id in sorted(session.info.pop(PUBLICATIONS_QUEUED, ())):
        try:
            publish_minutes_task(minutes_id)
        except Exception:  # the minute sweep picks the request up after LOST_AFTER
            log.exception("could not queue the publishing of minutes %s", minutes_id)


@event.listens_for(Session, "after_rollback")
def _forget_publications(session: Session) -> None:
    session.info.pop(PUBLICATIONS_QUEUED, None)


@run_periodically
def republish_lost_requests(now: dt.datetime | None = None) -> int:
    """Publish requests whose job was lost (e.g. the worker restarted); one at a time."""
    cutoff = (now or utcnow()) - LOST_AFTER
    waiting = db.session.scalars(
        select(Minutes.id).where(
            Minutes.state == MinutesState.APPROVED,
            Minutes.publish_requested_at.is_not(None),
            Minutes.publish_requested_at < cutoff,
            Minutes.publish_error.is_(None),
        )
    ).all()
    return sum(publish_minutes(minutes_id) for minutes_id in waiting)
