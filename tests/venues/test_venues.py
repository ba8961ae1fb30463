"""Venue pages: the list, one venue with its meetings, adding, editing and archiving."""

from __future__ import annotations

import re

from sqlalchemy import select

from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.models import Venue
from meetings.scheduling.enums import MeetingStatus
from meetings.venues.services import osm_search_url, venue_choices
from tests import factories
from tests.conftest import count_queries

_FORM = {
    "name": "ANNOLK",
    "street": "U Nisy 362/6",
    "postcode": "460 01",
    "city": "Liberec",
    "country": "CZ",
    "room": "zasedací místnost 2. patro",
    "capacity": "30",
    "access_notes": "Vchod z ulice U Nisy.",
    "online_url": "",
    "organisation_id": "",
}


def _venue_named(name: str) -> Venue | None:
    return db.session.scalars(select(Venue).where(Venue.name == name)).first()


# --- adding and editing -------------------------------------------------------------------


def test_venue_create_by_assistant_saves_every_field(login_as, people):
    organisation = factories.make_organisation("Agentura pro neziskové organizace")
    client = login_as(people.assistant)

    response = client.post("/venues/new", data={**_FORM, "organisation_id": organisation.id})

    venue = _venue_named("ANNOLK")
    assert response.status_code == 302
    assert response.location == f"/venues/{venue.id}"
    assert (
        venue.street,
        venue.postcode,
        venue.city,
        venue.country,
        venue.room,
        venue.capacity,
        venue.access_notes,
        venue.online_url,
        venue.organisation_id,
    ) == (
        "U Nisy 362/6",
        "460 01",
        "Liberec",
        "CZ",
        "zasedací místnost 2. patro",
        30,
        "Vchod z ulice U Nisy.",
        None,
        organisation.id,
    )


def test_venue_create_by_member_is_forbidden(login_as, people):
    client = login_as(people.member)

    response = client.post("/venues/new", data=_FORM)

    assert response.status_code == 403
    assert _venue_named("ANNOLK") is None


def test_venue_create_anonymous_is_sent_to_sign_in(client, people):
    response = client.get("/venues/new")

    assert (response.status_code, response.location.split("?")[0]) == (302, "/auth/sign-in")


def test_venue_negative_capacity_is_refused_with_message_and_values_kept(login_as, people):
    client = login_as(people.assistant)

    response = client.post("/venues/new", data={**_FORM, "capacity": "-5"})

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Capacity must be a positive number." in body
    assert 'value="-5"' in body
    assert 'value="U Nisy 362/6"' in body
    assert 'value="zasedací místnost 2. patro"' in body
    assert '<option selected value="CZ">' in body
    assert _venue_named("ANNOLK") is None


def test_venue_capacity_far_too_large_is_refused(login_as, people):
    client = login_as(people.assistant)

    response = client.post("/venues/new", data={**_FORM, "capacity": "100000000000000000000"})

    assert "Capacity can be at most 100000." in response.get_data(as_text=True)
    assert _venue_named("ANNOLK") is None


def test_venue_zero_or_non_numeric_capacity_is_refused(login_as, people):
    client = login_as(people.assistant)

    bodies = [
        client.post("/venues/new", data={**_FORM, "capacity": value}).get_data(as_text=True)
        for value in ("0", "thirty", "2.5", "²", "-1", "1e309", "NaN")
    ]

    assert ["Capacity must be a positive number." in body for body in bodies] == [True] * 7
    assert _venue_named("ANNOLK") is None


def test_venue_without_city_or_online_url_is_refused_with_message(login_as, people):
    client = login_as(people.assistant)

    response = client.post("/venues/new", data={**_FORM, "city": "", "online_url": ""})

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter the city of the venue, or an online meeting link for an online venue." in body
    assert _venue_named("ANNOLK") is None


def test_venue_online_only_with_link_is_saved(login_as, people):
    client = login_as(people.assistant)

    response = client.post(
        "/venues/new",
        data={
            **_FORM,
            "name": "Online",
            "street": "",
            "postcode": "",
            "city": "",
            "country": "",
            "online_url": "https://meet.example.org/wg-social",
        },
    )

    venue = _venue_named("Online")
    assert response.status_code == 302
    assert (venue.is_online, venue.online_url) == (True, "https://meet.example.org/wg-social")


def test_venue_link_that_is_no_web_address_is_refused(login_as, people):
    client = login_as(people.assistant)

    responses = [
        client.post("/venues/new", data={**_FORM, "city": "", "online_url": url})
        for url in ("javascript:alert(1)", "meet.example.org", "ftp://example.org/x")
    ]

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert [
        "Enter a web address starting with https://" in r.get_data(as_text=True) for r in responses
    ] == [True] * 3
    assert 'value="meet.example.org"' in responses[1].get_data(as_text=True)
    assert db.session.scalars(select(Venue)).all() == []


def test_venue_unknown_country_is_refused(login_as, people):
    client = login_as(people.assistant)

    response = client.post("/venues/new", data={**_FORM, "country": "XX"})

    assert response.status_code == 200
    assert _venue_named("ANNOLK") is None


def test_venue_edit_by_admin_changes_details(login_as, people):
    venue = factories.make_venue("IQ Landia", city="Liberec", country="CZ")
    client = login_as(people.admin)

    response = client.post(
        f"/venues/{venue.id}/edit", data={**_FORM, "name": "IQ Landia", "capacity": "120"}
    )

    assert response.status_code == 302
    assert (venue.capacity, venue.street) == (120, "U Nisy 362/6")


def test_venue_edit_form_shows_current_values(login_as, people):
    venue = factories.make_venue("IQ Landia", city="Liberec", country="SK", capacity=80)
    client = login_as(people.chair)

    body = client.get(f"/venues/{venue.id}/edit").get_data(as_text=True)

    assert 'value="IQ Landia"' in body
    assert 'value="80"' in body
    assert '<option selected value="SK">' in body


def _stranger(people):
    """The assistant of another group: runs a group, but not one that meets at the venue."""
    stranger = factories.make_user("stranger@example.org", "Sára Cizí")
    factories.add_member(stranger, people.other_group, Role.ASSISTANT)
    return stranger


def test_venue_edit_and_archive_by_assistant_of_another_group_are_refused(login_as, people):
    venue = factories.make_venue("ANNOLK", city="Liberec", capacity=30)
    factories.make_meeting(people.group, venue=venue)
    client = login_as(_stranger(people))

    answers = (
        client.get(f"/venues/{venue.id}/edit").status_code,
        client.post(f"/venues/{venue.id}/edit", data={**_FORM, "capacity": "3"}).status_code,
        client.post(f"/venues/{venue.id}/archive").status_code,
    )

    assert answers == (403, 403, 403)
    assert (venue.capacity, venue.archived_at) == (30, None)
    page = client.get(f"/venues/{venue.id}").get_data(as_text=True)
    assert f"/venues/{venue.id}/edit" not in page


def test_venue_edit_by_assistant_of_group_meeting_there_saves(login_as, people):
    venue = factories.make_venue("ANNOLK", city="Liberec", capacity=30)
    factories.make_meeting(people.group, venue=venue)
    client = login_as(people.assistant)

    page = client.get(f"/venues/{venue.id}").get_data(as_text=True)
    response = client.post(f"/venues/{venue.id}/edit", data={**_FORM, "capacity": "40"})

    assert f"/venues/{venue.id}/edit" in page
    assert (response.status_code, venue.capacity) == (302, 40)


def test_venue_new_and_unused_is_editable_by_the_assistant_who_added_it(login_as, people):
    client = login_as(people.assistant)
    client.post("/venues/new", data=_FORM)
    venue = _venue_named("ANNOLK")

    response = client.post(f"/venues/{venue.id}/edit", data={**_FORM, "capacity": "25"})

    assert (response.status_code, venue.capacity) == (302, 25)


# --- archiving ----------------------------------------------------------------------------


def test_venue_archive_hides_it_from_list_and_choices_but_page_stays(login_as, people):
    archived = factories.make_venue("Stará radnice", city="Liberec")
    kept = factories.make_venue("IQ Landia", city="Liberec")
    client = login_as(people.assistant)

    response = client.post(f"/venues/{archived.id}/archive")

    assert response.status_code == 302
    assert archived.archived_at is not None
    assert venue_choices() == [kept]
    listing = client.get("/venues/").get_data(as_text=True)
    assert (f'href="/venues/{archived.id}"' in listing, f'href="/venues/{kept.id}"' in listing) == (
        False,
        True,
    )
    assert client.get(f"/venues/{archived.id}").status_code == 200


def test_venue_restore_offers_it_again(login_as, people):
    venue = factories.make_venue("Stará radnice", city="Liberec")
    client = login_as(people.admin)
    client.post(f"/venues/{venue.id}/archive")

    client.post(f"/venues/{venue.id}/restore")

    assert (venue.archived_at, venue_choices()) == (None, [venue])


# --- the list -----------------------------------------------------------------------------


def test_venue_list_search_matches_name_or_city(client, db_session):
    factories.make_venue("ANNOLK", city="Liberec")
    factories.make_venue("Megyeháza", city="Szombathely")
    factories.make_venue("Liberec City Hall", city="Praha")

    body = client.get("/venues/", query_string={"q": "liberec"}).get_data(as_text=True)

    assert ("ANNOLK" in body, "Liberec City Hall" in body, "Megyeháza" in body) == (
        True,
        True,
        False,
    )


def test_venue_list_marks_online_venues(client, db_session):
    factories.make_venue("Zoom room", city=None, online_url="https://meet.example.org/x")

    body = client.get("/venues/").get_data(as_text=True)

    assert '<span class="badge">Online</span>' in body


# --- one venue ----------------------------------------------------------------------------


def test_venue_osm_link_is_built_from_address(db_session):
    venue = factories.make_venue("ANNOLK", street="U Nisy 362/6", postcode="460 01")

    assert osm_search_url(venue) == (
        "https://www.openstreetmap.org/search?query=U%20Nisy%20362%2F6%2C%20460%2001%20Liberec"
    )


def test_venue_page_shows_details_and_osm_link(client, db_session):
    organisation = factories.make_organisation("Agentura pro neziskové organizace")
    venue = factories.make_venue(
        "ANNOLK",
        street="U Nisy 362/6",
        postcode="460 01",
        country="CZ",
        room="zasedací místnost 2. patro",
        capacity=30,
        access_notes="Bezbariérový vchod ze dvora.",
        organisation_id=organisation.id,
    )

    body = client.get(f"/venues/{venue.id}").get_data(as_text=True)

    assert (
        'href="https://www.openstreetmap.org/search?query=U%20Nisy%20362%2F6%2C%20460%2001%20Liberec"'
        in body
    )
    for text in (
        "U Nisy 362/6",
        "460 01",
        "Czechia",
        "zasedací místnost 2. patro",
        "30 seats",
        "Bezbariérový vchod ze dvora.",
        "Agentura pro neziskové organizace",
    ):
        assert text in body, text
    # A plain link: no map scripts from the internet (only our own static scripts).
    scripts = re.findall(r'<script src="([^"]+)"', body)
    assert scripts and all(src.startswith("/static/js/") for src in scripts)


def test_venue_online_url_is_shown_only_to_signed_in_people(client, login_as, people):
    venue = factories.make_venue("Zoom room", city=None, online_url="https://meet.example.org/x")

    anonymous = client.get(f"/venues/{venue.id}").get_data(as_text=True)
    signed_in = login_as(people.outsider).get(f"/venues/{venue.id}").get_data(as_text=True)

    assert ("https://meet.example.org/x" in anonymous, "Sign in to see the link." in anonymous) == (
        False,
        True,
    )
    assert "https://meet.example.org/x" in signed_in


def test_venue_page_lists_meetings_the_viewer_may_see(login_as, people):
    venue = factories.make_venue("ANNOLK")
    public_group = factories.make_group("Open group", slug="open-group", is_public=True)
    own = factories.make_meeting(people.group, venue=venue, title="Own group meeting")
    public = factories.make_meeting(public_group, venue=venue, title="Public group meeting")
    other = factories.make_meeting(people.other_group, venue=venue, title="Other group secret")
    factories.make_meeting(
        people.group, venue=venue, status=MeetingStatus.DRAFT, title="Own group draft"
    )
    past = factories.make_meeting(
        people.group,
        venue=venue,
        starts_at=factories.local_time("Europe/Prague", 2018, 3, 20, 10),
        title="10th meeting",
    )
    client = login_as(people.member)

    body = client.get(f"/venues/{venue.id}").get_data(as_text=True)

    shown = [m.title for m in (own, public, other, past) if m.title in body]
    assert shown == ["Own group meeting", "Public group meeting", "10th meeting"]
    assert "Own group draft" not in body
    assert (
        body.index("Own group meeting")
        < body.index("Past meetings here")
        < body.index("10th meeting")
    )


def test_venue_page_anonymous_sees_only_public_meetings(client, people):
    venue = factories.make_venue("ANNOLK")
    public_group = factories.make_group("Open group", slug="open-group", is_public=True)
    factories.make_meeting(public_group, venue=venue, title="Public group meeting")
    factories.make_meeting(people.group, venue=venue, title="Members-only meeting")

    body = client.get(f"/venues/{venue.id}").get_data(as_text=True)

    assert ("Public group meeting" in body, "Members-only meeting" in body) == (True, False)


def test_venue_page_query_count_does_not_grow_with_meetings(app, login_as, people):
    few_venue = factories.make_venue("Few")
    many_venue = factories.make_venue("Many")
    joint_partner = factories.make_group("Partner", slug="partner", is_public=True)
    for venue, count in ((few_venue, 5), (many_venue, 100)):
        for n in range(count):
            group = (people.group, people.other_group)[n % 2]
            meeting = factories.make_meeting(
                group,
                starts_at=factories.local_time("Europe/Prague", 2015 + n % 20, 1 + n % 12, 10),
                venue=venue,
            )
            meeting.extra_groups.append(joint_partner)
    db.session.flush()
    client = login_as(people.member)

    with count_queries(app) as few:
        assert client.get(f"/venues/{few_venue.id}").status_code == 200
    with count_queries(app) as many:
        assert client.get(f"/venues/{many_venue.id}").status_code == 200

    assert many.count == few.count, (few.statements, many.statements)


def test_venue_page_query_count_for_a_manager_does_not_grow_with_meetings(app, login_as, people):
    few_venue = factories.make_venue("Few")
    many_venue = factories.make_venue("Many")
    for venue, count in ((few_venue, 3), (many_venue, 60)):
        for n in range(count):
            group = (people.group, people.other_group)[n % 2]
            factories.make_meeting(
                group,
                starts_at=factories.local_time("Europe/Prague", 2015 + n % 20, 1 + n % 12, 10),
                venue=venue,
            )
    db.session.flush()
    client = login_as(people.assistant)

    with count_queries(app) as few:
        assert "/edit" in client.get(f"/venues/{few_venue.id}").get_data(as_text=True)
    with count_queries(app) as many:
        assert "/edit" in client.get(f"/venues/{many_venue.id}").get_data(as_text=True)

    assert many.count == few.count, (few.statements, many.statements)


def test_unknown_venue_is_not_found(client, db_session):
    assert client.get("/venues/999999").status_code == 404
