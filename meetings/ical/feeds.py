"""Calendar subscriptions (feeds): which meetings a feed holds, and the feed served as a
join of cached calendar entries.

Three kinds of feed, all METHOD:PUBLISH calendars read by calendar programs that poll
the address:

- a person's feed: every meeting of every group they belong to (hosted or joint) and
  every meeting they are invited to, at a secret address (``CalendarFeed`` with a user);
- a group's feed: the group's meetings, at a public address for a public group and at a
  secret one (``CalendarFeed`` with a group) for a members-only group;
- the site-wide feed of public events.

The window: the meetings of the last ``FEED_PAST_DAYS`` days (default a year) and
everything ahead, never drafts; a cancelled meeting stays ``CANCELLED_DAYS`` days after
its cancellation with STATUS:CANCELLED, so that subscribed calendars strike it, and then
leaves. A series is one object in a feed (``objects.series_data``) as soon as one of its
meetings is in the window; a person's feed shows a meeting of a series they were only
invited to (not through their groups) as an event of its own.

Serving (``FeedPlan``), built to stay fast at any size and on every app server:

1. the validators: one aggregate query over the window gives, per time zone, the count,
   the sums of the ids and versions and the latest change; the ETag derives from those.
   The result is kept (``FeedValidator``) for the current value of the calendar clock
   (``versions.py``: it moves with every change a feed may show) and the current day (the
   window moves with the date), so a poll while nothing changed reads one small row and
   is answered 304 without any aggregate;
2. one query lists the feed's objects (meetings, series) with their versions, joined with
   the cached entries (``cache.py``: in the database, or Redis): the VCALENDAR header and
   the VTIMEZONEs the window needs are sent, then the cached texts as they come, in
   blocks of about 64 KB;
3. the objects without a current entry are built in batches, sent, and stored; each
   batch is committed on its own (``on_stored``), so a client that hangs up loses
   nothing already built and no write lock is held while the body is sent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from icalendar import Calendar
from icalendar.prop import vDuration
from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    false,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import joinedload, selectinload

from ..agenda.models import AgendaItem
from ..auth.models import User
from ..calendar.builder import PRODID, EventData, alarm_for, event_data, event_for, timezone_span
from ..calendar.objects import series_data
from ..calendar.timezones import vtimezone_ical
from ..db import upsert, utcnow
from ..extensions import db
from ..groups.models import Membership, WorkingGroup
from ..i18n import force_locale, site_name
from ..invitations.models import Invitation
from ..scheduling.enums import MeetingStatus
from ..scheduling.models import Meeting, MeetingSeries
from .cache import Entry, EntryKey, entry_format, entry_store
from .models import CalendarClock, CalendarEntry, FeedValidator

#: Days a cancelled meeting stays in a feed after its cancellation, with STATUS:CANCELLED.
CANCELLED_DAYS = 30
#: How often calendar programs are asked to fetch the feed again.
REFRESH_INTERVAL = dt.timedelta(hours=1)
#: Last-Modified of a feed without any meeting.
EMPTY_FEED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
#: Objects built (loaded, serialised) at once when they are not cached.
BUILD_BATCH = 200
#: Rows fetched at once from the feed query.
FETCH_BATCH = 500
#: Reminders a feed address may ask for (minutes before the start).
ALARM_CHOICES = (10, 15, 30, 60, 120, 1440, 2880)
#: The body is written in blocks of about this size (one socket write each).
BLOCK_BYTES = 64 * 1024


def past_days() -> int:
    return int(current_app.config.get("FEED_PAST_DAYS", 365))


# --- which meetings ----------------------------------------------------------------------


def _window(now: dt.datetime) -> list[ColumnElement[bool]]:
    """Meetings in the feed window."""
    return [
        Meeting.status != MeetingStatus.DRAFT,
        Meeting.ends_at >= now - dt.timedelta(days=past_days()),
        or_(
            Meeting.status != MeetingStatus.CANCELLED,
            Meeting.updated_at >= now - dt.timedelta(days=CANCELLED_DAYS),
        ),
    ]


def _taking_part(group_ids: Any) -> ColumnElement[bool]:
    """The meeting is hosted by one of the groups, or is a joint meeting with one."""
    return or_(
        Meeting.group_id.in_(group_ids),
        Meeting.extra_groups.any(WorkingGroup.id.in_(group_ids)),
    )


_IN_SERIES = and_(Meeting.series_id.is_not(None), Meeting.recurrence_at.is_not(None))


Conditions = Callable[[], tuple[ColumnElement[bool], ColumnElement[bool]]]


@dataclass
class FeedSpec:
    """One feed: what it holds, its name and language, and what its address asks for.

    The SQL conditions are made only when needed (a poll answered 304 needs none)."""

    #: Part of the ETag: "person:12", "group:3", "site".
    key: str
    name: str
    locale: str | None
    #: () → (meetings shown, where a series is shown as one object; meetings shown as
    #: events of their own even when in a series).
    conditions: Conditions = field(repr=False)
    #: The earliest Last-Modified (e.g. when the address was made).
    since: dt.datetime | None = None
    #: Minutes before each meeting for a reminder (VALARM); None: no reminder.
    alarm: int | None = None
    #: The address it is served at, as ``address_key`` takes it.
    address: str = ""
    #: The file name calendar programs are offered.
    filename: str = "meetings.ics"
    #: Anyone may read it (a public group's feed, the site's): its entries leave out the
    #: online links of groups that do not show them publicly, and are cached apart.
    public: bool = False

    @cached_property
    def _made(self) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
        return self.conditions()

    @property
    def grouped(self) -> ColumnElement[bool]:
        return self._made[0]

    @property
    def alone(self) -> ColumnElement[bool]:
        return self._made[1]


def person_spec(
    user: User | None = None,
    *,
    since=None,
    alarm=None,
    user_id: int | None = None,
    name: str | None = None,
    locale: str | None = None,
) -> FeedSpec:
    """A person's feed: of ``user``, or of the person given by id, name and language."""
    if user is not None:
        user_id, name, locale = user.id, user.name, user.locale

    def conditions():
        my_groups = select(Membership.group_id).where(Membership.user_id == user_id)
        invited = select(Invitation.meeting_id).where(Invitation.user_id == user_id)
        through_groups = _taking_part(my_groups)
        return through_groups, and_(Meeting.id.in_(invited), ~through_groups)

    with force_locale(locale):
        title = _("Meetings of %(name)s", name=name)
    return FeedSpec(
        key=f"person:{user_id}",
        name=title,
        locale=locale,
        conditions=conditions,
        since=since,
        alarm=alarm,
    )


@dataclass(frozen=True)
class GroupOfFeed:
    """What a group's feed needs of the group (read without the ORM: a poll's only work
    besides the validators)."""

    id: int
    slug: str
    name: str
    language: str
    is_public: bool


#: Built once: a poll should not spend its time making SQL expressions.
_GROUP_OF_FEED = select(
    WorkingGroup.id,
    WorkingGroup.slug,
    WorkingGroup.name,
    WorkingGroup.language,
    WorkingGroup.is_public,
).where(WorkingGroup.slug == bindparam("slug"))


def group_of_feed(slug: str) -> GroupOfFeed | None:
    row = db.session.connection().execute(_GROUP_OF_FEED, {"slug": slug}).first()
    return GroupOfFeed(*row) if row is not None else None


def group_spec(
    group: WorkingGroup | GroupOfFeed, *, since=None, alarm=None, public: bool = False
) -> FeedSpec:
    """A group's feed: ``public`` at its public address, else at its members' secret one."""
    group_id = group.id
    return FeedSpec(
        key=f"group:{group.id}",
        name=group.name,
        locale=str(group.language),
        conditions=lambda: (_taking_part([group_id]), false()),
        since=since,
        alarm=alarm,
        filename=f"{group.slug}.ics",
        public=public,
    )


def site_spec(locale: str | None = None, *, alarm=None) -> FeedSpec:
    """Meetings anyone may see (public ones, and those of a public group), as the public
    events list shows them. A public meeting of a members-only group stands alone: the
    rest of its series is not public."""

    def conditions():
        public_group = or_(
            Meeting.group.has(WorkingGroup.is_public.is_(True)),
            Meeting.extra_groups.any(WorkingGroup.is_public.is_(True)),
        )
        return public_group, and_(Meeting.is_public.is_(True), ~public_group)

    with force_locale(locale):
        name = site_feed_name()
    return FeedSpec(
        key="site",
        name=name,
        locale=locale,
        conditions=conditions,
        alarm=alarm,
        filename="events.ics",
        public=True,
    )


def entry_locale(spec: FeedSpec) -> str:
    """What the cached entries of the feed are kept under besides their object: the
    language, marked "p:" for the variant anyone may read (without the online links a
    group keeps to its members and invitees)."""
    return ("p:" if spec.public else "") + (spec.locale or "")


def _shown(spec: FeedSpec) -> ColumnElement[bool]:
    return or_(spec.grouped, spec.alone)


def site_feed_name() -> str:
    return _("%(site)s: public events", site=site_name())


# --- the plan: validators first, body on demand --------------------------------------------


@dataclass
class ZoneSpan:
    zone: str
    first_year: int
    last_year: int


@dataclass
class FeedPlan:
    """What a feed request needs before any entry is read: the ETag, Last-Modified, the
    number of meetings and the time zones with the years they must cover."""

    spec: FeedSpec | None
    etag: str
    last_modified: dt.datetime
    count: int
    zones: list[ZoneSpan]
    #: The window's "now": the start of the day (UTC), so the window moves once a day.
    now: dt.datetime
    #: The calendar clock the validators were computed at; None when read from the store.
    clock: int | None = None


def address_key(address: str, alarm: int | None) -> str:
    """The key validators are kept under: the address a calendar program polls (e.g.
    "group:<slug>", "token:<hash of the secret>", "site:cs") with the reminder it asks
    for, the window and the entry format. Nothing about the owner is needed to find
    them: whatever changes an owner (a group's name, language or openness, a person's name,
    a revoked address) advances the calendar clock, so validators of the old state are
    never used. A poll is therefore answered from this one key and one query."""
    parts = [address, str(alarm or ""), str(past_days()), entry_format()]
    return "|".join(parts)[:255]


def secret_address(token: str) -> str:
    """A secret feed address as a key: its hash, never the secret itself."""
    return "token:" + hashlib.sha256(token.encode()).hexdigest()[:32]


def feed_key(spec: FeedSpec) -> str:
    return address_key(spec.address, spec.alarm)


def kept_plan(key: str, spec: FeedSpec | None = None, now: dt.datetime | None = None):
    """The validators kept under ``key`` for the current clock and day, or None. One
    query; ``spec`` may be filled in later (a 304 needs none)."""
    day = (now or utcnow()).astimezone(dt.UTC).date()
    # A plain Core statement on the session's connection: this is the whole work of a
    # repeat poll, so no ORM on the way.
    kept = db.session.connection().execute(_KEPT_PLAN, {"key": key, "day": day}).first()
    if kept is None:
        return None
    return FeedPlan(
        spec=spec,
        etag=kept.etag,
        last_modified=_aware(kept.last_modified),
        count=kept.count,
        zones=[
            ZoneSpan(zone, int(first), int(last))
            for zone, first, last in (line.split(" ") for line in kept.zones.splitlines())
        ],
        now=_day_start(day),
    )


_KEPT_PLAN = (
    select(
        FeedValidator.etag,
        FeedValidator.last_modified,
        FeedValidator.count,
        FeedValidator.zones,
    )
    .join(
        CalendarClock,
        and_(CalendarClock.id == 1, CalendarClock.value == FeedValidator.clock),
    )
    .where(FeedValidator.key == bindparam("key"), FeedValidator.day == bindparam("day"))
)


def plan_feed(spec: FeedSpec, now: dt.datetime | None = None) -> FeedPlan:
    """The validators: from the store while the calendar clock and the day are those they
    were computed at (one query), else from the aggregate over the window (see
    ``compute_plan``; the caller keeps them with ``remember_plan``)."""
    now = now or utcnow()
    kept = kept_plan(feed_key(spec), spec, now)
    if kept is not None:
        return kept
    clock = db.session.scalar(select(CalendarClock.value).where(CalendarClock.id == 1)) or 0
    plan = compute_plan(spec, now)
    plan.clock = clock
    return plan


def remember_plan(plan: FeedPlan) -> None:
    """Keep freshly computed validators for the clock value they were computed at.

    Side effects: upserts a ``FeedValidator``; flushes. The caller commits.
    """
    if plan.clock is None:
        return
    values = {
        "key": feed_key(plan.spec),
        "clock": plan.clock,
        "day": plan.now.date(),
        "etag": plan.etag,
        "last_modified": plan.last_modified,
        "count": plan.count,
        "zones": "\n".join(f"{z.zone} {z.first_year} {z.last_year}" for z in plan.zones),
    }
    db.session.execute(upsert(db.session.get_bind().dialect.name, FeedValidator, ["key"], **values))


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), dt.UTC)


def compute_plan(spec: FeedSpec, now: dt.datetime | None = None) -> FeedPlan:
    """One aggregate query over the window (of the day ``now`` falls on): the validators
    and the zones. Nothing is built."""
    now = _day_start((now or utcnow()).astimezone(dt.UTC).date())
    rows = db.session.execute(
        select(
            Meeting.timezone,
            func.count(Meeting.id),
            func.sum(Meeting.id),
            func.sum(Meeting.calendar_version),
            func.max(Meeting.updated_at),
            func.min(Meeting.starts_at),
            func.max(Meeting.ends_at),
            func.min(MeetingSeries.first_day),
            func.max(MeetingSeries.calendar_version),
        )
        .outerjoin(MeetingSeries, MeetingSeries.id == Meeting.series_id)
        .where(*_window(now), _shown(spec))
        .group_by(Meeting.timezone)
        .order_by(Meeting.timezone)
    ).all()
    digest = hashlib.sha256()
    head = [entry_format(), spec.key, entry_locale(spec), spec.name, str(spec.alarm or "")]
    digest.update("|".join(head).encode())
    latest = spec.since or EMPTY_FEED_TIME
    zones: list[ZoneSpan] = []
    count = 0
    for zone, number, ids, versions, changed, first, last, series_first, series_version in rows:
        digest.update(f"|{zone}:{number}:{ids}:{versions}:{series_version}".encode())
        count += number
        changed = _aware(changed)
        if changed is not None and changed > latest:
            latest = changed
        years = [_aware(first).year, _aware(last).year]
        if series_first is not None:
            years.append(series_first.year)
            # A series' rule may run up to a few years past its meetings in the window.
            years.append(_aware(last).year + 1)
        first_year, last_year = timezone_span(years)
        zones.append(ZoneSpan(zone, first_year, last_year))
    return FeedPlan(
        spec=spec,
        etag=digest.hexdigest()[:40],
        last_modified=latest.astimezone(dt.UTC).replace(microsecond=0),
        count=count,
        zones=zones,
        now=now,
    )


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """Aggregates come back naive from SQLite (UTC), aware from PostgreSQL."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


# --- the body ------------------------------------------------------------------------------


def _header(plan: FeedPlan) -> bytes:
    """VCALENDAR properties and the VTIMEZONEs, without the closing line."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", plan.spec.name)
    calendar.add("x-wr-calname", plan.spec.name)
    # RFC 7986 for most programs, X-PUBLISHED-TTL for Outlook.
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    text = calendar.to_ical()
    text = text[: -len(b"END:VCALENDAR\r\n")]
    for span in plan.zones:
        text += vtimezone_ical(span.zone, span.first_year, span.last_year)
    return text


_FOOTER = b"END:VCALENDAR\r\n"


def _objects_statement(plan: FeedPlan, joined: bool):
    """The feed's objects: (kind, id, uid, version[, cached version, format, body])."""
    spec = plan.spec
    window = _window(plan.now)
    single = select(
        literal("m").label("kind"),
        Meeting.id.label("id"),
        Meeting.uid.label("uid"),
        Meeting.calendar_version.label("version"),
    ).where(*window, or_(spec.alone, and_(spec.grouped, ~_IN_SERIES)))
    in_window = select(Meeting.series_id).where(*window, spec.grouped, _IN_SERIES)
    series = select(
        literal("s").label("kind"),
        MeetingSeries.id.label("id"),
        MeetingSeries.uid.label("uid"),
        MeetingSeries.calendar_version.label("version"),
    ).where(MeetingSeries.id.in_(in_window))
    objects = union_all(single, series).subquery("objects")
    # No ORDER BY: the order of events in a calendar means nothing, and sorting would
    # sort every cached text along.
    if not joined:
        return select(objects)
    return select(
        objects.c.kind,
        objects.c.id,
        objects.c.uid,
        objects.c.version,
        CalendarEntry.version,
        CalendarEntry.format,
        CalendarEntry.body,
    ).outerjoin(
        CalendarEntry,
        and_(
            CalendarEntry.uid == objects.c.uid,
            CalendarEntry.locale == entry_locale(plan.spec),
        ),
    )


@dataclass(frozen=True)
class _Wanted:
    kind: str
    id: int
    key: EntryKey


def feed_chunks(plan: FeedPlan, on_stored: Callable[[], None] | None = None) -> Iterator[bytes]:
    """The feed's bytes in blocks of about ``BLOCK_BYTES``: header and zones, the cached
    entries as the query gives them, then the missing ones, built and stored in batches;
    ``on_stored`` (the view's commit) runs after each batch is stored."""
    block: list[bytes] = []
    size = 0
    for piece in _pieces(plan, on_stored):
        block.append(piece)
        size += len(piece)
        if size >= BLOCK_BYTES:
            yield b"".join(block)
            block, size = [], 0
    if block:
        yield b"".join(block)


def _pieces(plan: FeedPlan, on_stored: Callable[[], None] | None) -> Iterator[bytes]:
    yield _header(plan)
    store = entry_store()
    locale = entry_locale(plan.spec)
    current_format = entry_format()
    alarm = _alarm_text(plan)
    missing: list[_Wanted] = []
    rows = db.session.execute(_objects_statement(plan, store.joins_in_sql)).yield_per(FETCH_BATCH)
    if store.joins_in_sql:
        for kind, id_, uid, version, cached_version, cached_format, body in rows:
            key = EntryKey(uid, locale, version)
            if body is not None and cached_version == version and cached_format == current_format:
                yield _with_alarm(body, alarm)
            else:
                missing.append(_Wanted(kind, id_, key))
    else:
        for batch in _batches(rows, FETCH_BATCH):
            wanted = [
                _Wanted(kind, id_, EntryKey(uid, locale, version))
                for kind, id_, uid, version in batch
            ]
            found = store.get_many([w.key for w in wanted])
            for item in wanted:
                body = found.get(item.key)
                if body is None:
                    missing.append(item)
                else:
                    yield _with_alarm(body, alarm)
    for batch in _batches(missing, BUILD_BATCH):
        built = build_entries(batch, plan.spec.locale, public=plan.spec.public)
        store.put_many(built)
        if on_stored is not None:
            on_stored()
        for entry in built:
            yield _with_alarm(entry.body, alarm)
    yield _FOOTER


def _batches(items, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _alarm_text(plan: FeedPlan) -> str:
    if not plan.spec.alarm:
        return ""
    with force_locale(plan.spec.locale):
        text = _("Reminder")
    return alarm_for(plan.spec.alarm, text).to_ical().decode()


def _with_alarm(body: str, alarm: str) -> bytes:
    if alarm:
        body = body.replace("END:VEVENT\r\n", alarm + "END:VEVENT\r\n")
    return body.encode()


def _meeting_options():
    return (
        joinedload(Meeting.group).joinedload(WorkingGroup.lead_organisation),
        joinedload(Meeting.venue),
        joinedload(Meeting.organiser),
        selectinload(Meeting.extra_groups),
        selectinload(Meeting.agenda_items).options(
            joinedload(AgendaItem.presenter),
            joinedload(AgendaItem.responsible_group),
            selectinload(AgendaItem.attachments),
        ),
    )


def build_entries(
    wanted: Sequence[_Wanted], locale: str | None, *, public: bool = False
) -> list[Entry]:
    """Serialise the objects: the meetings and series of one batch, loaded with a few
    queries, their text in ``locale``; ``public``: for a feed anyone may read."""
    meeting_ids = [w.id for w in wanted if w.kind == "m"]
    series_ids = [w.id for w in wanted if w.kind == "s"]
    meetings = {
        m.id: m
        for m in db.session.scalars(
            select(Meeting).options(*_meeting_options()).where(Meeting.id.in_(meeting_ids))
        ).unique()
    }
    series = {
        s.id: s
        for s in db.session.scalars(
            select(MeetingSeries)
            .options(
                joinedload(MeetingSeries.group).joinedload(WorkingGroup.lead_organisation),
                joinedload(MeetingSeries.venue),
                selectinload(MeetingSeries.meetings).options(*_meeting_options()),
            )
            .where(MeetingSeries.id.in_(series_ids))
        ).unique()
    }
    result = []
    with force_locale(locale):
        for item in wanted:
            if item.kind == "m":
                meeting = meetings.get(item.id)
                if meeting is None:
                    continue
                events = [event_data(meeting, items=meeting.agenda_items, public=public)]
                stamp = meeting.updated_at
            else:
                found = series.get(item.id)
                if found is None:
                    continue
                occurrences = sorted(
                    found.meetings, key=lambda m: (m.recurrence_at or m.starts_at, m.id)
                )
                events = series_data(
                    found, occurrences, items_of=lambda m: m.agenda_items, public=public
                )
                stamp = max([m.updated_at for m in occurrences] + [found.created_at])
            body = b"".join(event_for(data, stamp=stamp).to_ical() for data in events)
            result.append(Entry(item.key, body.decode()))
    return result


def feed_event_data(meeting: Meeting) -> EventData:
    """The meeting as a feed entry of its own, from the agenda items loaded with it."""
    return event_data(meeting, items=meeting.agenda_items)
