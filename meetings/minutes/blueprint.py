"""The minutes' blueprint and what its views share: the meeting (403 or 404 as the policy
says), the minutes to show or refuse with the reason, the page's address.

The routes are in ``views.py`` (reading, the workflow buttons, comments, history),
``editor_views.py``, ``attendance_views.py``, ``register_views.py``, ``roll_call_views.py``
and ``task_views.py``; ``views.py`` imports the others, so importing it registers every
route on ``bp``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.guard import guarded
from ..auth.permissions import can
from ..extensions import db
from ..scheduling.models import Meeting
from ..text import render_markdown
from . import services
from .models import Minutes
from .workflow import refusal

bp = Blueprint("minutes", __name__)


@bp.app_template_filter("minutes_markdown")
def _minutes_markdown(text: str | None):
    return render_markdown(text)


def find_meeting(meeting_id: int) -> Meeting:
    """The meeting if the person may see it: sign-in, 403 or 404 otherwise."""
    return guarded(db.session.get(Meeting, meeting_id), "meeting.view")


def require(action: str, minutes: Minutes) -> None:
    """403 with the reason in the person's words (sign-in first for a visitor)."""
    if can(current_user, action, minutes):
        return
    if not current_user.is_authenticated:
        abort(current_app.login_manager.unauthorized())
    abort(403, description=str(refusal(action, minutes)))


def current_or_placeholder(meeting: Meeting) -> Minutes:
    """The current edition, or unsaved draft minutes when none was started yet."""
    minutes = services.current_minutes(meeting)
    if minutes is None:
        if not services.may_have_minutes(meeting):
            if not current_user.is_authenticated:
                abort(current_app.login_manager.unauthorized())
            abort(403, description=_("Minutes are written for scheduled and held meetings only."))
        minutes = services.placeholder_minutes(meeting)
    return minutes


def existing_minutes(meeting: Meeting) -> Minutes:
    """The current edition; 404 when the minutes were not started."""
    minutes = services.current_minutes(meeting)
    if minutes is None:
        abort(404)
    return minutes


def minutes_url(meeting: Meeting, anchor: str | None = None, **args: Any) -> str:
    return url_for("minutes.view", meeting_id=meeting.id, _anchor=anchor, **args)


def acting_user() -> Any:
    """The signed-in person as an object (not the request-bound proxy), for services."""
    return current_user._get_current_object()


def grouped_by_item(objects, key=lambda o: o.agenda_item_id):
    """Decisions or tasks by their agenda item's id."""
    grouped: dict[Any, list] = {}
    for obj in objects:
        grouped.setdefault(key(obj), []).append(obj)
    return grouped
