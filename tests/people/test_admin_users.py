"""The user list of the site admin: search, deactivation and reactivation."""

from __future__ import annotations

from meetings.auth.services import search_users
from meetings.groups.enums import Role
from meetings.models import Membership
from tests import factories
from tests.auth.helpers import SIGN_IN_REFUSED, sign_in
from tests.conftest import signed_in_id


def test_user_list_search_by_name(login_as, people):
    client = login_as(people.admin)

    body = client.get("/admin/users", query_string={"q": "asist"}).get_data(as_text=True)

    assert ("Eva Asistentová" in body, "Petr Člen" in body) == (True, False)


def test_user_list_search_by_email(login_as, people):
    client = login_as(people.admin)

    body = client.get("/admin/users", query_string={"q": "OUTSIDER@"}).get_data(as_text=True)

    assert ("Ottó Kívülálló" in body, "Eva Asistentová" in body) == (True, False)


def test_user_list_shows_organisation_groups_and_status(login_as, people):
    organisation = factories.make_organisation("Vas Vármegyei Kormányhivatal")
    factories.make_user("pending@example.org", "Pending Person", password=None)
    gone = factories.make_user("gone@example.org", "Gone Person", organisation=organisation)
    gone.is_enabled = False
    client = login_as(people.admin)

    body = client.get("/admin/users").get_data(as_text=True)

    assert "Vas Vármegyei Kormányhivatal" in body
    assert ">Pending (invited, not activated yet)</span>" in body
    assert ">Deactivated</span>" in body
    assert ">Active</span>" in body
    assert "8 people" in body


def test_user_search_counts_groups_of_each_person(people):
    factories.add_member(people.outsider, people.group, Role.OBSERVER)

    result = search_users("example.org")

    counts = {row.user.email: row.group_count for row in result.rows}
    assert (counts["outsider@example.org"], counts["admin@example.org"], result.total) == (2, 0, 6)


def test_user_list_is_forbidden_for_non_admins(login_as, people):
    assert login_as(people.chair).get("/admin/users").status_code == 403


def test_admin_overview_links_to_user_list_and_venues(login_as, people):
    body = login_as(people.admin).get("/admin").get_data(as_text=True)

    assert ('href="/admin/users"' in body, 'href="/venues/"' in body) == (True, True)


def test_deactivated_user_cannot_sign_in(client, login_as, people):
    login_as(people.admin).post(f"/admin/users/{people.member.id}/deactivate")
    login_as(None)

    response = sign_in(client, "member@example.org")

    assert response.status_code == 200
    assert SIGN_IN_REFUSED in response.get_data(as_text=True)


def test_deactivation_ends_existing_session(app, people, db_session):
    member_client = app.test_client()
    with member_client.session_transaction() as session:
        session["_user_id"] = signed_in_id(people.member)
        session["_fresh"] = True
    assert member_client.get("/auth/account").status_code == 200
    admin_client = app.test_client()
    with admin_client.session_transaction() as session:
        session["_user_id"] = signed_in_id(people.admin)
        session["_fresh"] = True

    response = admin_client.post(f"/admin/users/{people.member.id}/deactivate")

    assert response.status_code == 302
    assert (people.member.is_enabled, people.member.session_version) == (False, 2)
    ended = member_client.get("/auth/account")
    assert (ended.status_code, ended.location.split("?")[0]) == (302, "/auth/sign-in")


def test_deactivation_keeps_memberships(login_as, people):
    login_as(people.admin).post(f"/admin/users/{people.chair.id}/deactivate")

    roles = [m.role for m in people.chair.memberships]
    assert roles == ["chair"]
    assert isinstance(people.chair.memberships[0], Membership)


def test_admin_cannot_deactivate_self(login_as, people):
    client = login_as(people.admin)

    response = client.post(f"/admin/users/{people.admin.id}/deactivate", follow_redirects=True)

    assert response.status_code == 200
    assert "You cannot deactivate your own account." in response.get_data(as_text=True)
    assert (people.admin.is_enabled, people.admin.session_version) == (True, 1)


def test_reactivated_user_can_sign_in_again(client, login_as, people):
    admin = login_as(people.admin)
    admin.post(f"/admin/users/{people.member.id}/deactivate")
    admin.post(f"/admin/users/{people.member.id}/reactivate")
    login_as(None)

    response = sign_in(client, "member@example.org")

    assert (response.status_code, response.location) == (302, "/dashboard")


def test_deactivate_returns_to_the_searched_list(login_as, people):
    client = login_as(people.admin)

    response = client.post(
        f"/admin/users/{people.member.id}/deactivate", data={"next": "/admin/users?q=petr"}
    )

    assert response.location == "/admin/users?q=petr"
