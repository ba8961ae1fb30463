"""Meetings of working groups."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import enum_type, utcnow
from ..extensions import db
from .enums import MeetingKind, MeetingStatus

if TYPE_CHECKING:
    from ..agenda.models import AgendaItem
    from ..auth.models import User
    from ..groups.models import Organisation, WorkingGroup
    from ..invitations.models import Invitation
    from ..venues.models import Venue


#: The other groups taking part in a joint meeting (the host group is ``Meeting.group``).
meeting_groups = Table(
    "meeting_groups",
    db.Model.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", ForeignKey("working_groups.id", ondelete="CASCADE"), primary_key=True),
)


def new_uid() -> str:
    return f"{uuid.uuid4()}@meetings"


class Meeting(db.Model):
    __tablename__ = "meetings"
    __table_args__ = (
        # Numbers are unique within the host group (several drafts may have none yet).
        UniqueConstraint("group_id", "number"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("number IS NULL OR number > 0", name="number_positive"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The host group: numbers the meeting and owns its record.
    group_id: Mapped[int] = mapped_column(
        ForeignKey("working_groups.id", ondelete="RESTRICT"), index=True
    )
    #: Sequence number within the host group, assigned when the meeting leaves draft.
    number: Mapped[int | None]
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[MeetingKind] = mapped_column(
        enum_type(MeetingKind, "kind"), default=MeetingKind.REGULAR
    )
    status: Mapped[MeetingStatus] = mapped_column(
        enum_type(MeetingStatus, "status"), default=MeetingStatus.DRAFT, index=True
    )
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    starts_at: Mapped[dt.datetime] = mapped_column(index=True)
    ends_at: Mapped[dt.datetime]
    #: IANA zone the meeting is planned in: its wall-clock time is kept in this zone.
    timezone: Mapped[str] = mapped_column(String(64))
    venue_id: Mapped[int | None] = mapped_column(
        ForeignKey("venues.id", ondelete="SET NULL"), index=True
    )
    #: Room for this meeting when it differs from the venue's default room.
    room: Mapped[str | None] = mapped_column(String(200))
    online_url: Mapped[str | None] = mapped_column(String(500))
    organiser_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str | None] = mapped_column(Text)
    #: Shown on the public events pages even when the group is members-only.
    is_public: Mapped[bool] = mapped_column(default=False)
    #: iCalendar UID: never changes during the meeting's life.
    uid: Mapped[str] = mapped_column(String(255), unique=True, default=new_uid)
    #: iCalendar SEQUENCE: grows with every significant change (time, place).
    sequence: Mapped[int] = mapped_column(default=0)
    agenda_published_at: Mapped[dt.datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    group: Mapped[WorkingGroup] = relationship(back_populates="meetings", foreign_keys=[group_id])
    extra_groups: Mapped[list[WorkingGroup]] = relationship(secondary=meeting_groups)
    venue: Mapped[Venue | None] = relationship()
    organiser: Mapped[Organisation | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="AgendaItem.position",
    )
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def groups(self) -> list[WorkingGroup]:
        """Every participating group, host first."""
        return [self.group, *self.extra_groups]

    @property
    def room_name(self) -> str | None:
        return self.room or (self.venue.room if self.venue else None)

    def __repr__(self) -> str:
        return f"<Meeting {self.group_id}/{self.number} {self.title!r}>"
