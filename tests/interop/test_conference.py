"""A hybrid meeting's online link reaches calendar programs as RFC 7986 CONFERENCE (with
the label in the reader's language), besides the venue in LOCATION and the link in the
text: read by ical.js (Thunderbird), vobject and icalendar, in an invitation and in a
person's feed."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import vobject
import vobject.icalendar  # registers the iCalendar behaviours

from meetings.calendar.builder import calendar_bytes
from meetings.extensions import db
from meetings.i18n import HOME_ZONES, force_locale

from .. import factories

LINK = "https://zoom.us/j/93456781234?pwd=UFNPQy0xMSBoeWJyaWQ&lang=cs"


def _hybrid(people):
    venue = factories.make_venue("ANNOLK", street="U Nisy 362/6", postcode="460 01", city="Liberec")
    meeting = factories.make_meeting(
        people.group,
        starts_at=factories.local_time("Europe/Prague", 2031, 1, 21, 10),
        venue=venue,
        title="12. setkání (hybridní)",
    )
    meeting.online_url = LINK
    db.session.flush()
    return meeting


def test_the_online_link_is_a_conference_for_every_reader(app, people, icaljs):
    meeting = _hybrid(people)
    with app.test_request_context(), force_locale("cs"):
        ics = calendar_bytes([meeting])

    [thunderbird] = icaljs(ics)["events"]
    [event] = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    parsed = vobject.readOne(ics.decode()).vevent

    # ical.js keeps a parameter's list as written (RFC 5545 separates values with commas).
    assert thunderbird["conferences"] == [
        {"uri": LINK, "label": "Připojit se online", "features": ["AUDIO,VIDEO"]}
    ]
    assert thunderbird["location"].startswith("ANNOLK, U Nisy 362/6")
    assert str(event["CONFERENCE"]) == LINK
    assert event["CONFERENCE"].params["VALUE"] == "URI"
    assert parsed.conference.value == LINK
    assert parsed.conference.params["LABEL"] == ["Připojit se online"]


def test_a_meeting_without_an_online_link_has_no_conference(app, people, icaljs):
    meeting = factories.make_meeting(people.group)
    with app.test_request_context():
        ics = calendar_bytes([meeting])

    [thunderbird] = icaljs(ics)["events"]

    assert thunderbird["conferences"] == []
    assert b"CONFERENCE" not in ics


def test_public_feed_has_no_link_for_any_reader_the_personal_feed_has(people, client, icaljs):
    """A public group's feed leaves the link out (the group keeps it to those invited and
    its members); the member's own feed carries it, as every reader sees."""
    from ..feeds.conftest import feed_path

    people.group.is_public = True
    meeting = _hybrid(people)

    public = client.get(f"/groups/{people.group.slug}/calendar.ics").data
    personal = client.get(feed_path(people.member)).data

    [thunderbird] = [e for e in icaljs(public)["events"] if e["uid"] == meeting.uid]
    assert thunderbird["conferences"] == []
    assert LINK not in str(thunderbird)
    assert LINK.encode() not in public.replace(b"\r\n ", b"")
    assert vobject.readOne(public.decode()).vevent.location.value.startswith("ANNOLK")
    [mine] = [e for e in icaljs(personal)["events"] if e["uid"] == meeting.uid]
    assert [c["uri"] for c in mine["conferences"]] == [LINK]
    assert vobject.readOne(personal.decode()).vevent.conference.value == LINK


#: Winter and summer days over a decade: every reader must place each hybrid meeting at
#: its wall-clock time, with its link, whatever the offset of that day.
DAYS = [(2027, 1, 20), (2029, 7, 18), (2033, 1, 19), (2036, 7, 16)]


@pytest.mark.parametrize("zone", HOME_ZONES)
@pytest.mark.parametrize("public_link", [True, False], ids=["link-public", "link-for-members"])
def test_hybrid_meetings_over_years_in_the_public_feed(people, client, icaljs, zone, public_link):
    """A public group's feed over several years, in summer and winter, in each home zone:
    with the link shown publicly every reader finds it on every meeting at its local time;
    kept to members, no reader finds it, and the times are the same."""
    group = people.group
    group.is_public = True
    group.timezone = zone
    group.shows_online_link_publicly = public_link
    meetings = []
    for n, day in enumerate(DAYS, start=1):
        meeting = factories.make_meeting(
            group, starts_at=factories.local_time(zone, *day, 10), title=f"{n}. setkání"
        )
        meeting.online_url = f"{LINK}&n={n}"
        meetings.append(meeting)
    db.session.flush()

    public = client.get(f"/groups/{group.slug}/calendar.ics").data
    thunderbird = {event["uid"]: event for event in icaljs(public)["events"]}
    other = {event.uid.value: event for event in vobject.readOne(public.decode()).vevent_list}
    ours = {
        str(event["UID"]): event for event in icalendar.Calendar.from_ical(public).walk("VEVENT")
    }

    for meeting, day in zip(meetings, DAYS, strict=True):
        link = meeting.online_url
        wall_clock = dt.datetime(*day, 10)
        seen, read, parsed = thunderbird[meeting.uid], other[meeting.uid], ours[meeting.uid]
        assert (seen["start"]["local"], seen["start"]["zone"]) == (
            wall_clock.strftime("%Y-%m-%dT%H:%M"),
            zone,
        )
        assert read.dtstart.value == meeting.starts_at
        assert read.dtstart.value.replace(tzinfo=None) == wall_clock
        assert parsed.decoded("DTSTART") == meeting.starts_at
        if public_link:
            assert [c["uri"] for c in seen["conferences"]] == [link]
            assert read.conference.value == link
            assert str(parsed["CONFERENCE"]) == link
        else:
            assert seen["conferences"] == []
            assert not hasattr(read, "conference")
            assert "CONFERENCE" not in parsed
            assert link.encode() not in public.replace(b"\r\n ", b"")
