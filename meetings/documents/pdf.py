"""PDF documents (agendas, minutes) rendered from templates/print/ with WeasyPrint.

Templates get plain values built by a service and are rendered in the document's language.
WeasyPrint fetches only our own static files: ``/static/...`` (and ``file://`` URLs inside the
static folder) are read from disk; every other address, http(s) included, is refused.

Every document (agenda, draft and published minutes) is PDF/A-3a and PDF/UA-1: tagged with
its logical structure (headings, lists, tables whose cells name their header cells, in
reading order), fonts embedded (WeasyPrint always embeds its font subsets), an sRGB output
intent, the title shown in the viewer's window, and XMP metadata with the title and author
from the HTML's ``<title>`` and ``<meta name=author>``, the language from ``<html lang>``
(as ``/Lang`` in the catalog and ``dc:language`` in the XMP) and the PDF/UA identification.
Tests check them with ``page`` (a PDF/A and PDF/UA validator).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from flask import render_template
from markupsafe import Markup

from ..i18n import force_locale

log = logging.getLogger(__name__)

#: The base URL documents are rendered against: "/static/css/print.css" resolves to it.
DOCUMENT_ORIGIN = "https://documents.invalid/"


class RefusedURL(ValueError):
    """A document asked for something outside our static files."""


def render_html(template: str, context: dict[str, Any], lang: str) -> str:
    """The document's HTML, rendered in ``lang``."""
    with force_locale(lang):
        return render_template(template, lang=lang, **context)


def render_pdf(template: str, context: dict[str, Any], lang: str) -> bytes:
    """Render ``template`` (under templates/print/) with ``context`` in ``lang`` as PDF bytes."""
    return render_document(template, context, lang).data


#: The PDF/A flavour of archival copies: part 3, level A (accessible: tagged, with the
#: logical structure and reading order), which is also declared PDF/UA-1.
ARCHIVAL_VARIANT = "pdf/a-3a"
#: WeasyPrint lays pages out in CSS pixels (96 per inch); PDF user space has 72 per inch.
_POINTS_PER_PIXEL = 0.75

#: A box on a page in PDF user space: (left, bottom, right, top) in points.
Box = tuple[float, float, float, float]


@dataclass
class RenderedPdf:
    data: bytes
    #: Where each element with an ``id`` landed: id → (page index, box in points).
    anchors: dict[str, tuple[int, Box]] = field(default_factory=dict)
    page_count: int = 0


def render_document(template: str, context: dict[str, Any], lang: str) -> RenderedPdf:
    """Render ``template`` in ``lang`` as PDF/A-3a and PDF/UA-1 (see the module's notes).

    Also reports where the elements with an ``id`` were placed, so that a signature field
    can be put exactly over the box the template left for it.
    """
    # WeasyPrint is loaded where documents are made (the worker), not by every app server.
    from weasyprint import HTML

    from .weasy import ArchivalMetadata, static_fetcher

    html = render_html(template, context, lang)
    options: dict[str, Any] = {"pdf_variant": ARCHIVAL_VARIANT}
    document = HTML(string=html, base_url=DOCUMENT_ORIGIN, url_fetcher=static_fetcher()).render(
        **options
    )
    document.metadata = ArchivalMetadata(**vars(document.metadata))
    anchors: dict[str, tuple[int, Box]] = {}
    for index, page in enumerate(document.pages):
        height = page.height
        for name, (x1, y1, x2, y2) in page.anchors.items():
            anchors.setdefault(
                name,
                (
                    index,
                    (
                        x1 * _POINTS_PER_PIXEL,
                        (height - y2) * _POINTS_PER_PIXEL,
                        x2 * _POINTS_PER_PIXEL,
                        (height - y1) * _POINTS_PER_PIXEL,
                    ),
                ),
            )
    return RenderedPdf(document.write_pdf(**options), anchors, len(document.pages))


def css_string(value: object) -> Markup:
    """Template filter for print templates that put translated words into CSS (page
    footers): ``value`` as a quoted CSS string, e.g. for ``content:`` in @page rules."""

    def escape(match: re.Match[str]) -> str:
        return f"\\{ord(match.group()):x} "

    # Every character that could end the string or the style element is escaped above.
    return Markup('"' + re.sub(r'["\\<>&\n\r]', escape, str(value)) + '"')  # noqa: S704
