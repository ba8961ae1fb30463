"""Action items (tasks): who may own them, their status, and following them up: the
person's list and overdue tasks. Their reminders are planned messages
(``reminders.task_kinds``)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ...auth.models import User
from ...auth.permissions import can
from ...db import utcnow
from ...extensions import db
from ...groups.models import Membership, WorkingGroup
from ...scheduling.listings import with_joint_groups
from ...scheduling.models import Meeting
from ..enums import ActionStatus
from ..models import ActionItem, Minutes
from .common import MinutesError

log = logging.getLogger(__name__)

#: Days before the due date on which the owner is reminded of an open task
#: (``reminders.task_kinds``).
REMINDER_DAYS = 3


#: Open tasks in the order people work through them: earliest due first, undated last.
SOONEST_DUE_FIRST = (ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)


def actions_of(meeting: Meeting) -> list[ActionItem]:
    return list(
        db.session.scalars(
            select(ActionItem)
            .options(joinedload(ActionItem.owner), joinedload(ActionItem.owner_organisation))
            .where(ActionItem.meeting_id == meeting.id)
            .order_by(ActionItem.id)
        ).all()
    )


def owner_choices(meeting: Meeting, keep: Iterable[int | None] = ()) -> list[tuple[int, str]]:
    """People who may own a task: members of the groups taking part (and owners chosen
    already, should they have left). One query."""
    group_ids = [g.id for g in meeting.groups]
    keep_ids = [k for k in keep if k is not None]
    condition = User.id.in_(select(Membership.user_id).where(Membership.group_id.in_(group_ids)))
    if keep_ids:
        condition = condition | User.id.in_(keep_ids)
    rows = db.session.execute(select(User.id, User.name).where(condition).order_by(User.name))
    return [(row.id, row.name) for row in rows]


def owner_label(action: ActionItem) -> str:
    """ "Person (Organisation)", or whichever of the two is set."""
    person = action.owner.name if action.owner else ""
    organisation = action.owner_organisation.name if action.owner_organisation else ""
    if person and organisation:
        return f"{person} ({organisation})"
    return person or organisation


def set_status(action: ActionItem, status: ActionStatus, now: dt.datetime) -> None:
    """Set the status; closed_at is now when the task closes, None when it opens again."""
    if status == ActionStatus.OPEN:
        action.closed_at = None
    elif action.status != status or action.closed_at is None:
        action.closed_at = now
    action.status = status


# --- action items as people follow them up ---------------------------------------------------


def group_today(group: WorkingGroup, now: dt.datetime | None = None) -> dt.date:
    """Today's date in the group's time zone."""
    return (now or utcnow()).astimezone(ZoneInfo(group.timezone)).date()


def is_overdue(action: ActionItem, now: dt.datetime | None = None) -> bool:
    """An open task whose due date has passed in its group's time zone."""
    return (
        action.status == ActionStatus.OPEN
        and action.due_on is not None
        and action.due_on < group_today(action.group, now)
    )


def open_action_items(group: WorkingGroup, limit: int | None = None) -> list[ActionItem]:
    """The group's open action items, earliest due first (undated last), then by id; the
    first ``limit`` of them when given. Owner, owner's organisation and meeting are loaded
    with them: one query."""
    query = (
        select(ActionItem)
        .options(
            joinedload(ActionItem.owner),
            joinedload(ActionItem.owner_organisation),
            joinedload(ActionItem.meeting),
        )
        .where(ActionItem.group_id == group.id, ActionItem.status == ActionStatus.OPEN)
        .order_by(*SOONEST_DUE_FIRST)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query).all())


def open_action_items_for(user: Any, limit: int | None = None) -> list[ActionItem]:
    """The person's open tasks across their groups, earliest due first (undated last).

    One query; tasks of a group the person has left are not shown.
    """
    query = (
        select(ActionItem)
        .options(
            joinedload(ActionItem.group),
            joinedload(ActionItem.meeting),
            joinedload(ActionItem.owner_organisation),
        )
        .where(ActionItem.owner_id == user.id, ActionItem.status == ActionStatus.OPEN)
        .order_by(*SOONEST_DUE_FIRST)
    )
    if limit is not None:
        query = query.limit(limit)
    return [item for item in db.session.scalars(query) if can(user, "action.view", item)]


def closed_action_items_for(user: Any, limit: int = 20) -> list[ActionItem]:
    """The person's most recently closed tasks (done or dropped). One query."""
    query = (
        select(ActionItem)
        .options(joinedload(ActionItem.group), joinedload(ActionItem.meeting))
        .where(ActionItem.owner_id == user.id, ActionItem.status != ActionStatus.OPEN)
        .order_by(ActionItem.closed_at.desc(), ActionItem.id.desc())
        .limit(limit)
    )
    return [item for item in db.session.scalars(query) if can(user, "action.view", item)]


@dataclass(frozen=True)
class TaskLink:
    """Where a task's meeting leads one person: an endpoint and its values."""

    endpoint: str
    values: dict[str, Any] = field(default_factory=dict)
    #: True when it leads to the minutes, False for the meeting's page.
    minutes: bool = False


def task_links(user: Any, actions: Sequence[ActionItem]) -> dict[int, TaskLink]:
    """For each task (by id) the page of its meeting the person may read: the newest
    edition of the minutes they may read (published minutes, or submitted ones for those
    taking part), otherwise the meeting's page; a task whose meeting they may not see has
    none. Three statements, however many tasks (none too)."""
    found = task_links_each([(user, action) for action in actions])
    return {action_id: link for (_, action_id), link in found.items()}


def task_links_each(pairs: Sequence[tuple[Any, ActionItem]]) -> dict[tuple[int, int], TaskLink]:
    """``task_links`` for several people at once (the reminders of many owners): by
    (person's id, task id). Three statements, however many."""
    meeting_ids = sorted({a.meeting_id for _, a in pairs if a.meeting_id is not None})
    # The meetings' groups decide who reads what: loaded once for all of them. (Joining
    # the joint groups in makes SQLite copy every meeting's groups: 6–18 ms at 24,000
    # meetings, against a fraction of a millisecond for a statement of their own.)
    meetings = {
        m.id: m
        for m in db.session.scalars(
            select(Meeting).options(joinedload(Meeting.group)).where(Meeting.id.in_(meeting_ids))
        )
    }
    with_joint_groups(list(meetings.values()))
    editions: dict[int, list[Minutes]] = {}
    for minutes in db.session.scalars(
        select(Minutes)
        .where(Minutes.meeting_id.in_(meeting_ids))
        .order_by(Minutes.meeting_id, Minutes.edition.desc())
    ):
        editions.setdefault(minutes.meeting_id, []).append(minutes)
    links: dict[tuple[int, int], TaskLink] = {}
    for user, action in pairs:
        meeting = meetings.get(action.meeting_id) if action.meeting_id else None
        if meeting is None:
            continue
        key = (getattr(user, "id", 0), action.id)
        newest = editions.get(meeting.id, [])
        readable = next((m for m in newest if can(user, "minutes.view", m)), None)
        if readable is not None:
            values: dict[str, Any] = {"meeting_id": meeting.id}
            if readable is not newest[0]:
                values["edition"] = readable.edition
            links[key] = TaskLink("minutes.view", values, minutes=True)
        elif can(user, "meeting.view", meeting):
            links[key] = TaskLink("scheduling.meeting", {"meeting_id": meeting.id})
    return links


def set_action_status(action: ActionItem, status: ActionStatus | str, *, actor: Any) -> None:
    """Mark a task done, dropped or open again.

    Side effects: sets status and closed_at (now when closed, None when reopened);
    flushes, logs. Raises MinutesError for an unknown status.
    """
    try:
        target = ActionStatus(status)
    except ValueError:
        raise MinutesError(_l("Choose one of the offered options.")) from None
    set_status(action, target, utcnow())
    db.session.flush()
    log.info("action %s: %s by %s", action.id, target, getattr(actor, "id", None))
