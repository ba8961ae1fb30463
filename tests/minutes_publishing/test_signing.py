"""Signed minutes: a PAdES signature from the configured certificate, visible in the
approval block; a failure leaves the minutes approved and unpublished."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from meetings.documents.signing import STORED_KEY_NAME, SigningKey
from meetings.extensions import db
from meetings.mail.models import OutgoingMessage
from meetings.minutes.enums import MinutesState
from meetings.minutes.jobs import publish_minutes
from meetings.minutes.models import Minutes
from meetings.minutes.publishing import SIGNATURE_FIELD, publish, publish_error_text
from meetings.storage import services as storage
from meetings.storage.models import StoredFile

from ..documents.test_archival import conformance_failures
from .conftest import signature_status, validates


@pytest.fixture
def signed(seed_minutes, signing_key) -> bytes:
    return storage.read(publish(seed_minutes.minutes, key=signing_key))


def _outbox_count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutgoingMessage))


def _stored_files() -> int:
    return db.session.scalar(select(func.count()).select_from(StoredFile))


def test_signed_pdf_validates_with_the_test_certificate(signed, signing_key):
    status = signature_status(signed, signing_key)

    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert status.signing_cert.subject.native["common_name"] == "Test signing certificate"
    assert status.coverage.name == "ENTIRE_FILE"


def test_signed_pdf_is_still_pdf_a_and_pdf_ua_with_its_language(signed):
    reader = PdfReader(io.BytesIO(signed))

    assert conformance_failures(signed) == {"3a": [], "ua1": []}

    assert (reader.xmp_metadata.pdfaid_part, reader.xmp_metadata.pdfaid_conformance) == (
        "3",
        "A",
    )
    assert reader.trailer["/Root"]["/Lang"] == "cs"


def _signed_ranges(data: bytes) -> tuple[int, int, int, int]:
    reader = PdfReader(io.BytesIO(data))
    [signature] = [
        f["/V"].get_object() for f in reader.get_fields().values() if f.get("/FT") == "/Sig"
    ]
    first, first_length, second, second_length = (int(v) for v in signature["/ByteRange"])
    return first, first_length, second, second_length


@pytest.mark.parametrize("where", [0.0, 0.05, 0.3, 0.5, 0.7, 0.98, 1.0])
def test_signed_pdf_with_one_byte_changed_does_not_validate(signed, signing_key, where):
    # Anywhere in what the signature covers: the whole file but the signature itself.
    first, first_length, second, second_length = _signed_ranges(signed)
    offset = min(int((first_length + second_length) * where), first_length + second_length - 1)
    position = first + offset if offset < first_length else second + offset - first_length
    tampered = bytearray(signed)
    tampered[position] ^= 0x01

    assert validates(signed, signing_key) is True
    assert validates(bytes(tampered), signing_key) is False


def test_signed_pdf_with_a_changed_word_does_not_validate(signed, signing_key):
    reader = PdfReader(io.BytesIO(signed))
    first, first_length, second, second_length = _signed_ranges(signed)
    # The XMP metadata is plain text (PDF/A forbids compressing it) in the signed range.
    position = signed.find(b'pdf:Producer="WeasyPrint')
    tampered = signed.replace(b'pdf:Producer="WeasyPrint', b'pdf:Producer="WeasyPrinT', 1)
    tampered_reader = PdfReader(io.BytesIO(tampered))
    status = signature_status(tampered, signing_key)

    assert reader.xmp_metadata.pdf_producer.startswith("WeasyPrint ")
    assert signed.count(b'pdf:Producer="WeasyPrint') == 1
    assert first <= position < first + first_length
    assert (first, second + second_length) == (0, len(signed))
    # The altered file still reads as the same document with one word changed ...
    assert tampered_reader.xmp_metadata.pdf_producer.startswith("WeasyPrinT ")
    assert [p.extract_text() for p in tampered_reader.pages] == [
        p.extract_text() for p in reader.pages
    ]
    # ... and its signature says so: the signed bytes no longer match the signed digest.
    assert (status.intact, status.bottom_line) == (False, False)
    assert validates(tampered, signing_key) is False


def test_signature_field_is_visible_in_the_approval_block_on_the_last_page(signed):
    reader = PdfReader(io.BytesIO(signed))
    last = reader.pages[-1]
    widgets = [
        a.get_object()
        for a in last.get("/Annots", [])
        if a.get_object().get("/FT") == "/Sig" or a.get_object().get("/T") == SIGNATURE_FIELD
    ]
    left, bottom, right, top = (float(v) for v in widgets[0]["/Rect"])

    assert [w["/T"] for w in widgets] == [SIGNATURE_FIELD]
    # The template's box is 72 × 24 mm (204 × 68 pt), inside the page.
    assert (round(right - left), round(top - bottom)) == (204, 68)
    assert 0 < left < right < float(last.mediabox.width)
    assert 0 < bottom < top < float(last.mediabox.height)
    assert "/AP" in widgets[0]


def test_signed_pdf_names_the_certificate_holder_in_the_approval_block(signed):
    text = PdfReader(io.BytesIO(signed)).pages[-1].extract_text()

    assert "Test signing certificate" in text


def test_publish_minutes_signs_with_the_configured_certificate(
    app, seed_minutes, signing_key, monkeypatch
):
    monkeypatch.setitem(app.config, "SIGNING_PKCS12_PATH", str(signing_key.path))
    monkeypatch.setitem(app.config, "SIGNING_PKCS12_PASSPHRASE", signing_key.passphrase)

    db.session.commit()  # the job runs in its own transaction

    assert publish_minutes(seed_minutes.minutes.id) is True
    minutes = db.session.get(Minutes, seed_minutes.minutes.id)
    data = storage.read(minutes.pdf_file)

    assert validates(data, signing_key) is True


def test_wrong_passphrase_leaves_the_minutes_approved_with_an_error(
    app, seed_minutes, signing_key, monkeypatch
):
    monkeypatch.setitem(app.config, "SIGNING_PKCS12_PATH", str(signing_key.path))
    monkeypatch.setitem(app.config, "SIGNING_PKCS12_PASSPHRASE", "not the passphrase")
    files_before = _stored_files()
    outbox_before = _outbox_count()

    db.session.commit()  # the job runs in its own transaction

    assert publish_minutes(seed_minutes.minutes.id) is False
    minutes = db.session.get(Minutes, seed_minutes.minutes.id)

    assert (minutes.state, minutes.pdf_file_id, minutes.pdf_sha256, minutes.published_at) == (
        MinutesState.APPROVED,
        None,
        None,
        None,
    )
    assert minutes.publish_error.startswith("The signing certificate could not be opened")
    assert _stored_files() == files_before
    assert _outbox_count() == outbox_before


def test_missing_certificate_file_leaves_the_minutes_approved_with_an_error(
    app, seed_minutes, monkeypatch, tmp_path
):
    monkeypatch.setitem(app.config, "SIGNING_PKCS12_PATH", str(tmp_path / "absent.p12"))
    monkeypatch.setitem(app.config, "SIGNING_PKCS12_PASSPHRASE", "x")

    db.session.commit()  # the job runs in its own transaction

    assert publish_minutes(seed_minutes.minutes.id) is False
    minutes = db.session.get(Minutes, seed_minutes.minutes.id)

    assert minutes.state == MinutesState.APPROVED
    assert minutes.publish_error.startswith("The signing certificate named in the configuration")


def test_publish_error_is_shown_in_the_readers_language(app, seed_minutes):
    from meetings.i18n import force_locale

    seed_minutes.minutes.publish_error = (
        "Signing the PDF failed. The minutes stay approved and unpublished; the details are "
        "in the server log."
    )
    with force_locale("en"):
        english = publish_error_text(seed_minutes.minutes)

    assert english == seed_minutes.minutes.publish_error


def test_relative_certificate_path_is_inside_the_instance_folder(app):
    key = SigningKey.at(app.instance_path, "signing/org.p12", 1234)

    assert (key.path, key.passphrase) == (Path(app.instance_path) / "signing/org.p12", "1234")


# --- the signing key kept in shared storage ----------------------------------------------------


def test_imported_key_signs_published_minutes(app, seed_minutes, signing_key, monkeypatch):
    monkeypatch.setenv("ORG_P12_PASSPHRASE", signing_key.passphrase)
    monkeypatch.setitem(app.config, "SIGNING_PKCS12_PASSPHRASE", signing_key.passphrase)

    result = app.test_cli_runner().invoke(
        args=[
            "signing-key",
            "import",
            str(signing_key.path),
            "--passphrase-env",
            "ORG_P12_PASSPHRASE",
        ]
    )
    key = SigningKey.from_config(app)
    signed = storage.read(publish(seed_minutes.minutes))

    assert result.exit_code == 0, result.output
    assert "Stored the signing key of Test signing certificate, valid until " in result.output
    assert (key.path, key.passphrase) == (None, signing_key.passphrase)
    assert storage.read(storage.named(STORED_KEY_NAME)) == signing_key.path.read_bytes()
    assert validates(signed, signing_key) is True


def test_import_with_the_wrong_passphrase_stores_nothing(app, signing_key, db_session):
    result = app.test_cli_runner().invoke(args=["signing-key", "import", str(signing_key.path)])

    assert result.exit_code == 1
    assert f"{signing_key.path} was not imported: the archive: " in result.output
    assert storage.named(STORED_KEY_NAME) is None
    assert SigningKey.from_config(app) is None


def test_configured_file_is_used_before_the_stored_key(app, db_session, monkeypatch, tmp_path):
    storage.replace_named(STORED_KEY_NAME, b"stored", "application/x-pkcs12")
    monkeypatch.setitem(app.config, "SIGNING_PKCS12_PATH", str(tmp_path / "org.p12"))

    key = SigningKey.from_config(app)

    assert key.path == tmp_path / "org.p12"


def test_stored_key_that_does_not_open_leaves_the_minutes_approved(app, seed_minutes):
    storage.replace_named(STORED_KEY_NAME, b"not a PKCS#12 archive", "application/x-pkcs12")
    db.session.commit()  # the job runs in its own transaction

    assert publish_minutes(seed_minutes.minutes.id) is False
    minutes = db.session.get(Minutes, seed_minutes.minutes.id)

    assert minutes.state == MinutesState.APPROVED
    assert minutes.publish_error.startswith("The signing certificate could not be opened")
