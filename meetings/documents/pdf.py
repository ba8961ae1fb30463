"""PDF documents (agendas, minutes) rendered from templates/print/ with WeasyPrint.

Templates get plain values built by a service and are rendered in the document's language.
WeasyPrint fetches only our own static files: ``/static/...`` (and ``file://`` URLs inside the
static folder) are read from disk; every other address, http(s) included, is refused.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..i18n import force_locale

log = logging.getLogger(__name__)

#: The base URL documents are rendered against: "/static/css/print.css" resolves to it.
DOCUMENT_ORIGIN = "https://documents.invalid/"


class RefusedURL(ValueError):
    """A document asked for something outside our static files."""


class StaticFilesFetcher(URLFetcher):
    """A URL fetcher that serves only files inside the static folder."""

    def __init__(self, static_folder: str | Path) -> None:
        super().__init__(timeout=1, allowed_protocols=())
        self.root = Path(static_folder).resolve()

    def resolve(self, url: str) -> Path:
        """The file on disk for an allowed URL; RefusedURL for anything else."""
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path))
        elif f"{parts.scheme}://{parts.netloc}/" == DOCUMENT_ORIGIN and parts.path.startswith(
            "/static/"
        ):
            path = self.root / unquote(parts.path.removeprefix("/static/"))
        else:
            raise RefusedURL(f"refused to fetch {url!r}")
        path = path.resolve()
        if self.root not in path.parents or not path.is_file():
            raise RefusedURL(f"refused to fetch {url!r}")
        return path

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        try:
            path = self.resolve(url)
        except RefusedURL:
            log.warning("document asked for %s: refused", url)
            raise
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": media_type})


def static_fetcher() -> StaticFilesFetcher:
    return StaticFilesFetcher(current_app.static_folder or "static")


def render_html(template: str, context: dict[str, Any], lang: str) -> str:
    """The document's HTML, rendered in ``lang``."""
    with force_locale(lang):
        return render_template(template, lang=lang, **context)


def render_pdf(template: str, context: dict[str, Any], lang: str) -> bytes:
    """Render ``template`` (under templates/print/) with ``context`` in ``lang`` as PDF bytes."""
    html = render_html(template, context, lang)
    document = HTML(string=html, base_url=DOCUMENT_ORIGIN, url_fetcher=static_fetcher())
    return document.write_pdf()
