"""Meetings as people browse them: a group's meetings, a venue's, a person's calendar,
public events, one meeting with what its page shows.

Every list is a fixed number of queries however many meetings there are (the meetings,
and the groups taking part in them); visibility is then decided per meeting by the
permission policy on what is already loaded.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, func, inspect, or_, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..auth.permissions import MANAGERS, can, roles_by_group, sql_meeting_view
from ..db import utcnow
from ..extensions import db
from ..groups.models import WorkingGroup
from ..i18n import in_zone
from ..venues.models import Venue
from .enums import MeetingStatus
from .models import Meeting, meeting_groups

#: Past meetings shown per page on a group's page.
PAST_PER_PAGE = 20
#: The group page shows the next few meetings; the calendar shows the rest.
UPCOMING_SHOWN = 10


def listing(*, joint_groups: bool = True) -> Select[tuple[Meeting]]:
    """Meetings with what a list row shows: host group, venue, organiser, other groups.

    ``joint_groups=False`` leaves the other groups to ``with_joint_groups``, for a page
    that must cost the same statements whether its lists are empty or full (the separate
    query of ``selectinload`` is skipped when nothing was found). Joining them instead
    would make SQLite build the whole meetings-to-groups table for every list."""
    statement = select(Meeting).options(
        joinedload(Meeting.group), joinedload(Meeting.venue), joinedload(Meeting.organiser)
    )
    if joint_groups:
        statement = statement.options(selectinload(Meeting.extra_groups))
    return statement


def with_joint_groups(*lists: Sequence[Meeting]) -> None:
    """Loads the other groups of every meeting in the lists: one statement, even for
    none. Before the permission policy reads them (it would load them one by one)."""
    meetings = [m for found in lists for m in found if "extra_groups" in inspect(m).unloaded]
    rows = db.session.execute(
        select(meeting_groups.c.meeting_id, WorkingGroup)
        .join(WorkingGroup, WorkingGroup.id == meeting_groups.c.group_id)
        .where(meeting_groups.c.meeting_id.in_([m.id for m in meetings]))
        .order_by(WorkingGroup.name, WorkingGroup.id)
    )
    groups: dict[int, list[WorkingGroup]] = {}
    for meeting_id, group in rows:
        groups.setdefault(meeting_id, []).append(group)
    for meeting in meetings:
        set_committed_value(meeting, "extra_groups", groups.get(meeting.id, []))


def visible_to(user: Any, meetings: Iterable[Meeting]) -> list[Meeting]:
    return [m for m in meetings if can(user, "meeting.view", m)]


def takes_part(group_ids: Iterable[int]):
    """SQL condition: the meeting is hosted by one of the groups or joint with one.

    Written as ``id IN (hosted UNION joint)`` rather than ``group_id IN … OR EXISTS …``:
    with the OR neither database uses the ``group_id`` index, and every statement read all
    meetings (24,000 in the benchmark) to find a group's hundred.
    """
    ids = list(group_ids)
    hosted = select(Meeting.id).where(Meeting.group_id.in_(ids))
    joint = select(meeting_groups.c.meeting_id).where(meeting_groups.c.group_id.in_(ids))
    return Meeting.id.in_(hosted.union(joint))


@dataclass
class MeetingLists:
    upcoming: list[Meeting] = field(default_factory=list)
    past: list[Meeting] = field(default_factory=list)


def split_by_time(meetings: Sequence[Meeting], now: dt.datetime) -> MeetingLists:
    """Upcoming (soonest first, including a meeting under way) and past (latest first)."""
    lists = MeetingLists()
    for meeting in meetings:
        (lists.upcoming if meeting.ends_at >= now else lists.past).append(meeting)
    lists.upcoming.sort(key=lambda m: m.starts_at)
    lists.past.sort(key=lambda m: m.starts_at, reverse=True)
    return lists


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
    mine = listing(joint_groups=False).where(
        takes_part(group_ids), Meeting.status != MeetingStatus.DRAFT
    )
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
    with_joint_groups(upcoming, past)
    return MeetingLists(visible_to(user, upcoming), visible_to(user, past))


def open_to_everyone() -> Any:
    """SQL condition: anyone may see the meeting (``Meeting.open_to_everyone``): it has
    left draft and it, or a group taking part, is public."""
    return and_(
        Meeting.status != MeetingStatus.DRAFT,
        or_(
            Meeting.is_public.is_(True),
            Meeting.group.has(WorkingGroup.is_public.is_(True)),
            Meeting.extra_groups.any(WorkingGroup.is_public.is_(True)),
        ),
    )


def get_meeting(meeting_id: int) -> Meeting | None:
    """One meeting with everything its page shows except the agenda."""
    return (
        db.session.scalars(
            listing()
            .options(joinedload(Meeting.group).joinedload(WorkingGroup.lead_organisation))
            .where(Meeting.id == meeting_id)
        )
        .unique()
        .first()
    )


def meetings_after(
    user: Any,
    *conditions: Any,
    after: tuple[dt.datetime, int] | None = None,
    limit: int = 50,
) -> tuple[list[Meeting], tuple[dt.datetime, int] | None]:
    """One page of the meetings the person may see, by start (then id), that meet the
    conditions, starting after the position ``after`` (start, id); and the position of the
    next page (None on the last). For the API's cursors: the SQL form of ``meeting.view``
    filters before the page is cut, the policy stays the judge of every row. Three
    statements however many meetings there are (the page, their other groups, the roles).
    """
    statement = listing(joint_groups=False).where(
        sql_meeting_view(user, Meeting.__table__), *conditions
    )
    if after is not None:
        starts_at, meeting_id = after
        statement = statement.where(
            or_(
                Meeting.starts_at > starts_at,
                and_(Meeting.starts_at == starts_at, Meeting.id > meeting_id),
            )
        )
    found = list(
        db.session.scalars(statement.order_by(Meeting.starts_at, Meeting.id).limit(limit + 1))
        .unique()
        .all()
    )
    page = found[:limit]
    with_joint_groups(page)
    following = (page[-1].starts_at, page[-1].id) if len(found) > limit else None
    return visible_to(user, page), following


# --- a group's and a venue's meetings -------------------------------------------------------


@dataclass
class GroupMeetings:
    upcoming: list[Meeting] = field(default_factory=list)
    #: All upcoming meetings the person may see; only the first UPCOMING_SHOWN are listed.
    upcoming_total: int = 0
    past: list[Meeting] = field(default_factory=list)
    #: 1-based page of past meetings shown, and how many pages there are (at least 1).
    page: int = 1
    pages: int = 1
    past_total: int = 0


def _meetings_of(user: Any, group: WorkingGroup) -> Select[tuple[Meeting]]:
    """The group's meetings (hosted or joint) the person may see, filtered in SQL.

    The person may see the group, so every meeting that is not a draft is visible to them;
    drafts only to the managers of the host group.
    """
    managed = [gid for gid, role in roles_by_group(user).items() if role in MANAGERS]
    if can(user, "site.admin"):
        visible_drafts = Meeting.status == MeetingStatus.DRAFT
    elif managed:
        visible_drafts = (Meeting.status == MeetingStatus.DRAFT) & Meeting.group_id.in_(managed)
    else:
        visible_drafts = None
    visible = Meeting.status != MeetingStatus.DRAFT
    if visible_drafts is not None:
        visible = visible | visible_drafts
    return select(Meeting).where(takes_part([group.id]), visible)


def _with_listing(query: Select[tuple[Meeting]]) -> Select[tuple[Meeting]]:
    return query.options(
        joinedload(Meeting.group),
        joinedload(Meeting.venue),
        joinedload(Meeting.organiser),
        # Joined, not select-in: the count of queries stays the same even for an empty list.
        joinedload(Meeting.extra_groups),
    )


def group_meetings_page(
    user: Any,
    group: WorkingGroup,
    page: int = 1,
    per_page: int = PAST_PER_PAGE,
    now: dt.datetime | None = None,
) -> GroupMeetings:
    """Upcoming meetings (soonest first) and one page of past ones (latest first).

    A fixed number of queries however many meetings the group has: a count and a page for
    the past, one for the upcoming (each with one more for the other groups taking part).
    A page beyond the last gives the last page.
    """
    now = now or utcnow()
    base = _meetings_of(user, group)
    past_total = (
        db.session.scalar(
            select(func.count()).select_from(base.where(Meeting.ends_at < now).subquery())
        )
        or 0
    )
    pages = max(1, math.ceil(past_total / per_page))
    page = min(max(1, page), pages)
    upcoming_total = (
        db.session.scalar(
            select(func.count()).select_from(base.where(Meeting.ends_at >= now).subquery())
        )
        or 0
    )
    upcoming = db.session.scalars(
        _with_listing(
            base.where(Meeting.ends_at >= now).order_by(Meeting.starts_at).limit(UPCOMING_SHOWN)
        )
    ).unique()
    past = db.session.scalars(
        _with_listing(
            base.where(Meeting.ends_at < now)
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    ).unique()
    # The policy stays the judge; the SQL filter above only spares loading the rest.
    return GroupMeetings(
        upcoming=[m for m in upcoming if can(user, "meeting.view", m)],
        upcoming_total=upcoming_total,
        past=[m for m in past if can(user, "meeting.view", m)],
        page=page,
        pages=pages,
        past_total=past_total,
    )


def venue_meetings(user: Any, venue: Venue, now: dt.datetime | None = None) -> MeetingLists:
    """The meetings held at the venue that the person may see, upcoming and past.

    One query for the meetings (with their host group) and one for the other groups of joint
    meetings, however many there are; visibility is decided per meeting by the policy.
    """
    meetings = (
        db.session.scalars(
            select(Meeting)
            .options(joinedload(Meeting.group), selectinload(Meeting.extra_groups))
            .where(Meeting.venue_id == venue.id)
        )
        .unique()
        .all()
    )
    return split_by_time(visible_to(user, meetings), now or utcnow())


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
                listing()
                .where(
                    takes_part(group_ids),
                    Meeting.starts_at < until,
                    Meeting.starts_at >= since,
                )
                .order_by(Meeting.starts_at, Meeting.id)
            )
            .unique()
            .all()
        )
        for meeting in visible_to(user, meetings):
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
