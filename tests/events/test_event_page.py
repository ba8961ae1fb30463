"""The public event page: what a visitor sees without signing in."""

from __future__ import annotations

from meetings.scheduling.enums import MeetingStatus

from .. import factories
from .conftest import demo_meeting


def test_event_page_shows_date_time_zone_venue_and_organiser_to_visitors(demo, client):
    meeting = demo_meeting("vas-szocialis-gondoskodas", 1)

    response = client.get(f"/events/{meeting.id}")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "<h1>Munkacsoport ülés – Szociális gondoskodás</h1>" in page
    assert "Thursday, 27 October 2022" in page
    assert "10:00–12:00" in page
    assert "(time zone: Budapest)" in page  # the city, not the id
    assert "<strong>Vas Megyei Önkormányzat</strong>" in page
    assert f'<a href="/organisations/{meeting.organiser_id}">Vas Megyei Önkormányzat</a>' in page
    assert f'href="/meetings/{meeting.id}.ics"' in page


def test_event_page_shows_address_room_and_published_programme(demo, client):
    meeting = demo_meeting("pzlk-socialni-sluzby", 12)

    page = client.get(f"/events/{meeting.id}").get_data(as_text=True)

    assert "IQ Landia" in page
    assert "Planetárium – komentované představení" in page
    assert "Společné zasedání pracovních skupin" in page


def test_event_page_renders_the_description_as_sanitised_markdown(event, client):
    event.meeting.description = "Jednání **s partnery**.\n\n<script>alert(1)</script>"

    page = client.get(f"/events/{event.meeting.id}").get_data(as_text=True)

    assert "<strong>s partnery</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert "U Nisy 362/6, 460 01 Liberec" in page
    assert "Room: zasedací místnost 2. patro" in page


def test_event_page_of_a_members_only_meeting_is_not_found(people, login_as):
    meeting = factories.make_meeting(people.group)

    assert login_as(None).get(f"/events/{meeting.id}").status_code == 404
    assert login_as(people.member).get(f"/events/{meeting.id}").status_code == 404


def test_event_page_of_a_draft_is_not_found(people, client):
    group = factories.make_group(is_public=True)
    draft = factories.make_meeting(group, status=MeetingStatus.DRAFT, is_public=True)

    assert client.get(f"/events/{draft.id}").status_code == 404


def test_event_page_of_an_unknown_event_is_not_found(db_session, client):
    assert client.get("/events/999999").status_code == 404


def test_event_page_says_a_cancelled_event_is_cancelled(event, client):
    event.meeting.status = MeetingStatus.CANCELLED
    event.meeting.cancel_reason = "Předsedkyně je nemocná."

    page = client.get(f"/events/{event.meeting.id}").get_data(as_text=True)

    assert "This event has been cancelled." in page
    assert "Předsedkyně je nemocná." in page
    assert "Registration for this event is closed." in page
    assert 'action="/events/' not in page


def test_meeting_page_links_to_the_calendar_file_and_the_event_page(event, login_as):
    page = login_as(None).get(f"/meetings/{event.meeting.id}").get_data(as_text=True)

    assert f'href="/meetings/{event.meeting.id}.ics"' in page
    assert f'href="/events/{event.meeting.id}"' in page
