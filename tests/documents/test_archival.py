"""Every document is PDF/A-3a and PDF/UA-1 (tagged, accessible), as the validator ``page``
finds it; element boxes for signature fields, and CSS strings."""

from __future__ import annotations

import io

import page
from pypdf import PdfReader

from meetings.documents.pdf import css_string, render_document

from .test_pdf import _document


def conformance_failures(data: bytes) -> dict[str, list[str]]:
    """The rules each profile finds broken: PDF/A-3a (archival and tagged), PDF/UA-1."""
    return {
        profile: [
            f"{f.rule_id}: {f.message}"
            for f in page.validate_pdf_bytes(data, profile=profile).failures
        ]
        for profile in ("3a", "ua1")
    }


def test_a_document_is_pdf_a_3a_and_pdf_ua_1_in_its_language(app):
    with app.test_request_context():
        rendered = render_document("print/agenda.html", {"doc": _document(["Úvod"])}, "cs")
    reader = PdfReader(io.BytesIO(rendered.data))
    catalog = reader.trailer["/Root"]

    assert conformance_failures(rendered.data) == {"3a": [], "ua1": []}
    assert (reader.xmp_metadata.pdfaid_part, reader.xmp_metadata.pdfaid_conformance) == ("3", "A")
    assert reader.xmp_metadata.dc_language == ["cs"]
    assert catalog["/Lang"] == "cs"
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.pdf_header == "%PDF-1.7"
    assert rendered.page_count == 1


def test_css_string_quotes_and_escapes():
    assert css_string('Strana "1" \\ <b>') == '"Strana \\22 1\\22  \\5c  \\3c b\\3e "'
    assert css_string("Oldal") == '"Oldal"'


def test_a_stream_ending_in_a_carriage_return_keeps_its_length_unambiguous():
    """One compressed stream in 256 ends with a CR (the checksum's last byte): the end of
    line before ``endstream`` must then be CRLF, or validators count the CR as part of it."""
    import random
    import zlib

    import pydyf

    import meetings.documents.weasy  # noqa: F401  (documents are written through it)

    chance = random.Random(1)
    content = next(
        text
        for text in (
            f"BT 72 {n} Td (Zápis {chance.random()}) Tj ET".encode() for n in range(100_000)
        )
        if zlib.compress(text, 9).endswith(b"\r")
    )

    written = pydyf.Stream([content], compress=True).data
    payload = written[written.index(b"stream\n") + len(b"stream\n") :]

    assert written.endswith(b"\r\r\nendstream")
    assert zlib.decompress(payload[: -len(b"\r\nendstream")]) == content


def test_a_signed_copy_keeps_stream_lengths_unambiguous_too(app):
    """pyHanko writes the signature's streams (the stamp's font subset, its appearance) the
    way pydyf does: a stream whose data ends with a CR keeps its /Length readable there."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    from meetings.documents.signing import _end_streams_unambiguously

    _end_streams_unambiguously()
    with app.test_request_context():
        rendered = render_document("print/agenda.html", {"doc": _document(["Úvod"])}, "cs")
    writer = IncrementalPdfFileWriter(io.BytesIO(rendered.data))
    writer._update_meta = lambda: None  # the document's XMP stays ours, as when signing
    writer.add_object(generic.StreamObject(stream_data=b"Zapsala\r"))
    out = io.BytesIO()
    writer.write(out)

    assert b"Zapsala\r\r\nendstream" in out.getvalue()
    assert conformance_failures(out.getvalue()) == {"3a": [], "ua1": []}
