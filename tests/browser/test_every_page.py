"""Every page the demo accounts reach, as a browser shows it: axe-core finds no serious or
critical WCAG 2.1 A/AA violation at 1280 px nor on a phone, no page is wider than a
phone's screen (WCAG 1.4.10, reflow: nothing scrolls sideways at 320 CSS px, which
covers the common 375 px), and no page names a time zone by its id ("Europe/Prague").

The pages are found as a person finds them: by following the links of each page, from
the home page and the dashboard, for a visitor and for each demo account. Pages that
differ only by an id (two meetings, two groups) are one kind of page: the first found is
checked. Downloads (PDF, iCalendar, CSV) and signing out are not followed.
"""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import sign_in

AXE = Path(__file__).resolve().parents[1] / "js" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
#: WCAG's reflow width: the narrowest phones, and desktop zoomed to 400 %.
PHONE = {"width": 320, "height": 740}
#: Pages of one account at most (there are fewer kinds of page than this).
LIMIT = 80
#: Not pages: downloads, feeds, signing out, the files behind the pages.
NOT_PAGES = re.compile(
    r"(\.(pdf|ics|csv|xlsx|zip|svg|png|css|js)$)|^/(static|calendar/feeds)/|/sign-out$|/download"
    r"|/attendance-sheet/signed$|^/api/v1/(?!docs$)"
)

ACCOUNTS = [
    None,  # a visitor
    "admin@demo.example",
    "assistant@demo.example",
    "chair@demo.example",
    "member@demo.example",
    "tag@demo.example",
]

_RUN_AXE = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    resultTypes: ["violations"],
  });
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + " (" + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ") + ")");
}"""

_TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const wide = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      const name = element.tagName.toLowerCase()
        + (element.id ? "#" + element.id : "")
        + (element.classList.length ? "." + [...element.classList].join(".") : "");
      wide.push(name + " " + Math.round(box.right) + "px");
      if (wide.length === 4) break;
    }
  }
  return [document.documentElement.scrollWidth + "px wide", ...wide];
}"""


def _kind_of_page(path: str) -> str:
    """/meetings/113/minutes → /meetings/#/minutes: pages that differ by ids only."""
    parts = urlsplit(path)
    kind = re.sub(r"/\d+(?=/|$)", "/#", parts.path)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return kind + ("?" + "&".join(keys) if keys else "")


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not NOT_PAGES.search(parts.path):
            found.append(path)
    return found


#: A raw zone id where people read a place: "Europe/Prague" instead of "Praha".
ZONE_ID = re.compile(
    r"\b(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Z]\w+"
)


def _check(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    problems = [f"axe at 1280 px: {v}" for v in page.evaluate(_RUN_AXE)]
    problems += [f"zone id in the text: {z}" for z in ZONE_ID.findall(page.inner_text("body"))]
    page.set_viewport_size(PHONE)
    problems += [f"axe at {PHONE['width']} px: {v}" for v in page.evaluate(_RUN_AXE)]
    wide = page.evaluate(_TOO_WIDE)
    if wide:
        problems.append(f"wider than {PHONE['width']} px: " + ", ".join(wide))
    page.set_viewport_size(DESKTOP)
    return problems


@pytest.mark.parametrize("account", ACCOUNTS, ids=lambda a: a or "visitor")
def test_every_page_is_accessible_and_fits_a_phone(browser, live_server, account):
    assert AXE.exists(), "axe-core is missing: npm ci --prefix tests/js"
    # axe is injected as a script: the pages' Content-Security-Policy would refuse it.
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=DESKTOP, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        if account:
            sign_in(page, account)
        origin = live_server.url.rstrip("/")
        queue = deque(["/", "/dashboard", "/no-such-page"])
        seen: set[str] = set()
        problems: dict[str, list[str]] = {}
        checked = 0
        while queue and checked < LIMIT:
            path = queue.popleft()
            kind = _kind_of_page(path)
            if kind in seen:
                continue
            seen.add(kind)
            response = page.goto(path)
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            checked += 1
            found = _check(page)
            if found:
                problems[f"{path} ({response.status})"] = found
            queue.extend(_links(page, origin))
    finally:
        context.close()

    assert checked > (1 if account is None else 10)
    assert problems == {}, "\n".join(
        f"{path}:\n  " + "\n  ".join(found) for path, found in problems.items()
    )
