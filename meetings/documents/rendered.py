"""Documents rendered once: a PDF is made in the job queue and kept by (document, version).

A domain registers how to describe one of its documents (``document_source``): the print
template, the plain values it shows and its language. The values' fingerprint, with that
of the templates, styles and translations, is the document's *version*: an unchanged
document has an unchanged version, and its PDF is sent from storage without rendering.
A version not rendered yet is queued (``render_document_task``); the request that asked
gets a page that reloads itself until the PDF is there (``respond``).

Rendered copies live in ``rendered_documents`` → ``stored_files``, where every app server
reads them; when a newer version of a document is stored, the older copies are removed.

A document may go with an e-mail (``attach_document``): the worker renders it (or finds it
stored) when it delivers the message, once for all the messages of a mailing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from flask import Response, current_app, render_template
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..i18n import force_locale
from ..mail.jobs import huey, in_app_context
from ..mail.services import Attachment, attach_when_delivered, late_attachment_source
from ..storage import services as storage
from .models import RenderedDocument

log = logging.getLogger(__name__)

#: Seconds after which the waiting page asks again.
REFRESH_SECONDS = 2


@dataclass
class DocumentSource:
    """What one document is made from."""

    #: What kind of document ("agenda", "minutes-draft"), as registered.
    kind: str
    #: The id of what it is about (a meeting, minutes).
    subject_id: int
    #: A template under templates/print/.
    template: str
    #: Plain values for the template (dataclasses, strings, numbers: see ARCHITECTURE §4).
    context: dict[str, Any]
    lang: str
    #: The file name a download gets.
    filename: str

    @cached_property
    def version(self) -> str:
        """Changes whenever anything the PDF shows changes, or the code that draws it.

        The same in a request (whatever the reader's language) and in the job: the values
        are written out in the document's language, as the PDF shows them.
        """
        with force_locale(self.lang):
            values = json.dumps([self.template, self.lang, self.context], default=_plain)
        return hashlib.sha256(f"{_code_fingerprint()}\n{values}".encode()).hexdigest()


def file_slug(value: str, max_length: int = 80) -> str:
    """The value in ASCII letters, digits and hyphens, for file names ("Pozvánka – 11.
    setkání" → "pozvanka-11-setkani"), cut at a hyphen to at most ``max_length``."""
    ascii_only = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9-]+", "-", ascii_only.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[: max_length + 1].rpartition("-")[0] or slug[:max_length]
    return slug.strip("-") or "group"


def _plain(value: Any) -> Any:
    """A value the JSON encoder does not know, as plain data (dataclasses as dicts, dates
    in ISO form, translated strings as their text)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


#: kind → how to describe the document about a subject id (None: no such subject).
_SOURCES: dict[str, Callable[[int], DocumentSource | None]] = {}


def document_source(kind: str):
    """Register the function that describes the ``kind`` document about a subject id."""

    def register(describe: Callable[[int], DocumentSource | None]):
        _SOURCES[kind] = describe
        return describe

    return register


def source(kind: str, subject_id: int) -> DocumentSource | None:
    return _SOURCES[kind](subject_id)


def rendered(document: DocumentSource) -> RenderedDocument | None:
    """The stored rendering of this version of the document, if it has been made."""
    return db.session.scalar(
        select(RenderedDocument).where(
            RenderedDocument.kind == document.kind,
            RenderedDocument.subject_id == document.subject_id,
            RenderedDocument.version == document.version,
        )
    )


def respond(document: DocumentSource, *, cache_control: str) -> Response | tuple[str, int]:
    """The answer to a request for the document: the stored PDF (conditional, its SHA-256
    as ETag), or, while it is being made, a page that reloads itself (202)."""
    done = rendered(document)
    if done is not None and done.file is not None:
        response = storage.send(
            done.file,
            download_name=document.filename,
            as_attachment=False,
            mimetype="application/pdf",
        )
        response.headers["Cache-Control"] = cache_control
        return response
    if done is not None:
        log.error("%s %s: rendering failed: %s", document.kind, document.subject_id, done.error)
        return render_template("documents/failed.html"), 500
    render_document_task(document.kind, document.subject_id)
    page = render_template("documents/preparing.html", refresh=REFRESH_SECONDS)
    return page, 202, {"Retry-After": str(REFRESH_SECONDS), "Cache-Control": "no-store"}


def render(kind: str, subject_id: int) -> RenderedDocument | None:
    """Render the current version of the document unless it is stored already; keep only
    that version. Commits (a job's one transaction). None when the subject is gone."""
    document = source(kind, subject_id)
    if document is None:
        return None
    return _render(document)


def _render(document: DocumentSource) -> RenderedDocument | None:
    from .pdf import render_pdf  # WeasyPrint only where documents are made

    kind, subject_id = document.kind, document.subject_id
    done = rendered(document)
    if done is not None:
        return done
    row = RenderedDocument(kind=kind, subject_id=subject_id, version=document.version)
    try:
        pdf = render_pdf(document.template, document.context, document.lang)
    except Exception as error:  # kept, so that the waiting page ends with an answer
        log.exception("%s %s: rendering failed", kind, subject_id)
        row.error = f"{type(error).__name__}: {error}"[:500]
    else:
        row.file = storage.store(pdf, "application/pdf")
    _forget_other_versions(kind, subject_id, document.version)
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:  # made at the same moment by another worker: theirs stands
        db.session.rollback()
        return rendered(document)
    return row


def _forget_other_versions(kind: str, subject_id: int, version: str) -> None:
    older = db.session.scalars(
        select(RenderedDocument).where(
            RenderedDocument.kind == kind,
            RenderedDocument.subject_id == subject_id,
            RenderedDocument.version != version,
        )
    ).all()
    for row in older:
        file = row.file
        db.session.delete(row)
        db.session.flush()
        if file is not None:
            storage.discard(file)


def attach_document(message: EmailMessage, kind: str, subject_id: int) -> None:
    """Have the worker attach the document's current version (a PDF, under its file name)
    when it delivers the message; rendered then, once for the whole mailing, or taken from
    storage. If it cannot be rendered, the message goes without it (logged)."""
    attach_when_delivered(message, "document", f"{kind} {subject_id}")


@late_attachment_source("document")
def _document_attachment(reference: str) -> Attachment | None:
    """The PDF of "<kind> <subject id>" as it is now (rendered if need be; commits)."""
    kind, _, subject = reference.partition(" ")
    document = source(kind, int(subject))
    if document is None:
        log.warning("%s: no such document to attach", reference)
        return None
    done = _render(document)
    if done is None or done.file is None:
        log.error(
            "%s: rendering failed, sent without it: %s", reference, done.error if done else None
        )
        return None
    return Attachment(storage.read(done.file), "application", "pdf", document.filename)


@huey.task()
def render_document_task(kind: str, subject_id: int) -> None:
    """The job: render the document's current version (nothing if it is stored already)."""
    in_app_context(lambda: render(kind, subject_id))


@cache
def _code_fingerprint() -> str:
    """What else decides how a document looks: the print templates, the styles and the
    translations (hashed once per process; a deploy that changes them renders anew)."""
    root = Path(current_app.root_path)
    folders = [
        Path(current_app.template_folder or "templates"),
        Path(current_app.static_folder or "static") / "css",
        root / "translations",
    ]
    digest = hashlib.sha256()
    for folder in folders:
        folder = folder if folder.is_absolute() else root / folder
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".html", ".css", ".mo"):
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()
