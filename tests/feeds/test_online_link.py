"""The online link of a meeting (issue 16): on the page for the people invited and the
members, in their calendars (CONFERENCE, RFC 7986), never on public pages, public feeds or
documents anyone may fetch, unless the group shows it publicly."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from meetings.agenda.services import agenda_document
from meetings.extensions import db
from meetings.invitations.models import Invitation
from meetings.minutes.document import minutes_document
from meetings.models import Minutes

from .. import factories
from ..forms import form_values
from .conftest import feed_path, read

LINK = "https://meet.example.org/socialni-sluzby-14"
VENUE_LINK = "https://video.example.org/annolk"


def _hybrid(people, **fields):
    """A public group's hybrid meeting: a room in Liberec and an online link."""
    people.group.is_public = True
    db.session.flush()
    venue = factories.make_venue("ANNOLK", street="U Nisy 362/6", postcode="460 01")
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=10)
    fields = {"online_url": LINK, "title": "14. setkání", **fields}
    return factories.make_meeting(people.group, start, venue=venue, **fields)


def _events(calendar: Calendar, uid: str) -> list:
    return [e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid]


def _carries_link(event, link: str = LINK) -> bool:
    """The link anywhere in the entry: CONFERENCE, URL, LOCATION or DESCRIPTION."""
    texts = [str(event.get(name, "")) for name in ("CONFERENCE", "URL", "LOCATION", "DESCRIPTION")]
    return any(link in text for text in texts)


def _show_publicly(client, group, value: bool):
    """The chair ticks (or unticks) the setting on the group's form."""
    page = client.get(f"/groups/{group.slug}/edit").get_data(as_text=True)
    data = form_values(page, action=f"/groups/{group.slug}/edit")
    data.pop("shows_online_link_publicly", None)
    if value:
        data["shows_online_link_publicly"] = "y"
    response = client.post(f"/groups/{group.slug}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)


def test_online_link_not_on_the_meeting_page_for_a_visitor(people, client):
    meeting = _hybrid(people)

    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    assert LINK not in page
    assert "The link to join online is given to the people invited." in page
    assert "ANNOLK" in page


def test_online_link_not_on_the_meeting_page_for_an_outsider_not_invited(people, login_as):
    meeting = _hybrid(people)

    page = login_as(people.outsider).get(f"/meetings/{meeting.id}").get_data(as_text=True)

    assert LINK not in page


def test_online_link_on_the_meeting_page_for_members_and_invitees(people, login_as, client):
    meeting = _hybrid(people)
    db.session.add(Invitation(meeting=meeting, user=people.outsider))
    db.session.flush()

    for person in (people.member, people.observer, people.admin, people.outsider):
        page = login_as(person).get(f"/meetings/{meeting.id}").get_data(as_text=True)
        assert f'href="{LINK}"' in page, person.email


def test_online_link_of_the_venue_is_kept_from_the_public_too(people, client):
    meeting = _hybrid(people, online_url=None)
    meeting.venue.online_url = VENUE_LINK
    db.session.flush()

    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    calendar = read(client.get(f"/groups/{people.group.slug}/calendar.ics"))

    assert VENUE_LINK not in page
    assert not _carries_link(_events(calendar, meeting.uid)[0], VENUE_LINK)


def test_online_link_not_on_the_public_event_page(people, client, login_as):
    meeting = _hybrid(people, is_public=True)

    anonymous = client.get(f"/events/{meeting.id}").get_data(as_text=True)
    member = login_as(people.member).get(f"/events/{meeting.id}").get_data(as_text=True)

    assert LINK not in anonymous
    # A public page is the same for everyone: members find the link on the meeting page.
    assert LINK not in member


def test_online_link_not_in_public_feeds_but_in_the_personal_feed(people, client):
    meeting = _hybrid(people)
    personal = read(client.get(feed_path(people.member)))

    group_feed = read(client.get(f"/groups/{people.group.slug}/calendar.ics"))
    site_feed = read(client.get("/events/calendar.ics"))

    for calendar in (group_feed, site_feed):
        (event,) = _events(calendar, meeting.uid)
        assert "CONFERENCE" not in event
        assert not _carries_link(event)
        assert "ANNOLK" in str(event["LOCATION"])
    (mine,) = _events(personal, meeting.uid)
    assert str(mine["CONFERENCE"]) == LINK
    assert LINK in str(mine["DESCRIPTION"])


def test_online_link_personal_feed_built_after_the_public_one_still_carries_it(people, client):
    """Entries are cached per meeting: the public variant never stands in for the members'."""
    meeting = _hybrid(people)
    read(client.get(f"/groups/{people.group.slug}/calendar.ics"))
    read(client.get("/events/calendar.ics"))

    (mine,) = _events(read(client.get(feed_path(people.member))), meeting.uid)
    (public,) = _events(read(client.get("/events/calendar.ics")), meeting.uid)

    assert str(mine["CONFERENCE"]) == LINK
    assert "CONFERENCE" not in public


def test_online_link_download_for_a_visitor_and_for_a_member(people, client, login_as):
    meeting = _hybrid(people)

    visitor = Calendar.from_ical(client.get(f"/meetings/{meeting.id}.ics").data)
    member = Calendar.from_ical(login_as(people.member).get(f"/meetings/{meeting.id}.ics").data)

    assert not _carries_link(_events(visitor, meeting.uid)[0])
    assert str(_events(member, meeting.uid)[0]["CONFERENCE"]) == LINK


def test_online_link_shown_publicly_once_the_group_wants_it(people, client, login_as):
    meeting = _hybrid(people, is_public=True)
    group_feed = f"/groups/{people.group.slug}/calendar.ics"
    before = client.get(group_feed)
    read(before)
    read(client.get("/events/calendar.ics"))

    _show_publicly(login_as(people.chair), people.group, True)
    login_as(None)

    assert people.group.shows_online_link_publicly is True
    again = client.get(group_feed, headers={"If-None-Match": before.headers["ETag"]})
    assert again.status_code == 200  # the feed changed: no 304 with the old copy
    for calendar in (read(again), read(client.get("/events/calendar.ics"))):
        (event,) = _events(calendar, meeting.uid)
        assert str(event["CONFERENCE"]) == LINK
    assert f'href="{LINK}"' in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f'href="{LINK}"' in client.get(f"/events/{meeting.id}").get_data(as_text=True)


def test_online_link_hidden_again_when_the_group_turns_the_setting_off(people, client, login_as):
    people.group.shows_online_link_publicly = True
    meeting = _hybrid(people)
    (shown,) = _events(read(client.get("/events/calendar.ics")), meeting.uid)
    assert str(shown["CONFERENCE"]) == LINK

    _show_publicly(login_as(people.chair), people.group, False)
    login_as(None)

    (hidden,) = _events(read(client.get("/events/calendar.ics")), meeting.uid)
    assert "CONFERENCE" not in hidden


def test_online_link_setting_is_on_the_group_form_off_by_default(people, login_as):
    page = login_as(people.chair).get(f"/groups/{people.group.slug}/edit")

    data = form_values(page.get_data(as_text=True), action=f"/groups/{people.group.slug}/edit")

    assert "Show the online link of its meetings publicly" in page.get_data(as_text=True)
    assert "shows_online_link_publicly" not in data  # unticked


def test_online_link_in_the_agenda_and_minutes_of_a_public_meeting_only_when_shown(people):
    meeting = _hybrid(people)
    members_only = factories.make_meeting(people.other_group, online_url=LINK)
    minutes = Minutes(meeting=meeting)
    db.session.add(minutes)
    db.session.flush()

    assert agenda_document(meeting).online_url == ""
    assert minutes_document(minutes, draft=True).online_url == ""
    # Only its groups' members see a members-only meeting's agenda: it keeps the link.
    assert agenda_document(members_only).online_url == LINK

    people.group.shows_online_link_publicly = True
    assert agenda_document(meeting).online_url == LINK
