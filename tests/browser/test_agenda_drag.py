"""The demo assistant reorders an agenda by drag and drop (JavaScript on)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from meetings.agenda.models import AgendaItem
from meetings.db import writer_transactions
from meetings.extensions import db
from meetings.models import Meeting, WorkingGroup

from .conftest import sign_in

pytestmark = pytest.mark.browser


def _meeting_with_items(app, titles) -> int:
    with app.app_context(), writer_transactions():
        group = db.session.scalars(
            select(WorkingGroup).where(WorkingGroup.slug == "pzlk-socialni-sluzby")
        ).one()
        starts = dt.datetime(2031, 5, 6, 8, tzinfo=dt.UTC)
        meeting = Meeting(
            group=group,
            title="Drag and drop journey",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            timezone=group.timezone,
        )
        db.session.add(meeting)
        for position, title in enumerate(titles):
            db.session.add(
                AgendaItem(meeting=meeting, position=position, title=title, duration_minutes=20)
            )
        db.session.commit()
        return meeting.id


ROWS = "ol.agenda-builder[data-order-url] > li"
TITLES = f"{ROWS} > .agenda-row-main .agenda-title"


def _titles(page) -> list[str]:
    return page.locator(TITLES).all_inner_texts()


def test_assistant_drags_the_last_item_to_the_top(page, live_server, tmp_path):
    meeting_id = _meeting_with_items(live_server.app, ["Úvod", "Diskuse", "Závěr"])
    sign_in(page, "assistant@demo.example")
    page.goto(f"/meetings/{meeting_id}/agenda")
    rows = page.locator("ol.agenda-builder[data-order-url] > li")

    rows.nth(2).drag_to(rows.nth(0), target_position={"x": 40, "y": 4})

    # The page reloads with the order and the times computed on the server.
    expect(page.locator(TITLES)).to_have_text(["Závěr", "Úvod", "Diskuse"])
    expect(page.locator(f"{ROWS} > .agenda-row-main time")).to_have_text(
        ["10:00", "10:20", "10:40"]
    )
    # For a person to look at (not checked); in the test's own folder, as two runs at once
    # would overwrite one file in /tmp.
    page.screenshot(path=str(tmp_path / "agenda-builder-after-drag.png"), full_page=True)


def test_move_buttons_work_without_javascript(browser, live_server):
    meeting_id = _meeting_with_items(live_server.app, ["Úvod", "Diskuse"])
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    try:
        sign_in(page, "assistant@demo.example")
        page.goto(f"/meetings/{meeting_id}/agenda")
        second = page.locator("ol.agenda-builder[data-order-url] > li").nth(1)
        second.locator("details.overflow-menu > summary").first.click()  # "More", no script
        second.locator("form:has(input[name=direction][value=up]) button").click()

        assert _titles(page) == ["Diskuse", "Úvod"]
        assert page.url.endswith(
            f"/meetings/{meeting_id}/agenda#item-{_id(live_server.app, 'Diskuse', meeting_id)}"
        )
    finally:
        context.close()


def _id(app, title, meeting_id) -> int:
    with app.app_context(), writer_transactions():
        return db.session.scalars(
            select(AgendaItem.id).where(
                AgendaItem.meeting_id == meeting_id, AgendaItem.title == title
            )
        ).one()
