"""Plain factory functions: each builds one object with sensible defaults and flushes.

No randomness and no hidden side effects: what a test does not pass is a fixed default,
except unique fields, which count up.
"""

from __future__ import annotations

import datetime as dt
import itertools
from functools import cache
from zoneinfo import ZoneInfo

from flask import current_app

from meetings.auth.services import hash_password
from meetings.extensions import db
from meetings.groups.enums import Language, Role
from meetings.models import Meeting, Membership, Organisation, User, Venue, WorkingGroup
from meetings.scheduling.enums import MeetingKind, MeetingStatus
from meetings.scheduling.numbering import next_meeting_number

_counter = itertools.count(1)

#: The password every factory-made account has.
PASSWORD = "correct horse battery"


def _password_hash(password: str) -> str:
    """The app's hash of ``password`` (``hash_password``, at the configured cost), made once
    for each password and cost and shared by the accounts made here, as the demo archive's
    accounts share theirs: hashing is most of the time it takes to make an account."""
    config = current_app.config
    return _hash_once(password, config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"])


@cache
def _hash_once(password: str, time_cost: int, memory_cost: int) -> str:
    return hash_password(password)


def make_organisation(name: str | None = None, **fields) -> Organisation:
    organisation = Organisation(name=name or f"Organisation {next(_counter)}", **fields)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def make_user(
    email: str | None = None,
    name: str | None = None,
    password: str | None = PASSWORD,
    **fields,
) -> User:
    n = next(_counter)
    user = User(
        email=email or f"person{n}@example.org",
        name=name or f"Person {n}",
        password_hash=_password_hash(password) if password else None,
        activated_at=dt.datetime.now(dt.UTC) if password else None,
        **fields,
    )
    db.session.add(user)
    db.session.flush()
    return user


def make_group(
    name: str | None = None,
    slug: str | None = None,
    language: Language = Language.CS,
    timezone: str = "Europe/Prague",
    is_public: bool = False,
    **fields,
) -> WorkingGroup:
    n = next(_counter)
    group = WorkingGroup(
        name=name or f"Working group {n}",
        slug=slug or f"group-{n}",
        language=language,
        timezone=timezone,
        is_public=is_public,
        **fields,
    )
    db.session.add(group)
    db.session.flush()
    return group


def add_member(user: User, group: WorkingGroup, role: Role = Role.MEMBER) -> Membership:
    membership = Membership(user=user, group=group, role=role)
    db.session.add(membership)
    db.session.flush()
    return membership


def make_venue(name: str = "Zasedací místnost", city: str | None = "Liberec", **fields) -> Venue:
    venue = Venue(name=name, city=city, **fields)
    db.session.add(venue)
    db.session.flush()
    return venue


def local_time(zone: str, *args: int) -> dt.datetime:
    """Aware datetime from wall-clock parts: local_time("Europe/Prague", 2018, 3, 20, 10)."""
    return dt.datetime(*args, tzinfo=ZoneInfo(zone))


def make_meeting(
    group: WorkingGroup,
    starts_at: dt.datetime | None = None,
    hours: float = 2,
    status: MeetingStatus = MeetingStatus.SCHEDULED,
    number: int | None = None,
    **fields,
) -> Meeting:
    starts_at = starts_at or local_time(group.timezone, 2030, 1, 15, 10)
    if number is None and status != MeetingStatus.DRAFT:
        # As scheduling does: one UPDATE of the counter, the group not marked changed (a
        # changed group raises the calendar version of every meeting it has).
        number = next_meeting_number(db.session, group)
    meeting = Meeting(
        group=group,
        number=number,
        title=fields.pop("title", f"Meeting {number or 'draft'} of {group.name}"),
        kind=fields.pop("kind", MeetingKind.REGULAR),
        status=status,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
        timezone=group.timezone,
        **fields,
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting
