"""Reading the search page as a person does: the results of each kind, with their titles,
snippets (the HTML, to see the highlighting) and links."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import lxml.html
import pytest


@dataclass
class Hit:
    kind: str
    title: str
    #: The snippet's HTML (matches in <mark>), "" when it has none.
    snippet: str
    #: The title's HTML.
    title_html: str
    href: str
    meta: str


@dataclass
class Page:
    status: int
    html: str
    hits: list[Hit]
    #: The kinds' links with their counts, e.g. {"Agenda items": 2}.
    counts: dict[str, int]
    total: str

    def titles(self, kind: str | None = None) -> list[str]:
        return [h.title for h in self.hits if kind is None or h.kind == kind]

    def kinds(self) -> set[str]:
        return {h.kind for h in self.hits}


def _inner_html(element) -> str:
    text = element.text or ""
    return (
        text + "".join(lxml.html.tostring(child, encoding="unicode") for child in element)
    ).strip()


def _find(element, tag: str, css_class: str) -> list:
    return element.xpath(
        f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {css_class} ')]"
    )


def read_page(response) -> Page:
    html = response.get_data(as_text=True)
    document = lxml.html.fromstring(html)
    hits = []
    for section in _find(document, "section", "search-section"):
        kind = section.get("id").removeprefix("results-")
        for item in _find(section, "li", "search-hit"):
            link = _find(item, "a", "search-hit-title")[0]
            snippet = _find(item, "p", "search-snippet")
            meta = _find(item, "p", "meta")
            hits.append(
                Hit(
                    kind=kind,
                    title=link.text_content().strip(),
                    snippet=_inner_html(snippet[0]) if snippet else "",
                    title_html=_inner_html(link),
                    href=link.get("href"),
                    meta=meta[0].text_content().strip() if meta else "",
                )
            )
    counts = {}
    for nav in _find(document, "nav", "search-kinds"):
        for link in nav.xpath(".//a"):
            label, _, number = link.text_content().strip().rpartition(" (")
            counts[label] = int(number.rstrip(")"))
    total = _find(document, "p", "search-total")
    return Page(response.status_code, html, hits, counts, total[0].text_content() if total else "")


@pytest.fixture
def search_as(login_as):
    """Search as a person: ``search_as(user, "kulateho stolu", kind=…, page=…)``."""

    def run(user, text: str, **filters) -> Page:
        client = login_as(user)
        return read_page(client.get("/search?" + urlencode({"q": text, **filters})))

    return run
