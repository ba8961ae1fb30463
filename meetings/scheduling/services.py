"""Meetings as people browse them: a group's meetings, a person's calendar, public events,
one meeting with its numbered agenda; and the operations on meetings: creating, editing,
conflict warnings, series and the month grid (the status workflow is in workflow.py,
numbers and default titles in numbering.py); public events: the filtered, paged lists,
registration of outside participants (capacity held under concurrency) and its
confirmation e-mail.

Every list is one query for the meetings plus one for the groups taking part in them, however
many meetings there are; visibility is then decided per meeting by the permission policy on
what is already loaded.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import enum
import hmac
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, and_, func, or_, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload, selectinload

from ..auth.models import User
from ..auth.permissions import MANAGERS, can, roles_by_group
from ..db import utcnow
from ..extensions import db
from ..groups.enums import Role
from ..groups.models import Membership, Organisation, WorkingGroup
from ..i18n import (
    force_locale,
    format_local_date,
    format_local_datetime,
    format_local_time,
    in_zone,
    zone_label,
)
from ..ical.builder import calendar_bytes, ics_filename
from ..invitations.services import ask_again, send_meeting_update
from ..links import external_url
from ..mail.services import compose, render_email, send_message
from ..venues.models import Venue
from .enums import MeetingKind, MeetingStatus
from .models import EventRegistration, Meeting, meeting_groups
from .numbering import default_title

log = logging.getLogger(__name__)


def _listing() -> Select[tuple[Meeting]]:
    """Meetings with what a list row shows: host group, venue, organiser, other groups."""
    return select(Meeting).options(
        joinedload(Meeting.group),
        joinedload(Meeting.venue),
        joinedload(Meeting.organiser),
        selectinload(Meeting.extra_groups),
    )


def _visible(user: Any, meetings: Iterable[Meeting]) -> list[Meeting]:
    return [m for m in meetings if can(user, "meeting.view", m)]


def _takes_part(group_ids: Iterable[int]):
    ids = list(group_ids)
    return or_(Meeting.group_id.in_(ids), Meeting.extra_groups.any(WorkingGroup.id.in_(ids)))


@dataclass
class MeetingLists:
    upcoming: list[Meeting] = field(default_factory=list)
    past: list[Meeting] = field(default_factory=list)


def _split(meetings: Sequence[Meeting], now: dt.datetime) -> MeetingLists:
    """Upcoming (soonest first, including a meeting under way) and past (latest first)."""
    lists = MeetingLists()
    for meeting in meetings:
        (lists.upcoming if meeting.ends_at >= now else lists.past).append(meeting)
    lists.upcoming.sort(key=lambda m: m.starts_at)
    lists.past.sort(key=lambda m: m.starts_at, reverse=True)
    return lists


def group_meetings(user: Any, group: WorkingGroup, now: dt.datetime | None = None) -> MeetingLists:
    """The group's meetings the person may see, hosted or joint, upcoming and past."""
    meetings = db.session.scalars(_listing().where(_takes_part([group.id]))).unique().all()
    return _split(_visible(user, meetings), now or utcnow())


def calendar_for(
    user: Any, now: dt.datetime | None = None, recent: int = 10, upcoming_limit: int = 50
) -> MeetingLists:
    """The person's meetings: the next ``upcoming_limit`` and the ``recent`` latest past.

    Bounded lists keep the page as fast with years of meetings ahead as with a few; the
    month grid shows any month in full.
    """
    now = now or utcnow()
    group_ids = roles_by_group(user)
    if not group_ids:
        return MeetingLists()
    mine = _listing().where(_takes_part(group_ids), Meeting.status != MeetingStatus.DRAFT)
    upcoming = (
        db.session.scalars(
            mine.where(Meeting.ends_at >= now).order_by(Meeting.starts_at).limit(upcoming_limit)
        )
        .unique()
        .all()
    )
    past: Sequence[Meeting] = []
    if recent:
        past = (
            db.session.scalars(
                mine.where(Meeting.ends_at < now).order_by(Meeting.starts_at.desc()).limit(recent)
            )
            .unique()
            .all()
        )
    return MeetingLists(_visible(user, upcoming), _visible(user, past))


def public_events(
    now: dt.datetime | None = None, upcoming_limit: int | None = None
) -> MeetingLists:
    """Meetings and events anyone may see: public ones and those of public groups."""
    now = now or utcnow()
    public = _listing().where(
        Meeting.status != MeetingStatus.DRAFT,
        or_(
            Meeting.is_public.is_(True),
            Meeting.group.has(WorkingGroup.is_public.is_(True)),
            Meeting.extra_groups.any(WorkingGroup.is_public.is_(True)),
        ),
    )
    upcoming = public.where(Meeting.ends_at >= now).order_by(Meeting.starts_at)
    if upcoming_limit is not None:
        upcoming = upcoming.limit(upcoming_limit)
        past: Sequence[Meeting] = []
    else:
        past = (
            db.session.scalars(
                public.where(Meeting.ends_at < now).order_by(Meeting.starts_at.desc())
            )
            .unique()
            .all()
        )
    return MeetingLists(list(db.session.scalars(upcoming).unique().all()), list(past))


def get_meeting(meeting_id: int) -> Meeting | None:
    """One meeting with everything its page shows except the agenda."""
    return (
        db.session.scalars(
            _listing()
            .options(joinedload(Meeting.group).joinedload(WorkingGroup.lead_organisation))
            .where(Meeting.id == meeting_id)
        )
        .unique()
        .first()
    )


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
    venue: Venue | None = None
    room: str | None = None
    online_url: str | None = None
    organiser: Organisation | None = None
    description: str | None = None
    is_public: bool = False
    #: Reminder in invitations, minutes before; None: the group's; 0: none.
    alarm_minutes: int | None = None


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
    """Groups that may take part in a joint meeting the person organises: those not archived
    that the person may see (public or their own; every group for a site admin), and those
    already taking part. One query."""
    keep = list(keep_ids)
    condition = WorkingGroup.archived_at.is_(None)
    if not can(user, "site.admin"):
        roles = roles_by_group(user)
        seen = WorkingGroup.is_public.is_(True)
        if roles:
            seen = seen | WorkingGroup.id.in_(list(roles))
        condition = condition & seen
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


def create_meeting(data: MeetingData, *, actor: Any) -> Meeting:
    """A new meeting as a draft, without a number.

    Side effects: adds the meeting (a blank title becomes the group's default title with
    the next number), flushes, logs. Never commits.
    """
    meeting = Meeting(status=MeetingStatus.DRAFT, number=None, sequence=0)
    _apply(meeting, data)
    meeting.created_by = actor if getattr(actor, "is_authenticated", False) else None
    db.session.add(meeting)
    db.session.flush()
    log.info("meeting %s created by %s", meeting.id, getattr(actor, "id", None))
    return meeting


#: What makes a change significant for calendars (iCalendar SEQUENCE).
_SIGNIFICANT = ("starts_at", "ends_at", "venue_id", "room")


def update_meeting(meeting: Meeting, data: MeetingData, *, actor: Any, notify: bool = True) -> bool:
    """Save the form's values on the meeting. Returns True when it was moved.

    Side effects: changes the meeting; once it has left draft, a change of start, end,
    venue or room increments ``sequence``, asks every invitee again (``record_move``) and,
    unless ``notify`` is False, queues the update to every invitee
    (``invitations.send_meeting_update``: for an occurrence of a series, one
    RECURRENCE-ID update);
    the host group changes only while a draft (its number belongs to the group). Flushes,
    logs. Never commits.
    """
    if meeting.status != MeetingStatus.DRAFT and data.group.id != meeting.group_id:
        raise ValueError("the host group of a numbered meeting cannot change")
    before = tuple(getattr(meeting, name) for name in _SIGNIFICANT)
    _apply(meeting, data)
    db.session.flush()
    after = tuple(getattr(meeting, name) for name in _SIGNIFICANT)
    moved = before != after
    if moved and meeting.status != MeetingStatus.DRAFT:
        record_move(meeting, time_changed=before[:2] != after[:2])
        if notify:
            send_meeting_update(meeting)
    log.info("meeting %s saved by %s (moved: %s)", meeting.id, getattr(actor, "id", None), moved)
    return moved


def record_move(meeting: Meeting, *, time_changed: bool) -> None:
    """The meeting's time or place changed after it left draft: its SEQUENCE grows and
    every invitee is asked again, their earlier answer kept as such
    (``invitations.ask_again``). Nothing is sent here.

    Side effects: ``meeting.sequence`` + 1; the invitations' answers; flushes, logs.
    """
    meeting.sequence += 1
    ask_again(meeting)
    db.session.flush()
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
        .where(_overlapping(meeting), _takes_part(group_ids))
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


# --- the month grid ------------------------------------------------------------------------


@dataclass
class DayCell:
    day: dt.date
    in_month: bool
    meetings: list[Meeting] = field(default_factory=list)


@dataclass
class MonthGrid:
    year: int
    month: int
    #: Weeks as rows, Monday first.
    weeks: list[list[DayCell]]
    previous: tuple[int, int]
    next: tuple[int, int]

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)


def month_grid(user: Any, year: int, month: int) -> MonthGrid:
    """The month as weeks (Monday first) with the meetings of the person's groups, host or
    joint, in the cell of their local date (in the meeting's own zone).

    One query for the meetings (plus one for the other groups taking part and the cached
    roles), however many meetings the month holds. Drafts appear to those who may see them.
    """
    weeks_of_days = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    cells = {day: DayCell(day, day.month == month) for week in weeks_of_days for day in week}
    group_ids = roles_by_group(user)
    if group_ids:
        # A day's margin either side covers every zone's offset from UTC.
        since = dt.datetime.combine(weeks_of_days[0][0], dt.time(), dt.UTC) - dt.timedelta(days=1)
        until = dt.datetime.combine(weeks_of_days[-1][-1], dt.time(), dt.UTC) + dt.timedelta(days=2)
        meetings = (
            db.session.scalars(
                _listing()
                .where(
                    _takes_part(group_ids),
                    Meeting.starts_at < until,
                    Meeting.starts_at >= since,
                )
                .order_by(Meeting.starts_at, Meeting.id)
            )
            .unique()
            .all()
        )
        for meeting in _visible(user, meetings):
            day = in_zone(meeting.starts_at, meeting.timezone).date()
            if day in cells:
                cells[day].meetings.append(meeting)
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return MonthGrid(
        year=year,
        month=month,
        weeks=[[cells[day] for day in week] for week in weeks_of_days],
        previous=previous,
        next=following,
    )


# --- public events: the lists and their filters --------------------------------------------

#: Past events shown per page.
EVENTS_PER_PAGE = 20


def _publicly_visible() -> Any:
    """Condition: anyone may see the meeting (not a draft; public, or a public group's)."""
    return and_(
        Meeting.status != MeetingStatus.DRAFT,
        or_(
            Meeting.is_public.is_(True),
            Meeting.group.has(WorkingGroup.is_public.is_(True)),
            Meeting.extra_groups.any(WorkingGroup.is_public.is_(True)),
        ),
    )


def is_public_event(meeting: Meeting) -> bool:
    """May anyone, signed in or not, see the meeting? (Its public event page exists.)"""
    return can(None, "meeting.view", meeting)


@dataclass
class EventFilters:
    """What the public events list is narrowed to; None: not filtered by that."""

    group: WorkingGroup | None = None
    organisation: Organisation | None = None
    city: str | None = None
    #: (year, month) in the meeting's own zone.
    month: tuple[int, int] | None = None

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.group, self.organisation, self.city, self.month))


@dataclass
class EventChoices:
    """What the filters offer: only values that public events have (plus public groups)."""

    groups: list[WorkingGroup]
    organisations: list[Organisation]
    cities: list[str]


@dataclass
class EventPage:
    upcoming: list[Meeting]
    #: One page of past events, latest first.
    past: list[Meeting]
    page: int
    pages: int
    past_total: int


def event_filter_choices() -> EventChoices:
    """Groups (public ones and those taking part in public events), organisers of public
    events and the cities they are held in, by name. Three queries however many events."""
    visible = _publicly_visible()
    hosts = select(Meeting.group_id).where(visible)
    joint = select(meeting_groups.c.group_id).where(
        meeting_groups.c.meeting_id.in_(select(Meeting.id).where(visible))
    )
    groups = db.session.scalars(
        select(WorkingGroup)
        .where(
            or_(
                and_(WorkingGroup.is_public.is_(True), WorkingGroup.archived_at.is_(None)),
                WorkingGroup.id.in_(hosts),
                WorkingGroup.id.in_(joint),
            )
        )
        .order_by(WorkingGroup.name, WorkingGroup.id)
    ).all()
    organisations = db.session.scalars(
        select(Organisation)
        .where(Organisation.id.in_(select(Meeting.organiser_id).where(visible)))
        .order_by(Organisation.name, Organisation.id)
    ).all()
    cities = db.session.scalars(
        select(Venue.city)
        .distinct()
        .join(Meeting, Meeting.venue_id == Venue.id)
        .where(visible, Venue.city.is_not(None))
        .order_by(Venue.city)
    ).all()
    return EventChoices(list(groups), list(organisations), [c for c in cities if c])


def _month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    """UTC instants surely around every zone's month: a day's margin either side."""
    first = dt.datetime(year, month, 1, tzinfo=dt.UTC)
    following = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=dt.UTC)
    return first - dt.timedelta(days=1), following + dt.timedelta(days=1)


def _local_month(meeting: Meeting) -> tuple[int, int]:
    local = in_zone(meeting.starts_at, meeting.timezone)
    return local.year, local.month


def find_public_events(
    filters: EventFilters | None = None,
    *,
    page: int = 1,
    per_page: int = EVENTS_PER_PAGE,
    now: dt.datetime | None = None,
) -> EventPage:
    """Public meetings and events, upcoming (soonest first, including one under way) and a
    page of past ones (latest first), narrowed by the filters, which combine.

    Cancelled events stay in the lists (shown as cancelled); drafts never appear. A
    constant number of queries however many events there are: the upcoming list, the
    count and page of past ones, and one each for the other groups taking part.
    """
    filters = filters or EventFilters()
    now = now or utcnow()
    conditions = [_publicly_visible()]
    if filters.group is not None:
        conditions.append(_takes_part([filters.group.id]))
    if filters.organisation is not None:
        conditions.append(Meeting.organiser_id == filters.organisation.id)
    if filters.city is not None:
        conditions.append(Meeting.venue.has(Venue.city == filters.city))

    if filters.month is not None:
        # The month is the meeting's own local month: candidates by UTC bounds, then exact.
        year, month = filters.month
        since, until = _month_bounds(year, month)
        candidates = db.session.scalars(
            _listing()
            .where(*conditions, Meeting.starts_at >= since, Meeting.starts_at < until)
            .order_by(Meeting.starts_at, Meeting.id)
        ).unique()
        in_month = [m for m in candidates if _local_month(m) == (year, month)]
        lists = _split(in_month, now)
        total = len(lists.past)
        pages = max(1, -(-total // per_page))
        page = min(max(page, 1), pages)
        return EventPage(
            upcoming=lists.upcoming,
            past=lists.past[(page - 1) * per_page : page * per_page],
            page=page,
            pages=pages,
            past_total=total,
        )

    upcoming = db.session.scalars(
        _listing()
        .where(*conditions, Meeting.ends_at >= now)
        .order_by(Meeting.starts_at, Meeting.id)
    ).unique()
    total = (
        db.session.scalar(select(func.count(Meeting.id)).where(*conditions, Meeting.ends_at < now))
        or 0
    )
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    past: Sequence[Meeting] = []
    if total:
        past = (
            db.session.scalars(
                _listing()
                .where(*conditions, Meeting.ends_at < now)
                .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
                .limit(per_page)
                .offset((page - 1) * per_page)
            )
            .unique()
            .all()
        )
    return EventPage(
        upcoming=list(upcoming), past=list(past), page=page, pages=pages, past_total=total
    )


# --- public events: registration of outside participants ----------------------------------


class RegistrationProblem(enum.StrEnum):
    #: Registration is not open (switched off, or the event is over, cancelled, a draft).
    CLOSED = "closed"
    #: Every place is taken.
    FULL = "full"
    #: The e-mail address is registered already.
    ALREADY = "already"


class RegistrationRefused(Exception):
    """A registration that cannot be made; ``problem`` says why, ``message`` in words."""

    def __init__(self, problem: RegistrationProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem

    @property
    def message(self) -> str:
        return {
            RegistrationProblem.CLOSED: _("Registration for this event is closed."),
            RegistrationProblem.FULL: _("The event is full."),
            RegistrationProblem.ALREADY: _(
                "This e-mail address is already registered for the event."
            ),
        }[self.problem]


#: Largest capacity an organiser may set.
MAX_CAPACITY = 100_000


def registration_count(meeting: Meeting) -> int:
    """How many people are registered. One query."""
    return (
        db.session.scalar(
            select(func.count(EventRegistration.id)).where(
                EventRegistration.meeting_id == meeting.id
            )
        )
        or 0
    )


def registration_closed(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    """Is registration closed for this meeting (switched off, over, not a public event)?"""
    return (
        not meeting.registration_open
        or meeting.status != MeetingStatus.SCHEDULED
        or meeting.ends_at < (now or utcnow())
        or not is_public_event(meeting)
    )


@dataclass
class RegistrationState:
    """What the event page says about registration."""

    #: Registration was ever offered (switched on), so the page mentions it.
    offered: bool
    open: bool
    full: bool
    count: int
    capacity: int | None

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.count, 0)


def registration_state(meeting: Meeting, now: dt.datetime | None = None) -> RegistrationState:
    """Open or closed, the places taken and left. One query (the count), or none."""
    offered = bool(meeting.registration_open)
    count = registration_count(meeting) if offered else 0
    closed = registration_closed(meeting, now)
    full = meeting.registration_capacity is not None and count >= meeting.registration_capacity
    return RegistrationState(
        offered=offered,
        open=not closed and not full,
        full=not closed and full,
        count=count,
        capacity=meeting.registration_capacity,
    )


def register_for_event(
    meeting: Meeting,
    *,
    name: str,
    email: str,
    organisation_name: str | None = None,
    now: dt.datetime | None = None,
) -> EventRegistration:
    """Register an outside participant, if registration is open and a place is free.

    The meeting row is locked first (SELECT … FOR UPDATE on PostgreSQL; on SQLite the
    request's transaction already began IMMEDIATE, holding the write lock), so that the
    count and the insert happen in one transaction: two people can never take the last
    place. Raises RegistrationRefused (CLOSED, ALREADY — checked before FULL, so a person
    registered already is told so — or FULL).

    Side effects: adds the registration (e-mail lower-cased, a new cancel nonce), flushes,
    logs. Never commits.
    """
    locked = db.session.scalars(
        select(Meeting)
        .where(Meeting.id == meeting.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if registration_closed(locked, now):
        raise RegistrationRefused(RegistrationProblem.CLOSED)
    address = email.strip().lower()
    already = db.session.scalar(
        select(EventRegistration.id).where(
            EventRegistration.meeting_id == locked.id, EventRegistration.email == address
        )
    )
    if already is not None:
        raise RegistrationRefused(RegistrationProblem.ALREADY)
    if (
        locked.registration_capacity is not None
        and registration_count(locked) >= locked.registration_capacity
    ):
        raise RegistrationRefused(RegistrationProblem.FULL)
    registration = EventRegistration(
        meeting_id=locked.id,
        name=" ".join(name.split()),
        email=address,
        organisation_name=" ".join((organisation_name or "").split()) or None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(registration)
            db.session.flush()
    except IntegrityError:
        # The same address registered in a transaction that committed meanwhile.
        raise RegistrationRefused(RegistrationProblem.ALREADY) from None
    log.info("registration %s for meeting %s", registration.id, locked.id)
    return registration


def get_registration(
    meeting: Meeting, registration_id: int, nonce: str
) -> EventRegistration | None:
    """The meeting's registration with this id, if the link's nonce matches; else None."""
    registration = db.session.get(EventRegistration, registration_id)
    if (
        registration is None
        or registration.meeting_id != meeting.id
        or not hmac.compare_digest(registration.cancel_nonce.encode(), nonce.encode())
    ):
        return None
    return registration


def cancel_registration(registration: EventRegistration) -> None:
    """Side effects: deletes the registration (its place is free again); flushes, logs."""
    log.info("registration %s for meeting %s cancelled", registration.id, registration.meeting_id)
    db.session.delete(registration)
    db.session.flush()


def registrations_of(meeting: Meeting) -> list[EventRegistration]:
    """Every registration, first come first. One query."""
    return list(
        db.session.scalars(
            select(EventRegistration)
            .where(EventRegistration.meeting_id == meeting.id)
            .order_by(EventRegistration.created_at, EventRegistration.id)
        )
    )


def set_registration(meeting: Meeting, *, open: bool, capacity: int | None) -> None:
    """Switch registration on or off and set the capacity (None: no limit).

    Side effects: ``registration_open``, ``registration_capacity``; flushes, logs. Raises
    ValueError for a capacity that is not a positive number up to MAX_CAPACITY.
    """
    if capacity is not None and not (0 < capacity <= MAX_CAPACITY):
        raise ValueError(f"capacity {capacity}")
    meeting.registration_open = bool(open)
    meeting.registration_capacity = capacity
    db.session.flush()
    log.info("meeting %s registration open=%s capacity=%s", meeting.id, open, capacity)


# --- public events: the confirmation e-mail -------------------------------------------------


def registration_message(registration: EventRegistration, locale: str | None) -> EmailMessage:
    """The confirmation for the participant, in ``locale``: the event's date, time (zone
    named), venue and organiser, links to the event and to cancel the registration, and the
    event as an .ics attachment (text/calendar; method=PUBLISH)."""
    meeting = registration.meeting
    zone = meeting.timezone
    venue = meeting.venue
    cancel_link = external_url(
        "scheduling.cancel_registration",
        meeting_id=meeting.id,
        registration_id=registration.id,
        nonce=registration.cancel_nonce,
    )
    with force_locale(locale):
        context = {
            "site_name": current_app.config["SITE_NAME"],
            "name": registration.name,
            "email": registration.email,
            "organisation_name": registration.organisation_name or "",
            "title": meeting.title,
            "date": format_local_date(meeting.starts_at, zone),
            "time": f"{format_local_time(meeting.starts_at, zone)}–"
            f"{format_local_time(meeting.ends_at, zone)}",
            "zone": f"{zone_label(meeting.starts_at, zone)}, {zone}",
            "venue_name": venue.name if venue else "",
            "venue_address": venue.address if venue else "",
            "room": meeting.room_name or "",
            "online_url": meeting.online_url or (venue.online_url if venue else None) or "",
            "organiser": meeting.organiser.name if meeting.organiser else "",
            "event_link": external_url("scheduling.event", meeting_id=meeting.id),
            "cancel_link": cancel_link,
        }
        ics = calendar_bytes([meeting], "PUBLISH")
    message = compose(
        registration.email, **render_email("registration_confirmation", locale, **context)
    )
    message.add_attachment(
        ics,
        maintype="text",
        subtype="calendar",
        filename=ics_filename(meeting),
        params={"method": "PUBLISH", "charset": "utf-8"},
    )
    return message


def send_registration_confirmation(registration: EventRegistration, locale: str | None) -> None:
    """Side effect: the confirmation e-mail (see ``registration_message``) is sent."""
    send_message(registration_message(registration, locale))
