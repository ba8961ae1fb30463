"""A person's profile page and their own account page."""

from __future__ import annotations

import pytest

from meetings.groups.enums import Role
from tests import factories

# --- profile ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("viewer", "status"),
    [("member", 200), ("chair", 200), ("observer", 200), ("admin", 200), ("outsider", 404)],
)
def test_profile_visibility_by_viewer(login_as, people, viewer, status):
    client = login_as(people.by_role[viewer])

    response = client.get(f"/people/{people.assistant.id}")

    assert response.status_code == status


def test_profile_of_self_is_visible_without_any_group(login_as, db_session):
    loner = factories.make_user(name="Samostatná Osoba")

    response = login_as(loner).get(f"/people/{loner.id}")

    assert response.status_code == 200
    assert "Samostatná Osoba" in response.get_data(as_text=True)


def test_profile_anonymous_is_sent_to_sign_in(client, people):
    response = client.get(f"/people/{people.member.id}")

    assert (response.status_code, response.location.split("?")[0]) == (302, "/auth/sign-in")


def test_profile_of_unknown_person_is_not_found(login_as, people):
    assert login_as(people.admin).get("/people/999999").status_code == 404


def test_profile_shows_organisation_and_groups_with_roles(login_as, people):
    organisation = factories.make_organisation("Krajský úřad Libereckého kraje")
    people.chair.organisation = organisation
    client = login_as(people.member)

    body = client.get(f"/people/{people.chair.id}").get_data(as_text=True)

    assert "Jana Předsedová" in body
    assert "Krajský úřad Libereckého kraje" in body
    assert "Sociální služby" in body
    assert ">Chair</span>" in body


def test_profile_hides_members_only_groups_the_viewer_does_not_share(login_as, people):
    factories.add_member(people.member, people.other_group, Role.OBSERVER)
    client = login_as(people.outsider)

    body = client.get(f"/people/{people.member.id}").get_data(as_text=True)

    assert ("Szociális gondoskodás" in body, "Sociální služby" in body) == (True, False)


def test_profile_shows_email_only_to_self_and_admins(login_as, people):
    url = f"/people/{people.member.id}"

    seen = {
        role: "member@example.org" in login_as(people.by_role[role]).get(url).get_data(as_text=True)
        for role in ("member", "chair", "admin")
    }

    assert seen == {"member": True, "chair": False, "admin": True}


# --- the account page ---------------------------------------------------------------------


def _account_form(user, **changes) -> dict:
    data = {
        "name": user.name,
        "locale": "",
        "timezone": "",
        "organisation_id": "",
        "notify_meeting_changes": "y",
        "notify_minutes": "y",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_account_saves_notification_preferences(login_as, people):
    client = login_as(people.member)

    response = client.post(
        "/auth/account",
        data=_account_form(people.member, notify_minutes=None),
    )

    assert response.status_code == 302
    assert (people.member.notify_meeting_changes, people.member.notify_minutes) == (True, False)


def test_account_shows_notification_preferences_as_stored(login_as, people):
    people.member.notify_minutes = False
    client = login_as(people.member)

    body = client.get("/auth/account").get_data(as_text=True)

    assert 'checked id="notify_meeting_changes"' in body
    assert 'id="notify_minutes" name="notify_minutes" type="checkbox" value="y"' in body
    assert "E-mail me published minutes" in body


def test_account_saves_organisation(login_as, people):
    organisation = factories.make_organisation("Agentura pro neziskové organizace")
    client = login_as(people.member)

    client.post("/auth/account", data=_account_form(people.member, organisation_id=organisation.id))

    assert people.member.organisation_id == organisation.id


def test_account_unknown_organisation_is_refused(login_as, people):
    client = login_as(people.member)

    response = client.post(
        "/auth/account", data=_account_form(people.member, organisation_id="999999")
    )

    assert response.status_code == 200
    assert people.member.organisation_id is None


def test_account_shows_own_groups_and_roles(login_as, people):
    factories.add_member(people.assistant, people.other_group, Role.OBSERVER)
    client = login_as(people.assistant)

    body = client.get("/auth/account").get_data(as_text=True)

    assert ("Sociální služby" in body, "Szociális gondoskodás" in body) == (True, True)
    assert (">Assistant</span>" in body, ">Observer</span>" in body) == (True, True)
