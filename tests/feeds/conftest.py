"""Calendar feeds: helpers to fetch a feed and read it back with icalendar."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from meetings.ical import services as feed_services


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def feed_path(owner) -> str:
    """The secret address (path) of a person's or a group's feed, made if missing."""
    return f"/calendar/feeds/{feed_services.ensure_feed(owner).token}.ics"


def read(response) -> Calendar:
    assert response.status_code == 200, response.status_code
    return Calendar.from_ical(response.data)


def uids(calendar: Calendar) -> set[str]:
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


def statuses(calendar: Calendar) -> dict[str, str]:
    return {str(event["UID"]): str(event["STATUS"]) for event in calendar.walk("VEVENT")}
