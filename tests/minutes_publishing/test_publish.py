"""Publishing approved minutes: the stored PDF/A, its hash, its contents, the state, the mail."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from flask_babel import gettext
from pypdf import PdfReader
from sqlalchemy import func, select

from meetings.extensions import db
from meetings.i18n import force_locale
from meetings.mail.models import OutgoingMessage
from meetings.minutes.enums import MinutesState
from meetings.minutes.jobs import publish_minutes
from meetings.minutes.publishing import OUTBOX_KIND, publish, render_draft
from meetings.storage import services as storage
from meetings.storage.models import StoredFile

from ..documents.test_archival import conformance_failures
from .conftest import ACTION, DECISIONS, ITEM_TITLES, SUB_ITEMS


@pytest.fixture
def published(seed_minutes):
    """The seed minutes published unsigned; the stored file's bytes."""
    return storage.read(publish(seed_minutes.minutes, key=None))


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _fonts(reader: PdfReader) -> list:
    """Every font dictionary the pages use, composite fonts' descendants included."""
    fonts = []
    for page in reader.pages:
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            fonts.append(font)
            fonts.extend(d.get_object() for d in font.get("/DescendantFonts", []))
    return fonts


def _cs(message: str, **values) -> str:
    with force_locale("cs"):
        return gettext(message, **values)


def test_publish_keeps_the_pdf_as_a_stored_file_with_its_sha256(app, seed_minutes, published):
    minutes = seed_minutes.minutes
    digest = hashlib.sha256(published).hexdigest()

    assert minutes.pdf_sha256 == digest
    assert (minutes.pdf_file.sha256, minutes.pdf_file.content_type) == (digest, "application/pdf")
    assert storage.read(minutes.pdf_file) == published
    # Nothing on this server's disk: another server reads the same file.
    assert not (Path(app.instance_path) / "minutes").exists()


def test_publish_moves_the_minutes_to_published(seed_minutes, published):
    minutes = seed_minutes.minutes

    assert (minutes.state, minutes.publish_error) == (MinutesState.PUBLISHED, None)
    assert minutes.published_at is not None


def test_published_pdf_text_holds_heading_items_decisions_action_and_chair(seed_minutes, published):
    text = _text(published)

    assert "Sociální služby" in text
    assert "10. setkání Odborné pracovní skupiny Sociální služby" in text
    for title in ITEM_TITLES[2:] + SUB_ITEMS:
        assert title in text
    assert "Příprava rozšířeného jednání pracovní skupiny sociální" in text
    assert "1. Příprava" in text and "6. Přípravné setkání se zástupci Libereckého kraje" in text
    assert f"10/1 1. {DECISIONS[0]}" in text
    assert f"10/2 2. {DECISIONS[1]}" in text
    assert f"{ACTION} 6. Eva Asistentová 6. dubna 2018 {_cs('Done')}" in text
    approval = text.split(_cs("Approval"))[-1]
    assert f"{_cs('Chair')} Jana Předsedová" in approval
    assert f"{_cs('Approved')} 27. března 2018 14:00" in approval
    assert "Hana Hostová Úřad práce ČR" in text


def test_published_pdf_renders_the_markdown_of_the_course(seed_minutes, published):
    text = _text(published)

    assert "o sociálním podnikání (2011–2016)" in text
    assert "**" not in text


def test_published_pdf_declares_pdf_a_and_the_czech_language(seed_minutes, published):
    reader = PdfReader(io.BytesIO(published))
    xmp = reader.xmp_metadata

    assert conformance_failures(published) == {"3a": [], "ua1": []}
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("3", "A")
    assert xmp.dc_language == ["cs"]
    assert reader.trailer["/Root"]["/Lang"] == "cs"
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_published_pdf_has_title_and_author_in_its_metadata(seed_minutes, published):
    reader = PdfReader(io.BytesIO(published))

    assert reader.metadata.title == _cs(
        "Minutes: %(title)s", title="10. setkání Odborné pracovní skupiny Sociální služby"
    )
    assert reader.metadata.author == "Sociální služby"
    assert reader.xmp_metadata.dc_creator == ["Sociální služby"]
    assert reader.xmp_metadata.dc_title["x-default"] == reader.metadata.title


def test_published_pdf_embeds_every_font(seed_minutes, published):
    reader = PdfReader(io.BytesIO(published))
    descriptors = [f["/FontDescriptor"] for f in _fonts(reader) if "/FontDescriptor" in f]

    assert descriptors != []
    assert [
        any(key in d for key in ("/FontFile", "/FontFile2", "/FontFile3")) for d in descriptors
    ] == [True] * len(descriptors)
    assert [f for f in _fonts(reader) if f["/Subtype"] == "/Type1"] == []


def test_published_pdf_is_a4_with_page_x_of_y_in_the_footer(seed_minutes, published):
    reader = PdfReader(io.BytesIO(published))
    pages = len(reader.pages)
    footers = [
        re.sub(r"\s+", " ", page.extract_text()).count(f"{_cs('Page')} {n} / {pages}")
        for n, page in enumerate(reader.pages, start=1)
    ]

    sizes = [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    ]

    assert sizes == [(595, 842)] * pages
    assert footers == [1] * pages


def test_published_pdf_repeats_group_and_number_at_the_top_of_each_page(seed_minutes, published):
    reader = PdfReader(io.BytesIO(published))

    assert len(reader.pages) >= 2
    for page in reader.pages:
        text = page.extract_text()
        assert "Sociální služby" in text
        assert "10." in text


def test_draft_copy_is_watermarked_koncept_and_as_accessible_as_the_record(seed_minutes):
    seed_minutes.minutes.state = MinutesState.SUBMITTED
    data = render_draft(seed_minutes.minutes)

    assert "KONCEPT" in _text(data)
    assert conformance_failures(data) == {"3a": [], "ua1": []}


def test_copy_of_approved_minutes_is_watermarked_not_published(seed_minutes):
    data = render_draft(seed_minutes.minutes)

    assert seed_minutes.minutes.state == MinutesState.APPROVED
    assert "NEZVEŘEJNĚNO" in _text(data)
    assert "KONCEPT" not in _text(data)


def test_publish_queues_one_mail_per_member_and_invitee_with_the_pdf(seed_minutes, published):
    outbox = db.session.scalars(
        select(OutgoingMessage).where(OutgoingMessage.kind == OUTBOX_KIND)
    ).all()

    assert sorted(m.recipient for m in outbox) == [
        "assistant@example.org",
        "chair@example.org",
        "host@example.org",
        "member@example.org",
        "observer@example.org",
    ]


def test_members_receive_the_publication_mail_in_czech_with_the_pdf(app, seed_minutes, smtp_server):
    stored = publish(seed_minutes.minutes, key=None)
    published = storage.read(stored)
    db.session.commit()

    messages = smtp_server.wait_for(5)
    to_member = next(m for m in messages if m["To"].addresses[0].addr_spec == "member@example.org")
    attachment = next(to_member.iter_attachments())
    body = to_member.get_body(("plain",)).get_content()

    assert len(messages) == 5
    # Only the start: folding a long non-ASCII subject loses the space at the fold
    # (CPython gh-92081, in the shared mail stack), so the end is not compared here.
    assert to_member["Subject"].startswith("Zveřejněn zápis: 10. setkání")
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "minutes-socialni-sluzby-10.pdf"
    assert attachment.get_content() == published
    assert f"http://meetings.test/meetings/{seed_minutes.meeting.id}/minutes.pdf?edition=1" in body
    assert seed_minutes.minutes.pdf_sha256 in body


def test_member_who_wants_no_minutes_mail_gets_none(seed_minutes):
    seed_minutes.people.observer.notify_minutes = False

    publish(seed_minutes.minutes, key=None)
    recipients = db.session.scalars(
        select(OutgoingMessage.recipient).where(OutgoingMessage.kind == OUTBOX_KIND)
    ).all()

    assert "observer@example.org" not in recipients
    assert len(recipients) == 4


def test_publish_minutes_job_commits_and_reports_success(seed_minutes, app, monkeypatch):
    monkeypatch.setitem(app.config, "SIGNING_PKCS12_PATH", "")

    db.session.commit()  # the job runs in its own transaction
    published = publish_minutes(seed_minutes.minutes.id)

    assert published is True
    assert db.session.get(type(seed_minutes.minutes), seed_minutes.minutes.id).state == (
        MinutesState.PUBLISHED
    )


def _job_leaves_alone(app, minutes, state: MinutesState) -> None:
    """Put the minutes back into ``state`` (not approved), run the publishing job on them:
    it reports nothing published, and nothing changed, was stored or was mailed."""
    minutes.state = state
    minutes.approved_at = None
    minutes.approved_by = None
    if state == MinutesState.DRAFT:
        minutes.submitted_at = None
    db.session.commit()  # the job runs in its own transaction
    files_before = db.session.scalar(select(func.count()).select_from(StoredFile))
    outbox = select(OutgoingMessage.id).where(OutgoingMessage.kind == OUTBOX_KIND)
    outbox_before = db.session.scalars(outbox).all()

    assert publish_minutes(minutes.id) is False

    db.session.refresh(minutes)
    assert (
        minutes.state,
        minutes.pdf_sha256,
        minutes.pdf_file_id,
        minutes.published_at,
        minutes.publish_error,
    ) == (state, None, None, None, None)
    assert db.session.scalar(select(func.count()).select_from(StoredFile)) == files_before
    assert db.session.scalars(outbox).all() == outbox_before


def test_publish_minutes_job_leaves_draft_minutes_alone(app, seed_minutes):
    _job_leaves_alone(app, seed_minutes.minutes, MinutesState.DRAFT)


def test_publish_minutes_job_leaves_submitted_minutes_alone(app, seed_minutes):
    _job_leaves_alone(app, seed_minutes.minutes, MinutesState.SUBMITTED)
