"""A newcomer signs in to the demo and finds the Liberec group and the Vas county meeting."""

from __future__ import annotations

import re

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
    assert "ANNOLK, U Nisy 362/6, 460 01 Liberec" in tenth.inner_text()
    assert "zasedací místnost 2. patro" in tenth.inner_text()
    assert "U Jezu 642/2a" in eleventh.inner_text()
    assert "326a" in eleventh.inner_text()

    nav.get_by_role("link", name="Akce", exact=True).click()
    page.get_by_role("link", name="Munkacsoport ülés – Szociális gondoskodás").first.click()
    details = page.locator("main").inner_text()
    assert re.search(r"10:00\s*[–-]\s*12:00", details)
    assert "Budapest" in details


def test_wrong_password_gives_one_clear_message(page):
    sign_in(page, "assistant@demo.example", "not-the-password")
    assert page.get_by_role("alert").filter(has_text="not correct").count() >= 1
    assert page.get_by_label("E-mail").input_value() == "assistant@demo.example"
