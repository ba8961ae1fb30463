"""Downloadable exports: asking for one, making it (the job), listing, downloading and
deleting them. Services flush; the views and the job commit.

The export is made by a worker (``jobs.build_export_task``), queued once the request that
asked for it has committed. Its progress is written to the job's row as it goes, so the
progress page of any app server shows it; the zip is kept in shared storage
(``storage.store``: the database or the object store), never on one server's disk.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import time
from typing import Any

from flask import current_app
from sqlalchemy import Connection, or_, select, update

from .. import audit
from ..db import utcnow
from ..extensions import db
from ..groups.models import WorkingGroup
from ..storage import services as storage
from . import tables as t
from .enums import ExportState
from .export import ExportError, Progress, export_filename, snapshot, write_export
from .models import ExportJob

log = logging.getLogger(__name__)

#: Set on the session by ``request_export``: the jobs to queue once it commits.
EXPORTS_QUEUED = "meetings.transfer.queued"
#: A job still queued this long after it was asked for (or last queued) is queued again:
#: its task was lost (a worker restart). Running it twice is harmless: only one claims it.
LOST_AFTER = dt.timedelta(minutes=2)
#: A running job without progress for this long has been interrupted.
STALLED_AFTER = dt.timedelta(minutes=30)
#: Progress is written at most this often (seconds), and after each table.
PROGRESS_EVERY = 1.0
#: Exports shown on a page.
SHOWN = 10


def keep_for() -> dt.timedelta:
    return dt.timedelta(days=float(current_app.config["EXPORT_KEEP_DAYS"]))


def exports_of(group: WorkingGroup | None) -> list[ExportJob]:
    """The latest exports of the group (None: of the installation), newest first."""
    query = select(ExportJob).order_by(ExportJob.created_at.desc(), ExportJob.id.desc())
    query = query.where(
        ExportJob.group_id == group.id if group is not None else ExportJob.group_id.is_(None)
    )
    return list(db.session.scalars(query.limit(SHOWN)))


def request_export(group: WorkingGroup | None, *, actor: Any) -> ExportJob:
    """Ask for an export of the group (None: the whole installation). One not finished yet
    is returned instead of a second one.

    Side effects: an ExportJob added and flushed, an audit entry; the job is queued once
    the transaction commits (``jobs._queue_exports``).
    """
    waiting = db.session.scalars(
        select(ExportJob)
        .where(
            ExportJob.group_id == group.id if group is not None else ExportJob.group_id.is_(None),
            ExportJob.state.in_([ExportState.QUEUED, ExportState.RUNNING]),
        )
        .order_by(ExportJob.id)
        .limit(1)
    ).first()
    if waiting is not None:
        return waiting
    job = ExportJob(
        group_id=group.id if group is not None else None,
        requested_by_id=getattr(actor, "id", None),
        state=ExportState.QUEUED,
        updated_at=utcnow(),
    )
    db.session.add(job)
    db.session.flush()
    audit.record(
        "transfer.export_requested",
        subject=job,
        group_id=job.group_id,
        detail=group.slug if group is not None else t.INSTALLATION,
        actor=actor,
    )
    db.session.info.setdefault(EXPORTS_QUEUED, set()).add(job.id)
    return job


def record_download(job: ExportJob, *, actor: Any) -> None:
    """Side effects: an audit entry (the zip holds people's data)."""
    audit.record(
        "transfer.export_downloaded",
        subject=job,
        group_id=job.group_id,
        detail=job.filename,
        actor=actor,
    )


def delete_export(job: ExportJob) -> None:
    """Side effects: the zip discarded, the job deleted; flushes."""
    file = job.file
    job.file = None
    db.session.delete(job)
    db.session.flush()
    if file is not None:
        storage.discard(file)


def is_available(job: ExportJob, now: dt.datetime | None = None) -> bool:
    return (
        job.state == ExportState.DONE
        and job.file_id is not None
        and (job.expires_at is None or job.expires_at > (now or utcnow()))
    )


# --- the job -------------------------------------------------------------------------------


def build_export(
    job_id: int, *, connection: Connection | None = None, now: dt.datetime | None = None
) -> bool:
    """The job: write the export, keep its zip and commit; on failure record why. True
    when it was made. ``connection`` reads the records (default: a connection of its own,
    reading one moment of the database; the tests pass the session's).
    """
    started = now or utcnow()
    claimed = db.session.execute(
        update(ExportJob)
        .where(ExportJob.id == job_id, ExportJob.state == ExportState.QUEUED)
        .values(state=ExportState.RUNNING, started_at=started, updated_at=started)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if not claimed:
        log.info("export %s: not waiting (made meanwhile, or deleted)", job_id)
        return False
    job = db.session.get(ExportJob, job_id, populate_existing=True)
    group = job.group if job is not None else None
    slug = group.slug if group is not None else None
    scope = t.GROUP if slug else t.INSTALLATION
    written = [0.0]

    def progress(state: Progress) -> None:
        # Between tables always; while the files are written at most every PROGRESS_EVERY.
        writing_files = state.files_done != state.files_total
        if writing_files and time.monotonic() - written[0] < PROGRESS_EVERY:
            return
        written[0] = time.monotonic()
        _note_progress(job_id, state)

    try:
        with tempfile.TemporaryFile() as out:
            if connection is None:
                with snapshot() as reading:
                    write_export(out, reading, group_slug=slug, progress=progress, now=started)
            else:
                write_export(out, connection, group_slug=slug, progress=progress, now=started)
            out.seek(0)
            data = out.read()
        stored = storage.store(data, "application/zip")
        finished = utcnow() if now is None else now
        db.session.execute(
            update(ExportJob)
            .where(ExportJob.id == job_id)
            .values(
                state=ExportState.DONE,
                file_id=stored.id,
                filename=export_filename(scope, slug, started),
                finished_at=finished,
                updated_at=finished,
                expires_at=finished + keep_for(),
            )
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        return True
    except Exception as error:
        # The rollback also removes a zip written to the object store (storage.services).
        db.session.rollback()
        log.error("export %s failed", job_id, exc_info=not isinstance(error, ExportError))
        message = str(error) if isinstance(error, ExportError) else type(error).__name__
        _fail(job_id, message[:500])
        return False


def _note_progress(job_id: int, state: Progress) -> None:
    db.session.execute(
        update(ExportJob)
        .where(ExportJob.id == job_id)
        .values(
            tables_done=state.tables_done,
            tables_total=state.tables_total,
            files_done=state.files_done,
            files_total=state.files_total,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _fail(job_id: int, message: str) -> None:
    now = utcnow()
    db.session.execute(
        update(ExportJob)
        .where(ExportJob.id == job_id)
        .values(
            state=ExportState.FAILED,
            error=message,
            finished_at=now,
            updated_at=now,
            expires_at=now + keep_for(),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def tidy(now: dt.datetime | None = None) -> list[int]:
    """Delete expired exports, mark interrupted ones failed; the ids of those queued whose
    task was lost, to queue again. Flushes."""
    now = now or utcnow()
    for job in db.session.scalars(
        select(ExportJob).where(ExportJob.expires_at.is_not(None), ExportJob.expires_at <= now)
    ).all():
        delete_export(job)
    db.session.execute(
        update(ExportJob)
        .where(ExportJob.state == ExportState.RUNNING, ExportJob.updated_at < now - STALLED_AFTER)
        .values(
            state=ExportState.FAILED,
            error="interrupted",
            finished_at=now,
            updated_at=now,
            expires_at=now + keep_for(),
        )
        .execution_options(synchronize_session=False)
    )
    lost = list(
        db.session.scalars(
            select(ExportJob.id).where(
                ExportJob.state == ExportState.QUEUED,
                or_(ExportJob.updated_at.is_(None), ExportJob.updated_at < now - LOST_AFTER),
            )
        )
    )
    if lost:
        db.session.execute(
            update(ExportJob)
            .where(ExportJob.id.in_(lost))
            .values(updated_at=now)
            .execution_options(synchronize_session=False)
        )
    db.session.flush()
    return lost
