"""Managing the members of a group: adding, inviting, changing roles, removing."""

from __future__ import annotations

import datetime as dt

from aiosmtpd.controller import Controller
from flask.testing import FlaskClient
from sqlalchemy import select

from meetings.auth.services import password_matches
from meetings.extensions import db
from meetings.groups import services
from meetings.groups.enums import Role
from meetings.mail.services import deliver_due
from meetings.models import Membership, User
from tests import factories
from tests.auth.helpers import link_path, signed_in_user_id
from tests.conftest import MailCollector, free_port


def _rows(group) -> list[tuple[int, str]]:
    """The group's membership rows as (user id, role), as stored."""
    return sorted(
        (user_id, str(role))
        for user_id, role in db.session.execute(
            select(Membership.user_id, Membership.role).where(Membership.group_id == group.id)
        )
    )


def _membership(group, user) -> Membership:
    return db.session.scalars(
        select(Membership).where(Membership.group_id == group.id, Membership.user_id == user.id)
    ).one()


def _user(email: str) -> User | None:
    return db.session.scalars(select(User).where(User.email == email)).one_or_none()


# --- inviting a new person ------------------------------------------------------------------


def test_invite_new_member_activates_and_lands_on_group_page(
    people, login_as, smtp_server, client: FlaskClient
):
    login_as(people.assistant)

    response = client.post(
        f"/groups/{people.group.slug}/members/invite",
        data={
            "name": "Nová Členka",
            "email": "New.Member@example.org",
            "organisation": "",
            "role": "member",
            "language": "cs",
        },
    )

    assert response.status_code == 302
    assert response.location == f"/groups/{people.group.slug}/members"
    invited = _user("new.member@example.org")
    assert (invited.name, invited.password_hash, invited.locale) == ("Nová Členka", None, "cs")
    assert _membership(people.group, invited).role == Role.MEMBER

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "Nová Členka <new.member@example.org>"
    path = link_path(message.get_body(("plain",)).get_content(), "activate")

    login_as(None)
    assert client.get(path).status_code == 200
    activated = client.post(
        path,
        data={"new_password": "a brand new password", "confirm_password": "a brand new password"},
    )

    assert activated.status_code == 302
    assert activated.location == f"/groups/{people.group.slug}"
    assert signed_in_user_id(client) == f"{invited.id}:{invited.session_version}"
    assert password_matches(invited.password_hash, "a brand new password") is True
    page = client.get(activated.location)
    assert page.status_code == 200
    assert "Sociální služby" in page.get_data(as_text=True)


def test_invite_mail_is_in_the_chosen_language(people, login_as, smtp_server):
    client = login_as(people.assistant)

    client.post(
        f"/groups/{people.group.slug}/members/invite",
        data={"name": "Anna", "email": "anna@example.org", "role": "observer", "language": "sk"},
    )

    [message] = smtp_server.wait_for(1)
    # The site's name too: it is not set in this installation, so it is translated.
    assert message["Subject"] == "Aktivácia účtu v systéme Pracovné skupiny"
    assert _user("anna@example.org").locale == "sk"


def test_invite_existing_account_adds_that_person_without_a_duplicate(
    people, login_as, smtp_server
):
    client = login_as(people.chair)
    users_before = db.session.scalar(select(db.func.count()).select_from(User))

    response = client.post(
        f"/groups/{people.group.slug}/members/invite",
        data={
            "name": "Someone Else",
            "email": "OUTSIDER@example.org",
            "role": "member",
            "language": "en",
        },
        follow_redirects=True,
    )

    assert response.status_code == 200
    assert "outsider@example.org already has an account (Ottó Kívülálló)" in response.get_data(
        as_text=True
    )
    assert db.session.scalar(select(db.func.count()).select_from(User)) == users_before
    assert people.outsider.name == "Ottó Kívülálló"
    assert _membership(people.group, people.outsider).role == Role.MEMBER
    assert smtp_server.messages == []


def test_invite_already_member_is_refused_with_typed_values_kept(people, login_as, smtp_server):
    client = login_as(people.assistant)
    before = _rows(people.group)

    response = client.post(
        f"/groups/{people.group.slug}/members/invite",
        data={
            "name": "Petr Typed Name",
            "email": "member@example.org",
            "role": "chair",
            "language": "hu",
        },
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Petr Člen (member@example.org) is already a member of Sociální služby." in page
    assert 'value="Petr Typed Name"' in page
    assert 'value="member@example.org"' in page
    assert '<option selected value="hu">' in page
    assert _rows(people.group) == before
    assert smtp_server.messages == []


def test_invite_invalid_email_is_refused_with_typed_values_kept(people, login_as):
    client = login_as(people.assistant)
    users_before = db.session.scalar(select(db.func.count()).select_from(User))

    response = client.post(
        f"/groups/{people.group.slug}/members/invite",
        data={"name": "Nobody", "email": "nobody@@example", "role": "member", "language": "cs"},
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter an e-mail address like name@example.org." in page
    assert 'value="nobody@@example"' in page
    assert 'value="Nobody"' in page
    assert db.session.scalar(select(db.func.count()).select_from(User)) == users_before


def test_invite_while_mail_server_down_invites_and_delivers_later(
    people, login_as, app, monkeypatch
):
    port = free_port()  # nothing listens here yet
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    client = login_as(people.assistant)

    response = client.post(
        f"/groups/{people.group.slug}/members/invite",
        data={"name": "Later", "email": "later@example.org", "role": "member", "language": "cs"},
    )
    down = deliver_due()

    assert response.status_code == 302
    assert _user("later@example.org").is_pending
    assert (down.sent, down.retrying) == (0, 1)
    handler = MailCollector()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        up = deliver_due(now=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2))
    finally:
        controller.stop()
    assert up.sent == 1
    assert [m["To"].addresses[0].addr_spec for m in handler.messages] == ["later@example.org"]


# --- adding an existing person --------------------------------------------------------------


def test_add_member_by_email_adds_existing_person(people, login_as):
    client = login_as(people.chair)
    organisation = factories.make_organisation("Vas Megyei Önkormányzat")

    response = client.post(
        f"/groups/{people.group.slug}/members/add",
        data={
            "email": " Outsider@Example.org ",
            "role": "observer",
            "organisation": organisation.id,
        },
    )

    assert response.status_code == 302
    membership = _membership(people.group, people.outsider)
    assert (membership.role, membership.organisation_id) == (Role.OBSERVER, organisation.id)


def test_add_member_unknown_email_is_refused_with_typed_values_kept(people, login_as):
    client = login_as(people.assistant)
    before = _rows(people.group)

    response = client.post(
        f"/groups/{people.group.slug}/members/add",
        data={"email": "nobody@example.org", "role": "chair"},
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is no account with the e-mail address nobody@example.org." in page
    assert 'value="nobody@example.org"' in page
    assert _rows(people.group) == before


def test_add_member_already_member_is_refused(people, login_as):
    client = login_as(people.assistant)
    before = _rows(people.group)

    response = client.post(
        f"/groups/{people.group.slug}/members/add",
        data={"email": "observer@example.org", "role": "chair"},
    )

    assert response.status_code == 200
    assert (
        "Olga Pozorovatelka (observer@example.org) is already a member of Sociální služby."
        in response.get_data(as_text=True)
    )
    assert _rows(people.group) == before


def test_add_member_disabled_account_is_refused(people, login_as):
    factories.make_user("gone@example.org", "Gone Person", is_enabled=False)
    client = login_as(people.assistant)
    before = _rows(people.group)

    response = client.post(
        f"/groups/{people.group.slug}/members/add",
        data={"email": "gone@example.org", "role": "member"},
    )

    assert response.status_code == 200
    assert "is deactivated" in response.get_data(as_text=True)
    assert _rows(people.group) == before


# --- roles and removal ----------------------------------------------------------------------


def test_change_role_makes_member_an_assistant(people, login_as):
    client = login_as(people.assistant)
    membership = _membership(people.group, people.member)

    response = client.post(
        f"/groups/{people.group.slug}/members/{membership.id}/role",
        data={f"m{membership.id}-role": "assistant"},
    )

    assert response.status_code == 302
    assert _membership(people.group, people.member).role == Role.ASSISTANT


def test_change_role_demoting_last_chair_is_refused_and_nothing_changes(people, login_as):
    client = login_as(people.assistant)
    chair = _membership(people.group, people.chair)
    before = _rows(people.group)

    response = client.post(
        f"/groups/{people.group.slug}/members/{chair.id}/role",
        data={f"m{chair.id}-role": "member"},
    )

    assert response.status_code == 200
    assert "A group must keep at least one chair." in response.get_data(as_text=True)
    db.session.expire_all()
    assert _rows(people.group) == before


def test_change_role_demoting_a_chair_works_when_another_chair_remains(people, login_as):
    factories.add_member(people.outsider, people.group, Role.CHAIR)
    client = login_as(people.chair)
    chair = _membership(people.group, people.chair)

    response = client.post(
        f"/groups/{people.group.slug}/members/{chair.id}/role",
        data={f"m{chair.id}-role": "member"},
    )

    assert response.status_code == 302
    assert _membership(people.group, people.chair).role == Role.MEMBER


def test_remove_member_last_chair_is_refused_and_nothing_changes(people, login_as):
    client = login_as(people.assistant)
    chair = _membership(people.group, people.chair)
    before = _rows(people.group)

    response = client.post(f"/groups/{people.group.slug}/members/{chair.id}/remove")

    assert response.status_code == 200
    assert "A group must keep at least one chair." in response.get_data(as_text=True)
    db.session.expire_all()
    assert _rows(people.group) == before


def test_remove_member_takes_the_person_out(people, login_as):
    client = login_as(people.chair)
    observer = _membership(people.group, people.observer)

    response = client.post(f"/groups/{people.group.slug}/members/{observer.id}/remove")

    assert response.status_code == 302
    assert people.observer.id not in [user_id for user_id, _ in _rows(people.group)]


def test_remove_member_of_another_group_is_not_found(people, login_as):
    client = login_as(people.chair)
    foreign = _membership(people.other_group, people.outsider)

    response = client.post(f"/groups/{people.group.slug}/members/{foreign.id}/remove")

    assert response.status_code == 404
    assert _membership(people.other_group, people.outsider).id == foreign.id


# --- the services directly ------------------------------------------------------------------


def test_remove_member_service_raises_last_chair_error(people, app):
    chair = _membership(people.group, people.chair)

    try:
        services.remove_member(chair)
    except services.LastChairError as error:
        assert error.message.startswith("A group must keep at least one chair.")
    else:
        raise AssertionError("LastChairError expected")
    assert _membership(people.group, people.chair).role == Role.CHAIR


def test_members_page_hides_management_from_members(people, login_as):
    client = login_as(people.member)

    assert client.get(f"/groups/{people.group.slug}/members").status_code == 403
    page = client.get(f"/groups/{people.group.slug}").get_data(as_text=True)
    assert "Manage members" not in page
