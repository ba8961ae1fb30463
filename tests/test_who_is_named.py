"""Names on pages: a person is named only to those who share a working group with them (or
to admins); a members-only group is never named to someone who may not see it, on any
public page or calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from meetings.agenda.models import AgendaItem
from meetings.extensions import db
from meetings.groups.enums import Role

from . import factories
from .conftest import count_queries

GROUP = "Sociální služby"  # the people fixture's members-only group


# --- people on organisation pages ---------------------------------------------------------


@pytest.fixture
def organisation(people):
    """An organisation whose people are the group's chair and member."""
    organisation = factories.make_organisation("Krajský úřad Libereckého kraje")
    people.chair.organisation_id = organisation.id
    people.member.organisation_id = organisation.id
    db.session.flush()
    return organisation


def _body(client, url: str) -> str:
    response = client.get(url, follow_redirects=True)  # "/" leads a signed-in person on
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_organisation_page_hides_names_from_someone_sharing_no_group(
    login_as, people, organisation
):
    body = _body(login_as(people.outsider), f"/organisations/{organisation.id}")

    assert ("Jana Předsedová" in body, "Petr Člen" in body) == (False, False)
    assert "2 people from this organisation have an account" in body


@pytest.mark.parametrize("role", ["observer", "admin"])
def test_organisation_page_names_people_to_their_group_and_admins(
    login_as, people, organisation, role
):
    body = _body(login_as(people.by_role[role]), f"/organisations/{organisation.id}")

    assert ("Jana Předsedová" in body, "Petr Člen" in body) == (True, True)
    assert "have an account" not in body


def test_organisation_page_names_colleagues_and_counts_the_others(login_as, people, organisation):
    people.outsider.organisation_id = organisation.id
    stranger = factories.make_user("stranger@example.org", "Sára Cizí")
    stranger.organisation_id = organisation.id
    factories.add_member(stranger, people.other_group, Role.ASSISTANT)

    body = _body(login_as(people.outsider), f"/organisations/{organisation.id}")

    assert [name in body for name in ("Ottó Kívülálló", "Sára Cizí", "Petr Člen")] == [
        True,
        True,
        False,
    ]
    assert "2 other people from this organisation have an account" in body


def test_organisation_page_query_count_does_not_grow_with_people(app, login_as, people):
    few = factories.make_organisation("Few")
    many = factories.make_organisation("Many")
    for organisation, count in ((few, 2), (many, 20)):
        for n in range(count):
            person = factories.make_user(name=f"Person {organisation.name} {n}")
            person.organisation_id = organisation.id
            factories.add_member(person, (people.group, people.other_group)[n % 2])
    db.session.flush()
    client = login_as(people.member)

    with count_queries(app) as few_queries:
        _body(client, f"/organisations/{few.id}")
    with count_queries(app) as many_queries:
        _body(client, f"/organisations/{many.id}")

    assert many_queries.count == few_queries.count, many_queries.statements


# --- members-only groups on public pages --------------------------------------------------


@pytest.fixture
def public_event(people):
    """A meeting open to everyone, hosted by the members-only group, at a venue."""
    venue = factories.make_venue("ANNOLK", city="Liberec")
    return factories.make_meeting(
        people.group, is_public=True, venue=venue, title="Den otevřených dveří"
    )


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_public_pages_never_name_a_members_only_group(login_as, people, public_event, role):
    client = login_as(people.by_role[role])
    pages = {
        url: _body(client, url)
        for url in (
            "/",
            "/events",
            f"/events/{public_event.id}",
            f"/meetings/{public_event.id}",
            f"/venues/{public_event.venue_id}",
        )
    }

    assert [url for url, body in pages.items() if GROUP in body] == []
    assert "A members-only working group" in pages[f"/meetings/{public_event.id}"]


def test_public_calendars_never_name_a_members_only_group(client, people, public_event):
    download = client.get(f"/meetings/{public_event.id}.ics")
    feed = client.get("/events/calendar.ics")

    assert download.status_code == feed.status_code == 200
    assert GROUP.encode() not in download.data
    assert b"socialni-sluzby" not in download.headers["Content-Disposition"].encode()
    assert public_event.uid.encode() in feed.data
    assert GROUP.encode() not in feed.data


def test_public_events_filter_does_not_offer_or_name_a_members_only_group(
    client, people, public_event
):
    public = factories.make_group("Zaměstnanost", slug="zamestnanost", is_public=True)
    factories.make_meeting(public, is_public=True)

    offered = _body(client, "/events")
    asked = _body(client, "/events?group=socialni-sluzby")

    assert ('value="zamestnanost"' in offered, 'value="socialni-sluzby"' in offered) == (
        True,
        False,
    )
    assert GROUP not in asked
    assert "There is no such group." in asked


def test_members_see_their_group_named_on_its_public_event(login_as, people, public_event):
    client = login_as(people.observer)

    assert GROUP in _body(client, f"/events/{public_event.id}")
    assert 'value="socialni-sluzby"' in _body(client, "/events")


def test_members_only_meeting_calendar_names_its_group(login_as, people):
    meeting = factories.make_meeting(people.group, title="Jednání pracovní skupiny")

    download = login_as(people.member).get(f"/meetings/{meeting.id}.ics")

    assert GROUP in download.data.decode()


def test_public_group_is_named_on_its_public_event(client, people):
    public = factories.make_group("Zaměstnanost", slug="zamestnanost", is_public=True)
    event = factories.make_meeting(public, is_public=True)

    assert "Zaměstnanost" in _body(client, f"/events/{event.id}")
    assert "Zaměstnanost" in client.get(f"/meetings/{event.id}.ics").data.decode()


def test_public_agenda_does_not_name_a_members_only_responsible_group(client, people):
    public = factories.make_group("Zaměstnanost", slug="zamestnanost", is_public=True)
    event = factories.make_meeting(
        public, is_public=True, extra_groups=[people.group], title="Společné setkání"
    )
    event.agenda_published_at = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    db.session.add_all(
        [
            AgendaItem(meeting=event, position=1, title="Zahájení", responsible_group=public),
            AgendaItem(
                meeting=event, position=2, title="Sociální bydlení", responsible_group=people.group
            ),
        ]
    )
    db.session.flush()

    page = _body(client, f"/meetings/{event.id}")
    # Unfolded: long calendar lines are folded at 75 octets.
    download = client.get(f"/meetings/{event.id}.ics").data.decode().replace("\r\n ", "")

    assert ("Sociální bydlení" in page, "Zaměstnanost" in page, GROUP in page) == (
        True,
        True,
        False,
    )
    assert ("Sociální bydlení" in download, GROUP in download) == (True, False)
