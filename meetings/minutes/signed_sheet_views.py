"""The scan of the signed attendance sheet: uploaded, read and removed by those who run
the meeting (it carries the participants' signatures)."""

from __future__ import annotations

import logging

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from ..auth.guard import guarded
from ..extensions import db
from ..storage import services as storage
from . import services
from .blueprint import acting_user, bp, find_meeting

log = logging.getLogger(__name__)


def _attendance_url(meeting_id: int) -> str:
    return url_for("minutes.attendance", meeting_id=meeting_id, _anchor="signed-sheet")


@bp.post("/meetings/<int:meeting_id>/attendance-sheet/signed/upload")
def upload_signed_sheet(meeting_id: int):
    meeting = guarded(find_meeting(meeting_id), "meeting.edit")
    upload = request.files.get("scan")
    data = upload.read(services.MAX_SCAN_BYTES + 1) if upload else b""
    try:
        services.keep_signed_sheet(meeting, data, actor=acting_user())
    except services.MinutesError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(_attendance_url(meeting.id))
    db.session.commit()
    flash(_("The signed attendance sheet is kept with the meeting."), "success")
    return redirect(_attendance_url(meeting.id))


@bp.get("/meetings/<int:meeting_id>/attendance-sheet/signed")
def signed_sheet(meeting_id: int):
    meeting = guarded(find_meeting(meeting_id), "meeting.edit")
    if meeting.signed_sheet is None:
        abort(404)
    stored = meeting.signed_sheet
    try:
        response = storage.send(
            stored,
            download_name=stored.name or f"attendance-sheet-{meeting.id}",
            as_attachment=True,
            mimetype=stored.content_type,
        )
    except storage.StorageError as error:
        # Never serve bytes that are not the ones uploaded (lost or altered in storage).
        log.error("signed sheet of meeting %s: %s", meeting.id, error)
        abort(500)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/meetings/<int:meeting_id>/attendance-sheet/signed/delete")
def remove_signed_sheet(meeting_id: int):
    meeting = guarded(find_meeting(meeting_id), "meeting.edit")
    services.remove_signed_sheet(meeting, actor=acting_user())
    db.session.commit()
    flash(_("The signed attendance sheet has been removed."), "success")
    return redirect(_attendance_url(meeting.id))
