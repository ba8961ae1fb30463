"""Calendar subscriptions (feeds): which meetings a feed holds and the feed as a file.

Three kinds of feed, all METHOD:PUBLISH calendars read by calendar programs that poll
the address:

- a person's feed: every meeting of every group they belong to (hosted or joint) and
  every meeting they are invited to, at a secret address (``CalendarFeed`` with a user);
- a group's feed: the group's meetings, at a public address for a public group and at a
  secret one (``CalendarFeed`` with a group) for a members-only group;
- the site-wide feed of public events.

A feed holds the upcoming meetings and those of the last ``PAST_DAYS`` days, never
drafts; a cancelled meeting stays ``CANCELLED_DAYS`` days after its cancellation (the
meeting's ``updated_at``) with STATUS:CANCELLED, so that subscribed calendars remove or
strike it, and then leaves the feed. Each feed is one query for the meetings (with their
groups, venue, organiser and agenda loaded alongside), however many there are.

The calendar carries NAME / X-WR-CALNAME and a refresh interval (REFRESH-INTERVAL, RFC
7986, and Outlook's X-PUBLISHED-TTL). DTSTAMP is the latest change of the feed's
meetings, so the same content gives the same bytes, and the ETag is their hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from icalendar.prop import vDuration
from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..agenda.models import AgendaItem
from ..auth.models import User
from ..extensions import db
from ..groups.models import Membership, WorkingGroup
from ..i18n import force_locale
from ..invitations.models import Invitation
from ..scheduling.enums import MeetingStatus
from ..scheduling.models import Meeting
from .builder import EventData, build_calendar, event_data

#: Past meetings a feed keeps, in days (for looking back at what was held).
PAST_DAYS = 180
#: Days a cancelled meeting stays in a feed after its cancellation, with STATUS:CANCELLED.
CANCELLED_DAYS = 30
#: How often calendar programs are asked to fetch the feed again.
REFRESH_INTERVAL = dt.timedelta(hours=1)
#: Last-Modified of a feed without any meeting.
EMPTY_FEED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass
class FeedFile:
    """A feed ready to serve: the bytes, their strong ETag and the latest change."""

    body: bytes
    etag: str
    last_modified: dt.datetime
    #: How many meetings the feed holds.
    count: int


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- which meetings ----------------------------------------------------------------------


def _feed_query(*conditions: ColumnElement[bool], now: dt.datetime):
    """Meetings in the feed window, with everything an entry shows loaded alongside."""
    return (
        select(Meeting)
        .options(
            joinedload(Meeting.group),
            joinedload(Meeting.venue),
            joinedload(Meeting.organiser),
            selectinload(Meeting.extra_groups),
            selectinload(Meeting.agenda_items).options(
                joinedload(AgendaItem.presenter),
                joinedload(AgendaItem.responsible_group),
                selectinload(AgendaItem.attachments),
            ),
        )
        .where(
            Meeting.status != MeetingStatus.DRAFT,
            Meeting.ends_at >= now - dt.timedelta(days=PAST_DAYS),
            or_(
                Meeting.status != MeetingStatus.CANCELLED,
                Meeting.updated_at >= now - dt.timedelta(days=CANCELLED_DAYS),
            ),
            *conditions,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )


def _taking_part(group_ids: Any) -> ColumnElement[bool]:
    """The meeting is hosted by one of the groups, or is a joint meeting with one."""
    return or_(
        Meeting.group_id.in_(group_ids),
        Meeting.extra_groups.any(WorkingGroup.id.in_(group_ids)),
    )


def person_meetings(user: User, now: dt.datetime | None = None) -> list[Meeting]:
    """The person's feed: the meetings of every group they belong to (as host or joint
    group) and those they are invited to. One query (plus the loaded relations)."""
    now = now or _now()
    my_groups = select(Membership.group_id).where(Membership.user_id == user.id)
    invited = select(Invitation.meeting_id).where(Invitation.user_id == user.id)
    statement = _feed_query(or_(_taking_part(my_groups), Meeting.id.in_(invited)), now=now)
    return list(db.session.scalars(statement).unique())


def group_meetings(group: WorkingGroup, now: dt.datetime | None = None) -> list[Meeting]:
    """A group's feed: the meetings it hosts or takes part in."""
    now = now or _now()
    return list(db.session.scalars(_feed_query(_taking_part([group.id]), now=now)).unique())


def public_meetings(now: dt.datetime | None = None) -> list[Meeting]:
    """The site-wide feed: meetings anyone may see (public ones, and those of a public
    group), as the public events list shows them."""
    now = now or _now()
    public = or_(
        Meeting.is_public.is_(True),
        Meeting.group.has(WorkingGroup.is_public.is_(True)),
        Meeting.extra_groups.any(WorkingGroup.is_public.is_(True)),
    )
    return list(db.session.scalars(_feed_query(public, now=now)).unique())


# --- the entries -------------------------------------------------------------------------


def feed_event_data(meeting: Meeting) -> EventData:
    """The meeting as a feed entry, without a query per meeting: the agenda comes from the
    items loaded with the meetings."""
    return event_data(meeting, items=meeting.agenda_items)


def last_change(meetings: Sequence[Meeting], floor: dt.datetime | None = None) -> dt.datetime:
    """The latest ``updated_at`` of the meetings (or ``floor``), whole seconds, UTC."""
    times = [m.updated_at for m in meetings]
    if floor is not None:
        times.append(floor)
    latest = max(times, default=EMPTY_FEED_TIME)
    if latest.tzinfo is None:
        latest = latest.replace(tzinfo=dt.UTC)
    return latest.astimezone(dt.UTC).replace(microsecond=0)


def feed_file(
    meetings: Sequence[Meeting],
    *,
    name: str,
    locale: str | None,
    since: dt.datetime | None = None,
) -> FeedFile:
    """The feed as an .ics file (METHOD:PUBLISH) named ``name``, its text in ``locale``.

    ``since`` (e.g. when the feed address was made) is the earliest Last-Modified.
    """
    stamp = last_change(meetings, since)
    with force_locale(locale):
        entries = [feed_event_data(m) for m in meetings]
        calendar = build_calendar(entries, "PUBLISH", name=name, stamp=stamp)
    # RFC 7986 for most programs, X-PUBLISHED-TTL for Outlook.
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    body = calendar.to_ical()
    etag = hashlib.sha256(body).hexdigest()[:40]
    return FeedFile(body=body, etag=etag, last_modified=stamp, count=len(entries))


# --- the three feeds ---------------------------------------------------------------------


def person_feed_name(user: User) -> str:
    return _("Meetings of %(name)s", name=user.name)


def site_feed_name() -> str:
    return _("%(site)s: public events", site=current_app.config["SITE_NAME"])


def person_feed(user: User, *, since: dt.datetime | None = None) -> FeedFile:
    """The person's feed, in their language."""
    locale = user.locale
    with force_locale(locale):
        name = person_feed_name(user)
    return feed_file(person_meetings(user), name=name, locale=locale, since=since)


def group_feed(group: WorkingGroup, *, since: dt.datetime | None = None) -> FeedFile:
    """The group's feed, in the language of its documents, named as the group."""
    return feed_file(group_meetings(group), name=group.name, locale=group.language, since=since)


def site_feed(locale: str | None = None) -> FeedFile:
    """The site-wide feed of public events."""
    with force_locale(locale):
        name = site_feed_name()
    return feed_file(public_meetings(), name=name, locale=locale)
