"""Who is invited to a meeting, what they answered, and whether they came."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..db import enum_type, utcnow
from ..extensions import db
from .enums import Attendance, ParticipantRole, Rsvp

if TYPE_CHECKING:
    from ..auth.models import Organisation, User
    from ..groups.models import WorkingGroup
    from ..scheduling.models import Meeting


def new_answer_nonce() -> str:
    return secrets.token_urlsafe(16)


class Invitation(db.Model):
    __tablename__ = "invitations"
    __table_args__ = (
        UniqueConstraint("meeting_id", "user_id"),
        UniqueConstraint("meeting_id", "email"),
        # A guest recorded on the spot in the attendance register may have only a name.
        CheckConstraint(
            "user_id IS NOT NULL OR email IS NOT NULL OR name IS NOT NULL",
            name="user_email_or_name",
        ),
        CheckConstraint("email IS NULL OR email = lower(email)", name="email_lower_case"),
        CheckConstraint(
            "attendance = 'represented' OR represented_by IS NULL",
            name="represented_by_only_when_represented",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    #: A person with an account; None for an external guest known only by e-mail.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str | None] = mapped_column(String(254))
    name: Mapped[str | None] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    #: Language of the messages to a guest without an account (None: the group's).
    locale: Mapped[str | None] = mapped_column(String(8))
    role: Mapped[ParticipantRole] = mapped_column(
        enum_type(ParticipantRole, "role"), default=ParticipantRole.REQUIRED
    )
    rsvp: Mapped[Rsvp] = mapped_column(enum_type(Rsvp, "rsvp"), default=Rsvp.NEEDS_ACTION)
    rsvp_comment: Mapped[str | None] = mapped_column(Text)
    responded_at: Mapped[dt.datetime | None]
    attendance: Mapped[Attendance | None] = mapped_column(enum_type(Attendance, "attendance"))
    #: Name of the substitute when attendance is "represented".
    represented_by: Mapped[str | None] = mapped_column(String(200))
    #: The agenda item after which the participant left the meeting (None: stayed to the
    #: end); decisions at later items are quorate or not without them.
    left_after_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    #: The agenda item before which the participant arrived (None: from the start);
    #: decisions at earlier items are quorate or not without them.
    arrived_before_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    #: Part of the signed answer link; replacing it revokes every link sent so far.
    answer_nonce: Mapped[str] = mapped_column(String(64), default=new_answer_nonce)
    #: SEQUENCE of the last calendar message sent to this invitee.
    sent_sequence: Mapped[int | None]
    #: For an occurrence of a series: the series' SEQUENCE of the last whole-series message
    #: this invitee got (None: never had the whole series).
    series_sequence_sent: Mapped[int | None]
    #: The answer given before the meeting's time or place last changed; the invitee is
    #: then asked again (``rsvp`` back to needs-action) and this stays visible.
    rsvp_before_change: Mapped[Rsvp | None] = mapped_column(enum_type(Rsvp, "rsvp_before_change"))
    #: When a change of time or place asked the invitee to answer again.
    asked_again_at: Mapped[dt.datetime | None]
    #: Where the last answer came from: "link", "page" or "calendar" (iMIP REPLY).
    answered_via: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="invitations")
    user: Mapped[User | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    @validates("email")
    def _normalise_email(self, key: str, value: str | None) -> str | None:
        return value.strip().lower() if value else None


class GroupFollower(db.Model):
    """Someone who receives every new meeting of a group as an invitation by e-mail.

    Anyone may follow a public group; the address counts only once confirmed through the
    link sent to it. Every message carries a link to stop following.
    """

    __tablename__ = "group_followers"
    __table_args__ = (
        UniqueConstraint("group_id", "email"),
        CheckConstraint("email = lower(email)", name="email_lower_case"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("working_groups.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str | None] = mapped_column(String(200))
    #: Set when the follower is a person with an account.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: Language of the messages to a follower without an account.
    locale: Mapped[str | None] = mapped_column(String(8))
    confirmed_at: Mapped[dt.datetime | None]
    #: Part of the confirm and unfollow links; replacing it revokes them.
    nonce: Mapped[str] = mapped_column(String(64), default=new_answer_nonce)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    group: Mapped[WorkingGroup] = relationship()
    user: Mapped[User | None] = relationship()

    @validates("email")
    def _normalise_email(self, key: str, value: str) -> str:
        return value.strip().lower()


class CalendarReply(db.Model):
    """An e-mail received at an invitation's reply address, and what became of it.

    Calendar programs answer an invitation (iMIP, METHOD:REPLY) to its ORGANIZER address,
    which carries a signed token of the invitation. Every message received is recorded,
    applied or not, so that a lost or refused answer can be traced.
    """

    __tablename__ = "calendar_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    #: The envelope recipient (the reply address) and sender.
    recipient: Mapped[str] = mapped_column(String(320))
    sender: Mapped[str | None] = mapped_column(String(320))
    message_id: Mapped[str | None] = mapped_column(String(500))
    #: "applied", or why nothing changed (see ``invitations.replies.Outcome``).
    outcome: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitations.id", ondelete="SET NULL"), index=True
    )

    invitation: Mapped[Invitation | None] = relationship()
