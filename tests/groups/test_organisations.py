"""Partner organisations: the list with its search, a page with office hours, the form."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import OfficeHours, Organisation
from tests import factories

KOSICE_HOURS = {
    0: ("07:30", "15:30"),
    1: ("07:30", "15:30"),
    2: ("07:30", "16:30"),
    3: ("07:30", "15:30"),
    4: ("07:30", "14:30"),
}


def _time(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


@pytest.fixture
def kosice(db_session) -> Organisation:
    office = factories.make_organisation(
        "Úrad Košického samosprávneho kraja",
        short_name="Úrad KSK",
        department="Odbor sociálnych vecí",
        street="Nám. Maratónu Mieru 1",
        postcode="042 66",
        city="Košice",
        country="SK",
        phone="055/72 68 299, 72 68 297",
        email="podatelna@vucke.sk",
        website="https://web.vucke.sk",
    )
    for weekday, (opens, closes) in KOSICE_HOURS.items():
        db.session.add(
            OfficeHours(
                organisation=office, weekday=weekday, opens=_time(opens), closes=_time(closes)
            )
        )
    db.session.flush()
    return office


@pytest.fixture
def organisations(kosice) -> list[Organisation]:
    return [
        kosice,
        factories.make_organisation(
            "Krajský úřad Libereckého kraje", short_name="KÚLK", city="Liberec"
        ),
        factories.make_organisation("Vas Megyei Önkormányzat", city="Szombathely"),
    ]


def _names(page: str) -> list[str]:
    return [
        name
        for name in (
            "Úrad Košického samosprávneho kraja",
            "Krajský úřad Libereckého kraje",
            "Vas Megyei Önkormányzat",
        )
        if name in page
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "",
            [
                "Úrad Košického samosprávneho kraja",
                "Krajský úřad Libereckého kraje",
                "Vas Megyei Önkormányzat",
            ],
        ),
        ("megyei", ["Vas Megyei Önkormányzat"]),
        ("kúlk", ["Krajský úřad Libereckého kraje"]),
        ("KOŠICE", ["Úrad Košického samosprávneho kraja"]),
        ("szombathely", ["Vas Megyei Önkormányzat"]),
        ("nothing like this", []),
    ],
)
def test_organisation_search_by_name_short_name_or_city(organisations, client, query, expected):
    page = client.get("/organisations/", query_string={"q": query}).get_data(as_text=True)

    assert _names(page) == expected


def test_organisation_list_hides_archived_ones(organisations, client):
    organisations[2].archived_at = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    db.session.flush()

    page = client.get("/organisations/").get_data(as_text=True)

    assert _names(page) == ["Úrad Košického samosprávneho kraja", "Krajský úřad Libereckého kraje"]


def test_organisation_page_shows_kosice_office_hours_as_weekday_table(kosice, client):
    page = client.get(f"/organisations/{kosice.id}").get_data(as_text=True)

    hours = page.split('id="office-hours"')[1].split("</table>")[0]
    rows = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in hours.split("<tr>")[1:]]
    assert rows == [
        "Monday 7:30–15:30",
        "Tuesday 7:30–15:30",
        "Wednesday 7:30–16:30",
        "Thursday 7:30–15:30",
        "Friday 7:30–14:30",
    ]
    assert "055/72 68 299, 72 68 297" in page
    assert 'href="mailto:podatelna@vucke.sk"' in page
    assert 'href="https://web.vucke.sk"' in page
    assert "Nám. Maratónu Mieru 1" in page


def test_organisation_page_shows_closed_days(db_session, client):
    office = factories.make_organisation("Half-week office")
    db.session.add(
        OfficeHours(organisation=office, weekday=0, opens=_time("08:00"), closes=_time("12:00"))
    )
    db.session.flush()

    page = client.get(f"/organisations/{office.id}").get_data(as_text=True)

    assert page.count(">Closed<") == 4


def test_organisation_page_lists_its_people_and_visible_groups(kosice, people, login_as):
    people.member.organisation = kosice
    public = factories.make_group(
        "Sociálny rozvoj", slug="ksk", is_public=True, lead_organisation=kosice
    )
    db.session.flush()
    client = login_as(people.outsider)

    page = client.get(f"/organisations/{kosice.id}").get_data(as_text=True)

    # The member shares no group with the outsider: counted, not named.
    assert "Petr Člen" not in page
    assert "1 person from this organisation has an account" in page
    assert "Petr Člen" in login_as(people.observer).get(f"/organisations/{kosice.id}").get_data(
        as_text=True
    )
    assert "Sociálny rozvoj" in page
    assert f"/groups/{public.slug}" in page
    # The member's members-only group stays hidden from an outsider.
    assert "Sociální služby" not in page


def test_archived_organisation_page_stays_and_says_archived(kosice, people, login_as):
    client = login_as(people.admin)

    assert client.post(f"/organisations/{kosice.id}/archive").status_code == 302

    page = client.get(f"/organisations/{kosice.id}").get_data(as_text=True)
    assert kosice.archived_at is not None
    assert "This organisation is archived" in page
    assert "Wednesday" in page


def test_create_organisation_with_office_hours(people, login_as):
    client = login_as(people.admin)
    data = {"name": "Úrad KSK", "city": "Košice", "country": "sk", "email": "Info@Vucke.sk"}
    for weekday, (opens, closes) in KOSICE_HOURS.items():
        data[f"hours-{weekday}-opens"] = opens
        data[f"hours-{weekday}-closes"] = closes

    response = client.post("/organisations/new", data=data)

    assert response.status_code == 302
    office = db.session.scalars(select(Organisation).where(Organisation.name == "Úrad KSK")).one()
    assert (office.country, office.email) == ("SK", "info@vucke.sk")
    assert [(h.weekday, h.opens, h.closes) for h in office.office_hours] == [
        (d, _time(o), _time(c)) for d, (o, c) in KOSICE_HOURS.items()
    ]


def test_edit_organisation_closes_before_opens_is_refused_with_typed_values_kept(
    kosice, people, login_as
):
    client = login_as(people.admin)
    data = {"name": "Úrad KSK upravený"}
    for weekday, (opens, closes) in KOSICE_HOURS.items():
        data[f"hours-{weekday}-opens"] = opens
        data[f"hours-{weekday}-closes"] = closes
    data["hours-2-closes"] = "06:30"
    data["hours-5-opens"] = "09:00"

    response = client.post(f"/organisations/{kosice.id}/edit", data=data)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Wednesday: The closing time must be after the opening time." in page
    assert "Saturday: Enter the closing time too, or leave both times empty" in page
    assert 'value="06:30"' in page
    assert 'value="Úrad KSK upravený"' in page
    db.session.expire_all()
    assert db.session.get(Organisation, kosice.id).name == "Úrad Košického samosprávneho kraja"
    assert [h.closes for h in db.session.get(Organisation, kosice.id).office_hours][2] == _time(
        "16:30"
    )


def test_edit_organisation_invalid_time_and_email_are_refused(kosice, people, login_as):
    client = login_as(people.admin)

    response = client.post(
        f"/organisations/{kosice.id}/edit",
        data={
            "name": "Úrad KSK",
            "email": "nope",
            "website": "javascript:alert(1)",
            "hours-0-opens": "25:99",
            "hours-0-closes": "15:30",
        },
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Monday: Enter a time like 7:30 or 15:30." in page
    assert "Enter an e-mail address like name@example.org." in page
    assert "Enter a web address like https://www.example.org." in page
    assert 'value="25:99"' in page


def test_edit_organisation_form_shows_current_hours(kosice, people, login_as):
    client = login_as(people.admin)

    page = client.get(f"/organisations/{kosice.id}/edit").get_data(as_text=True)

    assert 'name="hours-2-closes" type="time" value="16:30"' in page
