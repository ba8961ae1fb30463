"""PDF rendering: the restricted URL fetcher, fonts and the agenda document."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from flask_babel import gettext
from pypdf import PdfReader

from meetings.documents.pdf import DOCUMENT_ORIGIN, RefusedURL, StaticFilesFetcher, render_pdf
from meetings.i18n import force_locale


@pytest.fixture
def fetcher(app) -> StaticFilesFetcher:
    return StaticFilesFetcher(app.static_folder)


def test_fetcher_serves_our_static_stylesheet(app, fetcher):
    response = fetcher.fetch(DOCUMENT_ORIGIN + "static/css/print.css")

    assert response.content_type == "text/css"
    assert response.read() == (Path(app.static_folder) / "css" / "print.css").read_bytes()


def test_fetcher_serves_a_file_url_inside_static(app, fetcher):
    url = (Path(app.static_folder) / "css" / "print.css").resolve().as_uri()

    assert fetcher.fetch(url).content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/logo.png",
        "http://127.0.0.1:5000/static/css/app.css",
        "file:///etc/passwd",
        DOCUMENT_ORIGIN + "static/../meetings/config.py",
        DOCUMENT_ORIGIN + "static/%2e%2e/%2e%2e/etc/passwd",
        DOCUMENT_ORIGIN + "uploads/ab/secret",
        "data:text/css,body{}",
        "ftp://example.org/x.css",
    ],
)
def test_fetcher_refuses_everything_else(fetcher, url):
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)


def test_render_pdf_is_a4_with_page_numbers_and_czech_letters(app):
    with app.test_request_context():
        pdf = render_pdf(
            "print/agenda.html",
            {"doc": _document(["Přípravné setkání: č, ř, ő, ū, ā"])},
            "cs",
        )
        with force_locale("cs"):
            page_word = gettext("Page")

    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    text = re.sub(r"\s+", " ", page.extract_text())
    fonts = {
        str(f["/BaseFont"])
        for f in page["/Resources"]["/Font"].values()
        if "/BaseFont" in f.get_object()
    }
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert "Přípravné setkání: č, ř, ő, ū, ā" in text
    assert f"{page_word} 1 / 1" in text
    assert {f.split("+", 1)[1] for f in fonts} == {"DejaVu-Sans", "DejaVu-Sans-Bold"}


def test_render_pdf_ignores_an_image_from_the_internet(app):
    with app.test_request_context():
        pdf = render_pdf(
            "print/agenda.html",
            {"doc": _document(['<img src="https://example.org/x.png">'])},
            "en",
        )

    assert pdf.startswith(b"%PDF-")


def _document(titles):
    from meetings.agenda.services import AgendaDocument, DocumentItem

    return AgendaDocument(
        lang="cs",
        group_name="Sociální služby",
        number="10.",
        title="10. setkání",
        date="20. března 2018",
        time="10:00–12:00",
        venue_name="ANNOLK",
        venue_address="U Nisy 362/6, 460 01 Liberec",
        room="",
        online_url="",
        is_joint=False,
        groups=["Sociální služby"],
        is_draft=False,
        items=[
            DocumentItem(f"{n + 1}.", t, "10:00", "", None, "", "") for n, t in enumerate(titles)
        ],
        ends="",
    )
