"""Interoperability beyond our own library: ical.js (Thunderbird's calendar library) reads
the feeds and calendar files the app produces, for a meeting in winter and one in summer
in each of the four time zones; start, end, summary and location agree with the app."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from meetings.calendar.builder import calendar_bytes, location_text, meeting_link
from meetings.extensions import db
from meetings.groups.enums import Language
from meetings.i18n import format_local_time, in_zone
from meetings.ical import services as feed_services
from meetings.invitations.models import Invitation
from meetings.models import Meeting

from .. import factories

#: Zone, language, group name and room as the groups of each country write them.
PLACES = [
    ("Europe/Prague", Language.CS, "Sociální služby", "Zasedací místnost 2. patro"),
    ("Europe/Bratislava", Language.SK, "Sociálne služby", "Zasadacia miestnosť, 2. poschodie"),
    ("Europe/Budapest", Language.HU, "Szociális gondoskodás", "Tárgyaló; 2. emelet"),
    ("Europe/Riga", Language.LV, "Sociālie pakalpojumi", "Sanāksmju telpa 2. stāvā"),
]
#: A winter (standard time) and a summer (daylight saving time) day.
SEASONS = {"winter": (1, 20), "summer": (7, 14)}


@dataclass
class Case:
    zone: str
    season: str
    meeting: Meeting


#: The meeting page's date and time: start instant, start time, end instant, end time.
SHOWN_TIMES = re.compile(
    r'<time datetime="([^"]+)">[^<]*, (\d\d:\d\d)</time>'
    r'–<time datetime="([^"]+)">(\d\d:\d\d)</time>'
)


def _year() -> int:
    return dt.date.today().year + 1


@pytest.fixture
def cases(people) -> list[Case]:
    """Eight meetings (4 zones × winter/summer) of groups the member belongs to, 09:30
    to 11:45 local time, with a venue in town and a room with commas and semicolons."""
    year = _year()
    result = []
    for zone, language, name, room in PLACES:
        group = factories.make_group(
            name, timezone=zone, language=language, contact_email="wg@example.org"
        )
        factories.add_member(people.member, group)
        venue = factories.make_venue(f"Úřad – {name}", city=zone.split("/")[1], room=room)
        for season, (month, day) in SEASONS.items():
            starts = factories.local_time(zone, year, month, day, 9, 30)
            meeting = factories.make_meeting(
                group,
                starts,
                hours=2.25,
                venue=venue,
                title=f"{name}: {season}, ülés / sanāksme / zasadnutie",
            )
            result.append(Case(zone, season, meeting))
    db.session.flush()
    return result


def _wall(value: dt.datetime, zone: str) -> str:
    return in_zone(value, zone).strftime("%Y-%m-%dT%H:%M")


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _expected(meeting: Meeting) -> dict:
    """The entry as the app shows the meeting: its local times in its zone."""
    zone = meeting.timezone
    return {
        "uid": meeting.uid,
        "summary": meeting.title,
        "location": location_text(meeting),
        "status": "CONFIRMED",
        "sequence": meeting.sequence,
        "start": {
            "local": _wall(meeting.starts_at, zone),
            "zone": zone,
            "utc": _utc(meeting.starts_at),
        },
        "end": {"local": _wall(meeting.ends_at, zone), "zone": zone, "utc": _utc(meeting.ends_at)},
        "url": meeting_link(meeting),
        "conferences": [],
    }


def test_icaljs_reads_the_person_feed_in_four_zones_winter_and_summer(
    cases, people, client, icaljs
):
    token = feed_services.ensure_feed(people.member).token
    response = client.get(f"/calendar/feeds/{token}.ics")

    read = icaljs(response.data)

    assert (read["method"], read["name"]) == ("PUBLISH", "Meetings of Petr Člen")
    assert {e["uid"]: e for e in read["events"]} == {
        c.meeting.uid: _expected(c.meeting) for c in cases
    }


@pytest.mark.parametrize("zone", [p[0] for p in PLACES])
@pytest.mark.parametrize("season", list(SEASONS))
def test_icaljs_reads_the_meeting_download(cases, people, login_as, icaljs, zone, season):
    [case] = [c for c in cases if (c.zone, c.season) == (zone, season)]
    client = login_as(people.member)

    read = icaljs(client.get(f"/meetings/{case.meeting.id}.ics").data)

    assert read["method"] == "PUBLISH"
    assert read["events"] == [_expected(case.meeting)]


def test_icaljs_times_agree_with_the_meeting_page(cases, people, login_as, icaljs):
    """The wall-clock times ical.js reads are the times the meeting page shows."""
    client = login_as(people.member)
    token = feed_services.ensure_feed(people.member).token
    read = {e["uid"]: e for e in icaljs(client.get(f"/calendar/feeds/{token}.ics").data)["events"]}

    for case in cases:
        page = client.get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
        shown = re.search(SHOWN_TIMES, page)
        event = read[case.meeting.uid]
        start_instant = dt.datetime.fromisoformat(shown[1])
        end_instant = dt.datetime.fromisoformat(shown[3])

        assert (event["start"]["local"][11:], event["end"]["local"][11:]) == (shown[2], shown[4])
        assert (event["start"]["utc"], event["end"]["utc"]) == (
            _utc(start_instant),
            _utc(end_instant),
        )
        assert event["summary"] in page


def test_icaljs_summer_and_winter_offsets_differ_by_the_daylight_saving_hour(cases, icaljs):
    """09:30 local is 08:30 UTC in a Central European winter and 07:30 in summer (Riga:
    07:30 and 06:30): ical.js applies the VTIMEZONE rules of the file, not the machine's."""
    read = icaljs(calendar_bytes([c.meeting for c in cases]))
    utc_hours = {e["uid"]: e["start"]["utc"][11:16] for e in read["events"]}

    assert {(c.zone, c.season): utc_hours[c.meeting.uid] for c in cases} == {
        ("Europe/Prague", "winter"): "08:30",
        ("Europe/Prague", "summer"): "07:30",
        ("Europe/Bratislava", "winter"): "08:30",
        ("Europe/Bratislava", "summer"): "07:30",
        ("Europe/Budapest", "winter"): "08:30",
        ("Europe/Budapest", "summer"): "07:30",
        ("Europe/Riga", "winter"): "07:30",
        ("Europe/Riga", "summer"): "06:30",
    }


def _calendar_part(message) -> bytes:
    """The inline text/calendar part of an invitation mail."""
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part.get_payload(decode=True)


@pytest.mark.parametrize(
    ("kind", "method", "status"),
    [("REQUEST", "REQUEST", "CONFIRMED"), ("CANCEL", "CANCEL", "CANCELLED")],
)
def test_icaljs_reads_the_invitation_mails(cases, people, icaljs, kind, method, status):
    """The invitations' own messages (meetings.invitations.services.invitation_message)."""
    from meetings.invitations.invitees import MessageKind
    from meetings.invitations.messages import invitation_message

    for case in cases:
        invitation = Invitation(meeting=case.meeting, user=people.member)
        db.session.add(invitation)
        db.session.flush()
        message = invitation_message(invitation, MessageKind[kind])

        read = icaljs(_calendar_part(message))

        assert read["method"] == method
        assert read["events"] == [{**_expected(case.meeting), "status": status}]


def test_icaljs_local_times_match_the_apps_own_formatting(cases, icaljs):
    read = {e["uid"]: e for e in icaljs(calendar_bytes([c.meeting for c in cases]))["events"]}

    for case in cases:
        meeting = case.meeting
        assert read[meeting.uid]["start"]["local"][11:] == format_local_time(
            meeting.starts_at, meeting.timezone
        )
        assert read[meeting.uid]["end"]["local"][11:] == format_local_time(
            meeting.ends_at, meeting.timezone
        )
        assert in_zone(meeting.starts_at, meeting.timezone).tzinfo == ZoneInfo(case.zone)
