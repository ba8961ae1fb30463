"""Meeting pages: the person's calendar, the public events and one meeting."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask_login import current_user, login_required

from ..auth.permissions import can
from ..i18n import zone_label
from ..text import render_markdown
from . import services

bp = Blueprint("scheduling", __name__)


@bp.get("/calendar")
@login_required
def calendar():
    return render_template("scheduling/calendar.html", meetings=services.calendar_for(current_user))


@bp.get("/events")
def events():
    return render_template("scheduling/events.html", meetings=services.public_events())


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int):
    meeting = services.get_meeting(meeting_id)
    if meeting is None:
        abort(404)
    if not can(current_user, "meeting.view", meeting):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        # To a member of a group taking part (e.g. a draft) the meeting is no secret: 403.
        abort(403 if services.has_role_in(current_user, meeting) else 404)
    viewer_zone = current_user.timezone if current_user.is_authenticated else None
    return render_template(
        "scheduling/meeting.html",
        meeting=meeting,
        zone_name=zone_label(meeting.starts_at, meeting.timezone),
        viewer_zone=viewer_zone if viewer_zone and viewer_zone != meeting.timezone else None,
        description=render_markdown(meeting.description),
        agenda=services.agenda_for(meeting),
    )
