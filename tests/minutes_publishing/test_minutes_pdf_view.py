"""GET /meetings/<id>/minutes.pdf: the stored published copy, or a draft for managers; the
link on the public event page."""

from __future__ import annotations

import hashlib
import io
import logging

from pypdf import PdfReader

from meetings.extensions import db
from meetings.minutes.enums import MinutesState
from meetings.minutes.publishing import publish
from meetings.storage import services as storage

from ..conftest import get_document, translated
from .conftest import signature_status


def _url(seed) -> str:
    return f"/meetings/{seed.meeting.id}/minutes.pdf"


def test_served_pdf_is_the_stored_file_with_its_sha256(app, seed_minutes, login_as):
    stored = storage.read(publish(seed_minutes.minutes, key=None))

    response = login_as(seed_minutes.people.member).get(_url(seed_minutes))

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        "inline; filename=minutes-socialni-sluzby-10.pdf"
    )
    assert hashlib.sha256(response.data).hexdigest() == seed_minutes.minutes.pdf_sha256
    assert response.data == stored
    assert response.headers["X-Content-SHA256"] == seed_minutes.minutes.pdf_sha256
    assert response.headers["ETag"] == f'"{seed_minutes.minutes.pdf_sha256}"'
    # The newest edition's address: a correction may replace it, so it is checked each time.
    assert response.headers["Cache-Control"] == "private, no-cache"


def test_an_edition_is_kept_a_year_privately_in_a_members_only_group(seed_minutes, login_as):
    publish(seed_minutes.minutes, key=None)

    response = login_as(seed_minutes.people.member).get(_url(seed_minutes) + "?edition=1")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, max-age=31536000, immutable"


def test_an_edition_is_kept_a_year_by_anyone_in_a_public_group(seed_minutes, client):
    seed_minutes.group.is_public = True
    publish(seed_minutes.minutes, key=None)

    response = client.get(_url(seed_minutes) + "?edition=1")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-SHA256"] == seed_minutes.minutes.pdf_sha256


def test_served_signed_pdf_validates(app, seed_minutes, login_as, signing_key):
    publish(seed_minutes.minutes, key=signing_key)

    response = login_as(seed_minutes.people.observer).get(_url(seed_minutes))
    status = signature_status(response.data, signing_key)

    assert (status.intact, status.valid, status.trusted) == (True, True, True)


def test_served_pdf_answers_304_to_the_same_etag(seed_minutes, login_as):
    publish(seed_minutes.minutes, key=None)
    client = login_as(seed_minutes.people.member)

    response = client.get(
        _url(seed_minutes), headers={"If-None-Match": f'"{seed_minutes.minutes.pdf_sha256}"'}
    )

    assert response.status_code == 304


def test_altered_stored_file_is_not_served(app, seed_minutes, login_as, caplog):
    """The stored copy no longer matches the SHA-256 recorded at publication: the server's
    own file is damaged (nothing a reader sent), so the reader gets the server-error page,
    never the altered bytes, and the administrator finds the reason in the log."""
    stored = publish(seed_minutes.minutes, key=None)
    original = storage.read(stored)
    altered = original + b"\n% altered"
    stored.data = altered
    seed_minutes.people.member.locale = "cs"
    db.session.commit()  # published long before a reader comes (the 500 page rolls back)

    with caplog.at_level(logging.ERROR):
        response = login_as(seed_minutes.people.member).get(_url(seed_minutes))
    body = response.get_data(as_text=True)

    assert response.status_code == 500
    assert response.mimetype == "text/html"
    assert translated("cs", "Something went wrong on our side") in body
    assert translated("cs", "The error has been logged. Please try again in a moment.") in body
    assert not response.data.startswith(b"%PDF")
    assert b"% altered" not in response.data
    assert "X-Content-SHA256" not in response.headers
    assert "ETag" not in response.headers
    assert "Content-Disposition" not in response.headers
    assert [m for m in caplog.messages if "stored PDF" in m] == [
        f"minutes {seed_minutes.minutes.id}: stored PDF is missing or altered: stored file "
        f"{stored.id}: SHA-256 in database is {hashlib.sha256(altered).hexdigest()}, stored "
        f"as {stored.sha256}"
    ]
    # The file is left as found (for the administrator to look at), the record unchanged.
    db.session.refresh(stored)
    assert stored.data == altered
    minutes = db.session.get(type(seed_minutes.minutes), seed_minutes.minutes.id)
    assert (minutes.state, minutes.pdf_sha256) == (
        MinutesState.PUBLISHED,
        hashlib.sha256(original).hexdigest(),
    )


def test_stored_file_restored_is_served_again(app, seed_minutes, login_as):
    stored = publish(seed_minutes.minutes, key=None)
    original = storage.read(stored)
    stored.data = original + b"\n% altered"
    db.session.commit()  # published long before a reader comes (the 500 page rolls back)
    client = login_as(seed_minutes.people.member)
    assert client.get(_url(seed_minutes)).status_code == 500

    stored = db.session.get(type(stored), stored.id)
    stored.data = original
    db.session.commit()
    response = client.get(_url(seed_minutes))

    assert (response.status_code, response.data) == (200, original)


def test_approved_minutes_are_watermarked_not_published_for_the_assistant(seed_minutes, login_as):
    response = get_document(login_as(seed_minutes.people.assistant), _url(seed_minutes))
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    # Approved by the chair: no draft any more, only not yet published.
    assert "NEZVEŘEJNĚNO" in text
    assert "KONCEPT" not in text
    assert response.headers["X-Content-SHA256"] == hashlib.sha256(response.data).hexdigest()


def test_unpublished_minutes_are_not_found_for_a_member(seed_minutes, login_as):
    response = login_as(seed_minutes.people.member).get(_url(seed_minutes))

    assert response.status_code == 404


def test_members_keep_the_published_edition_while_a_correction_is_drafted(
    app, seed_minutes, login_as
):
    from meetings.models import Minutes

    publish(seed_minutes.minutes, key=None)
    correction = Minutes(
        meeting=seed_minutes.meeting,
        edition=2,
        correction_reason="Překlep ve jménu.",
        state=MinutesState.DRAFT,
    )
    db.session.add(correction)
    db.session.flush()

    for_member = login_as(seed_minutes.people.member).get(_url(seed_minutes))
    for_assistant = get_document(login_as(seed_minutes.people.assistant), _url(seed_minutes))
    first_for_assistant = login_as(seed_minutes.people.assistant).get(
        _url(seed_minutes) + "?edition=1"
    )

    stored = storage.read(seed_minutes.minutes.pdf_file)

    assert for_member.data == stored
    assert "KONCEPT" in PdfReader(io.BytesIO(for_assistant.data)).pages[0].extract_text()
    assert first_for_assistant.data == for_member.data


def test_public_event_page_links_the_published_minutes(seed_minutes, client):
    seed_minutes.group.is_public = True
    publish(seed_minutes.minutes, key=None)

    page = client.get(f"/events/{seed_minutes.meeting.id}")
    pdf = client.get(_url(seed_minutes))

    assert page.status_code == 200
    assert f'href="/meetings/{seed_minutes.meeting.id}/minutes.pdf?edition=1"' in page.text
    assert pdf.status_code == 200
    assert pdf.headers["X-Content-SHA256"] == seed_minutes.minutes.pdf_sha256


def test_public_event_page_has_no_link_before_publication(seed_minutes, client):
    seed_minutes.group.is_public = True
    db.session.flush()

    page = client.get(f"/events/{seed_minutes.meeting.id}")

    assert page.status_code == 200
    assert "minutes.pdf" not in page.text
