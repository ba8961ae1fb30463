"""A ten-year archive anyone can rebuild: ``flask bench-data --meetings N [--groups G]``.

For load tests and for trying the app at the size a long-running installation reaches:
regions of four countries and a European network (``archive_texts``), each with its
regional authority and partner organisations (office hours, venues with rooms, an online
venue per language), G working groups (default 200) with a chair, an assistant, members
and observers, and N meetings spread over the groups: monthly, ending about a twentieth
of each group's span ahead of today (six months for 120 meetings), so most are held and
the rest scheduled. A few are extended meetings (round tables with outside guests), the
first group of a region hosts a yearly joint meeting of the region's groups, public groups
hold a yearly public event, and about one past meeting in fifty was cancelled.

Every meeting has about ten agenda items (one level of sub-items), the invitations of
every member with answers (and, for held meetings, attendance); every held meeting has
minutes with a text per agenda item, decisions numbered within the group (meeting number /
sequence) and tasks, open or done. The minutes are approved, except the newest of each
group (draft, or submitted). A few are published for real by the publishing service
(``--published``, default 3: the newest approved minutes of the first group, rendered as
PDF/A and stored as publishing stores them), and the newest published meeting gets
attachments through the attachment service: rendering tens of thousands of PDFs would
take hours, and a stored PDF that is not the meeting's own would be a false record.
Minutes loaded this way have no drafting history (revisions), as the demo's.

Fast because it is written with SQLAlchemy Core ``insert()`` executemany of plain rows in
batches, with ids counted here from the highest in each table (PostgreSQL's sequences are
moved past them at the end), one password hashed once for every account, and in one
transaction. Works on an empty migrated database and on top of other data (``flask demo``):
slugs and e-mail addresses already taken get a suffix. On PostgreSQL the tables written
are ANALYZEd at the end, as autovacuum would soon do. Like ``load_demo`` it flushes and
never commits; the command commits. Meeting numbers run 1..n in each group and the group's
``meeting_counter`` is n; UIDs are random UUIDs.

``build_archive`` returns the paths a load test needs (``Archive.paths``): the tokenised
feeds of the first group and of its assistant, a held meeting with published minutes, its
agenda and minutes (page and PDF), the group page, the dashboard, the public events, the
health endpoints, and the accounts that may read all of them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import random
import secrets
import time
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Table, bindparam, func, insert, select, text, update

from ..auth.services import hash_password
from ..db import utcnow
from ..extensions import db
from ..groups.enums import Role
from ..ical.models import CalendarClock, CalendarFeed, new_feed_token
from ..invitations.enums import Attendance, ParticipantRole, Rsvp
from ..minutes.enums import ActionStatus, MinutesState
from ..models import (
    ActionItem,
    AgendaItem,
    Decision,
    Invitation,
    Meeting,
    Membership,
    Minutes,
    MinutesEntry,
    OfficeHours,
    Organisation,
    User,
    Venue,
    WorkingGroup,
    meeting_groups,
)
from ..scheduling.enums import MeetingKind, MeetingStatus
from .archive_texts import REGIONS, WORDS, Region, Words

log = logging.getLogger(__name__)

#: Every account of the archive signs in with this password.
ARCHIVE_PASSWORD = "archive-password"  # noqa: S105  the benchmark archive's, documented
#: Rows per executemany batch.
BATCH = 5000
#: Rows kept before they are written (all tables together).
BUFFERED = 20000

UTC = dt.UTC

#: Partner kinds, in the order of ``Words.partners``: the e-mail domain of their people.
_PARTNER_CODES = ("labour", "city", "ngo", "charity", "chamber", "community")


@dataclass
class Archive:
    """What ``build_archive`` made: paths for a load test, row counts, and its time."""

    paths: dict[str, Any]
    counts: dict[str, int]
    seconds: float

    def line(self) -> str:
        """The one line of JSON ``flask bench-data`` prints."""
        return json.dumps(
            {**self.paths, "counts": self.counts, "seconds": round(self.seconds, 1)},
            ensure_ascii=False,
        )


class ArchiveError(ValueError):
    """The archive cannot be built with these numbers."""


# --- small helpers -------------------------------------------------------------------------


def _ascii(value: str) -> str:
    """ "Kateřina Nováková" → "katerina-novakova" (for e-mail addresses and slugs)."""
    folded = unicodedata.normalize("NFKD", value.replace("ł", "l").replace("Ł", "L"))
    plain = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> int:
    """Day of the month of its ``nth`` (1–3) ``weekday`` (0 = Monday)."""
    first = dt.date(year, month, 1).weekday()
    return 1 + (weekday - first) % 7 + 7 * (nth - 1)


@dataclass
class _Person:
    id: int
    name: str
    organisation_id: int
    organisation_name: str


@dataclass
class _Group:
    id: int
    index: int
    region: Region
    words: Words
    topic: str
    slug: str
    name: str
    is_public: bool
    lead_id: int
    venues: list[int]
    rooms: dict[int, str | None]
    online_venue: int
    #: Names of the region's partner organisations (presenters, minutes, tasks).
    partners: list[str]
    chair: _Person
    assistant: _Person
    #: (person, role) of everyone in the group, chair and assistant first.
    people: list[tuple[_Person, Role]] = field(default_factory=list)
    extra_groups: list[_Group] = field(default_factory=list)
    meetings: int = 0


@dataclass
class _Region:
    region: Region
    words: Words
    authority_id: int
    #: (organisation id, name, e-mail code) of the authority and its partners.
    organisations: list[tuple[int, str, str]]
    venues: list[int]
    rooms: dict[int, str | None]
    people: list[_Person] = field(default_factory=list)
    groups: list[_Group] = field(default_factory=list)

    @property
    def partners(self) -> list[str]:
        return [name for _, name, _ in self.organisations[1:]]


class _Writer:
    """Rows buffered per table and written in foreign-key order with executemany; ids are
    handed out here, from the highest already in each table."""

    ORDER: tuple[Table, ...] = (
        Organisation.__table__,
        OfficeHours.__table__,
        Venue.__table__,
        User.__table__,
        WorkingGroup.__table__,
        Membership.__table__,
        CalendarFeed.__table__,
        Meeting.__table__,
        meeting_groups,
        AgendaItem.__table__,
        Invitation.__table__,
        Minutes.__table__,
        MinutesEntry.__table__,
        Decision.__table__,
        ActionItem.__table__,
    )

    def __init__(self) -> None:
        self.rows: dict[Table, list[dict[str, Any]]] = {t: [] for t in self.ORDER}
        self.counts: dict[str, int] = {t.name: 0 for t in self.ORDER}
        self.next_id: dict[Table, int] = {}
        self.buffered = 0
        self.seconds = 0.0

    def new_id(self, table: Table) -> int:
        if table not in self.next_id:
            highest = db.session.execute(select(func.max(table.c.id))).scalar()
            self.next_id[table] = (highest or 0) + 1
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def add(self, table: Table, row: dict[str, Any]) -> int | None:
        """Queue a row (with a new id if the table has one); returns the id."""
        if "id" in table.c and "id" not in row:
            row["id"] = self.new_id(table)
        self.rows[table].append(row)
        self.buffered += 1
        return row.get("id")

    def maybe_flush(self) -> None:
        if self.buffered >= BUFFERED:
            self.flush()

    def flush(self) -> None:
        started = time.perf_counter()
        for table in self.ORDER:
            rows = self.rows[table]
            for start in range(0, len(rows), BATCH):
                db.session.execute(insert(table), rows[start : start + BATCH])
            self.counts[table.name] += len(rows)
            rows.clear()
        self.buffered = 0
        self.seconds += time.perf_counter() - started

    def move_sequences(self) -> None:
        """On PostgreSQL, move each serial id's sequence past the ids written here, and
        gather the planner's statistics of the tables written (what autovacuum would do
        shortly after a bulk load; a server with autovacuum off would plan every query
        for empty tables)."""
        if db.session.get_bind().dialect.name != "postgresql":
            return
        # Table names come from our own metadata, never from input.
        for table in self.next_id:
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table.name}))"
                )
            )
        for table in self.ORDER:
            db.session.execute(text(f"ANALYZE {table.name}"))


# --- the builder ---------------------------------------------------------------------------


class _Builder:
    def __init__(
        self,
        meetings: int,
        groups: int,
        *,
        now: dt.datetime,
        seed: int,
        progress: Callable[[str], None],
    ) -> None:
        self.total = meetings
        self.group_count = groups
        self.now = now
        self.rng = random.Random(seed)  # noqa: S311  repeatable demo data, not a secret
        self.progress = progress
        self.w = _Writer()
        self.password_hash = hash_password(ARCHIVE_PASSWORD)
        self.taken_emails = set(db.session.scalars(select(User.email)).all())
        self.taken_slugs = set(db.session.scalars(select(WorkingGroup.slug)).all())
        self.since = now - dt.timedelta(days=3700)
        self.online_venues: dict[str, int] = {}
        self.regions: list[_Region] = []
        self.groups: list[_Group] = []
        #: The first group's meetings: (meeting id, number, starts, status, minutes state).
        self.first_group_meetings: list[tuple[int, int, dt.datetime, MeetingStatus, Any]] = []

    # --- organisations, venues, people ----------------------------------------------------

    def build_regions(self) -> None:
        used = REGIONS[: min(len(REGIONS), self.group_count)]
        for region in used:
            self.regions.append(self._region(region))
        for index in range(self.group_count):
            self.groups.append(self._group(index, self.regions[index % len(self.regions)]))
        # The first group of a region invites the region's other groups to a yearly joint
        # meeting.
        for region in self.regions:
            if len(region.groups) > 1:
                region.groups[0].extra_groups = region.groups[1:4]
        self.w.flush()

    def _online_venue(self, words: Words, lang: str) -> int:
        if lang not in self.online_venues:
            self.online_venues[lang] = self.w.add(
                Venue.__table__,
                {
                    "name": words.online_venue,
                    "street": None,
                    "postcode": None,
                    "city": None,
                    "country": None,
                    "room": None,
                    "capacity": None,
                    "access_notes": None,
                    "online_url": f"https://video.example/{lang}/{secrets.token_hex(6)}",
                    "organisation_id": None,
                    "created_at": self.since,
                },
            )
        return self.online_venues[lang]

    def _organisation(self, name: str, region: Region, **fields: Any) -> int:
        row = {
            "name": name,
            "short_name": None,
            "department": None,
            "street": None,
            "postcode": None,
            "city": region.city,
            "country": region.country,
            "phone": None,
            "email": None,
            "website": None,
            "description": None,
            "created_at": self.since,
        }
        row.update(fields)
        return self.w.add(Organisation.__table__, row)

    def _venue(self, name: str, region: Region, organisation_id: int, **fields: Any) -> int:
        row = {
            "name": name,
            "street": None,
            "postcode": None,
            "city": region.city,
            "country": region.country,
            "room": None,
            "capacity": None,
            "access_notes": None,
            "online_url": None,
            "organisation_id": organisation_id,
            "created_at": self.since,
        }
        row.update(fields)
        return self.w.add(Venue.__table__, row)

    def _region(self, region: Region) -> _Region:
        words = WORDS[region.lang]
        short = region.authority_short
        authority = self._organisation(
            region.authority,
            region,
            short_name=short,
            department=region.department,
            street=region.street,
            postcode=region.postcode,
            email=f"podatelna@region-{region.key}.example",
            website=f"https://region-{region.key}.example",
        )
        for weekday in range(5):
            self.w.add(
                OfficeHours.__table__,
                {
                    "organisation_id": authority,
                    "weekday": weekday,
                    "opens": dt.time(7, 30),
                    "closes": dt.time(14, 30) if weekday == 4 else dt.time(15, 30),
                },
            )
        organisations = [(authority, region.authority, "region")]
        for template, code in zip(words.partners, _PARTNER_CODES, strict=True):
            name = template.format(city=region.city, of=region.of_region)
            organisations.append((self._organisation(name, region), name, code))
        rooms = words.venue_rooms
        main = self._venue(
            region.authority,
            region,
            authority,
            street=region.street,
            postcode=region.postcode,
            room=rooms[0],
            capacity=40,
            access_notes=None,
        )
        ngo_id, ngo_name, _code = organisations[3]
        ngo = self._venue(ngo_name, region, ngo_id, room=rooms[-1], capacity=20)
        centre = self._venue(
            words.community_centre.format(city=region.city),
            region,
            organisations[6][0],
            capacity=60,
        )
        venues = [main, ngo, centre]
        built = _Region(
            region=region,
            words=words,
            authority_id=authority,
            organisations=organisations,
            venues=venues,
            rooms={main: rooms[0], ngo: rooms[-1], centre: None},
        )
        # Group i belongs to region i mod R: enough people for this region's groups.
        used = min(len(REGIONS), self.group_count)
        groups_here = len(range(len(self.regions), self.group_count, used))
        for _ in range(6 + 9 * max(groups_here, 1)):
            built.people.append(self._person(built))
        return built

    def _person(self, region: _Region) -> _Person:
        words = region.words
        female = self.rng.random() < 0.6
        first = self.rng.choice(words.female if female else words.male)
        surname = self.rng.choice(words.surnames)[1 if female else 0]
        title = self.rng.choice(words.titles)
        plain = f"{surname} {first}" if words.family_first else f"{first} {surname}"
        name = f"{title} {plain}" if title else plain
        # Four in ten work for the regional authority.
        if self.rng.random() < 0.4:
            organisation = region.organisations[0]
        else:
            organisation = self.rng.choice(region.organisations[1:])
        org_id, org_name, code = organisation
        local = _ascii(f"{first}.{surname}").replace("-", ".")
        domain = f"{code}-{region.region.key}.example"
        email = f"{local}@{domain}"
        n = 1
        while email in self.taken_emails:
            n += 1
            email = f"{local}{n}@{domain}"
        self.taken_emails.add(email)
        person_id = self.w.add(
            User.__table__,
            {
                "email": email,
                "name": name,
                "password_hash": self.password_hash,
                "organisation_id": org_id,
                "locale": region.region.lang,
                "timezone": None,
                "is_admin": False,
                "is_enabled": True,
                "session_version": 1,
                "notify_meeting_changes": True,
                "notify_minutes": True,
                "activated_at": self.since,
                "last_sign_in_at": None,
                "created_at": self.since,
            },
        )
        if self.rng.random() < 0.15:
            self.w.add(
                CalendarFeed.__table__,
                {
                    "token": new_feed_token(),
                    "user_id": person_id,
                    "group_id": None,
                    "created_at": self.since,
                    "revoked_at": None,
                },
            )
        return _Person(person_id, name, org_id, org_name)

    def _group(self, index: int, region: _Region) -> _Group:
        words = region.words
        per_topic = index // len(self.regions)
        topic, topic_slug = words.topics[per_topic % len(words.topics)]
        if per_topic >= len(words.topics):
            topic = f"{topic} {per_topic // len(words.topics) + 1}"
            topic_slug = f"{topic_slug}-{per_topic // len(words.topics) + 1}"
        slug = f"{region.region.key}-{topic_slug}"
        n = 1
        while slug in self.taken_slugs:
            n += 1
            slug = f"{region.region.key}-{topic_slug}-{n}"
        self.taken_slugs.add(slug)
        # A quarter of the groups are public; the first group never is (its feed is
        # served at a secret address).
        is_public = index % 4 == 1
        people = self.rng.sample(region.people, min(len(region.people), 14))
        staff = [p for p in people if p.organisation_id == region.authority_id]
        assistant = staff[0] if staff else people[1]
        chair = next(p for p in people if p is not assistant)
        others = [p for p in people if p is not assistant and p is not chair]
        members = others[: self.rng.randint(8, 11)]
        observers = others[len(members) : len(members) + self.rng.randint(0, 2)]
        name = words.group_name.format(topic=topic)
        group_id = self.w.add(
            WorkingGroup.__table__,
            {
                "name": name,
                "slug": slug,
                "description": f"{name} – {region.region.parent_body}. {words.description}",
                "goals": None,
                "parent_body": region.region.parent_body,
                "lead_organisation_id": region.authority_id,
                "language": region.region.lang,
                "timezone": region.region.timezone,
                "is_public": is_public,
                "contact_email": None,
                "quorum": 5,
                # Numbers are handed out below; the counter is set when the group is done.
                "meeting_counter": 0,
                "adds_minutes_approval_item": True,
                "adds_action_review_item": True,
                "alarm_minutes": 1440,
                "agenda_template": None,
                "archived_at": None,
                "created_at": self.since,
            },
        )
        group = _Group(
            id=group_id,
            index=index,
            region=region.region,
            words=words,
            topic=topic,
            slug=slug,
            name=name,
            is_public=is_public,
            lead_id=region.authority_id,
            venues=region.venues,
            rooms=region.rooms,
            online_venue=self._online_venue(words, region.region.lang),
            partners=region.partners,
            chair=chair,
            assistant=assistant,
        )
        group.people = (
            [(chair, Role.CHAIR), (assistant, Role.ASSISTANT)]
            + [(p, Role.MEMBER) for p in members]
            + [(p, Role.OBSERVER) for p in observers]
        )
        for person, role in group.people:
            self._membership(person, group_id, role)
        region.groups.append(group)
        return group

    def _membership(self, person: _Person, group_id: int, role: Role) -> None:
        self.w.add(
            Membership.__table__,
            {
                "user_id": person.id,
                "group_id": group_id,
                "role": role,
                "organisation_id": None,
                "created_at": self.since,
            },
        )

    def join_neighbours(self) -> None:
        """The first group's assistant is also a member of the other groups of the region
        (their feed then holds several groups, as a regional officer's does)."""
        first = self.groups[0]
        person = first.assistant
        region = self.regions[0]
        for group in region.groups[1:]:
            if all(p.id != person.id for p, _ in group.people):
                group.people.append((person, Role.MEMBER))
                self._membership(person, group.id, Role.MEMBER)
        self.w.flush()

    # --- meetings ---------------------------------------------------------------------------

    def build_meetings(self) -> None:
        base, extra = divmod(self.total, self.group_count)
        started = time.perf_counter()
        for group in self.groups:
            group.meetings = base + (1 if group.index < extra else 0)
            self._group_meetings(group)
            self.w.maybe_flush()
            if group.index % 20 == 19:
                self.progress(
                    f"{group.index + 1} of {len(self.groups)} groups "
                    f"({time.perf_counter() - started:.0f} s)"
                )
        self.w.flush()
        # Numbers 1..n were handed out in each group: its counter is n.
        groups = WorkingGroup.__table__
        db.session.execute(
            update(groups)
            .where(groups.c.id == bindparam("group"))
            .values(meeting_counter=bindparam("counter")),
            [{"group": g.id, "counter": g.meetings} for g in self.groups],
        )

    def _group_meetings(self, group: _Group) -> None:
        k = group.meetings
        if k == 0:
            return
        zone = ZoneInfo(group.region.timezone)
        today = self.now.astimezone(zone).date()
        ahead = max(1, round(k / 20)) if k > 1 else 0
        current = today.year * 12 + today.month - 1
        first_month = current - (k - ahead) + 1
        weekday = group.index % 5
        nth = 1 + (group.index // 5) % 3
        hour = (9, 10, 13, 14)[group.index % 4]
        home = group.venues[group.index % len(group.venues)]
        held: list[tuple[int, int, dt.datetime, list[dict[str, Any]], list[dict[str, Any]]]] = []
        for j in range(k):
            month = first_month + j
            year, month0 = divmod(month, 12)
            day = _nth_weekday(year, month0 + 1, weekday, nth)
            start = dt.datetime(year, month0 + 1, day, hour, tzinfo=zone)
            number = j + 1
            kind = MeetingKind.REGULAR
            if group.extra_groups and month0 == 11:
                kind = MeetingKind.JOINT
            elif group.is_public and month0 == 5:
                kind = MeetingKind.PUBLIC_EVENT
            elif month0 in (3, 9):
                kind = MeetingKind.EXTENDED
            hours = 3 if kind in (MeetingKind.EXTENDED, MeetingKind.PUBLIC_EVENT) else 2
            end = start + dt.timedelta(hours=hours)
            status = MeetingStatus.HELD if end < self.now else MeetingStatus.SCHEDULED
            if status == MeetingStatus.HELD and j < k - 3 and self.rng.random() < 0.02:
                status = MeetingStatus.CANCELLED
            meeting_id = self._meeting(group, number, kind, status, start, end, home)
            items = self._agenda(group, meeting_id, kind, start)
            invited = self._invitations(group, meeting_id, kind, status, start)
            if status == MeetingStatus.HELD:
                held.append((meeting_id, number, start, items, invited))
            if group.index == 0:
                self.first_group_meetings.append((meeting_id, number, start, status, None))
        for position, (meeting_id, number, start, items, invited) in enumerate(reversed(held)):
            state = MinutesState.APPROVED
            if position == 0 and self.now - start < dt.timedelta(days=35):
                state = MinutesState.DRAFT
            elif position == 1 and self.now - start < dt.timedelta(days=70):
                state = MinutesState.SUBMITTED
            # The first group's assistant has a task from the newest minutes (the pages of
            # the account a load test signs in with then show tasks at every size).
            first_owner = group.assistant if group.index == 0 and position == 0 else None
            self._minutes(group, meeting_id, number, start, items, invited, state, first_owner)
            if group.index == 0:
                self._note_minutes(meeting_id, state)

    def _note_minutes(self, meeting_id: int, state: MinutesState) -> None:
        for i, row in enumerate(self.first_group_meetings):
            if row[0] == meeting_id:
                self.first_group_meetings[i] = (*row[:4], state)

    def _meeting(
        self,
        group: _Group,
        number: int,
        kind: MeetingKind,
        status: MeetingStatus,
        start: dt.datetime,
        end: dt.datetime,
        home: int,
    ) -> int:
        words = group.words
        title = {
            MeetingKind.REGULAR: words.regular_title,
            MeetingKind.EXTENDED: words.extended_title,
            MeetingKind.JOINT: words.joint_title,
            MeetingKind.PUBLIC_EVENT: words.public_title,
        }[kind].format(n=number, topic=group.topic)
        online = self.rng.random() < 0.08
        venue = group.online_venue if online else home
        room = None if online else group.rooms.get(venue)
        if room and self.rng.random() < 0.2:
            room = self.rng.choice(words.venue_rooms)
        published = start - dt.timedelta(days=7)
        created = start - dt.timedelta(days=30)
        meeting_id = self.w.add(
            Meeting.__table__,
            {
                "group_id": group.id,
                "number": number,
                "title": title,
                "kind": kind,
                "status": status,
                "cancel_reason": words.cancel_reason if status == MeetingStatus.CANCELLED else None,
                "starts_at": start,
                "ends_at": end,
                "timezone": group.region.timezone,
                "venue_id": venue,
                "room": room,
                "online_url": None,
                "organiser_id": group.lead_id,
                "description": words.description,
                "is_public": kind == MeetingKind.PUBLIC_EVENT,
                "uid": f"{uuid.uuid4()}@meetings",
                "sequence": 1 if self.rng.random() < 0.1 else 0,
                # The agenda went out a week before (not yet for meetings further ahead).
                "agenda_published_at": published if published < self.now else None,
                "agenda_publish_at": None,
                "agenda_review_requested_at": None,
                "agenda_reviewed_at": None,
                "agenda_reviewed_by_id": None,
                "series_id": None,
                "recurrence_at": None,
                "calendar_version": 0,
                "alarm_minutes": None,
                "registration_open": kind == MeetingKind.PUBLIC_EVENT and start > self.now,
                "registration_capacity": 60 if kind == MeetingKind.PUBLIC_EVENT else None,
                "created_by_id": group.assistant.id,
                "created_at": min(created, self.now),
                "updated_at": min(created, self.now),
            },
        )
        if kind == MeetingKind.JOINT:
            for other in group.extra_groups:
                self.w.add(meeting_groups, {"meeting_id": meeting_id, "group_id": other.id})
        return meeting_id

    def _agenda_item(
        self,
        group: _Group,
        meeting_id: int,
        parent_id: int | None,
        position: int,
        title: str,
        kind: str,
        minutes: int | None,
        presenter: _Person | None = None,
        presenter_name: str | None = None,
        responsible: int | None = None,
    ) -> dict[str, Any]:
        row = {
            "meeting_id": meeting_id,
            "parent_id": parent_id,
            "position": position,
            "title": title,
            "description": None,
            "presenter_id": presenter.id if presenter else None,
            "presenter_name": presenter_name,
            "kind": kind,
            "duration_minutes": minutes,
            "responsible_group_id": responsible,
        }
        self.w.add(AgendaItem.__table__, row)
        return row

    def _agenda(
        self, group: _Group, meeting_id: int, kind: MeetingKind, start: dt.datetime
    ) -> list[dict[str, Any]]:
        """About ten items: three standing ones, two to four on the group's matters (the
        first often with sub-items), three closing ones. Returns the rows, parents first."""
        words = group.words
        rng = self.rng
        members = [p for p, role in group.people if role == Role.MEMBER]
        items: list[dict[str, Any]] = []
        position = 0
        presenters = [group.chair, group.assistant, group.assistant]
        for (title, item_kind, minutes), presenter in zip(
            words.opening_items, presenters, strict=True
        ):
            items.append(
                self._agenda_item(
                    group, meeting_id, None, position, title, item_kind, minutes, presenter
                )
            )
            position += 1
        year = start.year
        topical = rng.sample(words.topical_items, rng.randint(2, 4))
        responsible = [group.id] + [g.id for g in group.extra_groups]
        for index, (title, item_kind) in enumerate(topical):
            title = title.format(year=year, year2=year + 2, prev_year=year - 1)
            presenter, presenter_name = None, None
            roll = rng.random()
            if roll < 0.5 and members:
                presenter = rng.choice(members)
            elif roll < 0.75:
                other = rng.choice(group.partners)
                presenter_name = f"{rng.choice(words.female)} {rng.choice(words.surnames)[1]} "
                presenter_name += f"({other})"
                presenter_name = presenter_name[:200]
            parent = self._agenda_item(
                group,
                meeting_id,
                None,
                position,
                title,
                item_kind,
                None if index == 0 else rng.choice((15, 20, 30)),
                presenter,
                presenter_name,
                responsible[index % len(responsible)] if kind == MeetingKind.JOINT else None,
            )
            items.append(parent)
            position += 1
            if index == 0:
                count = rng.choice((2, 2, 3)) if rng.random() < 0.7 else 0
                if count == 0:
                    parent["duration_minutes"] = 30
                for child, (sub_title, sub_kind) in enumerate(words.sub_items[:count]):
                    items.append(
                        self._agenda_item(
                            group, meeting_id, parent["id"], child, sub_title, sub_kind, 15
                        )
                    )
        for title, item_kind, minutes in words.closing_items:
            items.append(
                self._agenda_item(group, meeting_id, None, position, title, item_kind, minutes)
            )
            position += 1
        return items

    def _invitations(
        self,
        group: _Group,
        meeting_id: int,
        kind: MeetingKind,
        status: MeetingStatus,
        start: dt.datetime,
    ) -> list[dict[str, Any]]:
        rng = self.rng
        people: dict[int, tuple[_Person, Role]] = {}
        for other in [group, *(group.extra_groups if kind == MeetingKind.JOINT else [])]:
            for person, role in other.people:
                people.setdefault(person.id, (person, role))
        held = status == MeetingStatus.HELD
        soon = start - self.now < dt.timedelta(days=30)
        rows = []
        for person, role in people.values():
            rows.append(
                self._invitation(
                    group,
                    meeting_id,
                    start,
                    held,
                    soon,
                    user_id=person.id,
                    email=None,
                    name=None,
                    organisation_id=person.organisation_id,
                    role={
                        Role.CHAIR: ParticipantRole.CHAIR,
                        Role.OBSERVER: ParticipantRole.OPTIONAL,
                    }.get(role, ParticipantRole.REQUIRED),
                )
            )
        if kind in (MeetingKind.EXTENDED, MeetingKind.PUBLIC_EVENT):
            words = group.words
            for guest in range(3):
                first = rng.choice(words.female + words.male)
                surname = rng.choice(words.surnames)[0]
                email = f"{_ascii(first)}.{_ascii(surname)}.{meeting_id}.{guest}@guest.example"
                rows.append(
                    self._invitation(
                        group,
                        meeting_id,
                        start,
                        held,
                        soon,
                        user_id=None,
                        email=email.replace("-", "."),
                        name=f"{first} {surname}",
                        organisation_id=None,
                        role=ParticipantRole.OPTIONAL,
                        locale=group.region.lang,
                    )
                )
        return rows

    def _invitation(
        self,
        group: _Group,
        meeting_id: int,
        start: dt.datetime,
        held: bool,
        soon: bool,
        *,
        locale: str | None = None,
        **who: Any,
    ) -> dict[str, Any]:
        rng = self.rng
        roll = rng.random()
        if not held and not soon:
            roll = 1.0 if roll < 0.85 else roll * 0.9
        if roll < 0.72:
            rsvp = Rsvp.ACCEPTED
        elif roll < 0.87:
            rsvp = Rsvp.DECLINED
        elif roll < 0.93:
            rsvp = Rsvp.TENTATIVE
        else:
            rsvp = Rsvp.NEEDS_ACTION
        attendance, represented_by = None, None
        if held:
            if rsvp == Rsvp.ACCEPTED:
                attendance = Attendance.PRESENT
                if rng.random() < 0.05:
                    words = group.words
                    deputy = f"{rng.choice(words.female)} {rng.choice(words.surnames)[1]}"
                    attendance, represented_by = Attendance.REPRESENTED, deputy
            elif rsvp == Rsvp.TENTATIVE:
                attendance = Attendance.PRESENT if rng.random() < 0.5 else Attendance.EXCUSED
            elif rsvp == Rsvp.DECLINED:
                attendance = Attendance.EXCUSED
            else:
                attendance = Attendance.ABSENT
        answered = rsvp != Rsvp.NEEDS_ACTION
        responded = min(start - dt.timedelta(days=rng.randint(1, 10)), self.now)
        row = {
            "meeting_id": meeting_id,
            **who,
            "locale": locale,
            "rsvp": rsvp,
            "rsvp_comment": None,
            "responded_at": responded if answered else None,
            "attendance": attendance,
            "represented_by": represented_by,
            "answer_nonce": secrets.token_urlsafe(16),
            "sent_sequence": 0,
            "series_sequence_sent": None,
            "rsvp_before_change": None,
            "asked_again_at": None,
            "answered_via": rng.choice(("link", "page", "calendar")) if answered else None,
            "created_at": min(start - dt.timedelta(days=21), self.now),
        }
        self.w.add(Invitation.__table__, row)
        return row

    # --- minutes ----------------------------------------------------------------------------

    def _sentences(self, group: _Group, count: int) -> str:
        words = group.words
        picked = self.rng.sample(words.sentences, count)
        org = self.rng.choice(group.partners)
        return " ".join(s.format(org=org) for s in picked)

    def _minutes(
        self,
        group: _Group,
        meeting_id: int,
        number: int,
        start: dt.datetime,
        items: list[dict[str, Any]],
        invited: list[dict[str, Any]],
        state: MinutesState,
        first_owner: _Person | None = None,
    ) -> None:
        rng = self.rng
        words = group.words
        submitted = approved = None
        if state != MinutesState.DRAFT:
            submitted = min(start + dt.timedelta(days=rng.randint(3, 10)), self.now)
        if state == MinutesState.APPROVED:
            approved = min(submitted + dt.timedelta(days=rng.randint(2, 14)), self.now)
        local = start.astimezone(ZoneInfo(group.region.timezone))
        minutes_id = self.w.add(
            Minutes.__table__,
            {
                "meeting_id": meeting_id,
                "edition": 1,
                "correction_reason": None,
                "state": state,
                "version": 1,
                "opening": words.opening.format(time=f"{local:%H:%M}", chair=group.chair.name),
                "closing": words.closing,
                "next_meeting": words.next_meeting,
                "return_comment": None,
                "submitted_at": submitted,
                "approved_at": approved,
                "approved_by_id": group.chair.id if approved else None,
                "publish_requested_at": None,
                "publish_error": None,
                "published_at": None,
                "pdf_sha256": None,
                "created_at": min(start + dt.timedelta(hours=3), self.now),
            },
        )
        parents = {item["parent_id"] for item in items if item["parent_id"]}
        written = items if state != MinutesState.DRAFT else items[: len(items) // 2]
        for item in written:
            count = 1 if item["id"] in parents else rng.randint(2, 4)
            self.w.add(
                MinutesEntry.__table__,
                {
                    "minutes_id": minutes_id,
                    "agenda_item_id": item["id"],
                    "text": self._sentences(group, count),
                },
            )
        present = sum(1 for i in invited if i["attendance"] == Attendance.PRESENT)
        sequence = 0
        created = min(start + dt.timedelta(hours=3), self.now)
        if number > 1:
            sequence += 1
            self._decision(
                group,
                meeting_id,
                items[1]["id"],
                sequence,
                words.decision_minutes.format(prev=number - 1),
                present,
                created,
            )
        topical = [i for i in items[3:-3] if i["parent_id"] is None]
        for item in topical:
            if item["kind"] == "decision" or rng.random() < 0.4:
                sequence += 1
                text_ = rng.choice(words.decisions).format(item=item["title"])
                self._decision(group, meeting_id, item["id"], sequence, text_, present, created)
        members = [p for p, role in group.people if role != Role.OBSERVER]
        for n in range(rng.randint(1, 3)):
            item = rng.choice(topical)
            owner = first_owner if first_owner is not None and n == 0 else rng.choice(members)
            org = rng.choice(group.partners)
            due = (start + dt.timedelta(days=rng.randint(21, 45))).date()
            status, closed = ActionStatus.OPEN, None
            if due < (self.now - dt.timedelta(days=60)).date():
                roll = rng.random()
                if roll < 0.85:
                    status = ActionStatus.DONE
                elif roll < 0.9:
                    status = ActionStatus.DROPPED
            if status != ActionStatus.OPEN:
                closed = dt.datetime.combine(due, dt.time(12), tzinfo=UTC)
            self.w.add(
                ActionItem.__table__,
                {
                    "group_id": group.id,
                    "meeting_id": meeting_id,
                    "agenda_item_id": item["id"],
                    "text": rng.choice(words.actions).format(item=item["title"], org=org),
                    "owner_id": owner.id,
                    "owner_organisation_id": owner.organisation_id,
                    "due_on": due,
                    "status": status,
                    "closed_at": closed,
                    "created_at": created,
                },
            )

    def _decision(
        self,
        group: _Group,
        meeting_id: int,
        item_id: int,
        sequence: int,
        text_: str,
        present: int,
        created: dt.datetime,
    ) -> None:
        votes = self.rng.random() < 0.5 and present > 0
        against = self.rng.randint(0, 1) if votes else None
        abstaining = self.rng.randint(0, 2) if votes else None
        self.w.add(
            Decision.__table__,
            {
                "group_id": group.id,
                "meeting_id": meeting_id,
                "agenda_item_id": item_id,
                "sequence": sequence,
                "text": text_,
                "votes_for": max(present - against - abstaining, 0) if votes else None,
                "votes_against": against,
                "votes_abstaining": abstaining,
                "created_at": created,
            },
        )

    # --- after the bulk rows: what goes through the services ---------------------------------

    def finish(self, published: int) -> dict[str, Any]:
        """Publish a few minutes, add attachments and feed addresses through the services;
        the paths of the printed endpoints."""
        from ..minutes.publishing import publish

        self.w.move_sequences()
        # Bulk rows bypass the flush listener that advances the calendar clock.
        db.session.execute(
            update(CalendarClock).where(CalendarClock.id == 1).values(value=CalendarClock.value + 1)
        )
        first = self.groups[0]
        approved = [
            row
            for row in self.first_group_meetings
            if row[3] == MeetingStatus.HELD and row[4] == MinutesState.APPROVED
        ]
        chosen = approved[-published:] if published else []
        for meeting_id, number, _start, _status, _state in chosen:
            minutes = db.session.scalars(
                select(Minutes).where(Minutes.meeting_id == meeting_id)
            ).one()
            self.progress(f"publishing the minutes of meeting {number} of {first.slug}")
            publish(minutes, key=None, notify=False, now=minutes.approved_at)
        if chosen:
            meeting_id = chosen[-1][0]
        else:
            held = [r for r in self.first_group_meetings if r[3] == MeetingStatus.HELD]
            meeting_id = (held or self.first_group_meetings)[-1][0]
        self._attachments(meeting_id)
        from ..ical.services import ensure_feed

        assistant = db.session.get(User, first.assistant.id)
        group = db.session.get(WorkingGroup, first.id)
        person_feed = ensure_feed(assistant)
        group_feed = ensure_feed(group)
        db.session.flush()
        member = next(p for p, role in first.people if role == Role.MEMBER)
        member_email = db.session.get(User, member.id).email
        from ..auth.api_tokens import create_token

        api_token = create_token(assistant, name="benchmark", scope="read", days=365).secret
        return {
            "group_feed": f"/calendar/feeds/{group_feed.token}.ics",
            "person_feed": f"/calendar/feeds/{person_feed.token}.ics",
            "meeting": f"/meetings/{meeting_id}",
            "agenda_pdf": f"/meetings/{meeting_id}/agenda.pdf",
            "minutes_pdf": f"/meetings/{meeting_id}/minutes.pdf",
            "minutes_page": f"/meetings/{meeting_id}/minutes",
            "group_page": f"/groups/{first.slug}",
            "dashboard": "/dashboard",
            "public_events": "/events",
            "health": "/healthz",
            "bare": "/ping",
            "api_meetings": f"/api/v1/meetings?group={first.slug}",
            "api_meeting": f"/api/v1/meetings/{meeting_id}",
            "api_decisions": f"/api/v1/decisions?group={first.slug}",
            "api_token": api_token,
            "accounts": [
                {"email": assistant.email, "password": ARCHIVE_PASSWORD, "role": "assistant"},
                {"email": member_email, "password": ARCHIVE_PASSWORD, "role": "member"},
            ],
        }

    def _attachments(self, meeting_id: int) -> None:
        """The meeting's invitation with its agenda as PDF, attached to the meeting and to
        its first item on the group's matters (through the attachment service)."""
        from ..agenda.services import agenda_document, store_attachment
        from ..documents.pdf import render_pdf

        meeting = db.session.get(Meeting, meeting_id)
        document = agenda_document(meeting)
        # The print template links its stylesheet with url_for: it needs a request.
        with current_app.test_request_context():
            data = render_pdf("print/agenda.html", {"doc": document}, document.lang)
        uploader = db.session.get(User, self.groups[0].assistant.id)
        items = [i for i in meeting.agenda_items if i.parent_id is None]
        store_attachment(meeting, io.BytesIO(data), "pozvanka-program.pdf", uploader)
        if len(items) > 3:
            store_attachment(meeting, io.BytesIO(data), "podklady.pdf", uploader, items[3])


def build_archive(
    meetings: int,
    groups: int = 200,
    *,
    published: int = 3,
    now: dt.datetime | None = None,
    seed: int = 11,
    progress: Callable[[str], None] | None = None,
) -> Archive:
    """Add the archive (see the module's notes): ``meetings`` meetings over ``groups``
    working groups, ``published`` minutes of the first group published for real.

    Side effects: adds rows (bulk, then a few through the services: published minutes and
    their PDFs, attachments and their files, feed addresses) and flushes; moves
    PostgreSQL's id sequences; never commits. Raises ArchiveError for impossible numbers.
    """
    if meetings < 1 or groups < 1:
        raise ArchiveError("the archive needs at least one meeting and one group")
    if groups > meetings:
        raise ArchiveError(f"{groups} groups need at least {groups} meetings, not {meetings}")
    started = time.perf_counter()
    report = progress or (lambda message: log.info("archive: %s", message))
    builder = _Builder(meetings, groups, now=now or utcnow(), seed=seed, progress=report)
    builder.build_regions()
    builder.join_neighbours()
    report(f"{len(builder.regions)} regions, {groups} groups; now the meetings")
    builder.build_meetings()
    paths = builder.finish(published)
    db.session.flush()
    counts = {k: v for k, v in builder.w.counts.items() if v}
    report(f"rows written in {builder.w.seconds:.1f} s of {time.perf_counter() - started:.1f} s")
    return Archive(paths=paths, counts=counts, seconds=time.perf_counter() - started)
