"""Stored files in an S3-compatible object store (moto's server, over real HTTP): the bytes in
the bucket, none in the database; the bucket follows the database's transactions."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.storage import services as storage
from meetings.storage.models import StoredFile

PDF = b"%PDF-1.7\n% kept in the object store\n"


def _data_column(stored: StoredFile) -> bytes | None:
    return db.session.scalar(select(StoredFile.data).where(StoredFile.id == stored.id))


def test_store_puts_the_bytes_in_the_bucket_and_none_in_the_database(db_session, object_store):
    stored = storage.store(PDF, "application/pdf")
    sha256 = hashlib.sha256(PDF).hexdigest()

    assert object_store.keys() == [stored.location]
    assert stored.location.startswith(f"files/{sha256}/")
    assert object_store.body(stored.location) == PDF
    assert _data_column(stored) is None
    assert (stored.sha256, stored.size) == (sha256, len(PDF))
    assert storage.read(stored) == PDF


def test_the_same_bytes_twice_are_two_objects(db_session, object_store):
    first = storage.store(PDF, "application/pdf")
    second = storage.store(PDF, "application/pdf")

    assert object_store.keys() == sorted([first.location, second.location])
    assert first.location != second.location


def test_discarded_file_leaves_the_bucket_once_committed(db_session, object_store):
    kept = storage.store(b"kept", "text/plain")
    stored = storage.store(PDF, "application/pdf")
    db.session.commit()

    storage.discard(stored)
    assert object_store.keys() == sorted([kept.location, stored.location])
    db.session.commit()

    assert object_store.keys() == [kept.location]


def test_discard_rolled_back_keeps_the_object(db_session, object_store):
    stored = storage.store(PDF, "application/pdf")
    db.session.commit()
    location = stored.location

    storage.discard(stored)
    db.session.rollback()

    assert object_store.keys() == [location]
    assert storage.read(db.session.get(StoredFile, stored.id)) == PDF


def test_discard_in_a_savepoint_rolled_back_keeps_the_object(db_session, object_store):
    stored = storage.store(PDF, "application/pdf")
    db.session.commit()
    location = stored.location

    savepoint = db.session.begin_nested()
    storage.discard(stored)
    savepoint.rollback()
    db.session.commit()

    assert object_store.keys() == [location]


def test_store_rolled_back_removes_the_object(db_session, object_store):
    storage.store(PDF, "application/pdf")

    db.session.rollback()

    assert object_store.keys() == []


def test_altered_object_is_refused_and_a_lost_one_missing(db_session, object_store):
    altered = storage.store(PDF, "application/pdf")
    lost = storage.store(b"lost", "text/plain")
    object_store.client.put_object(Bucket=object_store.bucket, Key=altered.location, Body=b"x")
    object_store.client.delete_object(Bucket=object_store.bucket, Key=lost.location)

    with pytest.raises(storage.StoredFileAltered):
        storage.read(altered)
    with pytest.raises(storage.StoredFileMissing):
        storage.read(lost)


def test_files_stored_before_the_object_store_stay_readable(app, db_session, monkeypatch):
    in_database = storage.store(PDF, "application/pdf")
    monkeypatch.setitem(app.config, "STORAGE_S3_BUCKET", "meetings-elsewhere")

    assert storage.read(in_database) == PDF
