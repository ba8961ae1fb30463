"""Calendar downloads: "Add to calendar" for a meeting or a public event."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app
from flask_login import current_user

from ..auth.permissions import can
from ..scheduling import services as scheduling
from .builder import calendar_bytes, ics_filename

bp = Blueprint("ical", __name__)

#: The media type of an .ics file (RFC 5545 §8.1).
CALENDAR_TYPE = "text/calendar; charset=utf-8"


@bp.get("/meetings/<int:meeting_id>.ics")
def meeting_ics(meeting_id: int):
    """The meeting as a one-event calendar (METHOD:PUBLISH) to import.

    Who may see the meeting may download it: anyone for a public meeting; a visitor is
    asked to sign in for a members-only one, a member without the right (a draft) gets
    403, and anyone else 404 (the meeting's existence is private).
    """
    meeting = scheduling.get_meeting(meeting_id)
    if meeting is None:
        abort(404)
    if not can(current_user, "meeting.view", meeting):
        if not current_user.is_authenticated:
            abort(current_app.login_manager.unauthorized())
        abort(403 if scheduling.has_role_in(current_user, meeting) else 404)
    body = calendar_bytes([meeting], "PUBLISH", name=meeting.title)
    response = Response(body, content_type=CALENDAR_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{ics_filename(meeting)}"'
    # The entry changes with the meeting; calendars and proxies must ask again.
    response.headers["Cache-Control"] = "private, no-cache"
    return response
