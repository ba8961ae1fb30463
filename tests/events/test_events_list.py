"""The public events list: what it shows to visitors, its filters, paging and queries."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from sqlalchemy import select

from meetings.events import services
from meetings.extensions import db
from meetings.models import Organisation, WorkingGroup
from meetings.scheduling.enums import MeetingKind, MeetingStatus

from .. import factories
from ..conftest import count_queries
from .conftest import demo_meeting

ENSIE = [f"ENSIE projekta pasākums Nr. {n}" for n in range(1, 7)]
LIBEREC_JOINT = "Společné setkání pracovních skupin PZLK"
#: The pact's upcoming joint meeting, which one of its groups has not accepted yet.
LIBEREC_PLAN = "Společné setkání pracovních skupin PZLK: akční plán paktu"
VAS = "Munkacsoport ülés – Szociális gondoskodás"
KOSICE = "Informačné podujatie o sociálnom podnikaní v Košickom kraji"


def _titles(page: str) -> list[str]:
    """The events listed, in page order (upcoming first, then past)."""
    return [html.unescape(t) for t in re.findall(r'<a href="/events/\d+">([^<]*)</a>', page)]


def _section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    end = page.find("</section>", start)
    return page[start:end]


def test_events_page_lists_the_demo_public_events_with_venue_and_organiser_for_visitors(
    demo, client
):
    response = client.get("/events")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert sorted(_titles(page)) == sorted([*ENSIE, LIBEREC_JOINT, LIBEREC_PLAN, VAS, KOSICE])
    assert _titles(_section(page, "upcoming")) == [KOSICE, LIBEREC_PLAN]
    # Venue with its address, and the organiser linked to its page.
    assert "Úrad Košického samosprávneho kraja, Nám. Maratónu Mieru 1, 042 66 Košice" in page
    assert "IQ Landia" in page
    vas_county = db.session.scalars(
        select(Organisation).where(Organisation.name == "Vas Megyei Önkormányzat")
    ).one()
    assert f'<a href="/organisations/{vas_county.id}">Vas Megyei Önkormányzat</a>' in page
    # Members-only meetings that are not public stay hidden.
    assert "10. setkání Odborné pracovní skupiny Sociální služby" not in page
    assert "A Szociális gondoskodás munkacsoport 2. ülése" not in page


def test_events_filter_by_group_shows_only_that_groups_events(demo, client):
    page = client.get("/events?group=ensie").get_data(as_text=True)

    assert sorted(_titles(page)) == sorted(ENSIE)


def test_events_filter_by_group_includes_joint_meetings_it_takes_part_in(demo, login_as):
    """The group is members-only: its members may filter by it."""
    group = db.session.scalars(
        select(WorkingGroup).where(WorkingGroup.slug == "pzlk-zamestnanost")
    ).one()
    member = factories.make_user("clen@example.org", "Petr Člen")
    factories.add_member(member, group)

    page = login_as(member).get("/events?group=pzlk-zamestnanost").get_data(as_text=True)

    assert _titles(page) == [LIBEREC_JOINT]


def test_events_filter_by_members_only_group_is_not_offered_to_visitors(demo, client):
    page = client.get("/events?group=pzlk-zamestnanost").get_data(as_text=True)

    assert "There is no such group." in page
    assert ('value="pzlk-zamestnanost"' in page, "Pracovní skupina Zaměstnanost" in page) == (
        False,
        False,
    )


def test_events_filter_by_organisation_shows_only_its_events(demo, client):
    vas_county = db.session.scalars(
        select(Organisation).where(Organisation.name == "Vas Megyei Önkormányzat")
    ).one()

    page = client.get(f"/events?organisation={vas_county.id}").get_data(as_text=True)

    assert _titles(page) == [VAS]


def test_events_filter_by_city_shows_only_events_held_there(demo, client):
    page = client.get("/events?city=Liberec").get_data(as_text=True)

    # Upcoming first, then past.
    assert _titles(page) == [LIBEREC_PLAN, LIBEREC_JOINT]


def test_events_filter_by_month_shows_only_events_of_that_month(demo, client):
    page = client.get("/events?month=2018-06").get_data(as_text=True)

    assert _titles(page) == ["ENSIE projekta pasākums Nr. 4"]


def test_events_filters_combine(demo, client):
    both = client.get("/events?group=ensie&month=2018-12").get_data(as_text=True)
    none = client.get("/events?city=Liberec&month=2022-10").get_data(as_text=True)
    all_four = client.get(
        "/events?group=pzlk-socialni-sluzby&city=Liberec&month=2018-10&organisation="
        + str(demo_meeting("pzlk-socialni-sluzby", 12).organiser_id)
    ).get_data(as_text=True)

    assert _titles(both) == ["ENSIE projekta pasākums Nr. 6"]
    assert _titles(none) == []
    assert "No past events match." in none
    assert _titles(all_four) == [LIBEREC_JOINT]


def test_events_form_keeps_the_chosen_values(demo, client):
    page = client.get("/events?group=ensie&city=Liberec&month=2018-10").get_data(as_text=True)

    assert '<option selected value="ensie">' in page
    assert '<option selected value="Liberec">' in page
    assert 'value="2018-10"' in page


def test_events_month_is_the_meetings_local_month(db_session, client):
    group = factories.make_group(is_public=True, timezone="Europe/Riga")
    # 00:30 on 1 March in Riga is still February in UTC.
    factories.make_meeting(
        group, factories.local_time("Europe/Riga", 2030, 3, 1, 0, 30), title="Pusnakts"
    )

    march = client.get("/events?month=2030-03").get_data(as_text=True)
    february = client.get("/events?month=2030-02").get_data(as_text=True)

    assert (_titles(march), _titles(february)) == (["Pusnakts"], [])


def test_events_bad_filter_values_get_messages_not_errors(demo, client):
    response = client.get(
        "/events?group=no-such-group&organisation=abc&city=Atlantis&month=2018-13"
    )
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "There is no such group." in page
    assert "Choose one of the organisers in the list." in page
    assert "Choose one of the cities in the list." in page
    assert "Enter a month as year and month, for example 2018-10." in page
    # The filters not understood are not applied.
    assert len(_titles(page)) == 10


def test_events_page_number_out_of_range_shows_the_last_page(demo, client):
    response = client.get("/events?page=999")

    assert response.status_code == 200
    assert "Page" not in _section(response.get_data(as_text=True), "past")  # one page only


def test_events_list_marks_cancelled_events_and_never_shows_drafts(db_session, client):
    group = factories.make_group(is_public=True)
    factories.make_meeting(
        group,
        factories.local_time("Europe/Prague", 2030, 6, 1, 10),
        title="Zrušená akce",
        status=MeetingStatus.CANCELLED,
        cancel_reason="Nemoc",
    )
    factories.make_meeting(group, title="Koncept akce", status=MeetingStatus.DRAFT)

    page = client.get("/events").get_data(as_text=True)

    assert _titles(page) == ["Zrušená akce"]
    assert 'class="cancelled"' in page
    assert "badge-error" in page


def _public_events(count: int, now: dt.datetime) -> None:
    group = factories.make_group(is_public=True)
    other = factories.make_group()
    organisation = factories.make_organisation()
    venue = factories.make_venue("Sál", city="Brno")
    for n in range(count):
        meeting = factories.make_meeting(
            group,
            # The first half past, the rest ahead.
            now + dt.timedelta(days=(n + 1) * (-1 if n < count // 2 else 1)),
            title=f"Akce {n}",
            kind=MeetingKind.PUBLIC_EVENT,
            venue=venue if n % 2 else None,
            organiser=organisation,
        )
        if n % 3 == 0:
            meeting.extra_groups = [other]
    db.session.flush()


def test_events_page_queries_do_not_grow_with_the_number_of_events(app, db_session, client):
    now = dt.datetime.now(dt.UTC)
    month_filter = f"/events?city=Brno&month={now:%Y-%m}"

    _public_events(5, now)
    with count_queries(app) as few:
        assert client.get("/events").status_code == 200
    with count_queries(app) as few_filtered:
        assert client.get(month_filter).status_code == 200
    _public_events(95, now)
    with count_queries(app) as many:
        page = client.get("/events").get_data(as_text=True)
    with count_queries(app) as many_filtered:
        assert client.get(month_filter).status_code == 200

    # A page of the 3 + 48 upcoming, and a page of the 2 + 47 past ones: the page stays
    # the same size however many events there are.
    assert len(_titles(page)) == 2 * services.EVENTS_PER_PAGE
    assert (many.count, many_filtered.count) == (few.count, few_filtered.count)


def test_events_past_are_paginated_keeping_the_filters(db_session, client):
    group = factories.make_group(is_public=True, slug="past-events")
    start = factories.local_time("Europe/Prague", 2020, 1, 6, 10)
    for n in range(services.EVENTS_PER_PAGE + 3):
        factories.make_meeting(group, start + dt.timedelta(days=n), title=f"Akce {n:02d}")

    first = client.get("/events?group=past-events").get_data(as_text=True)
    second = client.get("/events?group=past-events&page=2").get_data(as_text=True)

    assert _titles(first)[0] == f"Akce {services.EVENTS_PER_PAGE + 2:02d}"
    assert len(_titles(first)) == services.EVENTS_PER_PAGE
    assert _titles(second) == ["Akce 02", "Akce 01", "Akce 00"]
    assert 'href="/events?page=2&amp;group=past-events#past"' in first


def test_events_upcoming_are_paginated_keeping_the_filters(db_session, client):
    group = factories.make_group(is_public=True, slug="future-events")
    start = factories.local_time("Europe/Prague", 2040, 1, 6, 10)
    for n in range(services.EVENTS_PER_PAGE + 3):
        factories.make_meeting(group, start + dt.timedelta(days=n), title=f"Akce {n:02d}")

    first = client.get("/events?group=future-events").get_data(as_text=True)
    second = client.get("/events?group=future-events&ahead=2").get_data(as_text=True)

    assert _titles(first) == [f"Akce {n:02d}" for n in range(services.EVENTS_PER_PAGE)]
    assert 'href="/events?ahead=2&amp;group=future-events#upcoming"' in first
    assert ">Sooner<" not in first
    assert _titles(second) == ["Akce 20", "Akce 21", "Akce 22"]
    assert 'href="/events?ahead=1&amp;group=future-events#upcoming"' in second
    assert ">Later<" not in second


@pytest.mark.parametrize("number", ["100000000000000000000", "-1", "1e309", "nan", "0"])
def test_events_page_numbers_far_out_give_a_page_not_an_error(client, people, number):
    public = factories.make_group("Zaměstnanost", slug="zamestnanost", is_public=True)
    factories.make_meeting(public, is_public=True, title="Den otevřených dveří")

    answers = [client.get(f"/events?{name}={number}").status_code for name in ("page", "ahead")]

    assert answers == [200, 200]
