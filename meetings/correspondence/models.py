"""A vote by correspondence and its ballots, one per voting member it was put to."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import enum_type, utcnow
from ..extensions import db
from .enums import Channel, Choice, CloseReason, QuorumBasis, Result, VoteState

if TYPE_CHECKING:
    from ..auth.models import User
    from ..groups.models import WorkingGroup
    from ..storage.models import StoredFile


class CorrespondenceVote(db.Model):
    """A proposal put to a group's voting members, decided by their ballots by a deadline.

    The voting members are fixed when the vote starts (a ballot row each); the quorum is
    fixed then too (``quorum_basis``, ``quorum_needed``). Closing keeps the counts, the
    result and, for a quorate result, the decision's number within the group and year.
    """

    __tablename__ = "correspondence_votes"
    __table_args__ = (
        UniqueConstraint("group_id", "decision_year", "decision_sequence"),
        CheckConstraint("quorum_needed > 0", name="quorum_positive"),
        CheckConstraint("voting_members >= quorum_needed", name="quorum_reachable"),
        CheckConstraint(
            "decision_sequence IS NULL OR decision_sequence > 0", name="sequence_positive"
        ),
        CheckConstraint(
            "state <> 'closed' OR (closed_at IS NOT NULL AND result IS NOT NULL)",
            name="closed_has_result",
        ),
        # The closing job's look-up: open votes whose deadline has passed.
        Index("ix_correspondence_votes_state_deadline_at", "state", "deadline_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # An official record: a group with votes cannot be deleted (groups are archived).
    group_id: Mapped[int] = mapped_column(
        ForeignKey("working_groups.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    #: The text of the proposed resolution, as it is adopted or not.
    proposal: Mapped[str] = mapped_column(Text)
    #: Why the proposal is made (optional), shown with it.
    explanation: Mapped[str | None] = mapped_column(Text)
    state: Mapped[VoteState] = mapped_column(enum_type(VoteState, "state"), default=VoteState.OPEN)
    #: The group's time zone when the vote started: its deadline is shown in it.
    timezone: Mapped[str] = mapped_column(String(64))
    deadline_at: Mapped[dt.datetime]
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: How many voting members the proposal was put to (its ballots).
    voting_members: Mapped[int]
    #: The rule the ballots cast are held against, and how many are needed by it.
    quorum_basis: Mapped[QuorumBasis] = mapped_column(enum_type(QuorumBasis, "quorum_basis"))
    quorum_needed: Mapped[int]
    #: When those who had not voted were last reminded.
    reminded_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]
    close_reason: Mapped[CloseReason | None] = mapped_column(enum_type(CloseReason, "close_reason"))
    result: Mapped[Result | None] = mapped_column(enum_type(Result, "result"))
    # The counts at closing (the ballots stay too), for the register.
    votes_for: Mapped[int | None]
    votes_against: Mapped[int | None]
    votes_abstaining: Mapped[int | None]
    #: The decision's number, "PR/<year>/<sequence>", counted per group and year; a vote
    #: that was not quorate decided nothing and has none.
    decision_year: Mapped[int | None]
    decision_sequence: Mapped[int | None]
    cancelled_at: Mapped[dt.datetime | None]
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    #: The signed PDF record of the closed vote (the database or the object store).
    record_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="RESTRICT"), unique=True
    )
    record_sha256: Mapped[str | None] = mapped_column(String(64))
    #: Why the record could not be made (in English, shown translated); None when fine.
    record_error: Mapped[str | None] = mapped_column(Text)
    #: The last attempt at making the record (the job tries again after a while).
    record_attempted_at: Mapped[dt.datetime | None]

    group: Mapped[WorkingGroup] = relationship()
    started_by: Mapped[User | None] = relationship(foreign_keys=[started_by_id])
    cancelled_by: Mapped[User | None] = relationship(foreign_keys=[cancelled_by_id])
    record_file: Mapped[StoredFile | None] = relationship()
    ballots: Mapped[list[CorrespondenceBallot]] = relationship(
        back_populates="vote",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CorrespondenceBallot.id",
    )

    @property
    def decision_label(self) -> str | None:
        """The decision's number, e.g. "PR/2026/1" (per rollam); None without one."""
        if self.decision_year is None or self.decision_sequence is None:
            return None
        return f"PR/{self.decision_year}/{self.decision_sequence}"


class CorrespondenceBallot(db.Model):
    """One voting member's ballot in a vote: empty until they vote; changed until the vote
    closes (the last one counts)."""

    __tablename__ = "correspondence_ballots"
    __table_args__ = (UniqueConstraint("vote_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Found through the unique (vote_id, user_id) index.
    vote_id: Mapped[int] = mapped_column(ForeignKey("correspondence_votes.id", ondelete="CASCADE"))
    # People are never deleted (they are deactivated): the record keeps who voted.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    choice: Mapped[Choice | None] = mapped_column(enum_type(Choice, "choice"))
    cast_at: Mapped[dt.datetime | None]
    channel: Mapped[Channel | None] = mapped_column(enum_type(Channel, "channel"))

    vote: Mapped[CorrespondenceVote] = relationship(back_populates="ballots")
    user: Mapped[User] = relationship()
