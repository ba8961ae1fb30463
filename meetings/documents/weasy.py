"""The parts of PDF rendering that build on WeasyPrint's classes: the fetcher that reads
only our static files, and the archival metadata. Imported only when a PDF is rendered
(see ``pdf.render_document``), so that app servers, which send stored PDFs, never load
WeasyPrint.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import SubElement, fromstring, tostring

from flask import current_app
from weasyprint.pdf.metadata import NS, DocumentMetadata
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .pdf import DOCUMENT_ORIGIN, RefusedURL

log = logging.getLogger(__name__)


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


class ArchivalMetadata(DocumentMetadata):
    """WeasyPrint's metadata plus ``dc:language`` in the XMP packet, as archives expect."""

    def generate_rdf_metadata(self, variant, version, conformance):
        # WeasyPrint's own XMP packet, built from our metadata: no outside XML is parsed.
        rdf = fromstring(super().generate_rdf_metadata(variant, version, conformance))  # noqa: S314
        if self.lang:
            description = SubElement(rdf, f"{{{NS['rdf']}}}Description")
            description.attrib[f"{{{NS['rdf']}}}about"] = ""
            language = SubElement(description, f"{{{NS['dc']}}}language")
            bag = SubElement(language, f"{{{NS['rdf']}}}Bag")
            SubElement(bag, f"{{{NS['rdf']}}}li").text = self.lang
        return tostring(rdf, encoding="utf-8")
