"""Stored files in the database (the default): kept with their SHA-256, read back only when
unchanged, answered with their SHA-256 as ETag."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.storage import services as storage
from meetings.storage.models import StoredFile

PDF = b"%PDF-1.7\n% a small document\n"


def test_store_keeps_bytes_sha256_size_and_type_in_the_database(db_session):
    stored = storage.store(PDF, "application/pdf")
    db.session.expire_all()

    row = db.session.get(StoredFile, stored.id)

    assert (row.sha256, row.size, row.content_type) == (
        hashlib.sha256(PDF).hexdigest(),
        len(PDF),
        "application/pdf",
    )
    assert (row.data, row.location) == (PDF, None)
    assert storage.read(row) == PDF


def test_altered_bytes_are_refused(db_session):
    stored = storage.store(PDF, "application/pdf")
    stored.data = PDF + b"% changed"
    db.session.flush()

    with pytest.raises(storage.StoredFileAltered) as refused:
        storage.read(stored)

    assert refused.value.file_id == stored.id


def test_file_kept_in_an_object_store_not_configured_here_is_missing(db_session):
    stored = StoredFile(sha256="0" * 64, size=1, content_type="text/plain", location="files/x")
    db.session.add(stored)
    db.session.flush()

    with pytest.raises(storage.StoredFileMissing):
        storage.read(stored)


def test_discard_deletes_the_row(db_session):
    stored = storage.store(PDF, "application/pdf")
    file_id = stored.id

    storage.discard(stored)

    assert db.session.get(StoredFile, file_id) is None


def test_replace_named_keeps_one_file_of_that_name(db_session):
    storage.replace_named("test-key", b"first", "application/octet-stream")

    second = storage.replace_named("test-key", b"second", "application/octet-stream")

    assert storage.named("test-key") is second
    named = db.session.scalars(select(StoredFile.data).where(StoredFile.name == "test-key"))
    assert named.all() == [b"second"]
    assert db.session.scalars(select(StoredFile).where(StoredFile.data == b"first")).all() == []


def test_send_answers_the_bytes_with_sha256_etag_and_length(app, db_session):
    stored = storage.store(PDF, "application/pdf")

    with app.test_request_context("/file"):
        response = storage.send(stored, download_name="zápis.pdf", as_attachment=True)
        response.direct_passthrough = False

    assert (response.status_code, response.get_data()) == (200, PDF)
    assert response.headers["ETag"] == f'"{stored.sha256}"'
    assert response.headers["X-Content-SHA256"] == stored.sha256
    assert response.headers["Content-Length"] == str(len(PDF))
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert response.headers["Content-Disposition"].startswith("attachment; ")


def test_send_answers_304_to_a_client_holding_the_file_without_reading_it(app, db_session):
    stored = storage.store(PDF, "application/pdf")
    # Were the bytes read, they would be refused: the client's copy is the right one.
    stored.data = b"damaged"
    db.session.flush()

    with app.test_request_context("/file", headers={"If-None-Match": f'"{stored.sha256}"'}):
        response = storage.send(stored, download_name="zápis.pdf", as_attachment=False)

    assert response.status_code == 304
    assert response.headers["ETag"] == f'"{stored.sha256}"'


def test_send_refuses_altered_bytes(app, db_session):
    stored = storage.store(PDF, "application/pdf")
    stored.data = b"damaged"
    db.session.flush()

    with app.test_request_context("/file"), pytest.raises(storage.StoredFileAltered):
        storage.send(stored, download_name="zápis.pdf", as_attachment=False)


def test_send_of_an_unchanging_public_file(app, db_session):
    stored = storage.store(PDF, "application/pdf")

    with app.test_request_context("/file"):
        response = storage.send(
            stored,
            download_name="zápis.pdf",
            as_attachment=False,
            max_age=31536000,
            public=True,
            immutable=True,
        )

    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
