"""The scan of the attendance sheet as the participants signed it: EU-funded projects must
keep it with the meeting's record. It carries signatures (personal data), so only those
who run the meeting read it; it is kept with the meeting, not with an edition of the
minutes, and replaced by a newer scan."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from ... import audit
from ...agenda.services import detect_content_type
from ...extensions import db
from ...scheduling.models import Meeting
from ...storage import services as storage
from .common import MinutesError

#: What a scanner or a phone produces.
SCAN_TYPES = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
#: Largest scan accepted (a few pages scanned at 300 dpi fit well).
MAX_SCAN_BYTES = 20 * 1024 * 1024


def keep_signed_sheet(meeting: Meeting, data: bytes, *, actor: Any) -> None:
    """Keep ``data`` as the meeting's signed attendance sheet, replacing an earlier scan.

    Side effects: a stored file (the replaced one discarded once the transaction commits);
    an audit entry; flushes. Raises MinutesError for an empty, too large or not a PDF or
    image file.
    """
    if not data:
        raise MinutesError(_l("Choose the scanned sheet to upload."))
    if len(data) > MAX_SCAN_BYTES:
        raise MinutesError(_l("The scan is larger than 20 MB: scan it at a lower resolution."))
    content_type = detect_content_type(data)
    if content_type not in SCAN_TYPES:
        raise MinutesError(_l("Upload the scan as a PDF, PNG or JPEG file."))
    replaced = meeting.signed_sheet
    meeting.signed_sheet = storage.store(
        data, content_type, name=f"attendance-sheet-{meeting.id}.{SCAN_TYPES[content_type]}"
    )
    db.session.flush()
    if replaced is not None:
        storage.discard(replaced)
    audit.record(
        "minutes.signed_sheet_kept",
        subject=meeting,
        group_id=meeting.group_id,
        detail=f"{content_type}, {len(data)} bytes",
        actor=actor,
    )


def remove_signed_sheet(meeting: Meeting, *, actor: Any) -> None:
    """Side effects: the scan discarded (once the transaction commits); an audit entry;
    flushes. Nothing happens when there is none."""
    replaced = meeting.signed_sheet
    if replaced is None:
        return
    meeting.signed_sheet = None
    db.session.flush()
    storage.discard(replaced)
    audit.record(
        "minutes.signed_sheet_removed", subject=meeting, group_id=meeting.group_id, actor=actor
    )
