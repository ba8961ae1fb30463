"""The minutes as PDF files: the minutes PDF (published copy or a draft for managers).

Also the template helpers other pages use: the link to published minutes (meeting and event
pages) and the publishing error in the reader's language.
"""

from __future__ import annotations

import hashlib
import logging

from flask import Response, abort, request
from flask_login import current_user

from ..auth.guard import guarded
from ..auth.permissions import can
from ..extensions import db
from ..scheduling.models import Meeting
from . import publishing
from .blueprint import bp
from .enums import MinutesState
from .models import Minutes
from .services import editions_of

log = logging.getLogger(__name__)


@bp.app_template_global()
def published_minutes_pdf(meeting: Meeting) -> publishing.PublishedPdf | None:
    """The newest published minutes of ``meeting`` if the viewer may read them, else None."""
    return publishing.published_pdf_for(current_user, meeting)


@bp.app_template_global()
def minutes_publish_error(minutes: Minutes) -> str:
    """Why publishing ``minutes`` failed, in the reader's language ("" when it did not)."""
    return publishing.publish_error_text(minutes)


def _meeting(meeting_id: int) -> Meeting:
    return guarded(db.session.get(Meeting, meeting_id), "meeting.view")


def _choose(meeting: Meeting, edition: int | None) -> tuple[Minutes, bool]:
    """The minutes to show and whether as a draft copy; 404 when there is nothing for the
    viewer (unpublished minutes exist only for the group's managers)."""
    editions = list(reversed(editions_of(meeting)))  # newest first
    manager = can(current_user, "meeting.edit", meeting)
    if edition is not None:
        editions = [m for m in editions if m.edition == edition]
    for minutes in editions:
        if minutes.state == MinutesState.PUBLISHED:
            if can(current_user, "minutes.view", minutes):
                return minutes, False
        elif manager:
            return minutes, True
    abort(404)


def _pdf_response(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/meetings/<int:meeting_id>/minutes.pdf")
def minutes_pdf(meeting_id: int):
    """The published minutes as stored (with their SHA-256 as ETag and X-Content-SHA256), or
    for the group's managers a fresh copy of unpublished minutes watermarked "draft".
    ``?edition=N`` asks for one edition."""
    meeting = _meeting(meeting_id)
    minutes, as_draft = _choose(meeting, request.args.get("edition", type=int))
    filename = publishing.minutes_pdf_filename(minutes)
    if as_draft:
        response = _pdf_response(publishing.render_draft(minutes), f"draft-{filename}")
        response.headers["Cache-Control"] = "private, no-store"
        return response
    path = publishing.stored_file(minutes)
    try:
        data = path.read_bytes() if path is not None else None
    except OSError:
        data = None
    if data is None or hashlib.sha256(data).hexdigest() != minutes.pdf_sha256:
        # Never serve a file that is not the one published (lost or altered on disk).
        log.error("minutes %s: stored PDF %s is missing or altered", minutes.id, path)
        abort(500)
    response = _pdf_response(data, filename)
    response.headers["X-Content-SHA256"] = minutes.pdf_sha256
    response.set_etag(minutes.pdf_sha256)
    response.headers["Cache-Control"] = (
        "public, max-age=3600" if can(None, "minutes.view", minutes) else "private, max-age=3600"
    )
    return response.make_conditional(request)
