"""A stored file: its bytes (here or in the object store), SHA-256, size and media type."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import utcnow
from ..extensions import db


class StoredFile(db.Model):
    """Bytes kept where every app server reads them; never changed once stored.

    The bytes are either in ``data`` (the database, the default) or in the S3-compatible
    object store under ``location``; reading checks them against ``sha256``.
    """

    __tablename__ = "stored_files"
    __table_args__ = (
        CheckConstraint("size >= 0", name="size_not_negative"),
        CheckConstraint("(data IS NULL) <> (location IS NULL)", name="data_or_location"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Hex SHA-256 of the bytes, checked on every read; also the file's ETag.
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int]
    content_type: Mapped[str] = mapped_column(String(127))
    #: For a file the site keeps by itself, found by this name (e.g. the signing key);
    #: None for a file that a row refers to (an attachment, published minutes).
    name: Mapped[str | None] = mapped_column(String(100), unique=True)
    #: The bytes, when kept in the database; None when they are in the object store.
    #: Deferred: loaded only when read.
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    #: The object's key in STORAGE_S3_BUCKET; None when the bytes are in ``data``.
    location: Mapped[str | None] = mapped_column(String(1024))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        where = self.location or "database"
        return f"<StoredFile {self.id} {self.sha256[:12]} {self.size} B in {where}>"
