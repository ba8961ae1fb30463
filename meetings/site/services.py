"""What the start page, the dashboard and the admin overview show."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..events.services import public_events
from ..extensions import db
from ..groups.services import visible_groups
from ..mail.enums import DeliveryStatus
from ..mail.models import OutgoingMessage
from ..minutes.publishing import failed_publications
from ..minutes.services import open_action_items_for
from ..models import Meeting, Membership, Organisation, User, Venue, WorkingGroup
from ..scheduling.listings import calendar_for


def public_overview() -> dict[str, Any]:
    """For visitors: the next public events and the public groups."""
    return {
        "events": public_events(upcoming_limit=5).upcoming,
        "groups": visible_groups(None).others,
    }


def dashboard_for(user: Any) -> dict[str, Any]:
    """The person's groups, next meetings and open tasks."""
    return {
        "groups": visible_groups(user).mine,
        "upcoming": calendar_for(user, recent=0, upcoming_limit=5).upcoming,
        "tasks": open_action_items_for(user, limit=5),
        "today": dt.datetime.now(
            ZoneInfo(user.timezone or current_app.config["BABEL_DEFAULT_TIMEZONE"])
        ).date(),
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
        "failed_publications": failed_publications(),
        "failed_mail": db.session.scalar(
            select(func.count())
            .select_from(OutgoingMessage)
            .where(OutgoingMessage.status == DeliveryStatus.FAILED)
        )
        or 0,
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
