"""The demo: the demo member's feed shows the demo's upcoming meetings."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar
from sqlalchemy import select

from meetings.demo import load_demo
from meetings.extensions import db
from meetings.models import User
from meetings.scheduling.services import calendar_for

from .conftest import feed_path


def test_demo_member_feed_shows_the_demos_upcoming_meetings(db_session, client):
    load_demo()
    member = db.session.scalars(select(User).where(User.email == "member@demo.example")).one()
    upcoming = calendar_for(member).upcoming

    response = client.get(feed_path(member))
    calendar = Calendar.from_ical(response.data)
    now = dt.datetime.now(dt.UTC)
    in_feed = {
        str(e["UID"]): str(e["SUMMARY"])
        for e in calendar.walk("VEVENT")
        if e.decoded("DTEND") >= now
    }

    assert response.status_code == 200
    assert len(upcoming) >= 1
    assert in_feed == {m.uid: m.title for m in upcoming}
    assert "13. setkání pracovní skupiny Sociální služby" in in_feed.values()
