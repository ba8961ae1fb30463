"""What the start page, the dashboard and the admin overview show."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..agenda.services import reviews_awaiting
from ..auth.permissions import MANAGERS, can, roles_by_group
from ..correspondence.lists import waiting_for as votes_waiting_for
from ..db import bounded, utcnow
from ..events.services import public_events
from ..extensions import db
from ..groups.enums import Role
from ..groups.services import visible_groups
from ..invitations.waiting import awaiting_answer, invitations_of
from ..mail.enums import DeliveryStatus
from ..mail.models import OutgoingMessage
from ..minutes.publishing import failed_publications
from ..minutes.services import (
    awaiting_approval,
    awaiting_verification,
    open_action_items_for,
    task_links,
    work_on_minutes,
)
from ..models import Meeting, Membership, Organisation, User, Venue, WorkingGroup
from ..polls.services import polls_waiting_for
from ..scheduling.listings import calendar_for
from ..scheduling.proposals import waiting_for


def public_overview() -> dict[str, Any]:
    """For visitors: the next public events and the public groups."""
    return {
        "events": public_events(upcoming_limit=5).upcoming,
        "groups": visible_groups(None).others,
    }


#: How many rows each list of the dashboard shows; each links to its full page.
DASHBOARD_ROWS = 5


def dashboard_for(user: Any, now: dt.datetime | None = None) -> dict[str, Any]:
    """What waits for the person, then their week and their groups.

    Every list is bounded (``DASHBOARD_ROWS``, with ``more`` when there is more), so the
    page costs the same number of statements with ten meetings or ten years of them.
    """
    now = now or utcnow()
    zone = ZoneInfo(user.timezone or current_app.config["BABEL_DEFAULT_TIMEZONE"])
    today = now.astimezone(zone).date()
    # This week and next (Monday to Sunday), in the person's time zone.
    week_end = today + dt.timedelta(days=13 - today.weekday())
    until = dt.datetime.combine(week_end + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    roles = set(roles_by_group(user).values())
    upcoming = calendar_for(user, now=now, recent=0, upcoming_limit=20).upcoming
    two_weeks = [m for m in upcoming if m.starts_at < until]
    tasks = bounded(open_action_items_for(user, limit=DASHBOARD_ROWS + 1), DASHBOARD_ROWS)
    answers = awaiting_answer(user, limit=DASHBOARD_ROWS, now=now)
    votes = votes_waiting_for(user, limit=DASHBOARD_ROWS, now=now)
    reviews = reviews_awaiting(user, limit=DASHBOARD_ROWS, now=now)
    polls = bounded(polls_waiting_for(user, now=now, limit=DASHBOARD_ROWS + 1), DASHBOARD_ROWS)
    return {
        "answers": answers,
        # Votes by correspondence waiting for the person's ballot.
        "votes": votes,
        "reviews": reviews,
        "approvals": awaiting_approval(user, limit=DASHBOARD_ROWS),
        "verifications": awaiting_verification(user, limit=DASHBOARD_ROWS),
        "minutes_work": work_on_minutes(user, limit=DASHBOARD_ROWS),
        "joint_proposals": waiting_for(user, limit=DASHBOARD_ROWS),
        "polls": polls,
        "tasks": tasks,
        # Each task's meeting as the person may read it (the minutes, or the meeting page).
        "task_links": task_links(user, tasks.items),
        "week": two_weeks,
        "week_more": len(two_weeks) < len(upcoming) or len(upcoming) == 20,
        "my_answers": {
            meeting_id: invitation.rsvp
            for meeting_id, invitation in invitations_of(user, [m.id for m in two_weeks]).items()
        },
        "groups": visible_groups(user).mine,
        "admin": admin_attention() if can(user, "site.admin") else None,
        # Which sections concern the person: a chair approves, a manager drafts minutes.
        "chairs": Role.CHAIR in roles,
        "drafts": bool(roles & MANAGERS),
        "today": today,
        # The page is the same until a shown meeting starts or ends, a shown deadline
        # passes, or the person's day ends (tasks fall due, the weeks move).
        "stale_at": min(
            [
                dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=zone),
                *_moments_after(
                    now, [meeting for meeting, _ in answers], votes, reviews, polls, two_weeks
                ),
            ]
        ),
    }


#: The times at which something shown on the dashboard leaves its list.
_MOMENTS = ("starts_at", "ends_at", "closes_at", "deadline_at")


def _moments_after(now: dt.datetime, *lists: Any) -> list[dt.datetime]:
    return [
        moment
        for rows in lists
        for row in rows
        for name in _MOMENTS
        if isinstance(moment := getattr(row, name, None), dt.datetime) and moment > now
    ]


def admin_attention() -> dict[str, Any]:
    """For a site admin: failed mail, minutes that could not be published, accounts whose
    owners have not activated them yet."""
    return {
        "failed_mail": db.session.scalar(
            select(func.count())
            .select_from(OutgoingMessage)
            .where(OutgoingMessage.status == DeliveryStatus.FAILED)
        )
        or 0,
        "failed_publications": failed_publications(),
        "pending_accounts": db.session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.password_hash.is_(None), User.is_enabled.is_(True))
        )
        or 0,
    }


def admin_overview() -> dict[str, Any]:
    """Counts of what the site holds, the organisations and the groups with their size."""

    def count(model: type) -> int:
        return db.session.scalar(select(func.count()).select_from(model)) or 0

    member_counts = dict(
        db.session.execute(
            select(Membership.group_id, func.count()).group_by(Membership.group_id)
        ).all()
    )
    return {
        "counts": {
            "users": count(User),
            "organisations": count(Organisation),
            "groups": count(WorkingGroup),
            "venues": count(Venue),
            "meetings": count(Meeting),
        },
        "organisations": db.session.scalars(
            select(Organisation)
            .options(selectinload(Organisation.office_hours))
            .order_by(Organisation.name)
        ).all(),
        "groups": db.session.scalars(select(WorkingGroup).order_by(WorkingGroup.name)).all(),
        "member_counts": member_counts,
        # Problems that need the admin: minutes that could not be published, failed mail.
        **admin_attention(),
    }


def health() -> dict[str, str]:
    """Whether the database and the job queue answer: "ok" or the error, per part.

    What a load balancer's readiness check asks: a server whose database or queue is
    gone should get no traffic. Reads nothing of anyone's data.
    """
    parts: dict[str, str] = {}
    try:
        db.session.execute(select(1)).scalar_one()
        parts["database"] = "ok"
    except Exception as error:  # any failure means "not ready", whatever the driver says
        db.session.rollback()
        parts["database"] = type(error).__name__
    try:
        current_app.extensions["huey"].pending_count()
        parts["queue"] = "ok"
    except Exception as error:
        parts["queue"] = type(error).__name__
    return parts


def group_choices() -> list[tuple[int, str]]:
    """Every working group, archived ones too, by name: the audit log's group filter."""
    return [
        (group_id, name)
        for group_id, name in db.session.execute(
            select(WorkingGroup.id, WorkingGroup.name).order_by(WorkingGroup.name)
        )
    ]
