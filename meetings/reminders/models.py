"""Planned messages (one row per kind, object, recipient and due time: sent once), the
reminder times of a group or meeting, and each address's choice per kind of message."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import utcnow
from ..extensions import db
from .enums import PlanState

if TYPE_CHECKING:
    from ..scheduling.models import Meeting


class PlannedMessage(db.Model):
    """A reminder or digest due at a time; claimed by setting ``sent_at`` in the
    transaction that queues its mail, so it is sent once however many workers run."""

    __tablename__ = "planned_messages"
    __table_args__ = (
        UniqueConstraint("kind", "object_id", "recipient", "due_at"),
        # The job's question: unsent rows whose time has come.
        Index("ix_planned_messages_sent_at_due_at", "sent_at", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``enums.ReminderKind`` (or a kind another domain registers, e.g. per rollam votes).
    kind: Mapped[str] = mapped_column(String(40))
    #: What it is about: a meeting's, minutes' or person's id (by kind).
    object_id: Mapped[int]
    #: The meeting it goes with, if any (a deleted meeting takes its reminders along).
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    #: The e-mail address, lower case.
    recipient: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE")
    )
    due_at: Mapped[dt.datetime]
    #: Claimed (and its mail queued in the same transaction; with ``dropped_at`` too:
    #: claimed with nothing to say, done without a message).
    sent_at: Mapped[dt.datetime | None]
    #: The job run that claimed it (finds its own rows after the conditional UPDATE).
    claim: Mapped[str | None] = mapped_column(String(32), index=True)
    #: No longer wanted (meeting moved or cancelled, the person turned the kind off).
    dropped_at: Mapped[dt.datetime | None]
    outgoing_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("outgoing_messages.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    meeting: Mapped[Meeting | None] = relationship()

    @property
    def state(self) -> PlanState:
        if self.sent_at is not None:
            return PlanState.EMPTY if self.dropped_at is not None else PlanState.SENT
        if self.dropped_at is not None:
            return PlanState.DROPPED
        return PlanState.PLANNED


class ReminderTimes(db.Model):
    """When reminders go before a group's meetings (its default) or one meeting (an
    override); without a row, the site's ``MEETING_REMINDERS``."""

    __tablename__ = "reminder_times"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("working_groups.id", ondelete="CASCADE"), unique=True
    )
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), unique=True
    )
    #: Minutes before the start, e.g. "2880 120" (two days and two hours); "" for none.
    offsets: Mapped[str] = mapped_column(String(200))


class MailChoice(db.Model):
    """An address's choice for one optional kind of message; without a row, the kind's
    default (on, except the weekly digest). By address, so that guests without an account
    can unsubscribe too."""

    __tablename__ = "mail_choices"

    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    wanted: Mapped[bool]
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
