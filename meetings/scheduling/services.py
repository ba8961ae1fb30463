"""Meetings as people browse them: a group's meetings, a person's calendar, public events,
one meeting with its numbered agenda.

Every list is one query for the meetings plus one for the groups taking part in them, however
many meetings there are; visibility is then decided per meeting by the permission policy on
what is already loaded.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..agenda.models import AgendaItem
from ..auth.permissions import can, roles_by_group
from ..extensions import db
from ..groups.models import WorkingGroup
from .enums import MeetingStatus
from .models import Meeting


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


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
    return _split(_visible(user, meetings), now or _now())


def calendar_for(user: Any, now: dt.datetime | None = None, recent: int = 10) -> MeetingLists:
    """The person's meetings: all upcoming ones and the ``recent`` latest past ones."""
    now = now or _now()
    group_ids = roles_by_group(user)
    if not group_ids:
        return MeetingLists()
    mine = _listing().where(_takes_part(group_ids), Meeting.status != MeetingStatus.DRAFT)
    upcoming = (
        db.session.scalars(mine.where(Meeting.ends_at >= now).order_by(Meeting.starts_at))
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
    now = now or _now()
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


def has_role_in(user: Any, meeting: Meeting) -> bool:
    """Does the person belong to a group taking part (so the meeting is no secret to them)?"""
    roles = roles_by_group(user)
    return any(group.id in roles for group in meeting.groups)


# --- the numbered agenda -------------------------------------------------------------------


@dataclass
class AgendaRow:
    """One line of the agenda as shown: its number ("2." or "2a"), the item, its start."""

    number: str
    item: AgendaItem
    presenter: str | None
    #: Planned start, when the durations of every earlier item are known.
    starts_at: dt.datetime | None
    children: list[AgendaRow] = field(default_factory=list)


def _sub_label(index: int) -> str:
    letters = string.ascii_lowercase
    return letters[index] if index < len(letters) else f"{letters[-1]}{index - 25}"


def agenda_for(meeting: Meeting) -> list[AgendaRow]:
    """The meeting's agenda numbered 1., 2., 2a, 2b …, with a timetable where it can.

    One query for every item and its presenter; the tree is built here rather than through
    lazy ``children`` relationships.
    """
    items = db.session.scalars(
        select(AgendaItem)
        .options(joinedload(AgendaItem.presenter), joinedload(AgendaItem.responsible_group))
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(AgendaItem.position, AgendaItem.id)
    ).all()
    children: dict[int, list[AgendaItem]] = {}
    for item in items:
        if item.parent_id is not None:
            children.setdefault(item.parent_id, []).append(item)

    def presenter(item: AgendaItem) -> str | None:
        return item.presenter.name if item.presenter else item.presenter_name

    rows = []
    clock: dt.datetime | None = meeting.starts_at
    for position, item in enumerate(i for i in items if i.parent_id is None):
        row = AgendaRow(f"{position + 1}.", item, presenter(item), clock)
        sub_clock = clock
        for sub_index, child in enumerate(children.get(item.id, [])):
            row.children.append(
                AgendaRow(
                    f"{position + 1}{_sub_label(sub_index)}", child, presenter(child), sub_clock
                )
            )
            sub_clock = (
                sub_clock + dt.timedelta(minutes=child.duration_minutes)
                if sub_clock is not None and child.duration_minutes is not None
                else None
            )
        rows.append(row)
        clock = (
            clock + dt.timedelta(minutes=item.duration_minutes)
            if clock is not None and item.duration_minutes is not None
            else None
        )
    # A timetable only where durations are given: with none at all, show no times.
    if not any(i.duration_minutes for i in items):
        for row in rows:
            row.starts_at = None
            for child in row.children:
                child.starts_at = None
    else:
        for row in rows:
            if not any(c.item.duration_minutes for c in row.children):
                for child in row.children:
                    child.starts_at = None
    return rows
