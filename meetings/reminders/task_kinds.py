"""The reminders that go with tasks (action items from the minutes).

- ``task``, to the owner: at 08:00 in the group's zone ``REMINDER_DAYS`` before the due
  date, and again the morning after it when the task is still open (overdue). Planned once
  per (task, due date, owner): a new due date or owner is a new row and the old one is
  dropped; a task marked done drops its unsent rows.
- ``task_overdue``, to the group's assistants: once, the morning after the due date of a
  task still open (not to an assistant who owns it: they have the owner's message).

Both honour the per-address choices (``choices``; the former account setting "E-mail me
reminders of my tasks" was moved into the ``task`` choice). Planning is three queries and
composing five, whatever the number of tasks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..auth.models import User
from ..extensions import db
from ..groups.enums import Role
from ..groups.services import people_in_role
from ..i18n import force_locale, format_local_date
from ..links import external_url
from ..mail.services import compose, mailbox, render_email
from ..minutes.enums import ActionStatus
from ..minutes.models import ActionItem
from ..minutes.services import REMINDER_DAYS, task_links_each
from .choices import add_unsubscribe_headers, normalise, unsubscribe_url, wanting
from .enums import ReminderKind
from .models import PlannedMessage
from .planning import LONGEST, Plan, Planner, register

#: The local time of day task reminders go out.
MORNING = dt.time(8)
#: How many days after the due date a first-planned overdue message is still sent (a task
#: created or re-dated already overdue, a worker that was down).
OVERDUE_DAYS = 7


def morning_of(day: dt.date, zone: str) -> dt.datetime:
    """08:00 of ``day`` in ``zone``, in UTC."""
    return dt.datetime.combine(day, MORNING, ZoneInfo(zone)).astimezone(dt.UTC)


def reminder_due(action: ActionItem, due_on: dt.date) -> dt.datetime:
    """When the owner is reminded before the due date."""
    return morning_of(due_on - dt.timedelta(days=REMINDER_DAYS), action.group.timezone)


def overdue_due(action: ActionItem, due_on: dt.date) -> dt.datetime:
    """When an open task counts as overdue: the morning after its due date."""
    return morning_of(due_on + dt.timedelta(days=1), action.group.timezone)


def _open_dated_tasks(now: dt.datetime) -> list[ActionItem]:
    """Open tasks due from ``OVERDUE_DAYS`` ago to ``LONGEST`` ahead, as far as meetings
    are planned (a day of slack either side for the zones; each plan checks its own
    time). One query."""
    today = now.date()
    return list(
        db.session.scalars(
            select(ActionItem)
            .options(joinedload(ActionItem.group), joinedload(ActionItem.owner))
            .where(
                ActionItem.status == ActionStatus.OPEN,
                ActionItem.due_on.is_not(None),
                ActionItem.due_on >= today - dt.timedelta(days=OVERDUE_DAYS + 2),
                ActionItem.due_on <= today + LONGEST + dt.timedelta(days=REMINDER_DAYS + 2),
            )
            .order_by(ActionItem.id)
        ).unique()
    )


def _owner_address(action: ActionItem) -> str:
    owner = action.owner
    if owner is None or not owner.is_enabled:
        return ""
    return normalise(owner.email)


def plan_task_reminders(now: dt.datetime) -> list[Plan]:
    tasks = _open_dated_tasks(now)
    wanted = wanting([_owner_address(a) for a in tasks], ReminderKind.TASK)
    plans = []
    for action in tasks:
        address = _owner_address(action)
        if address not in wanted or action.due_on is None:
            continue
        today = now.astimezone(ZoneInfo(action.group.timezone)).date()
        times = []
        if today <= action.due_on:  # before the due date: still worth a reminder
            times.append(reminder_due(action, action.due_on))
        times.append(overdue_due(action, action.due_on))
        for due_at in times:
            plans.append(
                Plan(
                    kind=ReminderKind.TASK,
                    object_id=action.id,
                    recipient=address,
                    due_at=due_at,
                    user_id=action.owner_id,
                )
            )
    return plans


def plan_overdue_to_assistants(now: dt.datetime) -> list[Plan]:
    tasks = _open_dated_tasks(now)
    assistants = people_in_role({a.group_id for a in tasks}, Role.ASSISTANT)
    wanted = wanting(
        [u.email for people in assistants.values() for u in people], ReminderKind.TASK_OVERDUE
    )
    plans = []
    for action in tasks:
        for person in assistants.get(action.group_id, []):
            address = normalise(person.email)
            if address not in wanted or person.id == action.owner_id or action.due_on is None:
                continue
            plans.append(
                Plan(
                    kind=ReminderKind.TASK_OVERDUE,
                    object_id=action.id,
                    recipient=address,
                    due_at=overdue_due(action, action.due_on),
                    user_id=person.id,
                )
            )
    return plans


# --- composing -----------------------------------------------------------------------------------


def _load(rows: Sequence[PlannedMessage]) -> tuple[dict[int, ActionItem], dict[int, User]]:
    tasks = {
        a.id: a
        for a in db.session.scalars(
            select(ActionItem)
            .options(
                joinedload(ActionItem.group),
                joinedload(ActionItem.owner),
                joinedload(ActionItem.meeting),
            )
            .where(ActionItem.id.in_({r.object_id for r in rows}))
        ).unique()
    }
    people = {
        u.id: u
        for u in db.session.scalars(
            select(User).where(User.id.in_({r.user_id for r in rows if r.user_id}))
        )
    }
    return tasks, people


def _still_due(row: PlannedMessage, action: ActionItem | None) -> bool:
    """The row still matches the task: open, the same due date (and owner, for ``task``)."""
    if action is None or action.status != ActionStatus.OPEN or action.due_on is None:
        return False
    if row.kind == ReminderKind.TASK and row.user_id != action.owner_id:
        return False
    times = {overdue_due(action, action.due_on)}
    if row.kind == ReminderKind.TASK:
        times.add(reminder_due(action, action.due_on))
    return row.due_at.astimezone(dt.UTC) in times


def _compose(kind: str, rows: Sequence[PlannedMessage]) -> list[EmailMessage | None]:
    tasks, people = _load(rows)
    pairs = [
        (people[r.user_id], tasks[r.object_id])
        for r in rows
        if r.user_id in people and r.object_id in tasks
    ]
    links = task_links_each(pairs)
    messages: list[EmailMessage | None] = []
    for row in rows:
        action = tasks.get(row.object_id)
        person = people.get(row.user_id or 0)
        if person is None or action is None or not _still_due(row, action):
            messages.append(None)
            continue
        overdue = action.due_on is not None and row.due_at.astimezone(dt.UTC) == overdue_due(
            action, action.due_on
        )
        locale = person.locale or str(action.group.language)
        link = links.get((person.id, action.id))
        with force_locale(locale):
            context = {
                "name": person.name,
                "task": action.text,
                "group": action.group.name,
                "meeting": action.meeting.title if action.meeting else "",
                # The minutes only where the person may read them, else the meeting's page.
                "meeting_link": external_url(link.endpoint, **link.values) if link else "",
                "due": format_local_date(action.due_on),
                "owner": action.owner.name if action.owner else "",
                "overdue": overdue,
                "tasks_link": external_url("minutes.tasks")
                if kind == ReminderKind.TASK
                else external_url("groups.detail", slug=action.group.slug),
                "unsubscribe_link": unsubscribe_url(person.email, kind),
            }
        template = "task_reminder" if kind == ReminderKind.TASK else "task_overdue"
        if kind == ReminderKind.TASK and overdue:
            template = "task_overdue_owner"
        message = compose(
            mailbox(person.email, person.name), **render_email(template, locale, **context)
        )
        messages.append(add_unsubscribe_headers(message, person.email, kind))
    return messages


register(
    Planner(
        ReminderKind.TASK,
        plan_task_reminders,
        lambda rows: _compose(ReminderKind.TASK, rows),
        grace=dt.timedelta(days=OVERDUE_DAYS),
    )
)
register(
    Planner(
        ReminderKind.TASK_OVERDUE,
        plan_overdue_to_assistants,
        lambda rows: _compose(ReminderKind.TASK_OVERDUE, rows),
        grace=dt.timedelta(days=OVERDUE_DAYS),
    )
)
