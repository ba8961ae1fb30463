"""A hybrid meeting's online link reaches calendar programs as RFC 7986 CONFERENCE (with
the label in the reader's language), besides the venue in LOCATION and the link in the
text: read by ical.js (Thunderbird), vobject and icalendar, in an invitation and in a
person's feed."""

from __future__ import annotations

import icalendar
import vobject
import vobject.icalendar  # registers the iCalendar behaviours

from meetings.calendar.builder import calendar_bytes
from meetings.extensions import db
from meetings.i18n import force_locale

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
