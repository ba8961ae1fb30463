"""A newcomer signs in to the demo and finds the Liberec group and the Vas county meeting."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import sign_in, use_language


def test_assistant_sees_liberec_meetings_and_vas_meeting_in_budapest_time(page):
    sign_in(page, "assistant@demo.example")
    use_language(page, "cs")  # the demo assistant works in Czech
    nav = page.get_by_role("navigation", name="Hlavní navigace")
    nav.get_by_role("link", name="Skupiny", exact=True).click()
    page.get_by_role("link", name="Odborná pracovní skupina Sociální služby").first.click()

    meetings = page.get_by_role("table").filter(has_text="U Nisy 362/6")
    tenth = meetings.get_by_role("row").filter(has_text="10. setkání")
    eleventh = meetings.get_by_role("row").filter(has_text="11. setkání")
    expect(tenth).to_contain_text("ANNOLK, U Nisy 362/6, 460 01 Liberec")
    expect(tenth).to_contain_text("zasedací místnost 2. patro")
    expect(eleventh).to_contain_text("U Jezu 642/2a")
    expect(eleventh).to_contain_text("326a")

    nav.get_by_role("link", name="Akce", exact=True).click()
    page.get_by_role("link", name="Munkacsoport ülés – Szociális gondoskodás").first.click()
    page.wait_for_url(re.compile(r"/events/\d+$"))
    details = page.locator("main")
    expect(details).to_contain_text(re.compile(r"10:00\s*[–-]\s*12:00"))
    expect(details).to_contain_text("Budapešť")  # the zone by its city, in Czech


def test_wrong_password_gives_one_clear_message(page):
    sign_in(page, "assistant@demo.example", "not-the-password")
    expect(page.get_by_role("alert").filter(has_text="not correct")).to_have_count(1)
    expect(page.get_by_label("E-mail")).to_have_value("assistant@demo.example")
