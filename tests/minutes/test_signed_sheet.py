"""The scan of the signed attendance sheet: those who run the meeting upload it on the
attendance register, read it back exactly as uploaded, replace or remove it; members
cannot read it (signatures are personal data); anything but a PDF or an image is refused
with a message; the minutes' PDF says the sheet is kept."""

from __future__ import annotations

import io

from pypdf import PdfReader

from meetings.extensions import db
from meetings.minutes.models import Minutes

from ..conftest import get_document
from ..groups.test_letterhead import png
from .conftest import page

#: What a scanner writes: a one-page PDF (the bytes need not render for the test).
SCAN = b"%PDF-1.4\n% prezencni listina, 20. 3. 2018, podpisy\n%%EOF\n"


def _upload(client, meeting, data: bytes, name: str = "listina.pdf"):
    return client.post(
        f"/meetings/{meeting.id}/attendance-sheet/signed/upload",
        data={"scan": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_the_assistant_keeps_the_signed_sheet_with_the_meeting(liberec, browser_of):
    meeting, people = liberec.meeting, liberec.people
    assistant = browser_of(people.assistant)
    url = f"/meetings/{meeting.id}/attendance-sheet/signed"

    db.session.add(Minutes(meeting=meeting, opening="Zahájení."))
    db.session.flush()
    uploaded = _upload(assistant, meeting, SCAN)
    shown = page(assistant.get(uploaded.location))
    downloaded = assistant.get(url)
    replaced = _upload(assistant, meeting, png(), "foto.png")
    photo = assistant.get(url)

    assert "The signed attendance sheet is kept with the meeting." in shown
    assert "The signed sheet (scan)" in shown
    assert downloaded.status_code == 200 and downloaded.data == SCAN
    assert downloaded.mimetype == "application/pdf"
    assert downloaded.headers["Cache-Control"] == "private, no-store"
    assert replaced.status_code == 302
    assert photo.mimetype == "image/png" and photo.data == png()
    assert browser_of(people.member).get(url).status_code == 403
    assert browser_of(people.member).post(f"{url}/delete").status_code == 403

    document = get_document(assistant, f"/meetings/{meeting.id}/minutes.pdf")
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(document.data)).pages
    )
    assert "Prezenční listina s podpisy účastníků je uložena u záznamu jednání." in text

    removed = assistant.post(f"{url}/delete")
    db.session.refresh(meeting)
    assert "The signed attendance sheet has been removed." in page(assistant.get(removed.location))
    assert meeting.signed_sheet is None
    assert assistant.get(url).status_code == 404


def test_a_file_that_is_not_a_scan_is_refused_with_a_message(liberec, browser_of):
    meeting, people = liberec.meeting, liberec.people
    assistant = browser_of(people.assistant)

    refused = _upload(assistant, meeting, b"PK\x03\x04 not a scan", "listina.docx")
    assert "Upload the scan as a PDF, PNG or JPEG file." in page(assistant.get(refused.location))
    empty = _upload(assistant, meeting, b"", "listina.pdf")
    assert "Choose the scanned sheet to upload." in page(assistant.get(empty.location))
    db.session.refresh(meeting)
    assert meeting.signed_sheet is None
