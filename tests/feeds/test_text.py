"""Text in feeds: diacritics of every language survive, special characters are escaped,
lines are folded at 75 octets without splitting a character, and end with CRLF."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from .. import factories
from .conftest import feed_path, now

ROOM = "Zasedací místnost 2. patro"
GROUP = "Szociális gondoskodás"


def _feed_bytes(people, client, **meeting_fields) -> bytes:
    group = factories.make_group(
        GROUP, slug="szocialis", timezone="Europe/Budapest", contact_email="titkar@example.hu"
    )
    factories.add_member(people.member, group)
    venue = factories.make_venue("ANNOLK", city="Liberec", room=ROOM)
    factories.make_meeting(group, now() + dt.timedelta(days=3), venue=venue, **meeting_fields)
    response = client.get(feed_path(people.member))
    assert response.status_code == 200
    return response.data


def test_feed_text_round_trip_keeps_czech_room_and_hungarian_group(people, client):
    data = _feed_bytes(people, client, title=f"{GROUP} munkacsoport 10. ülése")

    [event] = Calendar.from_ical(data).walk("VEVENT")

    assert str(event["LOCATION"]) == f"ANNOLK, Liberec, {ROOM}"
    assert str(event["SUMMARY"]) == f"{GROUP} munkacsoport 10. ülése"
    assert str(event["DESCRIPTION"]) == GROUP
    assert str(event["ORGANIZER"].params["CN"]) == GROUP


def test_feed_text_escapes_commas_semicolons_and_newlines(people, client):
    description = "Body: a, b; c\nDruhý řádek; Rīga, Košice"
    data = _feed_bytes(people, client, description=description)

    unfolded = data.replace(b"\r\n ", b"").decode()
    [event] = Calendar.from_ical(data).walk("VEVENT")

    assert "Body: a\\, b\\; c\\nDruhý řádek\\; Rīga\\, Košice" in unfolded
    assert str(event["DESCRIPTION"]) == f"{GROUP}\n\n{description}"


def test_feed_raw_lines_are_crlf_and_at_most_75_octets_without_split_characters(people, client):
    long_text = (
        "Sociální služby, szociális gondoskodás, sociālie pakalpojumi, sociálne služby. " * 6
    )
    data = _feed_bytes(people, client, description=long_text)

    lines = data.split(b"\r\n")

    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    assert any(len(line) > 70 for line in lines)
    for line in lines:
        line.decode("utf-8")  # each physical line is whole UTF-8: no character split
