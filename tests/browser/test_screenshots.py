"""The main journeys as people see them, at a desktop's and a phone's width, from the demo
data: the chair's day on her dashboard, a meeting with its agenda, and the published
minutes. Each screenshot shows the page at the screen's width (nothing cut off at the
side) with the page's own heading in it.

With ``UPDATE_SCREENSHOTS=1`` (``make screenshots``) they replace the copies in
``docs/screenshots/`` that the README shows; otherwise they are written to a temporary
folder, so that a test run leaves the working tree as it was.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from .conftest import sign_in, use_language

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"desktop": (1280, 800), "phone": (375, 740)}
TENTH = "10. setkání Odborné pracovní skupiny Sociální služby"


def _dashboard(page) -> str:
    sign_in(page, "chair@demo.example")
    use_language(page, "en")
    page.goto("/dashboard")
    return "Welcome, Jana Dvořáková"


def _meeting(page) -> str:
    sign_in(page, "assistant@demo.example")
    use_language(page, "cs")  # the group's; other journeys may have changed the account's
    page.goto("/groups/pzlk-socialni-sluzby")
    page.get_by_role("link", name=re.compile("^10. setkání")).first.click()
    return TENTH


def _minutes(page) -> str:
    sign_in(page, "member@demo.example")
    use_language(page, "cs")
    page.goto("/groups/pzlk-socialni-sluzby")
    page.get_by_role("link", name=re.compile("^10. setkání")).first.click()
    page.locator("main a[href$='/minutes']").first.click()
    return "Zápis z jednání"


JOURNEYS = {"dashboard": _dashboard, "meeting": _meeting, "minutes": _minutes}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        return DOCS
    return tmp_path_factory.mktemp("screenshots")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("journey", JOURNEYS)
def test_screenshot_of_each_journey(browser, live_server, folder, journey, width):
    viewport_width, height = WIDTHS[width]
    context = browser.new_context(
        base_url=live_server.url,
        locale="cs-CZ",
        viewport={"width": viewport_width, "height": height},
        device_scale_factor=1,
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        heading = JOURNEYS[journey](page)
        expect(page.locator("main h1").first).to_contain_text(heading)
        png = page.screenshot(full_page=True)
    finally:
        context.close()
    (folder / f"{journey}-{width}.png").write_bytes(png)

    image = Image.open(io.BytesIO(png))
    assert image.width == viewport_width  # the page is no wider than the screen
    assert image.height >= height / 2
