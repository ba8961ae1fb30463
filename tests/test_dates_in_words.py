"""Dates and time zones as people write them in each language: month headings in the
language's own order, zones by their city and country, never an id like Europe/Prague."""

from __future__ import annotations

import re

import lxml.html
import pytest

from meetings.extensions import db

from . import factories
from .forms import form_values


def _text(html: str, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in lxml.html.fromstring(html).xpath(xpath)]


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("cs", "prosinec 2026"),
        ("sk", "december 2026"),
        ("hu", "2026. december"),
        ("lv", "2026. gada decembris"),
        ("en", "December 2026"),
    ],
)
def test_month_heading_in_the_languages_own_order(people, login_as, language, heading):
    people.member.locale = language
    db.session.flush()

    page = login_as(people.member).get("/calendar/month?year=2026&month=12").text

    assert _text(page, "//main//h1") == [heading]


def test_time_zones_are_offered_by_city_and_country_home_zones_first(people, login_as):
    people.member.locale = "cs"
    db.session.flush()
    client = login_as(people.member)

    page = client.get("/auth/account").text
    options = lxml.html.fromstring(page).xpath("//select[@name='timezone']/option")
    labels = [" ".join(o.text_content().split()) for o in options]
    values = [o.get("value") for o in options]

    assert labels[:5] == [
        "Automaticky (časové pásmo skupiny nebo webu)",
        "Praha (časové pásmo Česko)",
        "Bratislava (časové pásmo Slovensko)",
        "Budapešť (časové pásmo Maďarsko)",
        "Riga (časové pásmo Lotyšsko)",
    ]
    assert values[:5] == [
        "",
        "Europe/Prague",
        "Europe/Bratislava",
        "Europe/Budapest",
        "Europe/Riga",
    ]
    assert len(set(labels)) == len(labels) > 300  # each zone once, old aliases left out
    assert not [label for label in labels if "/" in label]

    saved = client.post(
        "/auth/account", data=form_values(page, action="/auth/account") | {"timezone": "Asia/Tokyo"}
    )
    account = client.get("/auth/account").text

    assert saved.status_code == 302
    assert people.member.timezone == "Asia/Tokyo"
    assert "Tokio (časové pásmo Japonsko)" in _text(account, "//dl//dd")


def test_no_zone_id_on_the_meeting_page_and_in_the_invitation_time(people, login_as):
    meeting = factories.make_meeting(
        people.group, factories.local_time("Europe/Prague", 2030, 3, 19, 10), title="10. setkání"
    )
    people.member.timezone = "Europe/Riga"
    db.session.flush()

    page = login_as(people.member).get(f"/meetings/{meeting.id}").text
    visible = " ".join(_text(page, "//main"))

    assert "time zone: Prague" in visible
    assert "In your time zone (Riga)" in visible
    assert not re.search(r"\b(Europe|America|Asia|Africa)/[A-Z]", visible)


@pytest.mark.parametrize(
    ("length", "language", "written"),
    [
        # "short" keeps the whole year (CLDR's own short form writes "20.03.18").
        ("short", "cs", "20. 3. 2018 10:05"),
        ("short", "lv", "2018. gada 20. marts 10:05"),
        ("short", "hu", "2018. márc. 20. 10:05"),
        ("short", "en", "20 Mar 2018, 10:05"),
        # "long" names the month, without seconds or zone (status cards, documents).
        ("long", "cs", "20. března 2018 10:05"),
        ("long", "sk", "20. marca 2018, 10:05"),
        ("long", "hu", "2018. március 20. 10:05"),
        ("long", "lv", "2018. gada 20. marts 10:05"),
        ("long", "en", "20 March 2018, 10:05"),
    ],
)
def test_date_and_time_as_written_in_each_language(app, length, language, written):
    import datetime as dt

    from meetings.i18n import force_locale, format_local_datetime

    at = dt.datetime(2018, 3, 20, 9, 5, tzinfo=dt.UTC)
    with app.test_request_context(), force_locale(language):
        assert format_local_datetime(at, "Europe/Prague", length) == written
