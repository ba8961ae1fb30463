"""The search page: words in any case and accents, what each person may see (and count),
the index kept in step with changes made through the pages, the rebuild command, filters,
pages, bad input and the number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert

from meetings.agenda.models import AgendaItem
from meetings.extensions import db
from meetings.groups.enums import Language, Role
from meetings.minutes.enums import MinutesState
from meetings.models import Decision, Meeting, Minutes, MinutesEntry, SearchDocument
from meetings.scheduling.enums import MeetingStatus

from .. import factories
from ..conftest import count_queries
from ..forms import form_values

NOW = dt.datetime.now(dt.UTC)


def _item(meeting, title, description=None, position=0):
    item = AgendaItem(meeting=meeting, title=title, description=description, position=position)
    db.session.add(item)
    db.session.flush()
    return item


def _minutes(meeting, state=MinutesState.SUBMITTED, opening=None, entries=()):
    minutes = Minutes(
        meeting=meeting,
        state=state,
        opening=opening,
        approved_at=NOW if state in (MinutesState.APPROVED, MinutesState.PUBLISHED) else None,
        pdf_sha256="0" * 64 if state == MinutesState.PUBLISHED else None,
    )
    db.session.add(minutes)
    for item, text in entries:
        db.session.add(MinutesEntry(minutes=minutes, agenda_item_id=item.id, text=text))
    db.session.flush()
    return minutes


# --- words: case and diacritics in every language ------------------------------------------


@pytest.mark.parametrize(
    ("language", "title", "typed", "highlighted"),
    [
        (
            Language.HU,
            "A munkacsoport határozata a jelenléti ív ügyében",
            "HATAROZATA jelenleti",
            "A munkacsoport <mark>határozata</mark> a <mark>jelenléti</mark> ív ügyében",
        ),
        (
            Language.LV,
            "Darba grupas 3. sanāksme: darba kārtība",
            "sanaksme KARTIBA",
            "Darba grupas 3. <mark>sanāksme</mark>: darba <mark>kārtība</mark>",
        ),
        (
            Language.SK,
            "Rozšírené zasadnutie – okrúhly stôl o sociálnej ekonomike",
            "okruhly STOL",
            "Rozšírené zasadnutie – <mark>okrúhly</mark> <mark>stôl</mark> o sociálnej ekonomike",
        ),
        (
            Language.CS,
            "Zahájení kulatého stolu",
            "KULATÉHO stolu",
            "Zahájení <mark>kulatého</mark> <mark>stolu</mark>",
        ),
    ],
)
def test_search_ignores_case_and_diacritics(people, search_as, language, title, typed, highlighted):
    group = factories.make_group(language=language)
    factories.add_member(people.member, group, Role.MEMBER)
    meeting = factories.make_meeting(group, agenda_published_at=NOW)
    _item(meeting, title)

    page = search_as(people.member, typed)

    assert [h.title_html for h in page.hits] == [highlighted]


def test_search_finds_a_decision_of_the_hungarian_group_by_hatarozat(people, search_as):
    group = factories.make_group(language=Language.HU, timezone="Europe/Budapest")
    factories.add_member(people.member, group, Role.MEMBER)
    meeting = factories.make_meeting(group, number=1)
    _minutes(meeting, MinutesState.APPROVED)
    db.session.add(
        Decision(
            group=group,
            meeting=meeting,
            sequence=1,
            text="A munkacsoport határozat nélkül elfogadta a beszámolót.",
        )
    )
    db.session.flush()

    page = search_as(people.member, "hatarozat")

    assert [(h.kind, h.title, h.snippet) for h in page.hits] == [
        (
            "decision",
            "Decision 1/1",
            "A munkacsoport <mark>határozat</mark> nélkül elfogadta a beszámolót.",
        )
    ]


def test_search_matches_the_beginning_of_the_last_word(people, search_as):
    meeting = factories.make_meeting(people.group, agenda_published_at=NOW)
    _item(meeting, "Zahájení kulatého stolu")

    assert search_as(people.member, "kulateho sto").titles() == ["Zahájení kulatého stolu"]
    assert search_as(people.member, "kulat stolu").titles() == []  # only the last word


# --- what each person may see ---------------------------------------------------------------


@pytest.fixture
def budget(people):
    """ "rozpočet" in the members-only group's submitted and draft minutes, and in the
    published minutes of a public group's meeting."""
    own = factories.make_meeting(people.group, title="Jednání o rozpočtu")
    item = _item(own, "Rozpočet", position=0)
    _minutes(own, MinutesState.SUBMITTED, entries=[(item, "Rozpočet na rok 2019 byl projednán.")])
    draft_meeting = factories.make_meeting(people.group)
    _minutes(draft_meeting, MinutesState.DRAFT, opening="Návrh rozpočtu zatím v konceptu.")
    public_group = factories.make_group("Otevřená skupina", is_public=True)
    public_meeting = factories.make_meeting(public_group, title="Veřejné jednání")
    _minutes(public_meeting, MinutesState.PUBLISHED, opening="Rozpočet kraje byl představen.")
    return own


def test_outsider_finds_only_public_minutes_and_counts_only_them(people, search_as, budget):
    page = search_as(people.outsider, "rozpocet")

    assert [(h.kind, h.snippet) for h in page.hits] == [
        ("minutes", "<mark>Rozpočet</mark> kraje byl představen.")
    ]
    assert page.counts == {"Everything": 1, "Minutes": 1}


def test_member_finds_the_groups_submitted_minutes_not_its_draft(people, search_as, budget):
    page = search_as(people.member, "rozpocet")

    assert sorted(h.snippet for h in page.hits if h.kind == "minutes") == [
        "<mark>Rozpočet</mark> kraje byl představen.",
        "<mark>Rozpočet</mark> na rok 2019 byl projednán.",
    ]
    assert page.counts["Minutes"] == 2


def test_draft_minutes_are_found_by_the_groups_managers_only(people, search_as, budget):
    by_assistant = search_as(people.assistant, "rozpoctu")
    by_member = search_as(people.member, "rozpoctu")

    assert [h.snippet for h in by_assistant.hits if h.kind == "minutes"] == [
        "Návrh <mark>rozpočtu</mark> zatím v konceptu."
    ]
    assert [h for h in by_member.hits if h.kind == "minutes"] == []


def test_draft_meeting_and_unpublished_agenda_only_for_the_managers(people, search_as):
    draft = factories.make_meeting(
        people.group, status=MeetingStatus.DRAFT, title="Přípravné setkání"
    )
    _item(draft, "Přípravné body")
    scheduled = factories.make_meeting(people.group, title="Setkání bez programu")
    _item(scheduled, "Přípravné podklady")

    assert search_as(people.member, "pripravne").hits == []
    assert sorted(search_as(people.assistant, "pripravne").titles()) == [
        "Přípravné body",
        "Přípravné podklady",
        "Přípravné setkání",
    ]


def test_people_and_groups_by_who_may_see_them(people, search_as):
    found_by_member = search_as(people.member, "Kívülálló")
    found_by_outsider = search_as(people.outsider, "Sociální služby")

    assert found_by_member.hits == []  # shares no group with the outsider
    assert search_as(people.outsider, "Kívülálló").titles("person") == ["Ottó Kívülálló"]
    assert found_by_outsider.titles("group") == []
    assert search_as(people.member, "socialni sluzby").titles("group") == ["Sociální služby"]


def _decision(group, meeting, text: str, state=MinutesState.PUBLISHED, edition: int = 1):
    minutes = _minutes(meeting, state)
    minutes.edition = edition
    db.session.add(Decision(group=group, meeting=meeting, sequence=1, text=text))
    db.session.flush()
    return minutes


def test_decisions_of_published_minutes_only_where_the_meeting_may_be_seen(people, search_as):
    """A joint meeting with a public group elsewhere opens no other group's decisions,
    and a decision is found in the latest edition of its minutes, whatever edition other
    meetings' minutes reached."""
    public_group = factories.make_group("Otevřená skupina", is_public=True)
    other_group = factories.make_group("Jiná skupina")
    factories.make_meeting(
        other_group, title="Společné jednání", extra_groups=[public_group], is_public=False
    )
    own = factories.make_meeting(people.group)
    _decision(people.group, own, "Pracovní skupina schválila harmonogram.")
    private = factories.make_meeting(other_group)
    _decision(other_group, private, "Skupina schválila harmonogram prací.")
    public = factories.make_meeting(public_group)
    _decision(public_group, public, "Veřejná skupina schválila harmonogram.", edition=3)

    assert sorted(search_as(people.member, "harmonogram").titles("decision")) == [
        "Decision 1/1",
        "Decision 1/1",
    ]
    assert {h.snippet for h in search_as(people.member, "harmonogram").hits} == {
        "Pracovní skupina schválila <mark>harmonogram</mark>.",
        "Veřejná skupina schválila <mark>harmonogram</mark>.",
    }
    assert {h.snippet for h in search_as(people.outsider, "harmonogram").hits} == {
        "Veřejná skupina schválila <mark>harmonogram</mark>.",
    }


# --- kept in step with changes ---------------------------------------------------------------


def test_renaming_an_agenda_item_through_the_page_changes_what_search_finds(
    people, login_as, search_as
):
    meeting = factories.make_meeting(people.group, agenda_published_at=NOW)
    item = _item(meeting, "Filantropická burza")
    client = login_as(people.assistant)
    path = f"/meetings/{meeting.id}/agenda/items/{item.id}"
    data = form_values(client.get(path).get_data(as_text=True), action=path)
    data["title"] = "Sociálně podnikatelská platforma"

    response = client.post(path, data=data)

    assert response.status_code == 302
    assert search_as(people.member, "filantropicka").hits == []
    assert search_as(people.member, "platforma").titles() == ["Sociálně podnikatelská platforma"]


def test_deleting_an_agenda_item_through_the_page_removes_it_and_its_sub_items(
    people, login_as, search_as
):
    meeting = factories.make_meeting(people.group, agenda_published_at=NOW)
    item = _item(meeting, "Výběr účastníků")
    sub = AgendaItem(meeting=meeting, parent=item, title="Výběr hostů", position=0)
    db.session.add(sub)
    db.session.flush()
    db.session.expire(item)  # the page loads the item afresh, without its sub-items
    before = search_as(people.member, "vyber").titles()

    response = login_as(people.assistant).post(
        f"/meetings/{meeting.id}/agenda/items/{item.id}/delete"
    )

    assert response.status_code == 302
    assert sorted(before) == ["Výběr hostů", "Výběr účastníků"]
    assert search_as(people.member, "vyber").hits == []


def test_deleting_a_meeting_removes_everything_in_it(people, search_as):
    meeting = factories.make_meeting(people.group, title="Jednání ke zrušení")
    _item(meeting, "Bod ke zrušení")

    db.session.delete(meeting)
    db.session.flush()

    assert search_as(people.assistant, "zruseni").hits == []


def test_renaming_a_venue_changes_the_meetings_found_by_it(people, search_as):
    venue = factories.make_venue("Krajský úřad", city="Liberec")
    factories.make_meeting(people.group, title="Setkání na kraji", venue=venue)

    venue.name = "IQ Landia"
    db.session.flush()

    assert search_as(people.member, "krajsky").hits == []
    assert search_as(people.member, "landia").titles("meeting") == ["Setkání na kraji"]


def test_rebuild_command_indexes_what_was_written_around_the_services(app, people, search_as):
    # Rows written with SQL alone (as the archive of `flask bench-data` is) are not seen
    # until the index is rebuilt.
    db.session.execute(
        insert(Meeting).values(
            group_id=people.group.id,
            title="Archivní setkání",
            kind="regular",
            status="held",
            starts_at=dt.datetime(2016, 5, 1, 8, tzinfo=dt.UTC),
            ends_at=dt.datetime(2016, 5, 1, 10, tzinfo=dt.UTC),
            timezone="Europe/Prague",
            is_public=False,
            uid="archive-1@meetings",
            sequence=0,
        )
    )
    missing = search_as(people.member, "archivni")
    db.session.execute(SearchDocument.__table__.delete())  # and a lost index comes back

    result = app.test_cli_runner().invoke(args=["search", "rebuild"])

    assert result.exit_code == 0, result.output
    assert "Search index rebuilt" in result.output
    assert missing.hits == []
    assert search_as(people.member, "archivni").titles() == ["Archivní setkání"]
    assert search_as(people.member, "Petr Člen").titles("person") == ["Petr Člen"]


# --- filters and pages -----------------------------------------------------------------------


@pytest.fixture
def many(people):
    """25 agenda items about "dotace" in 2018 and 3 in 2019 in the group; 2 in another of
    the member's groups."""
    second = factories.make_group("Zaměstnanost", slug="zamestnanost")
    factories.add_member(people.member, second, Role.MEMBER)
    for year, count, group in (
        (2018, 25, people.group),
        (2019, 3, people.group),
        (2019, 2, second),
    ):
        meeting = factories.make_meeting(
            group,
            starts_at=factories.local_time("Europe/Prague", year, 6, 1, 10),
            agenda_published_at=NOW,
        )
        for n in range(count):
            _item(meeting, f"Dotace {year} – bod {n + 1}", position=n)
    return second


def test_kind_filter_pages_through_the_results(people, search_as, many):
    everything = search_as(people.member, "dotace")
    first = search_as(people.member, "dotace", kind="agenda_item")
    second = search_as(people.member, "dotace", kind="agenda_item", page=2)
    beyond = search_as(people.member, "dotace", kind="agenda_item", page=99999999999999)

    assert len(everything.titles("agenda_item")) == 5  # a few of each kind
    assert "All 30 results of this kind" in everything.html
    assert (len(first.hits), len(second.hits)) == (20, 10)
    assert set(first.titles()).isdisjoint(second.titles())
    assert beyond.titles() == second.titles()  # the last page


def test_year_and_group_filters_narrow_results_and_counts(people, search_as, many):
    in_2019 = search_as(people.member, "dotace", year=2019)
    in_second = search_as(people.member, "dotace", group="zamestnanost")

    assert in_2019.counts["Agenda items"] == 5
    assert all(t.startswith("Dotace 2019") for t in in_2019.titles())
    assert in_second.counts["Agenda items"] == 2
    assert sorted(in_second.titles()) == ["Dotace 2019 – bod 1", "Dotace 2019 – bod 2"]
    assert '<option value="2018"' in in_2019.html  # the other years stay choosable


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        '"',
        "*",
        "NEAR(",
        "OR",
        "-",
        ":",
        "a OR b NOT c",
        '"kulat',
        "NEAR(kulat stul, 2)",
        "title:kulat",
        "kulat*",
        "^kulat",
        "'; DROP TABLE meetings; --",
        "\\",
        "%_",
        "x" * 1000,
        " ".join(["slovo"] * 300),
        "😀",
        "漢字",
    ],
)
def test_any_search_text_gives_a_page(people, search_as, typed):
    meeting = factories.make_meeting(people.group, agenda_published_at=NOW)
    _item(meeting, "Zahájení kulatého stolu")

    page = search_as(people.member, typed)

    assert page.status == 200
    assert '<form method="get" action="/search"' in page.html


def test_long_search_is_cut_and_says_so(people, search_as):
    page = search_as(people.member, "kulat " * 200)

    assert page.status == 200
    assert "The search was too long" in page.html


def test_syntax_characters_are_searched_as_words(people, search_as):
    meeting = factories.make_meeting(people.group, agenda_published_at=NOW)
    _item(meeting, "Zahájení kulatého stolu")

    assert search_as(people.member, '"kulateho" OR -stolu:').titles() == []  # "or" is a word
    assert search_as(people.member, '"kulateho* stolu"').titles() == ["Zahájení kulatého stolu"]


@pytest.mark.parametrize(
    "filters",
    [
        {"kind": "nonsense"},
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"year": "-5"},
        {"page": "-1"},
        {"page": "abc"},
        {"group": "no-such-group"},
    ],
)
def test_bad_filters_give_a_page(people, search_as, filters):
    meeting = factories.make_meeting(people.group, agenda_published_at=NOW)
    _item(meeting, "Zahájení kulatého stolu")

    page = search_as(people.member, "kulateho", **filters)

    assert page.status == 200
    assert page.titles() == ["Zahájení kulatého stolu"]


def test_another_groups_slug_is_not_a_filter(people, search_as):
    page = search_as(people.outsider, "socialni", group=people.group.slug)

    assert "There is no such group you may see" in page.html


def test_visitors_are_asked_to_sign_in(client):
    response = client.get("/search?q=kulateho")

    assert (response.status_code, response.location.split("?")[0]) == (302, "/auth/sign-in")


def test_header_has_a_search_box_for_signed_in_people(people, login_as, client):
    anonymous = client.get("/events").get_data(as_text=True)
    signed_in = login_as(people.member).get("/events").get_data(as_text=True)

    assert 'action="/search"' not in anonymous
    assert 'class="header-search" method="get" action="/search"' in signed_in


# --- queries ---------------------------------------------------------------------------------


def test_search_page_queries_do_not_grow_with_results(app, people, login_as):
    client = login_as(people.member)

    def queries(text: str, **filters) -> int:
        with count_queries(app) as counter:
            assert client.get("/search", query_string={"q": text, **filters}).status_code == 200
        return counter.count

    few = factories.make_meeting(people.group, agenda_published_at=NOW)
    _item(few, "Jednání o dotacích")
    baseline = (queries("dotacich"), queries("dotacich", kind="agenda_item"))
    for n in range(30):
        meeting = factories.make_meeting(people.group, agenda_published_at=NOW)
        _item(meeting, f"Jednání o dotacích {n}")
        _minutes(meeting, opening="O dotacích se jednalo.")
    assert (queries("dotacich"), queries("dotacich", kind="agenda_item")) == baseline
    assert baseline[0] <= 8


def test_group_filter_tells_groups_of_the_same_name_apart(people, search_as):
    for pact in ("Pakt zaměstnanosti Libereckého kraje", "Pakt zaměstnanosti Zlínského kraje"):
        group = factories.make_group("Sociální služby", parent_body=pact)
        factories.add_member(people.member, group, Role.MEMBER)

    html = search_as(people.member, "kulateho").html

    assert ">Sociální služby (Pakt zaměstnanosti Libereckého kraje)</option>" in html
    assert ">Sociální služby (Pakt zaměstnanosti Zlínského kraje)</option>" in html
