"""The minutes PDF: the published copy for everyone who may read the meeting's published
minutes, a watermarked draft of unpublished minutes for the group's managers only.

The world's meeting is in the members-only group; its minutes are made by the row that
needs them (a small stored file stands in for a published PDF).
"""

import datetime as dt

from meetings.extensions import db
from meetings.minutes.enums import MinutesState
from meetings.minutes.models import Minutes
from meetings.storage import services as storage

from .framework import Entry, expect, managers, signed_in

APPROVED_AT = dt.datetime(2030, 1, 20, 9, tzinfo=dt.UTC)


def _published(meeting) -> Minutes:
    stored = storage.store(
        f"%PDF-1.7 minutes of meeting {meeting.id}\n".encode(), "application/pdf"
    )
    minutes = Minutes(
        meeting=meeting,
        state=MinutesState.PUBLISHED,
        approved_at=APPROVED_AT,
        published_at=APPROVED_AT,
        pdf_file=stored,
        pdf_sha256=stored.sha256,
    )
    db.session.add(minutes)
    db.session.flush()
    return minutes


def _draft(meeting) -> Minutes:
    minutes = Minutes(meeting=meeting, state=MinutesState.DRAFT, opening="Zahájení.")
    db.session.add(minutes)
    db.session.flush()
    return minutes


def _pdf(meeting) -> str:
    return f"/meetings/{meeting.id}/minutes.pdf"


def _published_url(w) -> str:
    _published(w.meeting)
    return _pdf(w.meeting)


def _draft_url(w) -> str:
    _draft(w.meeting)
    return _pdf(w.meeting)


def _public_url(w) -> str:
    _published(w.public_meeting)
    return _pdf(w.public_meeting)


ENTRIES = [
    Entry(
        "minutes.minutes_pdf",
        _published_url,
        signed_in(200, outsider=404),
        note="published minutes of a members-only group: every role in it",
    ),
    Entry(
        "minutes.minutes_pdf",
        _draft_url,
        managers(202, outsider=404, member=404, observer=404),
        note="unpublished minutes: a draft copy for managers (the first request finds it "
        "being prepared: 202); for members there is none yet",
    ),
    Entry(
        "minutes.minutes_pdf",
        _public_url,
        expect(200),
        note="published minutes of a public group: everyone",
    ),
    Entry(
        "minutes.minutes_pdf",
        lambda w: _pdf(w.meeting),
        signed_in(404, outsider=404),
        note="no minutes at all",
    ),
]
