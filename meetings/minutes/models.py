"""Minutes of a meeting, their revisions, decisions and action items."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import enum_type, utcnow
from ..extensions import db
from .enums import ActionStatus, MinutesState, VoteChoice

if TYPE_CHECKING:
    from ..agenda.models import AgendaItem
    from ..auth.models import Organisation, User
    from ..groups.models import WorkingGroup
    from ..scheduling.models import Meeting
    from ..storage.models import StoredFile


class Minutes(db.Model):
    """The record of one meeting. A correction of approved minutes is a new edition."""

    __tablename__ = "minutes"
    __table_args__ = (
        UniqueConstraint("meeting_id", "edition"),
        CheckConstraint("edition >= 1", name="edition_positive"),
        CheckConstraint(
            "state NOT IN ('approved', 'published') OR approved_at IS NOT NULL",
            name="approved_has_time",
        ),
        CheckConstraint("state <> 'published' OR pdf_sha256 IS NOT NULL", name="published_has_pdf"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # An official record: a meeting with minutes cannot be deleted.
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="RESTRICT"), index=True
    )
    #: 1 for the first minutes; a correction after approval is the next edition.
    edition: Mapped[int] = mapped_column(default=1)
    correction_reason: Mapped[str | None] = mapped_column(Text)
    state: Mapped[MinutesState] = mapped_column(
        enum_type(MinutesState, "state"), default=MinutesState.DRAFT
    )
    #: Optimistic lock: a save based on an older version is refused as a conflict.
    version: Mapped[int] = mapped_column(default=1)
    opening: Mapped[str | None] = mapped_column(Text)
    closing: Mapped[str | None] = mapped_column(Text)
    next_meeting: Mapped[str | None] = mapped_column(Text)
    #: The chair's comment when returning the minutes for changes.
    return_comment: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[dt.datetime | None]
    approved_at: Mapped[dt.datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    #: Who wrote the record ("Zapsal/a"): the person who started it unless changed.
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    #: Who verifies it ("Ověřil/a"): a chosen member who confirms in the app, before the
    #: chair approves when the group requires it; verified_at is when they confirmed.
    verified_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    verified_at: Mapped[dt.datetime | None]
    #: Publishing runs in the job queue (PDF, signature, mail); set when it was asked for.
    publish_requested_at: Mapped[dt.datetime | None]
    #: Why publishing failed (e.g. the signing certificate), for the admin; None when fine.
    publish_error: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[dt.datetime | None]
    #: The published PDF (the database or the object store); None before publishing.
    pdf_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="RESTRICT"), unique=True
    )
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __mapper_args__ = {"version_id_col": version}

    meeting: Mapped[Meeting] = relationship()
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])
    pdf_file: Mapped[StoredFile | None] = relationship()
    entries: Mapped[list[MinutesEntry]] = relationship(
        back_populates="minutes", cascade="all, delete-orphan", passive_deletes=True
    )
    revisions: Mapped[list[MinutesRevision]] = relationship(
        back_populates="minutes",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="MinutesRevision.number",
    )
    comments: Mapped[list[MinutesComment]] = relationship(
        back_populates="minutes",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="MinutesComment.created_at",
    )


class MinutesEntry(db.Model):
    """The course of the meeting under one agenda item."""

    __tablename__ = "minutes_entries"
    __table_args__ = (UniqueConstraint("minutes_id", "agenda_item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(
        ForeignKey("minutes.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    #: Markdown; rendered and sanitised for display.
    text: Mapped[str] = mapped_column(Text, default="")

    minutes: Mapped[Minutes] = relationship(back_populates="entries")
    agenda_item: Mapped[AgendaItem | None] = relationship()


class MinutesComment(db.Model):
    """A member's review comment on submitted minutes, on one item or on the whole."""

    __tablename__ = "minutes_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(
        ForeignKey("minutes.id", ondelete="CASCADE"), index=True
    )
    #: The agenda item commented on; None for a comment on the minutes as a whole.
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    minutes: Mapped[Minutes] = relationship(back_populates="comments")
    agenda_item: Mapped[AgendaItem | None] = relationship()
    author: Mapped[User | None] = relationship()


class MinutesRevision(db.Model):
    """A snapshot taken at every save, for the history and its diffs."""

    __tablename__ = "minutes_revisions"
    __table_args__ = (UniqueConstraint("minutes_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(
        ForeignKey("minutes.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The texts at this save: {"opening": …, "items": {agenda_item_id: text}, …}.
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    minutes: Mapped[Minutes] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship()


class Decision(db.Model):
    """A resolution, numbered within the group as meeting number / sequence ("10/3")."""

    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("meeting_id", "sequence"),
        CheckConstraint("sequence > 0", name="sequence_positive"),
        CheckConstraint(
            "(votes_for IS NULL OR votes_for >= 0) AND (votes_against IS NULL OR "
            "votes_against >= 0) AND (votes_abstaining IS NULL OR votes_abstaining >= 0)",
            name="votes_not_negative",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("working_groups.id", ondelete="RESTRICT"), index=True
    )
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="RESTRICT"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    sequence: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    votes_for: Mapped[int | None]
    votes_against: Mapped[int | None]
    votes_abstaining: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    group: Mapped[WorkingGroup] = relationship()
    meeting: Mapped[Meeting] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    #: The vote by name (roll-call), when recorded: the counts above are derived from it.
    votes: Mapped[list[DecisionVote]] = relationship(
        back_populates="decision", cascade="all, delete-orphan", passive_deletes=True
    )


class DecisionVote(db.Model):
    """One voting member's vote in a roll-call on a decision (a vote by name)."""

    __tablename__ = "decision_votes"
    __table_args__ = (UniqueConstraint("decision_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    # An official record: a person who voted by name is not deleted.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    choice: Mapped[VoteChoice] = mapped_column(enum_type(VoteChoice, "choice"))

    decision: Mapped[Decision] = relationship(back_populates="votes")
    user: Mapped[User] = relationship()


class ActionItem(db.Model):
    """A task from the minutes; open ones are carried to the next meeting's agenda."""

    __tablename__ = "action_items"
    __table_args__ = (
        CheckConstraint("status = 'open' OR closed_at IS NOT NULL", name="closed_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("working_groups.id", ondelete="RESTRICT"), index=True
    )
    #: The meeting whose minutes created the task.
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    owner_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    due_on: Mapped[dt.date | None]
    status: Mapped[ActionStatus] = mapped_column(
        enum_type(ActionStatus, "status"), default=ActionStatus.OPEN, index=True
    )
    closed_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    group: Mapped[WorkingGroup] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    owner: Mapped[User | None] = relationship()
    owner_organisation: Mapped[Organisation | None] = relationship()
