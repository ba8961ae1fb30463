"""Public events: meetings anyone may see, listed with filters and pages, and the
registration of outside participants (capacity held under concurrency) with its
confirmation e-mail, which carries the event as a calendar file.

A meeting is a public event when it, or a group taking part, is public and it has left
draft (``Meeting.open_to_everyone``); its registrations are ``EventRegistration`` rows.
"""

from __future__ import annotations

import datetime as dt
import enum
import hmac
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError

from ..auth.models import Organisation
from ..calendar.builder import calendar_bytes, ics_filename
from ..db import utcnow
from ..extensions import db
from ..groups.models import WorkingGroup
from ..i18n import (
    force_locale,
    format_local_date,
    format_local_time,
    in_zone,
    zone_description,
)
from ..links import external_url
from ..mail.services import compose, render_email, send_message
from ..scheduling.enums import MeetingStatus
from ..scheduling.listings import (
    MeetingLists,
    listing,
    meetings_after,
    open_to_everyone,
    split_by_time,
    takes_part,
)
from ..scheduling.models import EventRegistration, Meeting, meeting_groups
from ..venues.models import Venue

log = logging.getLogger(__name__)

# --- public events: the lists and their filters --------------------------------------------


def public_events(
    now: dt.datetime | None = None, upcoming_limit: int | None = None
) -> MeetingLists:
    """Meetings and events anyone may see: public ones and those of public groups."""
    now = now or utcnow()
    public = listing().where(open_to_everyone())
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


def public_events_after(
    *conditions: Any, after: tuple[dt.datetime, int] | None = None, limit: int = 50
) -> tuple[list[Meeting], tuple[dt.datetime, int] | None]:
    """One page of public events by start (for the API's cursors), narrowed by the
    conditions: what anyone, signed in or not, may see (``open_to_everyone``)."""
    return meetings_after(None, open_to_everyone(), *conditions, after=after, limit=limit)


#: The furthest page of upcoming events an address may ask for.
MAX_UPCOMING_PAGE = 100_000
#: Past events shown per page.
EVENTS_PER_PAGE = 20
#: The furthest page of upcoming events asked for (its offset must fit the database's integers).
MAX_UPCOMING_PAGE = 10_000


def is_public_event(meeting: Meeting) -> bool:
    """May anyone, signed in or not, see the meeting? (Its public event page exists.)"""
    return meeting.open_to_everyone


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
    #: One page of upcoming events, soonest first.
    upcoming: list[Meeting]
    #: One page of past events, latest first.
    past: list[Meeting]
    page: int
    pages: int
    past_total: int
    #: Which page of upcoming events (1: the soonest) and whether later ones follow.
    upcoming_page: int = 1
    more_upcoming: bool = False


def event_filter_choices() -> EventChoices:
    """Groups (public ones and those taking part in public events), organisers of public
    events and the cities they are held in, by name. Three queries however many events."""
    visible = open_to_everyone()
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
    upcoming_page: int = 1,
    per_page: int = EVENTS_PER_PAGE,
    now: dt.datetime | None = None,
) -> EventPage:
    """Public meetings and events, upcoming (soonest first, including one under way) and a
    page of past ones (latest first), narrowed by the filters, which combine.

    Cancelled events stay in the lists (shown as cancelled); drafts never appear. Both
    lists are pages (of ``per_page``), so the page stays the same size however many events
    there are; a constant number of queries: the upcoming page, the count and page of
    past ones, and one each for the other groups taking part.
    """
    filters = filters or EventFilters()
    now = now or utcnow()
    conditions = [open_to_everyone()]
    if filters.group is not None:
        conditions.append(takes_part([filters.group.id]))
    if filters.organisation is not None:
        conditions.append(Meeting.organiser_id == filters.organisation.id)
    if filters.city is not None:
        conditions.append(Meeting.venue.has(Venue.city == filters.city))

    if filters.month is not None:
        # The month is the meeting's own local month: candidates by UTC bounds, then exact.
        year, month = filters.month
        since, until = _month_bounds(year, month)
        candidates = db.session.scalars(
            listing()
            .where(*conditions, Meeting.starts_at >= since, Meeting.starts_at < until)
            .order_by(Meeting.starts_at, Meeting.id)
        ).unique()
        in_month = [m for m in candidates if _local_month(m) == (year, month)]
        lists = split_by_time(in_month, now)
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

    # A page of upcoming events, however many lie ahead (one more tells whether others follow).
    # No count bounds this page; beyond the last it is simply empty. Kept within what a
    # database offset holds (an address may ask for page 10**20).
    upcoming_page = min(max(upcoming_page, 1), MAX_UPCOMING_PAGE)
    upcoming = list(
        db.session.scalars(
            listing()
            .where(*conditions, Meeting.ends_at >= now)
            .order_by(Meeting.starts_at, Meeting.id)
            .limit(per_page + 1)
            .offset((upcoming_page - 1) * per_page)
        ).unique()
    )
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
                listing()
                .where(*conditions, Meeting.ends_at < now)
                .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
                .limit(per_page)
                .offset((page - 1) * per_page)
            )
            .unique()
            .all()
        )
    return EventPage(
        upcoming=upcoming[:per_page],
        past=list(past),
        page=page,
        pages=pages,
        past_total=total,
        upcoming_page=upcoming_page,
        more_upcoming=len(upcoming) > per_page,
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
        "events.cancel_registration",
        meeting_id=meeting.id,
        registration_id=registration.id,
        nonce=registration.cancel_nonce,
    )
    with force_locale(locale):
        context = {
            "name": registration.name,
            "email": registration.email,
            "organisation_name": registration.organisation_name or "",
            "title": meeting.title,
            "date": format_local_date(meeting.starts_at, zone),
            "time": f"{format_local_time(meeting.starts_at, zone)}–"
            f"{format_local_time(meeting.ends_at, zone)}",
            "zone": zone_description(zone),
            "venue_name": venue.name if venue else "",
            "venue_address": venue.address if venue else "",
            "room": meeting.room_name or "",
            "online_url": meeting.online_url or (venue.online_url if venue else None) or "",
            "organiser": meeting.organiser.name if meeting.organiser else "",
            "event_link": external_url("events.event", meeting_id=meeting.id),
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
