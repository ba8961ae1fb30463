"""The numbered agenda of a meeting: items and one level of sub-items (1., 1a, 1b …)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import enum_type
from ..extensions import db
from .enums import ItemKind

if TYPE_CHECKING:
    from ..auth.models import User
    from ..groups.models import WorkingGroup
    from ..scheduling.models import Meeting


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
