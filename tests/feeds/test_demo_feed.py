"""The demo: the demo member's feed shows the demo's upcoming meetings, its monthly series
as one calendar object that expands to exactly the meetings the app lists."""

from __future__ import annotations

import datetime as dt

import recurring_ical_events
from icalendar import Calendar
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import User
from meetings.scheduling.enums import MeetingStatus
from meetings.scheduling.listings import calendar_for

from .conftest import feed_path


def test_demo_member_feed_shows_the_demos_upcoming_meetings(demo, client):
    member = db.session.scalars(select(User).where(User.email == "member@demo.example")).one()
    now = dt.datetime.now(dt.UTC)
    upcoming = [m for m in calendar_for(member).upcoming if m.status == MeetingStatus.SCHEDULED]

    response = client.get(feed_path(member))
    calendar = Calendar.from_ical(response.data)
    expanded = recurring_ical_events.of(calendar).between(now, now + dt.timedelta(days=800))
    in_feed = {
        (e.decoded("DTSTART").astimezone(dt.UTC), str(e["SUMMARY"]))
        for e in expanded
        if str(e.get("STATUS", "CONFIRMED")) != "CANCELLED"
    }
    series_masters = [e for e in calendar.walk("VEVENT") if "RRULE" in e]

    assert response.status_code == 200
    # The 13th and 14th, the series less its cancelled one, and the pact's joint meeting.
    assert len(upcoming) == 2 + 5 + 1
    assert in_feed == {(m.starts_at, m.title) for m in upcoming}
    assert "13. setkání pracovní skupiny Sociální služby" in {title for _, title in in_feed}
    # The series is one object: one master with its rule and its cancelled meeting excluded.
    [master] = series_masters
    [series] = {m.series for m in upcoming if m.series is not None}
    assert str(master["UID"]) == series.uid
    assert master.to_ical().count(b"EXDATE;") == 1
