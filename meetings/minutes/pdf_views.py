"""The minutes as PDF files: the minutes PDF (published copy or a draft for managers).

Also the template helpers other pages use: the link to published minutes (meeting and event
pages) and the publishing error in the reader's language.
"""

from __future__ import annotations

import logging

from flask import abort, request
from flask_login import current_user

from ..auth.guard import guarded
from ..auth.permissions import can
from ..documents.rendered import respond
from ..extensions import db
from ..scheduling.models import Meeting
from ..storage import services as storage
from . import publishing
from .blueprint import bp
from .document import draft_pdf_source
from .enums import MinutesState
from .models import Minutes
from .services import editions_of

log = logging.getLogger(__name__)

#: A year: how long a copy of an edition of published minutes may be kept without asking.
PUBLISHED_MAX_AGE = 365 * 24 * 60 * 60


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


@bp.get("/meetings/<int:meeting_id>/minutes.pdf")
def minutes_pdf(meeting_id: int):
    """The published minutes as stored (with their SHA-256 as ETag and X-Content-SHA256), or
    for the group's managers a fresh copy of unpublished minutes watermarked "draft".
    ``?edition=N`` asks for one edition."""
    meeting = _meeting(meeting_id)
    minutes, as_draft = _choose(meeting, request.args.get("edition", type=int))
    filename = publishing.minutes_pdf_filename(minutes)
    if as_draft:
        # Rendered once per version of the draft, in the job queue; sent from storage after.
        return respond(draft_pdf_source(minutes.id), cache_control="private, no-store")
    if minutes.pdf_file is None:
        log.error("minutes %s: published without a stored PDF", minutes.id)
        abort(500)
    # An edition never changes once published: asked for by its number, it may be kept for
    # a year. Without a number the address shows the newest edition, which a correction
    # replaces: it is checked again on every use (a 304 when unchanged).
    by_edition = request.args.get("edition", type=int) is not None
    try:
        return storage.send(
            minutes.pdf_file,
            download_name=filename,
            as_attachment=False,
            mimetype="application/pdf",
            max_age=PUBLISHED_MAX_AGE if by_edition else 0,
            public=can(None, "minutes.view", minutes),
            immutable=by_edition,
        )
    except storage.StorageError as error:
        # Never serve a file that is not the one published (lost or altered in storage).
        log.error("minutes %s: stored PDF is missing or altered: %s", minutes.id, error)
        abort(500)
