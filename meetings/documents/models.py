"""Rendered documents: one version of a document's PDF, kept in shared storage."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import utcnow
from ..extensions import db
from ..storage.models import StoredFile


class RenderedDocument(db.Model):
    """One version of a document, rendered: its PDF, or why it could not be made."""

    __tablename__ = "rendered_documents"
    __table_args__ = (UniqueConstraint("kind", "subject_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int]
    #: DocumentSource.version of what was rendered.
    version: Mapped[str] = mapped_column(String(64))
    #: The PDF; None when rendering failed (``error`` says why).
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    file: Mapped[StoredFile | None] = relationship()
    error: Mapped[str | None] = mapped_column(String(500))
    rendered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
