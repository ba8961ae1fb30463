"""Working groups and who belongs to them (partner organisations: ``auth.models``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import enum_type, utcnow
from ..extensions import db
from .enums import Language, QuorumRule, Role

if TYPE_CHECKING:
    from ..auth.models import Organisation, User
    from ..scheduling.models import Meeting
    from ..storage.models import StoredFile


class WorkingGroup(db.Model):
    __tablename__ = "working_groups"
    __table_args__ = (
        CheckConstraint("meeting_counter >= 0", name="meeting_counter_not_negative"),
        CheckConstraint("quorum IS NULL OR quorum > 0", name="quorum_positive"),
        CheckConstraint("alarm_minutes >= 0", name="alarm_minutes_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Optimistic lock: a save based on a version someone else replaced meanwhile fails
    #: (StaleDataError) instead of silently overwriting it; the edit forms merge per field.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    name: Mapped[str] = mapped_column(String(300))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    goals: Mapped[str | None] = mapped_column(Text)
    #: The body the group works under: a pact, a consortium, a project.
    parent_body: Mapped[str | None] = mapped_column(String(300))
    #: Organisation that leads the group (organiser of its meetings by default).
    lead_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    #: Language of the group's documents: titles, invitations, minutes.
    language: Mapped[Language] = mapped_column(enum_type(Language, "language"))
    #: IANA time zone the group meets in.
    timezone: Mapped[str] = mapped_column(String(64))
    #: Public groups show their meetings and published minutes to everyone.
    is_public: Mapped[bool] = mapped_column(default=False)
    #: The online link of its meetings is shown to everyone who sees them (public pages,
    #: public feeds and documents), not only to those invited and the members.
    shows_online_link_publicly: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Address that receives replies to invitations (the group's or its assistant's).
    contact_email: Mapped[str | None] = mapped_column(String(254))
    #: Members needed for decisions; None when the group does not define one.
    quorum: Mapped[int | None]
    #: How the quorum is reached: "count" (at least ``quorum`` voting members), "majority"
    #: (more than half of the voting members) or "two_thirds" (at least two thirds).
    quorum_rule: Mapped[QuorumRule] = mapped_column(
        enum_type(QuorumRule, "quorum_rule"), default=QuorumRule.COUNT, server_default="count"
    )
    #: Last meeting number handed out; numbers are never reused.
    meeting_counter: Mapped[int] = mapped_column(default=0)
    #: Standard agenda items added to every new agenda.
    adds_minutes_approval_item: Mapped[bool] = mapped_column(default=True, server_default=true())
    adds_action_review_item: Mapped[bool] = mapped_column(default=True, server_default=true())
    #: Reminder (VALARM) in invitations: minutes before each meeting; 0 = none.
    alarm_minutes: Mapped[int] = mapped_column(default=1440, server_default="1440")
    #: The group's agenda template: one item title per line.
    agenda_template: Mapped[str | None] = mapped_column(Text)
    #: How the group's minutes are numbered for filing, e.g. "PS-SOC/{year}/{number}"
    #: ({year}: the meeting's year, {number}: its number); None: no reference number.
    minutes_reference_pattern: Mapped[str | None] = mapped_column(String(100))
    #: The funding statement at the foot of every document (EU projects must show it),
    #: e.g. "Projekt je spolufinancován Evropským sociálním fondem …", and its logos.
    funding_line: Mapped[str | None] = mapped_column(Text)
    funding_logo_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL")
    )
    #: The chosen verifier must confirm the minutes before the chair approves them.
    requires_minutes_verification: Mapped[bool] = mapped_column(
        default=False, server_default=false()
    )
    #: Invitation e-mails carry the invitation letter (Pozvánka) as a PDF.
    attaches_invitation_letter: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: The sections the group's minutes have, in order, with their headings:
    #: [{"key": "attendance", "heading": "Prezence"}, …]; None: all, with the usual headings.
    minutes_sections: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)
    archived_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    lead_organisation: Mapped[Organisation | None] = relationship()
    funding_logo: Mapped[StoredFile | None] = relationship()
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="group", cascade="all, delete-orphan", passive_deletes=True
    )
    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="group", foreign_keys="Meeting.group_id", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<WorkingGroup {self.slug}>"


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("working_groups.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"))
    #: The organisation the person represents in this group, if not their own.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    group: Mapped[WorkingGroup] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation | None] = relationship()
