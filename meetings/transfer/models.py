"""A downloadable export: asked for by a site admin (the whole installation) or a group's
chair (the group), made in the job queue, its zip kept in shared storage until it expires."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import enum_type, utcnow
from ..extensions import db
from .enums import ExportState

if TYPE_CHECKING:
    from ..auth.models import User
    from ..groups.models import WorkingGroup
    from ..storage.models import StoredFile


class ExportJob(db.Model):
    __tablename__ = "export_jobs"
    # Never exported itself (transfer.tables.EXCLUDED says why).

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The group exported; None: the whole installation.
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("working_groups.id", ondelete="CASCADE"), index=True
    )
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    state: Mapped[ExportState] = mapped_column(
        enum_type(ExportState, "export_state"), default=ExportState.QUEUED
    )
    #: Progress: tables of records written of all, then files.
    tables_done: Mapped[int] = mapped_column(default=0)
    tables_total: Mapped[int] = mapped_column(default=0)
    files_done: Mapped[int] = mapped_column(default=0)
    files_total: Mapped[int] = mapped_column(default=0)
    #: The zip, once made (removed when the export expires or is deleted).
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id", ondelete="SET NULL"))
    filename: Mapped[str | None] = mapped_column(String(200))
    #: Why it failed, for the person who asked (and the log has the details).
    error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    #: The last sign of life of the worker making it (progress).
    updated_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    #: When the zip is deleted.
    expires_at: Mapped[dt.datetime | None]

    group: Mapped[WorkingGroup | None] = relationship()
    requested_by: Mapped[User | None] = relationship()
    file: Mapped[StoredFile | None] = relationship()

    @property
    def is_finished(self) -> bool:
        return self.state in (ExportState.DONE, ExportState.FAILED)

    @property
    def percent(self) -> int:
        """How far it has come, as a whole number of per cent (records weigh as much as
        files until the number of files is known)."""
        if self.state == ExportState.DONE:
            return 100
        tables = self.tables_done / self.tables_total if self.tables_total else 0.0
        files = self.files_done / self.files_total if self.files_total else 0.0
        return int(100 * (tables + files) / 2)

    def __repr__(self) -> str:
        return f"<ExportJob {self.id} {self.state} group={self.group_id}>"
