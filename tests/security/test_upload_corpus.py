"""Hostile uploads through every route that takes a file (agenda attachments): wrong
extensions, polyglots, oversized bodies and path-traversal names.

Each upload is either refused with a clear message (4xx, never 500) or kept under a safe
name; what is kept is served as a download of its checked type, never as a page.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from sqlalchemy import func, select
from werkzeug.http import parse_options_header

from meetings.agenda.models import Attachment
from meetings.agenda.services import attachments
from meetings.extensions import db
from meetings.storage.models import StoredFile

from .. import factories

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
#: A GIF whose bytes are also a script: `GIF89a=…;` is valid JavaScript, and a browser
#: sniffing it as HTML would run the <script>.
GIF_POLYGLOT = (
    b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00;*/=0;<script>alert(1)</script>;" + b"\x00" * 16
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
PDF_WITH_HTML = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n"

#: (content, name, what the refusal says) for uploads that must be refused.
REFUSED = [
    (EXE, "program.pdf", "This type of file is not accepted."),
    (EXE, "program.exe", "This type of file is not accepted."),
    (HTML, "page.pdf", "This type of file is not accepted."),
    (HTML, "page.html", "This type of file is not accepted."),
    (SVG, "picture.svg", "This type of file is not accepted."),
    (SVG, "picture.png", "This type of file is not accepted."),
    (GIF_POLYGLOT, "polyglot.html", "does not match its name (.html)"),
    (GIF_POLYGLOT, "polyglot.js", "does not match its name (.js)"),
    (PNG, "image.png.exe", "does not match its name (.exe)"),
    (PDF, "report.pdf.html", "does not match its name (.html)"),
    (b"", "empty.pdf", "The file is empty."),
]

#: Names that must be kept without their folders, controls or tricks.
NAMES = [
    "../../etc/passwd",
    "../../../../etc/passwd.pdf",
    "..\\..\\windows\\win.ini.pdf",
    "/etc/shadow.pdf",
    "C:\\Windows\\System32\\x.pdf",
    "\\\\server\\share\\x.pdf",
    "report\x00.exe.pdf",
    "a" * 400 + ".pdf",
    "invoice\u202efdp.exe.pdf",
    "\u2066evil\u2069\u200f.pdf",
    'quote".pdf',
    "new\r\nline.pdf",
    "semi;colon=.pdf",
    "%2e%2e%2fencoded.pdf",
    "..",
    ".",
    "",
    "  ",
    "<script>alert(1)</script>.pdf",
]

UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\"<>]')
BIDI = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}


@pytest.fixture
def meeting(people):
    return factories.make_meeting(people.group, title="Upload corpus")


def _upload(client, meeting, content: bytes, filename: str):
    return client.post(
        f"/meetings/{meeting.id}/attachments",
        data={"file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def _attachments(meeting) -> list[Attachment]:
    return list(
        db.session.scalars(
            select(Attachment).where(Attachment.meeting_id == meeting.id).order_by(Attachment.id)
        )
    )


def _stored_files() -> int:
    return db.session.scalar(select(func.count()).select_from(StoredFile))


def _download_name(disposition: str) -> str:
    """The name a browser saves the file under (filename*, else filename)."""
    kind, options = parse_options_header(disposition)
    assert kind == "attachment"
    return options["filename"]


def _assert_safe_download(response, content_type: str) -> None:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert "html" not in response.headers["Content-Type"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response.headers["Content-Security-Policy"]
    name = _download_name(response.headers["Content-Disposition"])
    assert not UNSAFE.search(name), name
    assert not BIDI & set(name), name


@pytest.mark.parametrize(("content", "filename", "message"), REFUSED)
def test_wrong_and_dangerous_files_are_refused_with_a_message(
    content, filename, message, meeting, people, login_as
):
    files_before = _stored_files()

    response = _upload(login_as(people.assistant), meeting, content, filename)

    assert response.status_code == 422
    assert message in response.get_data(as_text=True).replace("&#39;", "'")
    assert (_attachments(meeting), _stored_files()) == ([], files_before)


def test_a_gif_that_is_also_a_script_is_served_only_as_a_gif(meeting, people, login_as):
    client = login_as(people.assistant)

    response = _upload(client, meeting, GIF_POLYGLOT, "polyglot.gif")
    (attachment,) = _attachments(meeting)
    download = client.get(f"/meetings/{meeting.id}/attachments/{attachment.id}")

    assert response.status_code == 302
    _assert_safe_download(download, "image/gif")


def test_a_pdf_with_html_inside_is_served_only_as_a_pdf(meeting, people, login_as):
    client = login_as(people.assistant)

    _upload(client, meeting, PDF_WITH_HTML, "mixed.pdf")
    (attachment,) = _attachments(meeting)

    _assert_safe_download(
        client.get(f"/meetings/{meeting.id}/attachments/{attachment.id}"), "application/pdf"
    )


def test_path_traversal_and_trick_names_are_kept_safe(meeting, people, login_as):
    client = login_as(people.assistant)
    refused = {}
    for name in NAMES:
        response = _upload(client, meeting, PDF, name)
        # No name at all, or one that breaks the form's header, arrives as no file.
        if response.status_code != 302:
            refused[name] = (response.status_code, "Choose a file to attach." in response.text)
    kept = _attachments(meeting)
    downloads = [client.get(f"/meetings/{meeting.id}/attachments/{a.id}") for a in kept]

    assert refused == {"": (422, True), "new\r\nline.pdf": (422, True)}
    assert len(kept) == len(NAMES) - 2
    for attachment, download in zip(kept, downloads, strict=True):
        name = attachment.filename
        assert name.endswith(".pdf"), name
        assert not UNSAFE.search(name), name
        assert not BIDI & set(name), name
        assert ".." not in name.split(".pdf")[0].strip("."), name
        assert 0 < len(name) <= 200, name
        assert not any(unicodedata.category(c) == "Cf" for c in name), name
        _assert_safe_download(download, "application/pdf")


def test_a_file_just_over_the_attachment_limit_is_refused_with_a_message(
    app, meeting, people, login_as
):
    limit = attachments.max_attachment_bytes()
    files_before = _stored_files()

    response = _upload(login_as(people.assistant), meeting, PDF + b"0" * limit, "big.pdf")

    assert response.status_code == 422
    assert f"The file is larger than {limit // 2**20} MB." in response.get_data(as_text=True)
    assert (_attachments(meeting), _stored_files()) == ([], files_before)


def test_a_body_over_max_content_length_is_refused_with_413(app, meeting, people, login_as):
    too_much = app.config["MAX_CONTENT_LENGTH"] + 1

    response = _upload(login_as(people.assistant), meeting, b"%PDF" + b"0" * too_much, "x.pdf")

    assert response.status_code == 413
    assert "The upload is too large" in response.get_data(as_text=True)
    assert _attachments(meeting) == []
