"""The votes' work in the job queue (huey). A job commits once, as a request does; the
services it calls only flush.

- Closing: every minute, the open votes whose deadline has passed are closed with their
  result (``close_due_votes``; ``now`` lets tests move the clock).
- Records: a vote that closed (at its deadline, or early in a request) has its PDF record
  made once the transaction has committed (``make_record_task``); the minute sweep makes
  those whose job was lost, and tries again after ``RETRY_AFTER`` when one failed
  (``make_missing_records``).

The tasks and the timed work are registered when this module is imported; the views import
it, so every app server and the worker (``meetings.worker``) have them.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import event, or_, select
from sqlalchemy.orm import Session

from ..db import utcnow
from ..documents.signing import SigningKey
from ..extensions import db
from ..mail.jobs import huey, in_app_context, run_periodically
from .enums import VoteState
from .models import CorrespondenceVote
from .record import CONFIGURED, RecordFailed, write_record
from .services import RECORDS_QUEUED, close_due_votes

log = logging.getLogger(__name__)

__all__ = ["close_votes", "make_missing_records", "make_record", "make_record_task"]

#: A record that could not be made is tried again after this long; one without a try yet
#: (its job lost) after ``LOST_AFTER``.
RETRY_AFTER = dt.timedelta(hours=1)
LOST_AFTER = dt.timedelta(minutes=2)


@run_periodically
def close_votes(now: dt.datetime | None = None) -> int:
    """Close the votes whose deadline has passed and commit; how many closed."""
    try:
        closed = close_due_votes(now)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    if closed:
        log.info("closed %d correspondence votes at their deadline", closed)
    return closed


def make_record(
    vote_id: int, *, key: SigningKey | None = CONFIGURED, now: dt.datetime | None = None
) -> bool:
    """The job: make the closed vote's signed record and commit; on failure keep why. True
    when a record was made (False also when it exists already, or the vote is not closed).
    """
    vote = db.session.get(CorrespondenceVote, vote_id, with_for_update=True, populate_existing=True)
    if vote is None or vote.state != VoteState.CLOSED or vote.record_file_id is not None:
        return False
    try:
        write_record(vote, key=key, now=now)
        db.session.commit()
        return True
    except Exception as error:
        # The rollback also removes a PDF written to the object store (storage.services).
        db.session.rollback()
        _record_failure(vote_id, error, now)
        return False


def _record_failure(vote_id: int, error: Exception, now: dt.datetime | None) -> None:
    failure = (
        error
        if isinstance(error, RecordFailed)
        else RecordFailed("unexpected", f"{type(error).__name__}: {error}")
    )
    log.error(
        "correspondence vote %s: record not made (%s): %s",
        vote_id,
        failure.problem,
        failure.detail,
        exc_info=not isinstance(error, RecordFailed),
    )
    vote = db.session.get(CorrespondenceVote, vote_id)
    if vote is not None and vote.record_file_id is None:
        vote.record_error = failure.stored_message
        vote.record_attempted_at = now or utcnow()
        db.session.commit()


@huey.task(retries=0)
def make_record_task(vote_id: int) -> None:
    """Queued by ``_queue_records`` once the transaction that closed the vote committed."""
    in_app_context(lambda: make_record(vote_id))


@event.listens_for(Session, "after_commit")
def _queue_records(session: Session) -> None:
    """After a commit that closed votes (``services.close_vote``), queue their records."""
    for vote_id in sorted(session.info.pop(RECORDS_QUEUED, ())):
        try:
            make_record_task(vote_id)
        except Exception:  # the minute sweep picks it up after LOST_AFTER
            log.exception("could not queue the record of correspondence vote %s", vote_id)


@event.listens_for(Session, "after_rollback")
def _forget_records(session: Session) -> None:
    session.info.pop(RECORDS_QUEUED, None)


@run_periodically
def make_missing_records(now: dt.datetime | None = None) -> int:
    """Make the records of closed votes that have none: their job was lost, or the last
    attempt failed a while ago. One at a time; how many were made."""
    now = now or utcnow()
    waiting = db.session.scalars(
        select(CorrespondenceVote.id).where(
            CorrespondenceVote.state == VoteState.CLOSED,
            CorrespondenceVote.record_file_id.is_(None),
            or_(
                CorrespondenceVote.record_attempted_at.is_(None)
                & (CorrespondenceVote.closed_at < now - LOST_AFTER),
                CorrespondenceVote.record_attempted_at < now - RETRY_AFTER,
            ),
        )
    ).all()
    return sum(make_record(vote_id) for vote_id in waiting)
