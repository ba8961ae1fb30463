"""Issue 4 acceptance: the demo assistant recreates the 10th Liberec meeting from seed 001
in the browser, without JavaScript: date, venue and room, the six agenda items with the
a)–e) topics, durations, a reordering with the buttons, publishing; the timetable shows
the computed start times."""

from __future__ import annotations

import io
import re
import time

from playwright.sync_api import expect
from pypdf import PdfReader

from .conftest import sign_in, use_language

GROUP = "Odborná pracovní skupina Sociální služby"
ITEMS = [
    "Příprava rozšířeného jednání pracovní skupiny na téma „Sociální podnikání v Libereckém kraji“",
    "Stanovení odborného obsahu rozšířeného setkání skupiny",
    "Zajištění příkladů dobré praxe z jiných krajů a ze zahraničí",
    "Výběr účastníků rozšířeného setkání",
    "Zajištění prostor pro přípravné jednání",
    "Přípravné setkání se zástupci Libereckého kraje",
]
TOPICS = [
    "Zahájení kulatého stolu, aktuální informace k tématu sociálního podnikání",
    "Sociální ekonomika v ČR a krajské sociální podniky",
    "Sociálně podnikatelská platforma ANNOLK s Platformou NNO",
    "Filantropická burza v Libereckém kraji",
    "Cíle rozvoje a podpory sociálního podnikání 2018–2020",
]
DURATIONS = [20, 30, 15, 15, 10, 20]


def _add_item(page, title: str, minutes: int | None, parent: str | None = None) -> None:
    form = page.locator("form", has=page.get_by_role("button", name="Add the item"))
    form.get_by_label("Title").fill(title)
    if parent:
        form.get_by_label("Position").select_option(label=parent)
    if minutes is not None:
        form.get_by_label("Planned duration (minutes)").fill(str(minutes))
    form.get_by_role("button", name="Add the item").click()


def test_assistant_recreates_tenth_meeting_without_javascript(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    sign_in(page, "assistant@demo.example")
    use_language(page, "en")

    page.get_by_role("link", name="Groups", exact=True).click()
    page.get_by_role("link", name=GROUP).first.click()
    page.get_by_role("link", name="New meeting").click()
    page.get_by_label("Title").fill("10. setkání Odborné pracovní skupiny Sociální služby")
    page.get_by_label("Date", exact=True).fill("2018-03-20")
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("12:00")
    venue = page.get_by_label("Venue")
    annolk = venue.locator("option", has_text="ANNOLK").first.get_attribute("value")
    venue.select_option(annolk)
    page.get_by_label("Room").fill("zasedací místnost 2. patro")
    page.get_by_role("button", name="Save as draft").click()

    page.get_by_role("link", name=re.compile("agenda", re.I)).first.click()
    for title, minutes in zip(ITEMS, DURATIONS, strict=True):
        _add_item(page, title, minutes)
    parent_label = page.get_by_label("Position").locator("option", has_text=ITEMS[1][:30])
    parent = parent_label.first.inner_text()
    for topic in TOPICS:
        _add_item(page, topic, 6, parent=parent)

    # Items 4 and 5 change places: "move up" on item 5, a plain form post.
    page.locator("summary", has_text=re.compile(r"More: 5\. ")).click()
    page.get_by_role("button", name=re.compile(r"Move up: 5\. ")).click()
    page.get_by_role("button", name="Publish now").click()
    expect(page.get_by_text("The agenda has been published.")).to_be_visible()

    page.goto(page.url.split("/agenda")[0])
    agenda = page.locator("main").inner_text()
    positions = [agenda.find(t) for t in [ITEMS[0], ITEMS[1], ITEMS[2], ITEMS[4], ITEMS[3]]]
    assert -1 not in positions
    assert positions == sorted(positions)
    for topic in TOPICS:
        assert topic in agenda
    # The timetable from 10:00: 20 + 30 + 15 minutes, then the moved item 4 (10 min).
    for start in ("10:00", "10:20", "10:50", "11:05", "11:15"):
        assert start in agenda
    assert "ANNOLK" in agenda
    assert "zasedací místnost 2. patro" in agenda

    # The meeting leaves draft and gets the group's next number.
    page.get_by_role("button", name="Schedule").click()
    expect(page.locator(".badge", has_text="Scheduled")).to_have_count(1)

    # The agenda PDF, as a member would download it, holds the items in published order.
    # The first request finds it being prepared by the worker; the waiting page reloads
    # itself until it is there.
    pdf_url = page.url.rstrip("/") + "/agenda.pdf"
    page.goto(pdf_url)
    expect(page.get_by_role("heading", name="The document is being prepared")).to_be_visible()
    assert page.locator('meta[http-equiv="refresh"]').get_attribute("content") == "2"
    pdf = page.request.get(pdf_url)
    deadline = time.monotonic() + 120  # a safety net: rendering is slow on a busy machine
    while pdf.status == 202 and time.monotonic() < deadline:
        page.wait_for_timeout(200)  # polling the worker's result, as the page does
        pdf = page.request.get(pdf_url)
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.body())).pages
    )
    assert GROUP in text
    assert "U Nisy 362/6" in text
    found = [text.find(" ".join(t.split())) for t in [ITEMS[0], ITEMS[1], ITEMS[2], ITEMS[4]]]
    assert -1 not in found
    assert found == sorted(found)
    context.close()
