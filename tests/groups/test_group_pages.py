"""A group's page, creating and editing groups, archiving."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.groups.enums import Language, Role
from meetings.minutes.enums import ActionStatus
from meetings.models import ActionItem, Meeting, WorkingGroup
from tests import factories
from tests.conftest import count_queries

GROUP_DATA = {
    "name": "Pracovní skupina Vzdělávání",
    "slug": "pzlk-vzdelavani",
    "description": "Skupina pro *vzdělávání*.",
    "goals": "- propojit školy",
    "parent_body": "Pakt zaměstnanosti Libereckého kraje",
    "lead_organisation": "",
    "language": "cs",
    "timezone": "Europe/Prague",
    "is_public": "y",
    "contact_email": "vzdelavani@example.org",
    "quorum": "5",
}


def _group(slug: str) -> WorkingGroup | None:
    return db.session.scalars(select(WorkingGroup).where(WorkingGroup.slug == slug)).first()


# --- who sees what --------------------------------------------------------------------------


def test_outsider_gets_not_found_for_group_members_and_meetings(people, login_as):
    meeting = factories.make_meeting(people.group)
    client = login_as(people.outsider)

    statuses = [
        client.get(f"/groups/{people.group.slug}").status_code,
        client.get(f"/groups/{people.group.slug}/members").status_code,
        client.get(f"/groups/{people.group.slug}/edit").status_code,
        client.get(f"/meetings/{meeting.id}").status_code,
    ]

    assert statuses == [404, 404, 404, 404]


def test_group_page_shows_open_action_items_with_overdue_marked(people, login_as):
    meeting = factories.make_meeting(people.group)
    db.session.add_all(
        [
            ActionItem(
                group=people.group,
                meeting=meeting,
                text="Bude dohodnut termín dubnového jednání",
                owner=people.member,
                due_on=dt.date(2000, 1, 31),
            ),
            ActionItem(
                group=people.group,
                text="Připravit podklady",
                due_on=dt.date(2999, 1, 31),
            ),
            ActionItem(
                group=people.group,
                text="Hotový úkol",
                status=ActionStatus.DONE,
                closed_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
            ),
        ]
    )
    db.session.flush()
    client = login_as(people.observer)

    page = client.get(f"/groups/{people.group.slug}").get_data(as_text=True)

    assert '<tr class="overdue">\n          <td>Bude dohodnut termín dubnového jednání' in page
    assert "<td>Připravit podklady</td>" in page
    assert "Hotový úkol" not in page
    assert page.count("Overdue") == 1


def test_group_page_hides_action_items_from_visitors_of_a_public_group(db_session, client):
    group = factories.make_group("Open", slug="open", is_public=True)
    db.session.add(ActionItem(group=group, text="Interní úkol"))
    db.session.flush()

    page = client.get("/groups/open").get_data(as_text=True)

    assert "Interní úkol" not in page


def test_group_page_shows_members_by_role_and_organisation(people, login_as):
    office = factories.make_organisation("Krajský úřad Libereckého kraje")
    people.member.organisation = office
    db.session.flush()
    client = login_as(people.member)

    page = client.get(f"/groups/{people.group.slug}").get_data(as_text=True)

    members = page.split('id="members"')[1]
    assert (
        "Krajský úřad Libereckého kraje</a></p>\n      <ul>\n        \n          <li>Petr Člen"
        in members
    )


def test_group_page_paginates_past_meetings_by_20(people, login_as):
    for day in range(1, 26):
        factories.make_meeting(
            people.group, starts_at=factories.local_time("Europe/Prague", 2019, 1, day, 10)
        )
    client = login_as(people.member)

    first = client.get(f"/groups/{people.group.slug}").get_data(as_text=True)
    second = client.get(f"/groups/{people.group.slug}?page=2").get_data(as_text=True)
    beyond = client.get(f"/groups/{people.group.slug}?page=99")

    assert first.count("/meetings/") == 20
    assert second.count("/meetings/") == 5
    assert "Page 2 of 2" in second
    assert ">25.<" in first and ">1.<" in second
    assert beyond.status_code == 200
    assert "Page 2 of 2" in beyond.get_data(as_text=True)


def test_group_page_query_count_stays_with_tasks_and_members(people, login_as, app):
    client = login_as(people.member)

    def fill(group: WorkingGroup, count: int) -> None:
        for n in range(count):
            organisation = factories.make_organisation(f"Org {group.slug} {n}")
            person = factories.make_user(organisation=organisation)
            factories.add_member(person, group, Role.MEMBER)
            meeting = factories.make_meeting(
                group, starts_at=factories.local_time("Europe/Prague", 2019, 1 + n % 12, 10, 10)
            )
            db.session.add(ActionItem(group=group, meeting=meeting, text="Úkol", owner=person))
        db.session.flush()

    small = factories.make_group("Small", slug="small")
    large = factories.make_group("Large", slug="large")
    for group in (small, large):
        factories.add_member(people.member, group, Role.MEMBER)
    fill(small, 2)
    fill(large, 40)

    with count_queries(app) as few:
        assert client.get("/groups/small").status_code == 200
    with count_queries(app) as many:
        assert client.get("/groups/large").status_code == 200

    assert many.count == few.count, (few.statements, many.statements)


def test_observer_is_offered_no_management_actions(people, login_as):
    client = login_as(people.observer)

    page = client.get(f"/groups/{people.group.slug}").get_data(as_text=True)

    assert "Edit the group" not in page
    assert "Manage members" not in page
    assert "Archive the group" not in page


# --- creating and editing -------------------------------------------------------------------


def test_create_group_by_admin_saves_every_field(people, login_as):
    organisation = factories.make_organisation("ANNOLK")
    client = login_as(people.admin)

    response = client.post("/groups/new", data={**GROUP_DATA, "lead_organisation": organisation.id})

    assert response.status_code == 302
    assert response.location == "/groups/pzlk-vzdelavani/members"
    group = _group("pzlk-vzdelavani")
    assert (
        group.name,
        group.description,
        group.goals,
        group.parent_body,
        group.lead_organisation_id,
        group.language,
        group.timezone,
        group.is_public,
        group.contact_email,
        group.quorum,
    ) == (
        "Pracovní skupina Vzdělávání",
        "Skupina pro *vzdělávání*.",
        "- propojit školy",
        "Pakt zaměstnanosti Libereckého kraje",
        organisation.id,
        Language.CS,
        "Europe/Prague",
        True,
        "vzdelavani@example.org",
        5,
    )
    page = client.get("/groups/pzlk-vzdelavani").get_data(as_text=True)
    assert "Skupina pro <em>vzdělávání</em>." in page
    assert "<li>propojit školy</li>" in page


def test_create_group_duplicate_slug_is_refused_with_typed_values_kept(people, login_as):
    client = login_as(people.admin)
    groups_before = db.session.scalar(select(db.func.count()).select_from(WorkingGroup))

    response = client.post("/groups/new", data={**GROUP_DATA, "slug": "socialni-sluzby"})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The short address “socialni-sluzby” is already used by another group." in page
    assert 'value="socialni-sluzby"' in page
    assert 'value="Pracovní skupina Vzdělávání"' in page
    assert "Skupina pro *vzdělávání*.</textarea>" in page
    assert db.session.scalar(select(db.func.count()).select_from(WorkingGroup)) == groups_before


def test_create_group_bad_fields_give_clear_messages(people, login_as):
    client = login_as(people.admin)

    response = client.post(
        "/groups/new",
        data={
            **GROUP_DATA,
            "slug": "Bad Slug!",
            "timezone": "Europe/Atlantis",
            "contact_email": "not-an-address",
            "quorum": "abc",
            "language": "de",
        },
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Use only lower-case letters a–z, digits and hyphens" in page
    assert "Choose a time zone from the list." in page
    assert "Enter an e-mail address like name@example.org." in page
    assert "Enter a whole number, for example 5." in page
    assert "Choose a language from the list." in page
    assert 'value="abc"' in page
    assert _group("bad-slug") is None


def test_create_group_zero_quorum_is_refused(people, login_as):
    client = login_as(people.admin)

    response = client.post("/groups/new", data={**GROUP_DATA, "quorum": "0"})

    assert response.status_code == 200
    assert "The quorum is a whole number from 1 to 10000." in response.get_data(as_text=True)


def test_create_group_reserved_slug_is_refused(people, login_as):
    client = login_as(people.admin)

    response = client.post("/groups/new", data={**GROUP_DATA, "slug": "new"})

    assert response.status_code == 200
    assert "is already used by another group" in response.get_data(as_text=True)


def test_edit_group_by_chair_keeps_own_slug(people, login_as):
    client = login_as(people.chair)

    response = client.post(
        f"/groups/{people.group.slug}/edit",
        data={**GROUP_DATA, "name": "Sociální služby a zdraví", "slug": "socialni-sluzby"},
    )

    assert response.status_code == 302
    assert (people.group.name, people.group.quorum) == ("Sociální služby a zdraví", 5)


def test_edit_group_form_shows_current_values(people, login_as):
    people.group.quorum = 7
    client = login_as(people.chair)

    page = client.get(f"/groups/{people.group.slug}/edit").get_data(as_text=True)

    assert 'value="Sociální služby"' in page
    assert 'value="7"' in page
    assert 'value="Europe/Prague"' in page


def test_edit_group_is_refused_to_the_assistant(people, login_as):
    client = login_as(people.assistant)

    assert client.get(f"/groups/{people.group.slug}/edit").status_code == 403


# --- archiving ------------------------------------------------------------------------------


def test_archive_group_hides_it_from_lists_but_keeps_page_and_meetings(people, login_as):
    meeting = factories.make_meeting(people.group, title="10. setkání")
    admin = login_as(people.admin)

    assert admin.post(f"/groups/{people.group.slug}/archive").status_code == 302

    assert people.group.archived_at is not None
    member = login_as(people.member)
    listing = member.get("/groups/").get_data(as_text=True)
    page = member.get(f"/groups/{people.group.slug}").get_data(as_text=True)
    assert "Sociální služby" not in listing
    assert "This group is archived" in page
    assert "10. setkání" in page
    assert db.session.get(Meeting, meeting.id).group_id == people.group.id


def test_unarchive_group_brings_it_back(people, login_as):
    people.group.archived_at = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    client = login_as(people.admin)

    archived_listing = client.get("/groups/").get_data(as_text=True)
    response = client.post(f"/groups/{people.group.slug}/unarchive")

    assert 'id="archived-groups"' in archived_listing
    assert response.status_code == 302
    assert people.group.archived_at is None


@pytest.mark.parametrize(
    ("quorum", "message"),
    [
        ("100000000000000000000", "The quorum is a whole number from 1 to 10000."),
        ("10001", "The quorum is a whole number from 1 to 10000."),
        ("-1", "The quorum is a whole number from 1 to 10000."),
        ("1e309", "Enter a whole number, for example 5."),
        ("NaN", "Enter a whole number, for example 5."),
    ],
)
def test_create_group_quorum_out_of_range_is_refused_keeping_the_form(
    people, login_as, quorum, message
):
    client = login_as(people.admin)

    response = client.post("/groups/new", data={**GROUP_DATA, "quorum": quorum})

    page = response.get_data(as_text=True)
    assert (response.status_code, message in page) == (200, True)
    assert f'value="{quorum}"' in page
    assert _group(GROUP_DATA["slug"]) is None
