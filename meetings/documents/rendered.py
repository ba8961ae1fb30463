"""Documents rendered once: a PDF is made in the job queue and kept by (document, version).

A domain registers how to describe one of its documents (``document_source``): the print
template, the plain values it shows and its language. The values' fingerprint, with that
of the templates, styles and translations, is the document's *version*: an unchanged
document has an unchanged version, and its PDF is sent from storage without rendering.
A version not rendered yet is queued (``render_document_task``); the request that asked
gets a page that reloads itself until the PDF is there (``respond``).

Rendered copies live in ``rendered_documents`` → ``stored_files``, where every app server
reads them; when a newer version of a document is stored, the older copies are removed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from flask import Response, current_app, render_template
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..i18n import force_locale
from ..mail.jobs import huey, in_app_context
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
    from .pdf import render_pdf  # WeasyPrint only where documents are made

    document = source(kind, subject_id)
    if document is None:
        return None
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
