"""Registering for a public event, the confirmation e-mail, the capacity, cancelling, and
what the organisers see and set."""

from __future__ import annotations

import re

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from meetings.extensions import db
from meetings.models import EventRegistration

from .. import factories
from ..conftest import translated


def _register(client, meeting, name="Anna Nováková", email="anna@example.org", org="ANNOLK"):
    return client.post(
        f"/events/{meeting.id}/register",
        data={"name": name, "email": email, "organisation_name": org},
    )


def _count(meeting) -> int:
    return db.session.scalar(select(func.count()).where(EventRegistration.meeting_id == meeting.id))


def _cancel_path(text: str) -> str:
    return re.search(r"http://meetings\.test(/events/\d+/registrations/\d+/[^/\s]+/cancel)", text)[
        1
    ]


def test_registration_success_sends_a_confirmation_with_the_calendar_file(
    event, client, smtp_server
):
    response = _register(client, event.meeting, email=" Anna@Example.org ")
    [message] = smtp_server.wait_for(1)

    assert response.status_code == 302
    assert "You are registered. A confirmation has been sent to anna@example.org." in (
        client.get(response.location).get_data(as_text=True)
    )
    registration = db.session.scalars(select(EventRegistration)).one()
    assert (registration.name, registration.email, registration.organisation_name) == (
        "Anna Nováková",
        "anna@example.org",
        "ANNOLK",
    )
    assert message["To"] == "anna@example.org"
    assert message["Subject"] == (
        "Registration confirmed: Kulatý stůl: Sociální podnikání v Libereckém kraji"
    )
    text = message.get_body(("plain",)).get_content()
    assert "Date: 14 May 2030" in text
    assert "Time: 10:00–12:00" in text
    assert "Time: 10:00–12:00 (Prague (Czechia Time))" in text
    assert "Venue: ANNOLK, U Nisy 362/6, 460 01 Liberec" in text
    assert "Room: zasedací místnost 2. patro" in text
    assert _cancel_path(text) == (
        f"/events/{event.meeting.id}/registrations/{registration.id}/"
        f"{registration.cancel_nonce}/cancel"
    )
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "PUBLISH"
    calendar = Calendar.from_ical(attachment.get_content())
    [vevent] = calendar.walk("VEVENT")
    assert (str(calendar["METHOD"]), str(vevent["UID"])) == ("PUBLISH", event.meeting.uid)


def test_registration_confirmation_is_in_the_visitors_language(event, client, smtp_server):
    client.post("/language", data={"language": "cs", "next": "/events"})

    _register(client, event.meeting)
    [message] = smtp_server.wait_for(1)

    assert "14. května 2030" in message.get_body(("plain",)).get_content()


def test_registration_beyond_the_capacity_is_refused_as_full(event, client):
    _register(client, event.meeting, email="first@example.org")
    _register(client, event.meeting, email="second@example.org")

    response = _register(client, event.meeting, email="third@example.org")
    page = client.get(response.location).get_data(as_text=True)

    assert _count(event.meeting) == 2
    assert "The event is full." in page
    assert 'action="/events/' not in page


def test_registration_with_an_address_already_registered_says_so(event, client):
    _register(client, event.meeting, email="anna@example.org")

    response = _register(client, event.meeting, email="ANNA@example.org", name="Anna N.")
    page = client.get(response.location).get_data(as_text=True)

    assert _count(event.meeting) == 1
    assert "This e-mail address is already registered for the event." in page
    assert "flash-info" in page


def test_registration_when_closed_is_refused(event, client):
    event.meeting.registration_open = False

    response = _register(client, event.meeting)

    assert _count(event.meeting) == 0
    assert "Registration for this event is closed." in client.get(response.location).get_data(
        as_text=True
    )


def test_registration_with_a_bad_address_or_no_name_gets_messages(event, client):
    response = _register(client, event.meeting, name="  ", email="not an address")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "Enter your name." in page
    assert "Enter an e-mail address like name@example.org." in page
    assert 'value="not an address"' in page
    assert _count(event.meeting) == 0


def test_registration_for_a_members_only_meeting_is_not_found(people, client):
    meeting = factories.make_meeting(people.group, registration_open=True)

    assert _register(client, meeting).status_code == 404
    assert _register(client, type("M", (), {"id": 999999})()).status_code == 404


def test_cancel_link_works_once(event, client):
    _register(client, event.meeting)
    registration = db.session.scalars(select(EventRegistration)).one()
    path = (
        f"/events/{event.meeting.id}/registrations/{registration.id}/"
        f"{registration.cancel_nonce}/cancel"
    )

    confirm = client.get(path)
    done = client.post(path)
    again = client.get(path)

    assert confirm.status_code == 200
    assert "Cancel my registration" in confirm.get_data(as_text=True)
    assert (done.status_code, done.location) == (302, f"/events/{event.meeting.id}")
    assert _count(event.meeting) == 0
    assert again.status_code == 404
    assert "the registration has been cancelled already" in again.get_data(as_text=True)
    assert client.post(path).status_code == 404


def test_cancel_link_tampered_is_not_found(event, client):
    _register(client, event.meeting)
    registration = db.session.scalars(select(EventRegistration)).one()
    base = f"/events/{event.meeting.id}/registrations/{registration.id}"
    other = factories.make_meeting(event.meeting.group)

    assert client.get(f"{base}/{registration.cancel_nonce}x/cancel").status_code == 404
    assert client.post(f"{base}/guessed/cancel").status_code == 404
    assert (
        client.get(
            f"/events/{other.id}/registrations/{registration.id}/{registration.cancel_nonce}/cancel"
        ).status_code
        == 404
    )
    assert _count(event.meeting) == 1


def test_cancelling_frees_the_place(event, client):
    _register(client, event.meeting, email="first@example.org")
    _register(client, event.meeting, email="second@example.org")
    first = db.session.scalars(
        select(EventRegistration).where(EventRegistration.email == "first@example.org")
    ).one()
    client.post(f"/events/{event.meeting.id}/registrations/{first.id}/{first.cancel_nonce}/cancel")

    _register(client, event.meeting, email="third@example.org")

    assert sorted(
        db.session.scalars(
            select(EventRegistration.email).where(EventRegistration.meeting_id == event.meeting.id)
        )
    ) == ["second@example.org", "third@example.org"]


def test_organisers_see_the_registrations_on_the_meeting_page(event, client, login_as, people):
    _register(client, event.meeting, name="Anna Nováková", email="anna@example.org")

    page = login_as(people.assistant).get(f"/meetings/{event.meeting.id}").get_data(as_text=True)
    member_page = (
        login_as(people.member).get(f"/meetings/{event.meeting.id}").get_data(as_text=True)
    )

    assert "1 registered of 2 places." in page
    assert "Anna Nováková" in page
    assert "anna@example.org" in page
    assert "ANNOLK" in page
    assert "anna@example.org" not in member_page


def test_organisers_set_the_capacity_and_switch_registration_off(event, login_as, people):
    client = login_as(people.chair)

    response = client.post(
        f"/meetings/{event.meeting.id}/registration",
        data={"registration_open": "", "capacity": "40"},
    )

    assert response.status_code == 302
    assert (event.meeting.registration_open, event.meeting.registration_capacity) == (False, 40)


def test_organisers_get_a_message_for_a_capacity_that_is_not_a_positive_number(
    event, login_as, people
):
    client = login_as(people.assistant)

    for bad in ("0", "-3", "abc", "2.5"):
        response = client.post(
            f"/meetings/{event.meeting.id}/registration",
            data={"registration_open": "y", "capacity": bad},
        )
        page = client.get(response.location).get_data(as_text=True)
        assert "Enter a whole number from 1 to 100000." in page
    assert event.meeting.registration_capacity == 2


def test_registration_cannot_be_opened_for_a_members_only_meeting(people, login_as):
    meeting = factories.make_meeting(people.group)
    client = login_as(people.assistant)

    response = client.post(
        f"/meetings/{meeting.id}/registration", data={"registration_open": "y", "capacity": ""}
    )

    assert "Only public events take registrations" in client.get(response.location).get_data(
        as_text=True
    )
    assert meeting.registration_open is False


def test_registration_settings_are_refused_to_members(event, login_as, people):
    response = login_as(people.member).post(
        f"/meetings/{event.meeting.id}/registration", data={"registration_open": ""}
    )

    assert response.status_code == 403
    assert event.meeting.registration_open is True


@pytest.mark.parametrize("bad", ["100000000000000000000", "100001", "1e309", "NaN", "-1", "²"])
def test_organisers_get_a_message_for_a_capacity_far_out_of_range(event, login_as, people, bad):
    client = login_as(people.assistant)

    response = client.post(
        f"/meetings/{event.meeting.id}/registration",
        data={"registration_open": "y", "capacity": bad},
    )
    page = client.get(response.location).get_data(as_text=True)

    assert "Enter a whole number from 1 to 100000." in page
    assert event.meeting.registration_capacity == 2


def _registration_card(client, meeting) -> str:
    html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    card = html[html.index('id="registrations"') :]
    return card[: card.index("</section>")]


@pytest.mark.parametrize("language", ["en", "cs", "sk", "hu", "lv"])
def test_registration_state_and_its_switch_do_not_contradict(event, login_as, people, language):
    event.meeting.registration_open = False
    people.assistant.locale = language
    db.session.flush()
    card = _registration_card(login_as(people.assistant), event.meeting)

    assert translated(language, "Registration closed") in card
    # The checkbox says what it does; it does not state "open" under "closed".
    assert translated(language, "Accept registrations") in card
    assert translated(language, "Registration is open") not in card
    assert translated(language, "Registration open") not in card
