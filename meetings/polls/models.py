"""Date-finding polls for a group's next meeting."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import enum_type, utcnow
from ..extensions import db
from .enums import PollAnswerValue, PollState

if TYPE_CHECKING:
    from ..auth.models import User
    from ..groups.models import WorkingGroup
    from ..scheduling.models import Meeting


class Poll(db.Model):
    __tablename__ = "polls"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("working_groups.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    state: Mapped[PollState] = mapped_column(enum_type(PollState, "state"), default=PollState.OPEN)
    closes_at: Mapped[dt.datetime | None]
    #: The meeting created from the chosen option.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    group: Mapped[WorkingGroup] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    options: Mapped[list[PollOption]] = relationship(
        back_populates="poll",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="PollOption.starts_at",
    )


class PollOption(db.Model):
    __tablename__ = "poll_options"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    is_chosen: Mapped[bool] = mapped_column(default=False)

    poll: Mapped[Poll] = relationship(back_populates="options")
    answers: Mapped[list[PollAnswer]] = relationship(
        back_populates="option", cascade="all, delete-orphan", passive_deletes=True
    )


class PollAnswer(db.Model):
    __tablename__ = "poll_answers"
    __table_args__ = (
        UniqueConstraint("option_id", "user_id"),
        CheckConstraint("user_id IS NOT NULL OR name IS NOT NULL", name="user_or_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    option_id: Mapped[int] = mapped_column(
        ForeignKey("poll_options.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: Name of someone answering without an account.
    name: Mapped[str | None] = mapped_column(String(200))
    value: Mapped[PollAnswerValue] = mapped_column(enum_type(PollAnswerValue, "value"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    option: Mapped[PollOption] = relationship(back_populates="answers")
    user: Mapped[User | None] = relationship()
