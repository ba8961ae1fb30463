"""The record of a closed vote: a PDF/A in the group's language naming who voted how and
when, the result and the rule applied, signed like published minutes; made by the job after
the vote closed, kept as a stored file, downloadable by the group's members."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from meetings.audit.models import AuditEntry
from meetings.correspondence import jobs, services
from meetings.correspondence.enums import Channel, CloseReason, VoteState
from meetings.correspondence.record import SIGNATURE_FIELD, RecordFailed, write_record
from meetings.documents.signing import SigningKey
from meetings.extensions import db
from meetings.storage import services as storage

from ..documents.test_archival import conformance_failures
from ..minutes_publishing.conftest import signature_status, validates
from .conftest import DEADLINE, STARTED, ballot, start


def _text(data: bytes) -> str:
    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages
    )


@pytest.fixture
def closed(people):
    """The vote closed at its deadline: the member for (by the link), the chair against (in
    the app), the assistant did not vote."""
    people.chair.grammatical_gender = "feminine"
    vote = start(people)
    services.cast_ballot(
        ballot(vote, people.member),
        "for",
        channel=Channel.LINK,
        now=STARTED + dt.timedelta(hours=2),
    )
    services.cast_ballot(
        ballot(vote, people.chair),
        "against",
        channel=Channel.PAGE,
        now=STARTED + dt.timedelta(days=1),
    )
    services.close_vote(vote, reason=CloseReason.DEADLINE, now=DEADLINE)
    return vote


def test_the_record_names_who_voted_how_and_when_and_the_rule(closed, signing_key):
    data = storage.read(write_record(closed, key=signing_key, now=DEADLINE))
    text = _text(data)

    assert "Záznam o rozhodnutí per rollam" in text
    assert "PR/2026/1" in text
    assert "Termín rozšířeného setkání (kulatého stolu)" in text
    # Each voting member, how and when (in the group's zone, Prague: UTC+2 in May).
    assert "Petr Člen" in text and "Pro" in text
    assert "4. 5. 2026 12:00" in text  # the member's ballot, 10:00 UTC
    assert "Jana Předsedová" in text and "Proti" in text
    assert "Eva Asistentová" in text and "Nehlasoval(a)" in text
    assert "Nepřijato" in text
    assert "více než polovina" in text  # the rule of adoption, written out


def test_the_record_is_signed_and_stays_pdf_a(closed, signing_key):
    data = storage.read(write_record(closed, key=signing_key, now=DEADLINE))
    status = signature_status(data, signing_key)
    reader = PdfReader(io.BytesIO(data))

    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert status.coverage.name == "ENTIRE_FILE"
    assert validates(data, signing_key) is True
    assert [f for f in reader.get_fields() if reader.get_fields()[f].get("/FT") == "/Sig"] == [
        SIGNATURE_FIELD
    ]
    assert conformance_failures(data) == {"3a": [], "ua1": []}
    assert reader.trailer["/Root"]["/Lang"] == "cs"


def test_a_record_with_one_byte_changed_does_not_validate(closed, signing_key):
    data = storage.read(write_record(closed, key=signing_key, now=DEADLINE))
    tampered = data.replace(b"PR/2026/1", b"PR/2026/2", 1) if b"PR/2026/1" in data else None
    changed = bytearray(data)
    changed[len(changed) // 3] ^= 0x01

    assert validates(bytes(changed), signing_key) is False
    if tampered is not None:
        assert validates(tampered, signing_key) is False


def test_the_job_makes_the_record_once_and_keeps_it(closed, signing_key):
    assert jobs.make_record(closed.id, key=signing_key, now=DEADLINE) is True
    first = closed.record_file_id
    assert jobs.make_record(closed.id, key=signing_key, now=DEADLINE) is False

    assert closed.record_file_id == first
    assert closed.record_sha256 == closed.record_file.sha256
    assert closed.record_error is None
    entries = db.session.scalars(
        select(AuditEntry.subject_id).where(AuditEntry.action == "correspondence.record_made")
    ).all()
    assert entries == [closed.id]


def test_without_a_signing_key_the_record_is_kept_unsigned(closed):
    data = storage.read(write_record(closed, key=None, now=DEADLINE))

    assert PdfReader(io.BytesIO(data)).get_fields() in (None, {})
    assert "Nepodepsáno" in _text(data)


def test_a_certificate_that_does_not_open_keeps_the_reason_and_is_tried_again(
    closed, signing_key, tmp_path
):
    broken = SigningKey(tmp_path / "missing.p12", "x")
    db.session.commit()  # the job rolls back its own work only

    assert jobs.make_record(closed.id, key=broken, now=DEADLINE) is False
    assert closed.record_file_id is None
    assert "signing certificate" in closed.record_error
    # The sweep leaves it for an hour, then tries again.
    assert jobs.make_missing_records(now=DEADLINE + dt.timedelta(minutes=30)) == 0


def test_only_closed_votes_get_a_record(people, signing_key):
    vote = start(people)

    with pytest.raises(RecordFailed):
        write_record(vote, key=signing_key, now=DEADLINE)
    assert vote.state == VoteState.OPEN
