"""The numbered agenda of a meeting: items and one level of sub-items (1., 1a, 1b …)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import enum_type, utcnow
from ..extensions import db
from .enums import ItemKind

if TYPE_CHECKING:
    from ..auth.models import User
    from ..groups.models import WorkingGroup
    from ..scheduling.models import Meeting
    from ..storage.models import StoredFile


class AgendaItem(db.Model):
    __tablename__ = "agenda_items"
    __table_args__ = (
        CheckConstraint("position >= 0", name="position_not_negative"),
        CheckConstraint(
            "duration_minutes IS NULL OR duration_minutes >= 0", name="duration_not_negative"
        ),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Optimistic lock: a save based on a version someone else replaced meanwhile fails
    #: (StaleDataError) instead of silently overwriting it; the edit forms merge per field.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    #: The item this is a sub-item of; only one level deep (checked by the agenda service).
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    #: Order among its siblings, from 0.
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    presenter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Presenter as free text, for someone without an account.
    presenter_name: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[ItemKind] = mapped_column(
        enum_type(ItemKind, "kind"), default=ItemKind.INFORMATION
    )
    #: Planned length; the timetable adds these up from the meeting's start.
    duration_minutes: Mapped[int | None]
    #: In a joint meeting, the group responsible for this slot of the programme.
    responsible_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("working_groups.id", ondelete="SET NULL")
    )

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")
    parent: Mapped[AgendaItem | None] = relationship(back_populates="children", remote_side=[id])
    children: Mapped[list[AgendaItem]] = relationship(
        back_populates="parent",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="AgendaItem.position",
    )
    presenter: Mapped[User | None] = relationship()
    responsible_group: Mapped[WorkingGroup | None] = relationship()
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="agenda_item", passive_deletes=True, order_by="Attachment.created_at"
    )


class Attachment(db.Model):
    """A document attached to a meeting or to one of its agenda items.

    The bytes are a stored file (``storage``: the database or the object store, where every
    app server reads them); they are served only to people who may see the meeting.
    """

    __tablename__ = "attachments"
    __table_args__ = (CheckConstraint("size_bytes >= 0", name="size_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    #: The name as uploaded (sanitised), offered again on download.
    filename: Mapped[str] = mapped_column(String(255))
    #: Media type as detected from the content, not as claimed by the browser.
    content_type: Mapped[str] = mapped_column(String(127))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    #: The bytes; the attachment owns them (deleting it discards them).
    file_id: Mapped[int] = mapped_column(
        ForeignKey("stored_files.id", ondelete="RESTRICT"), unique=True
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="attachments")
    agenda_item: Mapped[AgendaItem | None] = relationship(back_populates="attachments")
    file: Mapped[StoredFile] = relationship()
