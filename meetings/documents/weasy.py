"""The parts of PDF rendering that build on WeasyPrint's classes: the fetcher that reads
only our static files, and the archival metadata. Imported only when a PDF is rendered
(see ``pdf.render_document``), so that app servers, which send stored PDFs, never load
WeasyPrint.
"""

from __future__ import annotations

import logging
import mimetypes
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import SubElement, fromstring, tostring

import pydyf
from flask import current_app
from weasyprint import draw as weasy_draw
from weasyprint.formatting_structure import boxes as weasy_boxes
from weasyprint.pdf import tags as weasy_tags
from weasyprint.pdf.metadata import NS, DocumentMetadata
from weasyprint.pdf.stream import Stream as WeasyStream
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..extensions import db
from ..storage import services as storage
from ..storage.models import StoredFile
from .letterhead import LOGO_TYPES
from .pdf import DOCUMENT_ORIGIN, RefusedURL

log = logging.getLogger(__name__)


# --- streams whose length reads the same to every reader ------------------------------------

_stream_data = pydyf.Stream.data.fget


def _unambiguous_stream_data(stream: pydyf.Stream) -> bytes:
    """A stream as pydyf writes it, but where its bytes end with a carriage return the end
    of line before ``endstream`` is CRLF: pydyf's lone line feed would read as CRLF with
    the data's last byte, and PDF/A validators then find /Length one byte too long (about
    one compressed stream in 256: the last byte is the content's checksum)."""
    data = _stream_data(stream)
    if data.endswith(b"\r\nendstream"):
        return data[: -len(b"\nendstream")] + b"\r\nendstream"
    return data


pydyf.Stream.data = property(_unambiguous_stream_data)


# --- page margins as artifacts ---------------------------------------------------------------
# WeasyPrint 70 tags the text of the page margins (running headers, "Strana 1 / 3") with
# marked-content ids but leaves their structure elements out of the tree (an artifact may
# stand in the tree only from PDF 2.0 on): content that is neither in the reading order
# nor an artifact. Here the margins are drawn as pagination artifacts instead, as PDF/UA
# asks of running heads and page numbers, and get no structure elements.

_draw_stacking_context = weasy_draw.draw_stacking_context
_in_margin: ContextVar[bool] = ContextVar("drawing_a_page_margin", default=False)
_build_box_tree = weasy_tags._build_box_tree
_marked = WeasyStream.marked


def _draw_margins_as_artifacts(stream: Any, stacking_context: Any) -> None:
    if not isinstance(stacking_context.box, weasy_boxes.MarginBox) or stream._tags is None:
        _draw_stacking_context(stream, stacking_context)
        return
    # A context variable rather than a mark on the stream: a margin drawn with opacity
    # paints into a group stream of its own.
    with stream.artifact():
        token = _in_margin.set(True)
        try:
            _draw_stacking_context(stream, stacking_context)
        finally:
            _in_margin.reset(token)


@contextmanager
def _marked_outside_margins(stream: Any, box: Any, tag: str) -> Iterator[None]:
    if _in_margin.get():
        yield  # inside the margin's artifact: no marked-content id
        return
    with _marked(stream, box, tag):
        yield


def _box_tree_without_margins(box: Any, *args: Any) -> Iterator[Any]:
    if isinstance(box, weasy_boxes.MarginBox):
        return iter(())
    return _build_box_tree(box, *args)


weasy_draw.draw_stacking_context = _draw_margins_as_artifacts
WeasyStream.marked = _marked_outside_margins
weasy_tags._build_box_tree = _box_tree_without_margins


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
        stored = _STORED.match(url)
        if stored:
            return _stored_image(url, int(stored["id"]), stored["sha256"])
        try:
            path = self.resolve(url)
        except RefusedURL:
            log.warning("document asked for %s: refused", url)
            raise
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": media_type})


#: A letterhead's logo in shared storage (``letterhead.stored_image_url``).
_STORED = re.compile(re.escape(DOCUMENT_ORIGIN) + r"files/(?P<id>[0-9]+)/(?P<sha256>[0-9a-f]{64})$")


def _stored_image(url: str, file_id: int, sha256: str) -> URLFetcherResponse:
    """The stored image a document names, if it is one (PNG or JPEG) with that checksum."""
    stored = db.session.get(StoredFile, file_id)
    if stored is None or stored.sha256 != sha256 or stored.content_type not in LOGO_TYPES:
        log.warning("document asked for %s: refused", url)
        raise RefusedURL(f"refused to fetch {url!r}")
    return URLFetcherResponse(url, storage.read(stored), {"Content-Type": stored.content_type})


def static_fetcher() -> StaticFilesFetcher:
    return StaticFilesFetcher(current_app.static_folder or "static")


#: The XMP extension schema that PDF/A requires for a property outside its own list: here
#: PDF/UA's identification (pdfuaid:part), so that one file is both PDF/A and PDF/UA.
_PDFUA_EXTENSION = b"""<rdf:Description rdf:about=""
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
 <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
  <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
  <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
  <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
  <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
   <pdfaProperty:name>part</pdfaProperty:name>
   <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
   <pdfaProperty:category>internal</pdfaProperty:category>
   <pdfaProperty:description>The part of ISO 14289 followed</pdfaProperty:description>
  </rdf:li></rdf:Seq></pdfaSchema:property>
 </rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>"""


class ArchivalMetadata(DocumentMetadata):
    """WeasyPrint's metadata plus ``dc:language`` and the PDF/UA-1 identification in the
    XMP packet, as archives and accessibility checkers expect."""

    def include_in_pdf(self, pdf, variant, version, conformance, compress):
        # PDF/A forbids a filter on the metadata stream (ISO 19005-2, 6.6.2.1); WeasyPrint
        # compresses it for parts 2 and 3.
        super().include_in_pdf(pdf, variant, version, conformance, compress=False)

    def generate_rdf_metadata(self, variant, version, conformance):
        # WeasyPrint's own XMP packet, built from our metadata: no outside XML is parsed.
        rdf = fromstring(super().generate_rdf_metadata(variant, version, conformance))  # noqa: S314
        accessible = SubElement(rdf, f"{{{NS['rdf']}}}Description")
        accessible.attrib[f"{{{NS['rdf']}}}about"] = ""
        accessible.attrib[f"{{{NS['pdfuaid']}}}part"] = "1"
        if self.lang:
            description = SubElement(rdf, f"{{{NS['rdf']}}}Description")
            description.attrib[f"{{{NS['rdf']}}}about"] = ""
            language = SubElement(description, f"{{{NS['dc']}}}language")
            bag = SubElement(language, f"{{{NS['rdf']}}}Bag")
            SubElement(bag, f"{{{NS['rdf']}}}li").text = self.lang
        # The extension schema is added as written: ElementTree would rename its prefixes,
        # and PDF/A names them exactly (pdfaExtension, pdfaSchema, pdfaProperty).
        xml = tostring(rdf, encoding="unicode").encode()
        end = xml.rindex(b"</rdf:RDF>")
        return xml[:end] + _PDFUA_EXTENSION + xml[end:]
