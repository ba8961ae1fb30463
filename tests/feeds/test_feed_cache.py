"""Feeds are served from cached calendar entries: built once, shared by every app server
(the database, or Redis), rebuilt when what an entry shows changes; a repeat poll is
answered 304 from one aggregate query; the window is a year back and everything ahead."""

from __future__ import annotations

import datetime as dt

import pytest
import redis
from icalendar import Calendar
from sqlalchemy import func, select

from meetings.agenda.models import AgendaItem
from meetings.extensions import db
from meetings.ical import services as feed_services
from meetings.ical.cache import FORMAT_VERSION, RedisStore
from meetings.ical.models import CalendarEntry

from .. import factories
from ..conftest import count_queries
from .conftest import feed_path, now, read, uids


def _soon(days: int = 10) -> dt.datetime:
    return now().replace(microsecond=0) + dt.timedelta(days=days)


def _entries() -> int:
    return db.session.scalar(select(func.count()).select_from(CalendarEntry))


def _event(response, uid: str):
    calendar = Calendar.from_ical(response.data)
    [event] = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid]
    return event


def test_feed_entries_are_built_once_then_joined_from_the_cache(app, people, client):
    venue = factories.make_venue("ANNOLK", room="zasedací místnost 2. patro")
    for day in range(1, 6):
        factories.make_meeting(people.group, _soon(day), venue=venue)
    path = feed_path(people.member)

    with count_queries(app) as cold:
        first = client.get(path)
    stored = _entries()
    with count_queries(app) as warm:
        second = client.get(path)

    assert first.data == second.data
    assert stored == 5
    # Warm: the address, the aggregate for the ETag, the listing joined with the entries.
    assert warm.count == 3
    assert cold.count > warm.count
    assert not [s for s in warm.statements if "FROM agenda_items" in s]


def test_feed_repeat_poll_is_304_from_one_small_query(app, people, client):
    factories.make_meeting(people.group, _soon())
    path = feed_path(people.member)
    etag = client.get(path).headers["ETag"]

    with count_queries(app) as poll:
        again = client.get(path, headers={"If-None-Match": etag})

    assert again.status_code == 304
    # The validators kept for the address at the current calendar clock: nothing else,
    # not even the address's owner, is read.
    assert poll.count == 1
    assert "feed_validators" in poll.statements[0]


def test_feed_revoked_address_is_404_even_for_a_client_with_a_current_etag(people, client):
    factories.make_meeting(people.group, _soon())
    path = feed_path(people.member)
    etag = client.get(path).headers["ETag"]

    feed_services.revoke_feeds(people.member)
    db.session.flush()

    assert client.get(path, headers={"If-None-Match": etag}).status_code == 404


def test_public_group_feed_of_a_group_made_private_is_404_for_a_current_etag(people, client):
    group = factories.make_group("Otevřená", slug="otevrena", is_public=True)
    factories.make_meeting(group, _soon())
    etag = client.get("/groups/otevrena/calendar.ics").headers["ETag"]

    group.is_public = False
    db.session.flush()

    assert (
        client.get("/groups/otevrena/calendar.ics", headers={"If-None-Match": etag}).status_code
        == 404
    )


def test_feed_of_a_person_renamed_gets_a_new_name_and_etag(people, client):
    factories.make_meeting(people.group, _soon())
    path = feed_path(people.member)
    first = client.get(path)

    people.member.name = "Petr Nový"
    db.session.flush()
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})

    assert again.status_code == 200
    assert str(read(again)["X-WR-CALNAME"]) == "Meetings of Petr Nový"


@pytest.mark.parametrize("change", ["venue", "agenda", "group", "time", "joint", "presenter"])
def test_feed_entry_is_rebuilt_when_what_it_shows_changes(people, client, change):
    venue = factories.make_venue("ANNOLK", room="zasedací místnost 2. patro")
    presenter = factories.make_user(name="Jana Dvořáková")
    meeting = factories.make_meeting(people.group, _soon(), venue=venue)
    meeting.agenda_published_at = now()
    item = AgendaItem(meeting=meeting, position=0, title="Zahájení", presenter=presenter)
    db.session.add(item)
    db.session.flush()
    path = feed_path(people.member)
    before = client.get(path)

    if change == "venue":
        venue.name = "Krajský úřad Libereckého kraje"
        expected = ("LOCATION", "Krajský úřad Libereckého kraje")
    elif change == "agenda":
        db.session.add(AgendaItem(meeting=meeting, position=1, title="Různé"))
        expected = ("DESCRIPTION", "2. Různé")
    elif change == "group":
        people.group.name = "Odborná pracovní skupina Sociální služby"
        expected = ("DESCRIPTION", "Odborná pracovní skupina Sociální služby")
    elif change == "time":
        meeting.starts_at += dt.timedelta(hours=3)
        meeting.ends_at += dt.timedelta(hours=3)
        expected = ("DTSTART", meeting.starts_at)
    elif change == "joint":
        other = factories.make_group("Zaměstnanost", slug="zamestnanost")
        meeting.extra_groups.append(other)
        meeting.title = "Společné setkání"
        expected = ("SUMMARY", "Společné setkání")
    else:
        presenter.name = "Jana Nováková"
        expected = ("DESCRIPTION", "Jana Nováková")
    db.session.flush()
    after = client.get(path, headers={"If-None-Match": before.headers["ETag"]})

    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    event = _event(after, meeting.uid)
    name, value = expected
    if name == "DTSTART":
        assert event.decoded("DTSTART") == value
    else:
        assert value in str(event[name])
        assert value not in str(_event(before, meeting.uid)[name])


def test_feed_window_is_the_past_year_and_everything_ahead(app, people, client, monkeypatch):
    last_year = factories.make_meeting(people.group, now() - dt.timedelta(days=300))
    too_old = factories.make_meeting(people.group, now() - dt.timedelta(days=400))
    far_ahead = factories.make_meeting(people.group, now() + dt.timedelta(days=3650))
    path = feed_path(people.member)

    default = uids(read(client.get(path)))
    monkeypatch.setitem(app.config, "FEED_PAST_DAYS", 30)
    shorter = uids(read(client.get(path)))

    assert default == {last_year.uid, far_ahead.uid}
    assert too_old.uid not in default
    assert shorter == {far_ahead.uid}


def test_feed_address_may_ask_for_reminders_and_the_cache_serves_both(people, client):
    meeting = factories.make_meeting(people.group, _soon())
    path = feed_path(people.member)

    plain = client.get(path)
    reminded = client.get(path + "?alarm=60")
    unknown = client.get(path + "?alarm=abc")

    assert (plain.status_code, reminded.status_code, unknown.status_code) == (200, 200, 200)
    assert _event(plain, meeting.uid).walk("VALARM") == []
    [alarm] = _event(reminded, meeting.uid).walk("VALARM")
    assert (str(alarm["ACTION"]), alarm.decoded("TRIGGER")) == ("DISPLAY", -dt.timedelta(hours=1))
    assert reminded.headers["ETag"] != plain.headers["ETag"]
    assert unknown.data == plain.data


@pytest.fixture
def redis_cache(app, monkeypatch, redis_url):
    """The entries in this run's own Redis database, emptied around the test."""
    monkeypatch.setitem(app.config, "REDIS_URL", redis_url)
    monkeypatch.setitem(app.config, "CALENDAR_CACHE", "redis")
    monkeypatch.setitem(app.config, "CALENDAR_CACHE_PREFIX", "test-calendar")
    app.extensions.pop("calendar_entry_store", None)
    try:
        yield redis.Redis.from_url(redis_url)
    finally:
        app.extensions.pop("calendar_entry_store", None)


def test_feed_entries_live_in_redis_when_configured(app, people, client, redis_cache):
    meetings = [factories.make_meeting(people.group, _soon(day)) for day in (1, 2, 3)]
    path = feed_path(people.member)

    first = client.get(path)
    keys = sorted(k.decode() for k in redis_cache.keys("test-calendar:*"))
    with count_queries(app) as warm:
        second = client.get(path)

    assert first.data == second.data
    assert uids(read(second)) == {m.uid for m in meetings}
    assert len(keys) == 3
    assert all(k.startswith(f"test-calendar:{FORMAT_VERSION}-") for k in keys)
    assert _entries() == 0  # nothing in the database
    assert warm.count == 3  # address, aggregate, listing: the texts come from Redis
    assert isinstance(app.extensions["calendar_entry_store"], RedisStore)
