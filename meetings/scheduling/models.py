"""Meetings of working groups."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..db import enum_type, utcnow
from ..extensions import db
from .enums import MeetingKind, MeetingStatus, ProposalState

if TYPE_CHECKING:
    from ..agenda.models import AgendaItem, Attachment
    from ..auth.models import Organisation, User
    from ..groups.models import WorkingGroup
    from ..invitations.models import Invitation
    from ..storage.models import StoredFile
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
        CheckConstraint(
            "alarm_minutes IS NULL OR alarm_minutes >= 0", name="alarm_minutes_not_negative"
        ),
        CheckConstraint(
            "registration_capacity IS NULL OR registration_capacity > 0",
            name="registration_capacity_positive",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Optimistic lock: a save based on a version someone else replaced meanwhile fails
    #: (StaleDataError) instead of silently overwriting it; the edit forms merge per field.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
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
    #: Indexed: lists of what is still ahead ask for meetings not over yet.
    ends_at: Mapped[dt.datetime] = mapped_column(index=True)
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
    #: When the agenda became visible to members (None: not yet).
    agenda_published_at: Mapped[dt.datetime | None]
    #: A chosen future time at which the agenda is published automatically.
    agenda_publish_at: Mapped[dt.datetime | None]
    #: The assistant asked the chair to review the agenda before publishing.
    agenda_review_requested_at: Mapped[dt.datetime | None]
    agenda_reviewed_at: Mapped[dt.datetime | None]
    agenda_reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    #: Who asked for the review: told when the chair has reviewed the agenda.
    agenda_review_requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    #: When the members were told the agenda is published: once per meeting, so an agenda
    #: withdrawn and published again (or published by hand, then by the timed job) is not
    #: announced twice.
    agenda_announced_at: Mapped[dt.datetime | None]
    #: The series this meeting is an occurrence of, if any: in calendars the series is one
    #: object (the series' UID with RRULE) and this meeting one of its instances.
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_series.id", ondelete="SET NULL"), index=True
    )
    #: The occurrence's place in the series' rule (iCalendar RECURRENCE-ID): the instant the
    #: rule gives it, which stays when the meeting itself is moved.
    recurrence_at: Mapped[dt.datetime | None]
    #: Grows with every change a calendar entry shows (the meeting, its agenda, venue,
    #: groups, organiser): the key of the cached calendar entries and of feed ETags.
    calendar_version: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Reminder (VALARM) in invitations, minutes before; None = the group's; 0 = none.
    alarm_minutes: Mapped[int | None]
    #: Public events: outside participants may register, up to the capacity (None: no limit).
    registration_open: Mapped[bool] = mapped_column(default=False, server_default=false())
    registration_capacity: Mapped[int | None]
    #: The day by which invitees are asked to answer (the invitation letter says so).
    answer_by: Mapped[dt.date | None]
    #: The scan of the attendance sheet as the participants signed it (personal data:
    #: served to those who run the meeting only).
    signed_sheet_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    group: Mapped[WorkingGroup] = relationship(back_populates="meetings", foreign_keys=[group_id])
    extra_groups: Mapped[list[WorkingGroup]] = relationship(secondary=meeting_groups)
    venue: Mapped[Venue | None] = relationship()
    organiser: Mapped[Organisation | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    series: Mapped[MeetingSeries | None] = relationship(back_populates="meetings")
    signed_sheet: Mapped[StoredFile | None] = relationship()
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Attachment.created_at",
    )
    registrations: Mapped[list[EventRegistration]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="EventRegistration.created_at",
    )
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="AgendaItem.position",
    )
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True
    )
    #: Groups proposed to take part (a joint meeting), with their answers; those that
    #: accepted are in ``extra_groups`` too.
    joint_proposals: Mapped[list[JointMeetingProposal]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="JointMeetingProposal.id",
    )

    @property
    def groups(self) -> list[WorkingGroup]:
        """Every participating group, host first."""
        return [self.group, *self.extra_groups]

    @property
    def open_to_everyone(self) -> bool:
        """Anyone may see it, signed in or not: it has left draft and it, or a group
        taking part, is public. (The policy's rule for anonymous visitors.)"""
        if self.status == MeetingStatus.DRAFT:
            return False
        return self.is_public or any(g.is_public for g in self.groups)

    @property
    def online_link(self) -> str | None:
        """The link to join online: the meeting's own, else its venue's. Who may see it:
        ``scheduling.online`` (the policy's ``meeting.online_link``)."""
        return self.online_url or (self.venue.online_url if self.venue else None)

    @property
    def room_name(self) -> str | None:
        return self.room or (self.venue.room if self.venue else None)

    def __repr__(self) -> str:
        return f"<Meeting {self.group_id}/{self.number} {self.title!r}>"


class JointMeetingProposal(db.Model):
    """A group asked to take part in a joint meeting by a person who does not manage it.

    The group is in ``Meeting.extra_groups`` (the groups taking part) only once one of its
    managers has accepted; until then the rest of the app does not see it there.
    """

    __tablename__ = "joint_meeting_proposals"
    __table_args__ = (UniqueConstraint("meeting_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(
        ForeignKey("working_groups.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[ProposalState] = mapped_column(
        enum_type(ProposalState, "state"), default=ProposalState.PROPOSED
    )
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    proposed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: Who accepted or declined, and when (None while proposed).
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime | None]

    meeting: Mapped[Meeting] = relationship(back_populates="joint_proposals")
    group: Mapped[WorkingGroup] = relationship()
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    def __repr__(self) -> str:
        return f"<JointMeetingProposal {self.meeting_id}/{self.group_id} {self.state}>"


class MeetingSeries(db.Model):
    """A regular schedule ("every second Tuesday of the month, 10:00–12:00").

    In the app each occurrence is a meeting of its own (number, agenda, minutes); in
    calendars the series is one object: this UID with the RRULE, EXDATE for cancelled
    occurrences and a RECURRENCE-ID instance for each occurrence that differs.
    """

    __tablename__ = "meeting_series"
    __table_args__ = (
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: iCalendar UID of the series: never changes.
    uid: Mapped[str] = mapped_column(String(255), unique=True, default=new_uid)
    #: iCalendar SEQUENCE of the series as a whole (its rule, time, place, exceptions); an
    #: occurrence's own SEQUENCE is this plus the meeting's ``sequence``.
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Grows with every change of the series or of any occurrence (cache key).
    calendar_version: Mapped[int] = mapped_column(default=0, server_default="0")
    group_id: Mapped[int] = mapped_column(
        ForeignKey("working_groups.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    #: iCalendar RRULE, e.g. "FREQ=MONTHLY;BYDAY=+2TU;COUNT=6".
    rule: Mapped[str] = mapped_column(String(500))
    #: First occurrence: local date and wall-clock time in ``timezone``.
    first_day: Mapped[dt.date]
    start_time: Mapped[dt.time]
    duration_minutes: Mapped[int]
    timezone: Mapped[str] = mapped_column(String(64))
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id", ondelete="SET NULL"))
    room: Mapped[str | None] = mapped_column(String(200))
    online_url: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    group: Mapped[WorkingGroup] = relationship()
    venue: Mapped[Venue | None] = relationship()
    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="series", order_by="Meeting.recurrence_at"
    )


class EventRegistration(db.Model):
    """An outside participant registered for a public event."""

    __tablename__ = "event_registrations"
    __table_args__ = (
        UniqueConstraint("meeting_id", "email"),
        CheckConstraint("email = lower(email)", name="email_lower_case"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    organisation_name: Mapped[str | None] = mapped_column(String(300))
    #: Part of the link that cancels the registration; unguessable.
    cancel_nonce: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_urlsafe(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="registrations")

    @validates("email")
    def _normalise_email(self, key: str, value: str) -> str:
        return value.strip().lower()
