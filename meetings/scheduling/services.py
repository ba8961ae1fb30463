"""Operations on meetings: creating and editing them (a move raises SEQUENCE and tells
the domains above through ``signals``) and the conflict warnings. The lists people
browse are in listings.py, the status workflow in workflow.py, numbers and default
titles in numbering.py, series in series.py; public events are a package of their own
(``meetings.events``).
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, select, union_all
from sqlalchemy.orm import aliased

from ..auth.models import Organisation, User
from ..auth.permissions import MANAGERS, can, roles_by_group
from ..extensions import db
from ..groups.enums import Role
from ..groups.models import Membership, WorkingGroup
from ..i18n import (
    format_local_datetime,
)
from ..venues.models import Venue
from .enums import MeetingKind, MeetingStatus
from .listings import takes_part
from .models import Meeting, meeting_groups
from .numbering import (
    announce_renumbered,
    default_title,
    is_default_title,
    lock_numbers,
    number_in_date_order,
    number_taken,
)
from .proposals import sync_proposals
from .signals import meeting_copied, meeting_moved

log = logging.getLogger(__name__)


# --- creating and editing meetings ---------------------------------------------------------


class LocalTimeError(ValueError):
    """A wall-clock time that does not exist in the zone (the clocks go forward then)."""


def to_utc(day: dt.date, time: dt.time, zone: str) -> dt.datetime:
    """The aware instant of a wall-clock date and time in ``zone``.

    Raises LocalTimeError for a time skipped by a daylight-saving change; an ambiguous time
    (the clocks go back) is taken as the first of the two.
    """
    local = dt.datetime.combine(day, time).replace(tzinfo=ZoneInfo(zone))
    instant = local.astimezone(dt.UTC)
    if instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise LocalTimeError(f"{local} does not exist in {zone}")
    return instant


@dataclass
class MeetingData:
    """What the meeting form gives a service: checked values, times already in UTC."""

    group: WorkingGroup
    title: str
    kind: MeetingKind
    starts_at: dt.datetime
    ends_at: dt.datetime
    timezone: str
    extra_groups: list[WorkingGroup] = field(default_factory=list)
    #: Other groups asked to take part: they join once one of their managers accepts
    #: (``proposals``).
    proposed_groups: list[WorkingGroup] = field(default_factory=list)
    venue: Venue | None = None
    room: str | None = None
    online_url: str | None = None
    organiser: Organisation | None = None
    description: str | None = None
    is_public: bool = False
    #: Reminder in invitations, minutes before; None: the group's; 0: none.
    alarm_minutes: int | None = None
    #: The day invitees are asked to answer by; None: no deadline.
    answer_by: dt.date | None = None
    #: A meeting held in the past, recorded with the number the group gave it (e.g. before
    #: it used this site): it is saved as held with that number; None: a new draft.
    held_number: int | None = None


def manageable_groups(user: Any) -> list[WorkingGroup]:
    """Groups the person may create meetings for (not archived), by name. One query."""
    query = (
        select(WorkingGroup)
        .where(WorkingGroup.archived_at.is_(None))
        .order_by(WorkingGroup.name, WorkingGroup.id)
    )
    if not can(user, "site.admin"):
        managed = [gid for gid, role in roles_by_group(user).items() if role in MANAGERS]
        if not managed:
            return []
        query = query.where(WorkingGroup.id.in_(managed))
    return [g for g in db.session.scalars(query) if can(user, "group.create_meeting", g)]


def may_create_meetings(user: Any) -> bool:
    """Does the person manage some group (or the site)? No query beyond the cached roles."""
    if can(user, "site.admin"):
        return True
    return any(role in MANAGERS for role in roles_by_group(user).values())


def joinable_groups(user: Any, keep_ids: Iterable[int] = ()) -> list[WorkingGroup]:
    """Groups that may be chosen for a joint meeting the person organises: those not
    archived that the person runs (they join directly), the public ones and those of the
    parent body of a group the person runs (they are proposed: ``proposals``); every group
    for a site admin; and those already taking part or asked (``keep_ids``). One query
    (two without the person's groups loaded)."""
    keep = list(keep_ids)
    condition = WorkingGroup.archived_at.is_(None)
    if not can(user, "site.admin"):
        managed = [gid for gid, role in roles_by_group(user).items() if role in MANAGERS]
        offered = WorkingGroup.is_public.is_(True)
        if managed:
            bodies = select(WorkingGroup.parent_body).where(
                WorkingGroup.id.in_(managed), WorkingGroup.parent_body.is_not(None)
            )
            offered = offered | WorkingGroup.id.in_(managed) | WorkingGroup.parent_body.in_(bodies)
        condition = condition & offered
    if keep:
        condition = condition | WorkingGroup.id.in_(keep)
    return list(
        db.session.scalars(
            select(WorkingGroup).where(condition).order_by(WorkingGroup.name, WorkingGroup.id)
        )
    )


def venue_choices(current_id: int | None = None) -> list[Venue]:
    """Venues a meeting may be held at: not archived, and the one chosen already. One query."""
    condition = Venue.archived_at.is_(None)
    if current_id is not None:
        condition = condition | (Venue.id == current_id)
    return list(db.session.scalars(select(Venue).where(condition).order_by(Venue.name, Venue.id)))


def next_default_title(group: WorkingGroup) -> str:
    """The title a new meeting of the group is prefilled with: the next number after the
    last one handed out (the number itself is taken only when the meeting is scheduled)."""
    return default_title(group, group.meeting_counter + 1)


def _apply(meeting: Meeting, data: MeetingData) -> None:
    meeting.group = data.group
    meeting.extra_groups = [g for g in data.extra_groups if g.id != data.group.id]
    meeting.title = data.title.strip() or next_default_title(data.group)
    meeting.kind = data.kind
    meeting.starts_at = data.starts_at
    meeting.ends_at = data.ends_at
    meeting.timezone = data.timezone
    meeting.venue = data.venue
    meeting.room = (data.room or "").strip() or None
    meeting.online_url = (data.online_url or "").strip() or None
    meeting.organiser = data.organiser
    meeting.description = data.description or None
    meeting.is_public = data.is_public
    meeting.alarm_minutes = data.alarm_minutes
    meeting.answer_by = data.answer_by


class NumberTakenError(Exception):
    """Another meeting of the group bears the number asked for."""

    def __init__(self, other: Meeting) -> None:
        super().__init__(f"number {other.number} is borne by meeting {other.id}")
        self.other = other


def create_meeting(data: MeetingData, *, actor: Any) -> Meeting:
    """A new meeting as a draft, without a number; or, with ``data.held_number``, a meeting
    held in the past, recorded as held with that number (its default title carries it). A
    held meeting is never renumbered and sends no invitations.

    Side effects: adds the meeting (a blank title becomes the group's default title with
    the next number); proposes ``data.proposed_groups`` (``proposals.sync_proposals``:
    their managers are told); flushes, logs; for a held one, locks the group's numbering
    first. Raises ``NumberTakenError`` when another meeting of the group bears the number.
    Never commits.
    """
    meeting = Meeting(status=MeetingStatus.DRAFT, number=None, sequence=0)
    if data.held_number is not None:
        lock_numbers(data.group)
        other = number_taken(data.group, data.held_number)
        if other is not None:
            raise NumberTakenError(other)
        meeting.status = MeetingStatus.HELD
        meeting.number = data.held_number
        if not data.title.strip() or is_default_title(data.group, data.title):
            data.title = default_title(data.group, data.held_number)
    _apply(meeting, data)
    meeting.created_by = actor if getattr(actor, "is_authenticated", False) else None
    db.session.add(meeting)
    db.session.flush()
    if data.proposed_groups:
        sync_proposals(meeting, data.proposed_groups, actor=actor)
    log.info("meeting %s created by %s", meeting.id, getattr(actor, "id", None))
    return meeting


@dataclass
class CopiedMeeting:
    """A new meeting copied from an earlier one, and what the domains above copied."""

    meeting: Meeting
    #: How many agenda items and invitees were copied (None: nobody copied any).
    agenda_items: int | None = None
    invitees: int | None = None
    #: What could not be copied, in the person's language.
    not_copied: list[str] = field(default_factory=list)


def copy_meeting(source: Meeting, data: MeetingData, *, actor: Any) -> CopiedMeeting:
    """A new meeting as a draft (``create_meeting``) from the form prefilled with
    ``source``; the domains above copy ``source``'s agenda and invitees into it
    (``meeting_copied``). Nothing is sent: invitations go out when it is scheduled.

    Side effects: as ``create_meeting``, and the receivers' (agenda items, invitations
    added); flushes. Never commits.
    """
    meeting = create_meeting(data, actor=actor)
    copied = CopiedMeeting(meeting)
    for _receiver, answer in meeting_copied.send(meeting, source=source, actor=actor):
        answer = dict(answer or {})
        copied.not_copied.extend(answer.pop("not_copied", []))
        for name in ("agenda_items", "invitees"):
            if name in answer:
                setattr(copied, name, answer[name])
    log.info("meeting %s copied from %s", meeting.id, source.id)
    return copied


#: What makes a change significant for calendars (iCalendar SEQUENCE).
_SIGNIFICANT = ("starts_at", "ends_at", "venue_id", "room")


def update_meeting(meeting: Meeting, data: MeetingData, *, actor: Any, notify: bool = True) -> bool:
    """Save the form's values on the meeting. Returns True when it was moved.

    Side effects: changes the meeting; once it has left draft, a change of start, end,
    venue or room increments ``sequence``, asks every invitee again and, unless ``notify``
    is False, queues the update to every invitee (``record_move``; for an occurrence of
    a series, one RECURRENCE-ID update);
    the host group changes only while a draft (its number belongs to the group); groups
    newly proposed are asked, proposals no longer wanted withdrawn (``sync_proposals``); a
    scheduled meeting moved past another renumbers the meetings to come (``record_move``).
    Flushes, logs. Never commits.
    """
    if meeting.status != MeetingStatus.DRAFT and data.group.id != meeting.group_id:
        raise ValueError("the host group of a numbered meeting cannot change")
    if meeting.status == MeetingStatus.SCHEDULED:
        lock_numbers(meeting.group)  # before the meeting's row: a move may renumber
    before = tuple(getattr(meeting, name) for name in _SIGNIFICANT)
    _apply(meeting, data)
    db.session.flush()
    sync_proposals(meeting, data.proposed_groups, actor=actor)
    after = tuple(getattr(meeting, name) for name in _SIGNIFICANT)
    moved = before != after
    if moved and meeting.status != MeetingStatus.DRAFT:
        record_move(meeting, time_changed=before[:2] != after[:2], notify=notify)
    log.info("meeting %s saved by %s (moved: %s)", meeting.id, getattr(actor, "id", None), moved)
    return moved


def record_move(meeting: Meeting, *, time_changed: bool, notify: bool = False) -> None:
    """The meeting's time or place changed after it left draft: its SEQUENCE grows and
    ``meeting_moved`` is sent (the invitations domain asks every invitee again, their
    earlier answer kept as such, and with ``notify`` sends them the update). A scheduled
    meeting whose time changed renumbers the group's meetings to come in date order
    (``numbering.number_in_date_order``; held meetings keep their numbers).

    Side effects: ``meeting.sequence`` + 1; numbers and default titles of meetings to come,
    whose SEQUENCE grows and whose invitees get the update (``announce_renumbered``);
    flushes, logs.
    """
    meeting.sequence += 1
    db.session.flush()
    if time_changed and meeting.status == MeetingStatus.SCHEDULED:
        lock_numbers(meeting.group)
        changes = number_in_date_order(meeting.group)
        # The moved meeting's own update follows (``meeting_moved``).
        announce_renumbered(changes, except_id=meeting.id)
    meeting_moved.send(meeting, time_changed=time_changed, notify=notify)
    log.info(
        "meeting %s moved (%s), SEQUENCE %s",
        meeting.id,
        "time" if time_changed else "place",
        meeting.sequence,
    )


# --- conflicts -----------------------------------------------------------------------------


class ConflictKind(enum.StrEnum):
    ROOM = "room"
    CHAIR = "chair"
    GROUP = "group"


@dataclass(frozen=True)
class Conflict:
    """Another meeting at the same time: same room, same chair or the same group."""

    kind: ConflictKind
    other: Meeting
    #: The chair's name, for a chair conflict.
    person: str | None = None

    @property
    def message(self) -> str:
        when = format_local_datetime(self.other.starts_at, self.other.timezone, "short")
        if self.kind == ConflictKind.ROOM:
            return _(
                "The room is already booked then: %(title)s (%(when)s).",
                title=self.other.title,
                when=when,
            )
        if self.kind == ConflictKind.CHAIR:
            return _(
                "The chair %(name)s already has a meeting then: %(title)s (%(when)s).",
                name=self.person,
                title=self.other.title,
                when=when,
            )
        return _(
            "The group already meets then: %(title)s (%(when)s).",
            title=self.other.title,
            when=when,
        )


def _overlapping(meeting: Meeting) -> Any:
    return (
        (Meeting.starts_at < meeting.ends_at)
        & (Meeting.ends_at > meeting.starts_at)
        & (Meeting.status != MeetingStatus.CANCELLED)
        & (Meeting.id != meeting.id)
    )


def find_conflicts(meeting: Meeting) -> list[Conflict]:
    """Other meetings overlapping this one that share its room, its chair or a group.

    Warnings, not refusals. Three queries at most, one per check, however many meetings
    there are; a cancelled meeting conflicts with nothing. Each other meeting is named once
    (room first, then group, then chair).
    """
    if meeting.status == MeetingStatus.CANCELLED:
        return []
    found: list[Conflict] = []
    group_ids = [g.id for g in meeting.groups]

    if meeting.venue_id is not None:
        venue_room = meeting.venue.room if meeting.venue else None
        room = (meeting.room or venue_room or "").strip().lower()
        same_room = func.lower(func.trim(func.coalesce(Meeting.room, Venue.room, ""))) == room
        rows = db.session.scalars(
            select(Meeting)
            .join(Venue, Venue.id == Meeting.venue_id)
            .where(_overlapping(meeting), Meeting.venue_id == meeting.venue_id, same_room)
            .order_by(Meeting.starts_at, Meeting.id)
        ).all()
        found += [Conflict(ConflictKind.ROOM, other) for other in rows]

    rows = db.session.scalars(
        select(Meeting)
        .where(_overlapping(meeting), takes_part(group_ids))
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    found += [Conflict(ConflictKind.GROUP, other) for other in rows]

    # Meetings of any other group a chair of the host group belongs to (host or joint).
    taking_part = union_all(
        select(Meeting.id.label("meeting_id"), Meeting.group_id.label("group_id")),
        select(meeting_groups.c.meeting_id, meeting_groups.c.group_id),
    ).subquery()
    chair = aliased(Membership)
    belongs = aliased(Membership)
    rows_with_names = db.session.execute(
        select(Meeting, User.name)
        .join(taking_part, taking_part.c.meeting_id == Meeting.id)
        .join(belongs, belongs.group_id == taking_part.c.group_id)
        .join(
            chair,
            (chair.user_id == belongs.user_id)
            & (chair.group_id == meeting.group_id)
            & (chair.role == Role.CHAIR),
        )
        .join(User, User.id == chair.user_id)
        .where(_overlapping(meeting), taking_part.c.group_id.not_in(group_ids))
        .distinct()
        .order_by(Meeting.starts_at, Meeting.id, User.name)
    ).all()
    found += [Conflict(ConflictKind.CHAIR, other, name) for other, name in rows_with_names]

    named: set[int] = set()
    unique = []
    for conflict in found:
        if conflict.other.id not in named:
            named.add(conflict.other.id)
            unique.append(conflict)
    return unique
