"""Attachments: checked by their content, kept as stored files (``storage``: where every app
server reads them) with their SHA-256, listed and deleted."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from typing import IO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ...auth.models import User
from ...extensions import db
from ...scheduling.models import Meeting
from ...storage import services as storage
from ..models import AgendaItem, Attachment
from .reading import AgendaError
from .timetable import AttachmentInfo

#: Largest attachment accepted (the app's MAX_CONTENT_LENGTH must stay above it).
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

#: Detected media type → the file name extensions it may carry (first: the one we add).
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": ("pdf",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/gif": ("gif",),
    "image/webp": ("webp",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("pptx",),
    "application/vnd.oasis.opendocument.text": ("odt",),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods",),
    "application/vnd.oasis.opendocument.presentation": ("odp",),
    "application/msword": ("doc",),
    "application/vnd.ms-excel": ("xls",),
}

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_content_type(data: bytes) -> str | None:
    """The media type of the file judged by its content; None when it is not one we accept."""
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"PK\x03\x04"):
        return _zip_office_type(data)
    if head.startswith(_OLE2):
        return _ole2_type(data)
    return None


def _zip_office_type(data: bytes) -> str | None:
    """OOXML by [Content_Types].xml and its word/ xl/ ppt/ part; ODF by its mimetype file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size > 100:
                    return None
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return mimetype if mimetype in ALLOWED_TYPES else None
            if "[Content_Types].xml" in names:
                for prefix, media_type in (
                    ("word/", "wordprocessingml.document"),
                    ("xl/", "spreadsheetml.sheet"),
                    ("ppt/", "presentationml.presentation"),
                ):
                    if any(n.startswith(prefix) for n in names):
                        return f"application/vnd.openxmlformats-officedocument.{media_type}"
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None


def _ole2_type(data: bytes) -> str | None:
    """Word 97–2003 or Excel 97–2003 by the stream names in the compound file's directory."""
    data = data[: 4 * 1024 * 1024]
    if "WordDocument".encode("utf-16-le") in data:
        return "application/msword"
    if "Workbook".encode("utf-16-le") in data or "Book\x00".encode("utf-16-le") in data:
        return "application/vnd.ms-excel"
    return None


_UNSAFE = re.compile(r'[\x00-\x1f\x7f"*/:<>?\\|]+')


def sanitise_filename(name: str | None) -> str:
    """The uploaded name without folders, control or reserved characters, and without
    invisible format characters (a right-to-left override makes "fdp.exe" read "exe.pdf");
    at most 200 characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = "".join(c for c in name if unicodedata.category(c) != "Cf")
    name = re.split(r"[\\/]", name)[-1]
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 200 - len(ext) - 1] + "." + ext) if dot and len(ext) <= 10 else name[:200]
    return name


def _extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def max_attachment_bytes() -> int:
    return int(current_app.config.get("ATTACHMENT_MAX_BYTES", MAX_ATTACHMENT_BYTES))


def _receive(stream: IO[bytes], limit: int) -> bytes:
    """The uploaded bytes. Raises AgendaError for a file larger than ``limit`` bytes (checked
    while reading, so no more is read) or an empty one."""
    received = bytearray()
    while chunk := stream.read(1024 * 1024):
        received += chunk
        if len(received) > limit:
            raise AgendaError(
                _(
                    "The file is larger than %(limit)s MB. Choose a smaller file.",
                    limit=limit // (1024 * 1024),
                )
            )
    if not received:
        raise AgendaError(_("The file is empty."))
    return bytes(received)


def _accepted_type(data: bytes) -> str:
    """The media type judged by the content; AgendaError for one we do not accept."""
    content_type = detect_content_type(data)
    if content_type is None:
        raise AgendaError(
            _(
                "This type of file is not accepted. Attach a PDF, an office document "
                "(docx, xlsx, pptx, odt, ods, odp, doc, xls) or an image (png, jpeg, gif, "
                "webp)."
            )
        )
    return content_type


def _stored_name(filename: str | None, content_type: str) -> str:
    """The cleaned name, given the type's extension when it has none (or no name at all).
    Raises AgendaError for an extension that does not match the content."""
    name = sanitise_filename(filename)
    extensions = ALLOWED_TYPES[content_type]
    ext = _extension(name)
    if not name:
        return f"attachment.{extensions[0]}"
    if not ext:
        return f"{name}.{extensions[0]}"
    if ext not in extensions:
        raise AgendaError(
            _(
                "The file's content (%(kind)s) does not match its name (.%(ext)s).",
                kind=extensions[0].upper(),
                ext=ext,
            )
        )
    return name


def store_attachment(
    meeting: Meeting,
    stream: IO[bytes],
    filename: str | None,
    uploaded_by: User | None,
    item: AgendaItem | None = None,
) -> Attachment:
    """Check and keep an uploaded file for the meeting (or one of its items).

    The type is judged by the content; the bytes are kept as a stored file (the database or
    the object store) with their SHA-256. Side effects: a StoredFile and an Attachment row
    added and flushed. Raises AgendaError for an empty, too large or disallowed file, or a
    name whose extension does not match the content.
    """
    data = _receive(stream, max_attachment_bytes())
    content_type = _accepted_type(data)
    name = _stored_name(filename, content_type)
    stored = storage.store(data, content_type)
    attachment = Attachment(
        meeting=meeting,
        agenda_item=item,
        filename=name,
        content_type=content_type,
        size_bytes=stored.size,
        sha256=stored.sha256,
        file=stored,
        uploaded_by_id=uploaded_by.id if uploaded_by else None,
    )
    db.session.add(attachment)
    db.session.flush()
    return attachment


def get_attachment(meeting: Meeting, attachment_id: int) -> Attachment | None:
    attachment = db.session.get(Attachment, attachment_id)
    return attachment if attachment and attachment.meeting_id == meeting.id else None


def meeting_attachments(meeting: Meeting) -> list[AttachmentInfo]:
    """Attachments of the meeting itself (not of an item)."""
    rows = db.session.scalars(
        select(Attachment)
        .where(Attachment.meeting_id == meeting.id, Attachment.agenda_item_id.is_(None))
        .order_by(Attachment.created_at, Attachment.id)
    ).all()
    return [AttachmentInfo(a.id, a.filename, a.content_type, a.size_bytes) for a in rows]


def delete_attachment(attachment: Attachment) -> None:
    """Delete the attachment and its file.

    Side effects: the row deleted and its stored file discarded (see ``storage.discard``),
    flushed.
    """
    stored = attachment.file
    db.session.delete(attachment)
    db.session.flush()
    storage.discard(stored)
