"""Archival (PDF/A) rendering, element boxes for signature fields, and CSS strings."""

from __future__ import annotations

import io

from pypdf import PdfReader

from meetings.documents.pdf import css_string, render_document

from .test_pdf import _document


def test_render_document_archival_is_pdf_a_3b_in_the_documents_language(app):
    with app.test_request_context():
        rendered = render_document(
            "print/agenda.html", {"doc": _document(["Úvod"])}, "cs", archival=True
        )
    reader = PdfReader(io.BytesIO(rendered.data))

    assert (reader.xmp_metadata.pdfaid_part, reader.xmp_metadata.pdfaid_conformance) == ("3", "B")
    assert reader.xmp_metadata.dc_language == ["cs"]
    assert reader.trailer["/Root"]["/Lang"] == "cs"
    assert reader.pdf_header == "%PDF-1.7"


def test_render_document_plain_has_no_pdf_a_metadata(app):
    with app.test_request_context():
        rendered = render_document("print/agenda.html", {"doc": _document(["Úvod"])}, "cs")

    assert PdfReader(io.BytesIO(rendered.data)).xmp_metadata is None
    assert rendered.page_count == 1


def test_css_string_quotes_and_escapes():
    assert css_string('Strana "1" \\ <b>') == '"Strana \\22 1\\22  \\5c  \\3c b\\3e "'
    assert css_string("Oldal") == '"Oldal"'
