"""The nudge to the chair of minutes submitted and still waiting for approval.

``MINUTES_APPROVAL_REMINDER_DAYS`` (default 5) days after the submission, to each chair of
the meeting's group, once per submission: returning the minutes drops the unsent nudge,
approving them too; submitting them again plans a new one from the new time. Planning is
two queries and composing three, whatever the number of minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..auth.models import User
from ..extensions import db
from ..groups.enums import Role
from ..groups.services import people_in_role
from ..i18n import force_locale, format_local_date
from ..links import external_url
from ..mail.services import compose, mailbox, render_email
from ..minutes.enums import MinutesState
from ..minutes.models import Minutes
from ..scheduling.models import Meeting
from .choices import add_unsubscribe_headers, normalise, unsubscribe_url, wanting
from .enums import ReminderKind
from .models import PlannedMessage
from .planning import Plan, Planner, register

#: Days after the submission the chair is reminded (``MINUTES_APPROVAL_REMINDER_DAYS``).
APPROVAL_DAYS = 5


def approval_days() -> int:
    return int(current_app.config.get("MINUTES_APPROVAL_REMINDER_DAYS", APPROVAL_DAYS))


def nudge_due(submitted_at: dt.datetime, days: int) -> dt.datetime:
    return submitted_at + dt.timedelta(days=days)


def _waiting() -> list[Minutes]:
    return list(
        db.session.scalars(
            select(Minutes)
            .options(joinedload(Minutes.meeting).joinedload(Meeting.group))
            .where(Minutes.state == MinutesState.SUBMITTED, Minutes.submitted_at.is_not(None))
            .order_by(Minutes.id)
        ).unique()
    )


def plan_approval_nudges(now: dt.datetime) -> list[Plan]:
    days = approval_days()
    waiting = _waiting()
    chairs = people_in_role({m.meeting.group_id for m in waiting}, Role.CHAIR)
    wanted = wanting(
        [u.email for people in chairs.values() for u in people], ReminderKind.MINUTES_APPROVAL
    )
    plans = []
    for minutes in waiting:
        for chair in chairs.get(minutes.meeting.group_id, []):
            if normalise(chair.email) not in wanted or minutes.submitted_at is None:
                continue
            plans.append(
                Plan(
                    kind=ReminderKind.MINUTES_APPROVAL,
                    object_id=minutes.id,
                    recipient=normalise(chair.email),
                    due_at=nudge_due(minutes.submitted_at, days),
                    meeting_id=minutes.meeting_id,
                    user_id=chair.id,
                )
            )
    return plans


def compose_approval_nudges(rows: Sequence[PlannedMessage]) -> list[EmailMessage | None]:
    days = approval_days()
    found = {
        m.id: m
        for m in db.session.scalars(
            select(Minutes)
            .options(joinedload(Minutes.meeting).joinedload(Meeting.group))
            .where(Minutes.id.in_({r.object_id for r in rows}))
        ).unique()
    }
    people = {
        u.id: u
        for u in db.session.scalars(
            select(User).where(User.id.in_({r.user_id for r in rows if r.user_id}))
        )
    }
    messages: list[EmailMessage | None] = []
    for row in rows:
        minutes = found.get(row.object_id)
        chair = people.get(row.user_id or 0)
        if (
            minutes is None
            or chair is None
            or minutes.state != MinutesState.SUBMITTED
            or minutes.submitted_at is None
            or row.due_at.astimezone(dt.UTC) != nudge_due(minutes.submitted_at, days)
        ):
            messages.append(None)
            continue
        meeting = minutes.meeting
        locale = chair.locale or str(meeting.group.language)
        with force_locale(locale):
            context = {
                "name": chair.name,
                "title": meeting.title,
                "group": meeting.group.name,
                "meeting_date": format_local_date(meeting.starts_at, meeting.timezone),
                "submitted": format_local_date(
                    minutes.submitted_at, chair.timezone or meeting.timezone
                ),
                "link": external_url("minutes.view", meeting_id=meeting.id),
                "unsubscribe_link": unsubscribe_url(chair.email, ReminderKind.MINUTES_APPROVAL),
            }
        message = compose(
            mailbox(chair.email, chair.name),
            **render_email("minutes_approval_reminder", locale, **context),
        )
        messages.append(
            add_unsubscribe_headers(message, chair.email, ReminderKind.MINUTES_APPROVAL)
        )
    return messages


register(
    Planner(
        ReminderKind.MINUTES_APPROVAL,
        plan_approval_nudges,
        compose_approval_nudges,
        grace=dt.timedelta(days=1),
    )
)
