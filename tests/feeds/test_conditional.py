"""Feeds answer conditional requests: 304 while nothing changed, the new feed after."""

from __future__ import annotations

import datetime as dt

from meetings.extensions import db

from .. import factories
from .conftest import feed_path, now


def test_feed_conditional_get_with_the_etag_returns_304(people, client):
    factories.make_meeting(people.group, now() + dt.timedelta(days=3))
    path = feed_path(people.member)
    first = client.get(path)

    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})

    assert (again.status_code, again.data) == (304, b"")
    assert again.headers["ETag"] == first.headers["ETag"]


def test_feed_etag_is_stable_while_nothing_changes(people, client):
    factories.make_meeting(people.group, now() + dt.timedelta(days=3))
    path = feed_path(people.member)

    first, second = client.get(path), client.get(path)

    assert (first.headers["ETag"], first.data) == (second.headers["ETag"], second.data)


def test_feed_changed_meeting_gives_a_new_etag_and_200(people, client):
    meeting = factories.make_meeting(people.group, now() + dt.timedelta(days=3))
    path = feed_path(people.member)
    first = client.get(path)

    meeting.room = "zasedací místnost 326a"
    meeting.updated_at = now() + dt.timedelta(seconds=5)
    db.session.flush()
    changed = client.get(path, headers={"If-None-Match": first.headers["ETag"]})

    assert changed.status_code == 200
    assert changed.headers["ETag"] != first.headers["ETag"]
    assert "zasedací místnost 326a" in changed.data.replace(b"\r\n ", b"").decode()


def test_feed_if_modified_since_the_last_change_returns_304(people, client):
    factories.make_meeting(people.group, now() + dt.timedelta(days=3))
    path = feed_path(people.member)
    first = client.get(path)

    again = client.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]})

    assert again.status_code == 304


def test_feed_last_modified_is_the_latest_change_of_its_meetings(people, client):
    meeting = factories.make_meeting(people.group, now() + dt.timedelta(days=3))
    meeting.updated_at = dt.datetime(2031, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    db.session.flush()

    response = client.get(feed_path(people.member))

    assert response.headers["Last-Modified"] == "Mon, 03 Feb 2031 04:05:06 GMT"


def test_public_feed_conditional_get_returns_304(people, client):
    group = factories.make_group("Open", slug="open", is_public=True)
    factories.make_meeting(group, now() + dt.timedelta(days=3))
    first = client.get("/groups/open/calendar.ics")

    again = client.get(
        "/groups/open/calendar.ics", headers={"If-None-Match": first.headers["ETag"]}
    )

    assert (first.status_code, again.status_code) == (200, 304)
    assert first.headers["Cache-Control"] == "public, max-age=900"
