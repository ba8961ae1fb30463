"""Attachments: checked by content, kept as stored files, served to who may see them."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import func, select

from meetings.agenda import services
from meetings.agenda.models import Attachment
from meetings.extensions import db
from meetings.storage import services as storage
from meetings.storage.models import StoredFile

from .conftest import PNG, add_items, exe_bytes, real_docx, real_pdf

REFUSED_TYPE = (
    "This type of file is not accepted. Attach a PDF, an office document (docx, xlsx, pptx, "
    "odt, ods, odp, doc, xls) or an image (png, jpeg, gif, webp)."
)


def _upload(client, meeting, content: bytes, filename: str, **data):
    return client.post(
        f"/meetings/{meeting.id}/attachments",
        data={"file": (io.BytesIO(content), filename), **data},
        content_type="multipart/form-data",
    )


def _attachments(meeting):
    return db.session.scalars(select(Attachment).where(Attachment.meeting_id == meeting.id)).all()


def _stored_files() -> int:
    return db.session.scalar(select(func.count()).select_from(StoredFile))


def test_real_pdf_is_kept_as_a_stored_file_with_its_sha256(liberec, people, login_as):
    content = real_pdf()

    response = _upload(login_as(people.assistant), liberec, content, "Zápis č. 10.pdf")

    (attachment,) = _attachments(liberec)
    digest = hashlib.sha256(content).hexdigest()
    assert response.status_code == 302
    assert (attachment.filename, attachment.content_type, attachment.size_bytes) == (
        "Zápis č. 10.pdf",
        "application/pdf",
        len(content),
    )
    assert attachment.sha256 == digest
    assert (attachment.file.sha256, attachment.file.size, attachment.file.content_type) == (
        digest,
        len(content),
        "application/pdf",
    )
    assert storage.read(attachment.file) == content
    # Nothing on this server's disk: another server reads the same file.
    assert not (Path(current_app.instance_path) / "uploads").exists()


@pytest.mark.parametrize(
    ("content", "filename", "content_type"),
    [
        (PNG, "plan.png", "image/png"),
        (
            real_docx(),
            "pozvánka.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "foto.jpg", "image/jpeg"),
        (b"GIF89a" + b"\x00" * 32, "anim.gif", "image/gif"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 32, "foto.webp", "image/webp"),
    ],
)
def test_allowed_types_are_detected_by_content(
    liberec, people, login_as, content, filename, content_type
):
    response = _upload(login_as(people.assistant), liberec, content, filename)

    assert response.status_code == 302
    assert [a.content_type for a in _attachments(liberec)] == [content_type]


def test_odt_is_detected_by_its_mimetype_file(liberec, people, login_as):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")

    response = _upload(login_as(people.assistant), liberec, out.getvalue(), "zápis.odt")

    assert response.status_code == 302
    assert [a.content_type for a in _attachments(liberec)] == [
        "application/vnd.oasis.opendocument.text"
    ]


def test_old_word_document_is_detected_by_its_ole2_directory(liberec, people, login_as):
    content = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le")
    )

    response = _upload(login_as(people.assistant), liberec, content, "zápis.doc")

    assert response.status_code == 302
    assert [a.content_type for a in _attachments(liberec)] == ["application/msword"]


def test_executable_renamed_pdf_is_refused_with_a_message(liberec, people, login_as):
    files_before = _stored_files()

    response = _upload(login_as(people.assistant), liberec, exe_bytes(), "program.pdf")

    assert response.status_code == 422
    assert REFUSED_TYPE in response.get_data(as_text=True)
    assert _attachments(liberec) == []
    assert _stored_files() == files_before


def test_plain_zip_renamed_docx_is_refused(liberec, people, login_as):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")

    response = _upload(login_as(people.assistant), liberec, out.getvalue(), "zápis.docx")

    assert response.status_code == 422
    assert REFUSED_TYPE in response.get_data(as_text=True)


def test_pdf_named_docx_is_refused_as_mismatch(liberec, people, login_as):
    response = _upload(login_as(people.assistant), liberec, real_pdf(), "zápis.docx")

    assert response.status_code == 422
    assert "The file&#39;s content (PDF) does not match its name (.docx)." in response.get_data(
        as_text=True
    )


def test_file_over_20_mb_is_refused_with_a_message(liberec, people, login_as):
    content = b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024)
    files_before = _stored_files()

    response = _upload(login_as(people.assistant), liberec, content, "velký.pdf")

    assert response.status_code == 422
    assert "The file is larger than 20 MB. Choose a smaller file." in response.get_data(
        as_text=True
    )
    assert _attachments(liberec) == []
    assert _stored_files() == files_before


def test_max_content_length_stays_above_the_attachment_limit(app):
    assert app.config["MAX_CONTENT_LENGTH"] > services.MAX_ATTACHMENT_BYTES


def test_upload_without_a_file_gets_a_message(liberec, people, login_as):
    response = login_as(people.assistant).post(f"/meetings/{liberec.id}/attachments", data={})

    assert response.status_code == 422
    assert "Choose a file to attach." in response.get_data(as_text=True)


def test_attachment_to_an_agenda_item_is_listed_under_it(liberec, people, login_as):
    (item,) = add_items(liberec, ["Úvod"])
    client = login_as(people.assistant)

    response = _upload(client, liberec, PNG, "plan.png", agenda_item_id=str(item.id))
    page = client.get(f"/meetings/{liberec.id}/agenda").get_data(as_text=True)

    assert response.status_code == 302
    assert [a.agenda_item_id for a in _attachments(liberec)] == [item.id]
    assert "plan.png" in page


def _stored(meeting, user, content=PNG, filename="plan.png", item=None):
    return services.store_attachment(meeting, io.BytesIO(content), filename, user, item)


def test_outsider_gets_404_and_member_200_on_an_attachment(liberec, people, login_as):
    attachment = _stored(liberec, people.assistant)
    url = f"/meetings/{liberec.id}/attachments/{attachment.id}"

    assert login_as(people.outsider).get(url).status_code == 404
    response = login_as(people.member).get(url)
    assert (response.status_code, response.data) == (200, PNG)


def test_download_headers_are_safe_for_a_non_ascii_name(liberec, people, login_as):
    attachment = _stored(liberec, people.assistant, real_pdf(), "Zápis č. 10.pdf")

    response = login_as(people.member).get(f"/meetings/{liberec.id}/attachments/{attachment.id}")

    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"Zapis c. 10.pdf\"; filename*=UTF-8''Z%C3%A1pis%20%C4%8D.%2010.pdf"
    )
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["ETag"] == f'"{attachment.sha256}"'
    assert response.headers["X-Content-SHA256"] == attachment.sha256


def test_download_answers_304_to_its_etag(liberec, people, login_as):
    attachment = _stored(liberec, people.assistant)
    client = login_as(people.member)
    url = f"/meetings/{liberec.id}/attachments/{attachment.id}"

    response = client.get(url, headers={"If-None-Match": f'"{attachment.sha256}"'})

    assert (response.status_code, response.data) == (304, b"")
    assert response.headers["ETag"] == f'"{attachment.sha256}"'
    assert client.get(url, headers={"If-None-Match": '"other"'}).data == PNG


def test_altered_attachment_is_not_served(liberec, people, login_as, caplog):
    attachment = _stored(liberec, people.assistant)
    attachment.file.data = PNG + b"altered"
    db.session.commit()  # uploaded long before (the error page rolls back)

    response = login_as(people.member).get(f"/meetings/{liberec.id}/attachments/{attachment.id}")

    assert response.status_code == 500
    assert b"altered" not in response.data
    assert "ETag" not in response.headers
    assert any(f"attachment {attachment.id}: " in m for m in caplog.messages)


def test_item_attachment_of_an_unpublished_agenda_is_hidden_from_members(liberec, people, login_as):
    (item,) = add_items(liberec, ["Úvod"])
    attachment = _stored(liberec, people.assistant, item=item)
    url = f"/meetings/{liberec.id}/attachments/{attachment.id}"

    assert login_as(people.member).get(url).status_code == 404
    assert login_as(people.assistant).get(url).status_code == 200
    services.publish_agenda(liberec)
    assert login_as(people.member).get(url).status_code == 200


def test_attachment_of_another_meeting_is_404(liberec, people, login_as):
    from .. import factories

    other = factories.make_meeting(people.group)
    attachment = _stored(other, people.assistant)

    response = login_as(people.member).get(f"/meetings/{liberec.id}/attachments/{attachment.id}")

    assert response.status_code == 404


def test_delete_attachment_removes_row_and_file(liberec, people, login_as):
    attachment = _stored(liberec, people.assistant)
    file_id = attachment.file_id

    response = login_as(people.assistant).post(
        f"/meetings/{liberec.id}/attachments/{attachment.id}/delete"
    )

    assert response.status_code == 302
    assert _attachments(liberec) == []
    assert db.session.get(StoredFile, file_id) is None


def test_deleting_an_item_discards_its_attachments_files(liberec, people, login_as):
    (item,) = add_items(liberec, ["Úvod"])
    file_id = _stored(liberec, people.assistant, item=item).file_id

    response = login_as(people.assistant).post(
        f"/meetings/{liberec.id}/agenda/items/{item.id}/delete"
    )

    assert response.status_code == 302
    assert _attachments(liberec) == []
    assert db.session.get(StoredFile, file_id) is None


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("Zápis č. 10.pdf", "Zápis č. 10.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\eva\\program.pdf", "program.pdf"),
        ('a"b<c>|d.pdf', "a_b_c_d.pdf"),
        ("  .hidden.pdf  ", "hidden.pdf"),
    ],
)
def test_sanitise_filename_keeps_letters_and_drops_paths(given, kept):
    assert services.sanitise_filename(given) == kept


def test_attachment_round_trips_through_the_object_store(liberec, people, login_as, object_store):
    content = real_pdf()
    _upload(login_as(people.assistant), liberec, content, "Zápis č. 10.pdf")
    (attachment,) = _attachments(liberec)
    url = f"/meetings/{liberec.id}/attachments/{attachment.id}"

    response = login_as(people.member).get(url)

    assert object_store.keys() == [attachment.file.location]
    assert object_store.body(attachment.file.location) == content
    data = db.session.scalar(select(StoredFile.data).where(StoredFile.id == attachment.file_id))
    assert data is None
    assert (response.status_code, response.data) == (200, content)
    assert response.headers["ETag"] == f'"{hashlib.sha256(content).hexdigest()}"'

    login_as(people.assistant).post(f"{url}/delete")

    assert object_store.keys() == []
