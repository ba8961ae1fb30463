"""The weekly digest (opt-in, off unless chosen on the account page): on Monday at 07:00
in the person's time zone, the week's meetings of their groups and those they are invited
to, their open tasks, and the minutes published in their groups during the past week — in
their language. Planned once per person and week (the row's key: the person, that Monday
07:00); a week with nothing to say sends nothing (the row is done, ``PlanState.EMPTY``).

"Since the last digest" is the week before the digest's own time: digests are weekly, and
a person who turned it on again gets the past week only. Planning is one query and
composing six, whatever the number of people.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from ..auth.models import User
from ..extensions import db
from ..groups.models import Membership
from ..i18n import force_locale, format_local_date, format_local_datetime
from ..invitations.enums import Rsvp
from ..invitations.models import Invitation
from ..links import external_url
from ..mail.services import compose, mailbox, render_email
from ..minutes.enums import ActionStatus, MinutesState
from ..minutes.models import ActionItem, Minutes
from ..scheduling.enums import MeetingStatus
from ..scheduling.models import Meeting
from .choices import add_unsubscribe_headers, unsubscribe_url
from .enums import ReminderKind
from .models import MailChoice, PlannedMessage
from .planning import NOTHING, Plan, Planner, register

#: The digest goes on this weekday (Monday) at this local time.
WEEKDAY = 0
AT = dt.time(7)
WEEK = dt.timedelta(days=7)
#: A digest whose time passed while no worker ran is still sent this long after.
DIGEST_GRACE = dt.timedelta(hours=12)


def _zone(user: User) -> str:
    return user.timezone or current_app.config["BABEL_DEFAULT_TIMEZONE"]


def digest_due(user: User, now: dt.datetime) -> dt.datetime:
    """This week's digest time (Monday 07:00 local) while it is not past its grace, else
    next week's; in UTC."""
    zone = ZoneInfo(_zone(user))
    today = now.astimezone(zone).date()
    monday = today - dt.timedelta(days=(today.weekday() - WEEKDAY) % 7)
    due = dt.datetime.combine(monday, AT, zone).astimezone(dt.UTC)
    if due < now - DIGEST_GRACE:
        due = dt.datetime.combine(monday + WEEK, AT, zone).astimezone(dt.UTC)
    return due


def plan_digests(now: dt.datetime) -> list[Plan]:
    people = db.session.scalars(
        select(User)
        .join(MailChoice, MailChoice.email == func.lower(User.email))
        .where(
            MailChoice.kind == ReminderKind.DIGEST,
            MailChoice.wanted.is_(True),
            User.is_enabled.is_(True),
        )
        .order_by(User.id)
    ).all()
    return [
        Plan(
            kind=ReminderKind.DIGEST,
            object_id=person.id,
            recipient=person.email.strip().lower(),
            due_at=digest_due(person, now),
            user_id=person.id,
        )
        for person in people
    ]


# --- composing -----------------------------------------------------------------------------------


def _content(rows: Sequence[PlannedMessage], people: dict[int, User]):
    """Each person's groups, meetings, tasks and published minutes, for all rows at once.
    Five queries."""
    user_ids = set(people)
    groups: dict[int, set[int]] = defaultdict(set)
    languages: dict[int, str] = {}
    for membership in db.session.scalars(
        select(Membership)
        .options(joinedload(Membership.group))
        .where(Membership.user_id.in_(user_ids))
        .order_by(Membership.id)
    ):
        groups[membership.user_id].add(membership.group_id)
        languages.setdefault(membership.user_id, str(membership.group.language))
    all_groups = set().union(*groups.values()) if groups else set()
    first = min(r.due_at for r in rows)
    last = max(r.due_at for r in rows)
    invited: dict[int, set[int]] = defaultdict(set)
    for user_id, meeting_id in db.session.execute(
        select(Invitation.user_id, Invitation.meeting_id)
        .join(Meeting, Meeting.id == Invitation.meeting_id)
        .where(
            Invitation.user_id.in_(user_ids),
            Invitation.rsvp != Rsvp.DECLINED,
            Meeting.starts_at >= first,
            Meeting.starts_at < last + WEEK,
        )
    ):
        invited[user_id].add(meeting_id)
    all_invited = set().union(*invited.values()) if invited else set()
    meetings = db.session.scalars(
        select(Meeting)
        .options(joinedload(Meeting.group))
        .where(
            Meeting.status == MeetingStatus.SCHEDULED,
            Meeting.starts_at >= first,
            Meeting.starts_at < last + WEEK,
            or_(Meeting.group_id.in_(all_groups), Meeting.id.in_(all_invited)),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    tasks = db.session.scalars(
        select(ActionItem)
        .options(joinedload(ActionItem.group))
        .where(ActionItem.owner_id.in_(user_ids), ActionItem.status == ActionStatus.OPEN)
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id)
    ).all()
    published = db.session.scalars(
        select(Minutes)
        .options(joinedload(Minutes.meeting).joinedload(Meeting.group))
        .join(Meeting, Meeting.id == Minutes.meeting_id)
        .where(
            Minutes.state == MinutesState.PUBLISHED,
            Minutes.published_at >= first - WEEK,
            Minutes.published_at < last,
            Meeting.group_id.in_(all_groups),
        )
        .order_by(Minutes.published_at, Minutes.id)
    ).all()
    return groups, languages, invited, meetings, tasks, published


def compose_digests(rows: Sequence[PlannedMessage]) -> list[EmailMessage | object | None]:
    people = {
        u.id: u
        for u in db.session.scalars(
            select(User).where(User.id.in_({r.user_id for r in rows if r.user_id}))
        )
    }
    if not people:
        return [None for _ in rows]
    groups, languages, invited, meetings, tasks, published = _content(rows, people)
    messages: list[EmailMessage | object | None] = []
    for row in rows:
        person = people.get(row.user_id or 0)
        if person is None or not person.is_enabled:
            messages.append(None)
            continue
        start, end = row.due_at, row.due_at + WEEK
        mine = groups.get(person.id, set())
        week = [
            m
            for m in meetings
            if start <= m.starts_at < end
            and (m.group_id in mine or m.id in invited.get(person.id, set()))
        ]
        own_tasks = [t for t in tasks if t.owner_id == person.id and t.group_id in mine]
        new_minutes = [
            m
            for m in published
            if m.meeting.group_id in mine
            and m.published_at is not None
            and start - WEEK <= m.published_at < start
        ]
        if not (week or own_tasks or new_minutes):
            messages.append(NOTHING)
            continue
        zone = _zone(person)
        locale = person.locale or languages.get(person.id)
        local_today = start.astimezone(ZoneInfo(zone)).date()
        with force_locale(locale):
            context = {
                "name": person.name,
                "week": format_local_date(start, zone),
                "meetings": [
                    {
                        "when": format_local_datetime(m.starts_at, zone, "long"),
                        "title": m.title,
                        "group": m.group.name,
                        "link": external_url("scheduling.meeting", meeting_id=m.id),
                    }
                    for m in week
                ],
                "tasks": [
                    {
                        "text": t.text,
                        "group": t.group.name,
                        "due": format_local_date(t.due_on) if t.due_on else "",
                        "overdue": t.due_on is not None and t.due_on < local_today,
                    }
                    for t in own_tasks
                ],
                "tasks_link": external_url("minutes.tasks"),
                "minutes": [
                    {
                        "title": m.meeting.title,
                        "group": m.meeting.group.name,
                        "date": format_local_date(m.meeting.starts_at, zone),
                        "link": external_url("minutes.view", meeting_id=m.meeting_id),
                    }
                    for m in new_minutes
                ],
                "unsubscribe_link": unsubscribe_url(person.email, ReminderKind.DIGEST),
            }
        message = compose(
            mailbox(person.email, person.name), **render_email("digest", locale, **context)
        )
        messages.append(add_unsubscribe_headers(message, person.email, ReminderKind.DIGEST))
    return messages


register(
    Planner(ReminderKind.DIGEST, plan_digests, compose_digests, grace=DIGEST_GRACE)  # type: ignore[arg-type]
)
