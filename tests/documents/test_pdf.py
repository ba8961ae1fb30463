"""PDF rendering: the restricted URL fetcher, fonts and the agenda document."""

from __future__ import annotations

import io
import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.request import ProxyHandler, build_opener

import pytest
from flask_babel import gettext
from pypdf import PdfReader

from meetings.agenda.models import AgendaItem
from meetings.documents.pdf import DOCUMENT_ORIGIN, RefusedURL, render_pdf
from meetings.documents.weasy import StaticFilesFetcher
from meetings.extensions import db
from meetings.i18n import force_locale
from meetings.scheduling.enums import MeetingStatus

from .. import factories
from ..conftest import get_document

#: A real 1×1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082"
)


@dataclass
class ImageServer:
    """A web server on a free local port that serves a PNG at every path and records the
    paths it was asked for."""

    url: str
    requests: list[str] = field(default_factory=list)

    def get(self, path: str) -> bytes:
        """Ask it directly (no proxy), to show that it does answer."""
        with build_opener(ProxyHandler({})).open(self.url + path, timeout=30) as response:
            return response.read()


@pytest.fixture
def image_server() -> Iterator[ImageServer]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            served.requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(PNG)))
            self.end_headers()
            self.wfile.write(PNG)

        def log_message(self, *args):  # keep the test output quiet
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    served = ImageServer(f"http://127.0.0.1:{httpd.server_address[1]}")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


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


def test_render_pdf_ignores_an_image_from_the_internet(app, people, login_as, image_server, caplog):
    """Minutes text is Markdown: an image in it reaches WeasyPrint as ``<img src>``. The
    fetcher refuses the address, so the server never hears of it, and the PDF still renders
    (without the picture)."""
    meeting = factories.make_meeting(
        people.group,
        starts_at=factories.local_time("Europe/Prague", 2018, 3, 20, 10),
        status=MeetingStatus.HELD,
        title="10. setkání Odborné pracovní skupiny Sociální služby",
    )
    item = AgendaItem(meeting=meeting, position=0, title="Zajištění prostor")
    db.session.add(item)
    db.session.flush()
    client = login_as(people.assistant)
    url = f"/meetings/{meeting.id}/minutes"
    # The server answers with a real PNG to anyone who asks (here: the test itself, once).
    assert image_server.get("/plan.png") == PNG
    image_server.requests.clear()

    saved = client.post(
        f"{url}/edit",
        data={
            "version": "0",
            f"item-{item.id}": f"Plán sálu: ![plán]({image_server.url}/plan.png) v příloze.",
        },
    )
    with caplog.at_level(logging.WARNING):
        response = get_document(client, f"{url}.pdf")
    reader = PdfReader(io.BytesIO(response.data))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))

    assert (saved.status_code, saved.location) == (302, f"{url}/edit")
    assert (response.status_code, response.mimetype) == (200, "application/pdf")
    # The server got no request and nothing was embedded ...
    assert image_server.requests == []
    assert [image for page in reader.pages for image in page.images] == []
    # ... because the picture did reach WeasyPrint, whose fetcher refused it.
    assert f"document asked for {image_server.url}/plan.png: refused" in caplog.messages
    assert "Plán sálu:" in text and "v příloze." in text
    assert "Zajištění prostor" in text


def test_render_pdf_prints_html_in_an_agenda_title_as_text(app, image_server):
    """Titles are plain text: an ``<img>`` typed into one is printed, never loaded."""
    title = f'<img src="{image_server.url}/logo.png">'
    with app.test_request_context():
        pdf = render_pdf("print/agenda.html", {"doc": _document([title])}, "en")
    reader = PdfReader(io.BytesIO(pdf))

    assert title in reader.pages[0].extract_text()
    assert image_server.requests == []
    assert list(reader.pages[0].images) == []


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


def test_an_items_markdown_description_is_rendered_not_shown_raw(app):
    from meetings.agenda.services import DocumentItem
    from meetings.documents.pdf import render_pdf

    document = _document(["Úvod"])
    document.items[0] = DocumentItem(
        "1.",
        "Úvod",
        "10:00",
        "",
        None,
        "",
        "Podklady: [pozvánka na kulatý stůl](https://example.org/pozvanka.pdf)\n\n"
        "- **dotace** 2018",
    )
    with app.test_request_context():
        data = render_pdf("print/agenda.html", {"doc": document}, "cs")
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(reader.pages[0].extract_text().split())
    links = [a.get_object()["/A"]["/URI"] for a in reader.pages[0].get("/Annots", [])]

    assert "Podklady: pozvánka na kulatý stůl" in text
    assert "[pozvánka" not in text and "**" not in text
    assert "https://example.org/pozvanka.pdf" in links
