"""SQL metacharacters in every search and filter of the GET pages: never a 500, and the
LIKE wildcards ``%`` and ``_`` found literally (a search for ``%`` does not list everything).

Every parameter a page reads from its address is sent each value of ``METACHARACTERS``;
the pages are asked by a site admin, who sees every search and filter.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlencode

import pytest

from meetings.extensions import db
from meetings.minutes.enums import MinutesState
from meetings.minutes.models import Decision, Minutes
from meetings.scheduling.enums import MeetingStatus

from .. import factories

METACHARACTERS = [
    "'",
    '"',
    ";--",
    "%",
    "_",
    "\\",
    "%%",
    "' OR 1=1 --",
    '" OR "1"="1',
    "1; DROP TABLE users; --",
    "' UNION SELECT email, password_hash FROM users --",
    "\x00",
    "a\x00b",
    "x" * 5000,
    "9" * 40,
    "-1",
    "1e309",
    "Ärger ščř ő ā 中文 🙂",
    "\u202e",
    "[]",
    "{}",
]

#: Each page and the parameters it reads from its address.
PAGES = {
    "/admin/users": ["q", "page"],
    "/decisions": ["q", "group"],
    "/events": ["group", "organisation", "city", "month", "page", "ahead"],
    "/venues/": ["q", "archived"],
    "/organisations/": ["q"],
    "/groups/": ["page"],
    "/calendar": ["group"],
    "/calendar/month": ["year", "month", "group"],
    "/admin/mail": ["status", "page"],
    "/events/calendar.ics": ["lang", "alarm"],
    "/groups/{slug}/calendar.ics": ["alarm"],
    "/meetings/{meeting}/minutes": ["edition"],
    "/meetings/{meeting}/minutes/history": ["a", "b"],
    "/auth/sign-in": ["next"],
    "/dashboard": ["page"],
    "/tasks": ["page", "status"],
}


@pytest.fixture
def searchable(people):
    """Rows with ordinary names in every searched table, none with % or _ in it."""
    group = people.group
    group.is_public = True
    meeting = factories.make_meeting(
        group,
        starts_at=factories.local_time("Europe/Prague", 2018, 3, 20, 10),
        status=MeetingStatus.HELD,
        number=10,
    )
    minutes = Minutes(
        meeting=meeting, state=MinutesState.APPROVED, approved_at=dt.datetime.now(dt.UTC)
    )
    db.session.add(minutes)
    for sequence, text in enumerate(["Schvaluje rozpočet.", "Bere na vědomí zprávu."], 1):
        db.session.add(Decision(group=group, meeting=meeting, sequence=sequence, text=text))
    factories.make_venue("Zasedací místnost Alfa", city="Liberec")
    factories.make_venue("Sál Beta", city="Praha")
    factories.make_organisation("Krajský úřad Libereckého kraje")
    factories.make_organisation("Úřad práce ČR")
    db.session.flush()
    return meeting


@pytest.mark.parametrize("path", sorted(PAGES))
def test_metacharacters_in_every_parameter_never_give_a_500(path, searchable, people, login_as):
    client = login_as(people.admin)
    url = path.format(slug=people.group.slug, meeting=searchable.id)
    failures = {}
    for parameter in PAGES[path]:
        for value in METACHARACTERS:
            try:
                status = client.get(f"{url}?{urlencode({parameter: value})}").status_code
            except Exception as error:  # the test app lets a view's exception through
                status = f"500 ({type(error).__name__})"
            if str(status).startswith("5"):
                failures[(parameter, value[:40])] = status
    assert failures == {}


@pytest.mark.parametrize(
    ("url", "listed"),
    [
        ("/admin/users?q={}", ["member@example.org", "chair@example.org"]),
        ("/venues/?q={}", ["Zasedací místnost Alfa", "Sál Beta"]),
        ("/organisations/?q={}", ["Krajský úřad Libereckého kraje", "Úřad práce ČR"]),
        (
            "/decisions?group=socialni-sluzby&q={}",
            ["Schvaluje rozpočet.", "Bere na vědomí zprávu."],
        ),
    ],
)
def test_like_wildcards_are_matched_literally(url, listed, searchable, people, login_as):
    client = login_as(people.admin)
    everything = client.get(url.format("")).get_data(as_text=True)
    found = {
        wildcard: client.get(url.format(quote(wildcard))).get_data(as_text=True)
        for wildcard in ("%", "_", "%%", "\\", "' OR 1=1 --")
    }

    assert [name for name in listed if name in everything] == listed
    assert {w: [n for n in listed if n in page] for w, page in found.items()} == {
        w: [] for w in found
    }


def test_a_search_with_a_percent_sign_finds_the_name_that_has_one(searchable, people, login_as):
    factories.make_venue("Sleva 50% sál", city="Brno")
    factories.make_venue("Sleva 500 sál", city="Brno")

    page = login_as(people.admin).get("/venues/?q=50%25").get_data(as_text=True)

    assert ("Sleva 50% sál" in page, "Sleva 500 sál" in page) == (True, False)


def test_an_id_longer_than_any_row_has_is_404_on_every_page(app, people, login_as):
    client = login_as(people.admin)
    answers = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or "<int:" not in rule.rule:
            continue
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<int:{name}>", "9" * 25).replace(f"<{name}>", "x")
        answers[path] = client.get(path).status_code

    assert len(answers) >= 20
    assert {path: status for path, status in answers.items() if status != 404} == {}
