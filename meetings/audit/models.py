"""The audit log: who did what, when and from where, for security-relevant and official
acts. Append-only: the app has no path that changes or removes an entry, and the database
refuses it too (triggers, migration 0013)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from ..db import utcnow
from ..extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_action_at", "action", "at"),
        Index("ix_audit_log_actor_id_at", "actor_id", "at"),
        Index("ix_audit_log_group_id_at", "group_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: What happened, e.g. "minutes.approved" (see ``meetings.audit.ACTIONS``).
    action: Mapped[str] = mapped_column(String(60))
    # Who: the account's id and, as it was then, name and address. No foreign key: an entry
    # outlives the account, and a cascade would have to change it.
    actor_id: Mapped[int | None]
    actor_name: Mapped[str | None] = mapped_column(String(200))
    actor_email: Mapped[str | None] = mapped_column(String(254))
    #: The network address the request came from; None for the background worker.
    address: Mapped[str | None] = mapped_column(String(45))
    #: What it was done to: a table name and a row id ("minutes", 12).
    subject_type: Mapped[str | None] = mapped_column(String(40))
    subject_id: Mapped[int | None]
    #: The working group concerned, for filtering.
    group_id: Mapped[int | None]
    #: Details in plain words (the typed e-mail of a failed sign-in, "member → chair" …).
    detail: Mapped[str | None] = mapped_column(Text)


class AppendOnlyError(RuntimeError):
    """Something tried to change or remove an audit entry."""


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _append_only(mapper, connection, entry: AuditEntry) -> None:
    raise AppendOnlyError("audit entries are never changed or removed")
