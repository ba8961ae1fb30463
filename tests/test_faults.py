"""Faults: the database unavailable for a moment, WeasyPrint failing on a document, the
object store failing during an upload. Each gives a clear message and leaves nothing half
done."""

from __future__ import annotations

import io

import sqlalchemy as sa

from meetings.agenda.models import Attachment
from meetings.db import utcnow
from meetings.extensions import db
from meetings.minutes.enums import MinutesState
from meetings.minutes.jobs import publish_minutes
from meetings.storage.models import StoredFile

from .agenda.conftest import liberec as liberec
from .agenda.conftest import real_pdf
from .minutes_publishing.conftest import seed_minutes as seed_minutes


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_object_store_down_during_an_upload_keeps_nothing(liberec, people, login_as, object_store):
    object_store.client.delete_bucket(Bucket=object_store.bucket)
    files, attachments = _count(StoredFile), _count(Attachment)
    response = login_as(people.assistant).post(
        f"/meetings/{liberec.id}/attachments",
        data={"file": (io.BytesIO(real_pdf()), "pozvanka.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 503
    assert "The file could not be stored just now. Nothing was saved" in response.get_data(
        as_text=True
    )
    assert (_count(StoredFile), _count(Attachment)) == (files, attachments)


def test_weasyprint_failing_leaves_the_minutes_approved_with_a_message(
    app, seed_minutes, login_as, monkeypatch
):
    from meetings.documents import official

    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint: layout failed")

    # Every official document is rendered there (published minutes among them).
    monkeypatch.setattr(official, "render_document", broken)
    monkeypatch.setitem(app.config, "SIGNING_PKCS12_PATH", "")
    seed_minutes.minutes.publish_requested_at = utcnow()  # the chair asked for it
    db.session.commit()  # the job runs in its own transaction
    files = _count(StoredFile)

    assert publish_minutes(seed_minutes.minutes.id) is False

    minutes = db.session.get(type(seed_minutes.minutes), seed_minutes.minutes.id)
    db.session.refresh(minutes)
    assert minutes.state == MinutesState.APPROVED
    assert (minutes.pdf_file_id, minutes.published_at) == (None, None)
    assert _count(StoredFile) == files
    page = login_as(seed_minutes.people.chair).get(f"/meetings/{minutes.meeting_id}/minutes")
    assert "The PDF of the minutes could not be generated. The minutes stay approved and " in (
        page.get_data(as_text=True)
    )
    assert "Try publishing again" in page.get_data(as_text=True)
