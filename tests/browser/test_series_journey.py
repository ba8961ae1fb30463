"""Series in the browser: the demo assistant moves the last two meetings of the Liberec
monthly series to the afternoon with "this meeting and all following ones", then cancels
the last one; the demo member receives one calendar update for the two meetings (two
RECURRENCE-IDs) and then one cancellation (live server's SMTP server)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from icalendar import Calendar
from playwright.sync_api import expect
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import MeetingSeries, WorkingGroup

from .conftest import sign_in, use_language, wait_until

PRAGUE = ZoneInfo("Europe/Prague")


def _calendar(message) -> Calendar:
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_payload(decode=True))


def _to_member(messages) -> list:
    return [m for m in messages if m["To"].addresses[0].addr_spec == "member@demo.example"]


def _last_two_titles(app) -> tuple[str, str]:
    """The titles of the Liberec series' last two meetings as they are now: their numbers
    follow the dates of the group's meetings, which other journeys may have scheduled."""
    with app.app_context():
        series = db.session.scalars(
            select(MeetingSeries)
            .join(MeetingSeries.group)
            .where(WorkingGroup.slug == "pzlk-socialni-sluzby")
        ).one()
        last = sorted(series.meetings, key=lambda m: m.recurrence_at)[-2:]
        return last[0].title, last[1].title


def _member_mail_after(mail, count: int) -> list:
    """The member's messages after the first ``count``, once there is one more (the live
    server's worker delivers them)."""
    return wait_until(
        lambda: _to_member(list(mail.messages))[count:], what="no message to the member"
    )


def test_assistant_moves_the_following_meetings_of_a_series_and_cancels_the_last(
    browser, live_server
):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, "assistant@demo.example")
    use_language(page, "en")
    mail = live_server.mail
    before = len(_to_member(mail.messages))
    second_to_last, last = _last_two_titles(live_server.app)

    page.goto("/calendar")
    page.get_by_role("link", name=second_to_last).click()
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Starts at").fill("14:00")
    page.get_by_label("Ends at").fill("16:00")
    page.get_by_label("This meeting and all following ones of the series").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text(
        "The time and place now apply to the following meetings of the series too."
    )

    page.get_by_role("link", name="Other meetings of the series").click()
    page.wait_for_url(re.compile(r"/meetings/series/\d+$"))
    expect(page.locator("main")).to_contain_text("14:00")
    update = _member_mail_after(mail, before)

    [message] = update
    instances = _calendar(message).walk("VEVENT")
    assert len(instances) == 2
    assert {e.decoded("DTSTART").astimezone(PRAGUE).time() for e in instances} == {dt.time(14)}
    assert {e.decoded("RECURRENCE-ID").astimezone(PRAGUE).time() for e in instances} == {
        dt.time(10)
    }

    page.get_by_role("link", name=last).click()
    page.get_by_role("link", name="Cancel the meeting").click()
    page.get_by_label("This meeting only").check()
    page.get_by_label("Reason for the cancellation").fill("Zasedací místnost není k dispozici.")
    page.get_by_role("button", name="Cancel the meeting").click()
    cancelled = _member_mail_after(mail, before + 1)

    [cancel] = cancelled
    assert str(_calendar(cancel)["METHOD"]) == "CANCEL"
    [instance] = _calendar(cancel).walk("VEVENT")
    assert instance.decoded("RECURRENCE-ID").astimezone(PRAGUE).time() == dt.time(10)
    expect(page.locator("main")).to_contain_text("Zasedací místnost není k dispozici.")
