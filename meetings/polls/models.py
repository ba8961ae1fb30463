"""Date-finding polls for a group's next meeting: the candidate slots, who is asked (members
of the group and guests by e-mail) and their answers per slot."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import enum_type, utcnow
from ..extensions import db
from .enums import PollAnswerValue, PollState

if TYPE_CHECKING:
    from ..auth.models import User
    from ..groups.models import WorkingGroup
    from ..minutes.models import ActionItem
    from ..scheduling.models import Meeting
    from ..venues.models import Venue


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


class Poll(db.Model):
    __tablename__ = "polls"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("working_groups.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    state: Mapped[PollState] = mapped_column(enum_type(PollState, "state"), default=PollState.OPEN)
    #: The deadline: answers are taken until then.
    closes_at: Mapped[dt.datetime | None]
    #: The meeting created from the chosen option.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    #: The task ("the date of the April meeting will be agreed") the poll was started from;
    #: it is marked done when the poll closes into a meeting.
    action_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("action_items.id", ondelete="SET NULL"), index=True
    )
    closed_at: Mapped[dt.datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    group: Mapped[WorkingGroup] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    action_item: Mapped[ActionItem | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    options: Mapped[list[PollOption]] = relationship(
        back_populates="poll",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="PollOption.starts_at",
    )
    participants: Mapped[list[PollParticipant]] = relationship(
        back_populates="poll",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="PollParticipant.id",
    )


class PollOption(db.Model):
    """A candidate slot."""

    __tablename__ = "poll_options"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id", ondelete="SET NULL"))
    online_url: Mapped[str | None] = mapped_column(String(500))
    is_chosen: Mapped[bool] = mapped_column(default=False)

    poll: Mapped[Poll] = relationship(back_populates="options")
    venue: Mapped[Venue | None] = relationship()
    answers: Mapped[list[PollAnswer]] = relationship(
        back_populates="option", cascade="all, delete-orphan", passive_deletes=True
    )


class PollParticipant(db.Model):
    """Someone asked: a person with an account (a member of the group) or a guest by
    e-mail. Their answer link carries ``answer_nonce``."""

    __tablename__ = "poll_participants"
    __table_args__ = (
        UniqueConstraint("poll_id", "user_id"),
        UniqueConstraint("poll_id", "email"),
        CheckConstraint("user_id IS NOT NULL OR email IS NOT NULL", name="user_or_email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    #: A guest's address (lower case); None for a person with an account.
    email: Mapped[str | None] = mapped_column(String(254))
    #: The name a guest gives when answering.
    name: Mapped[str | None] = mapped_column(String(200))
    comment: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[dt.datetime | None]
    answer_nonce: Mapped[str] = mapped_column(String(32), default=new_nonce)

    poll: Mapped[Poll] = relationship(back_populates="participants")
    user: Mapped[User | None] = relationship()
    answers: Mapped[list[PollAnswer]] = relationship(
        back_populates="participant", cascade="all, delete-orphan", passive_deletes=True
    )


class PollAnswer(db.Model):
    __tablename__ = "poll_answers"
    __table_args__ = (UniqueConstraint("option_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    option_id: Mapped[int] = mapped_column(
        ForeignKey("poll_options.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("poll_participants.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[PollAnswerValue] = mapped_column(enum_type(PollAnswerValue, "value"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    option: Mapped[PollOption] = relationship(back_populates="answers")
    participant: Mapped[PollParticipant] = relationship(back_populates="answers")
