"""Sign-in, sign-out, remember-me, open redirects, rate limits and CSRF."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from meetings.extensions import db
from tests import factories
from tests.auth.helpers import (
    SIGN_IN_REFUSED,
    comparable_page,
    link_path,
    sign_in,
    signed_in_user_id,
)


def test_sign_in_page_shows_form(client: FlaskClient):
    response = client.get("/auth/sign-in")

    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'name="email"' in body
    assert 'name="password"' in body
    assert 'name="remember"' in body


def test_sign_in_with_correct_password_redirects_to_dashboard(client: FlaskClient, people):
    response = sign_in(client, "member@example.org")

    assert response.status_code == 302
    assert response.location == "/dashboard"
    assert signed_in_user_id(client) == f"{people.member.id}:1"
    assert people.member.last_sign_in_at is not None


def test_sign_in_email_is_case_insensitive(client: FlaskClient, people):
    response = sign_in(client, "  Member@Example.ORG ")

    assert response.status_code == 302
    assert signed_in_user_id(client) == f"{people.member.id}:1"


def test_sign_in_with_local_next_redirects_there(client: FlaskClient, people):
    response = sign_in(client, "member@example.org", next="/groups/?page=2")

    assert response.location == "/groups/?page=2"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_sign_in_with_external_next_redirects_to_dashboard(
    client: FlaskClient, people, target: str
):
    response = sign_in(client, "member@example.org", next=target)

    assert response.status_code == 302
    assert response.location == "/dashboard"


def test_sign_in_wrong_password_and_unknown_email_give_identical_page(client: FlaskClient, people):
    wrong_password = sign_in(client, "member@example.org", "not the password")
    unknown_email = sign_in(client, "nobody@example.org", "not the password")

    assert wrong_password.status_code == 200
    assert unknown_email.status_code == 200
    assert SIGN_IN_REFUSED in wrong_password.get_data(as_text=True)
    assert comparable_page(wrong_password.get_data(as_text=True), "member@example.org") == (
        comparable_page(unknown_email.get_data(as_text=True), "nobody@example.org")
    )
    assert signed_in_user_id(client) is None


def test_sign_in_wrong_password_keeps_typed_email(client: FlaskClient, people):
    response = sign_in(client, "member@example.org", "not the password")

    assert 'value="member@example.org"' in response.get_data(as_text=True)


def test_sign_in_deactivated_account_is_refused(client: FlaskClient, db_session):
    factories.make_user("former@example.org", is_enabled=False)

    response = sign_in(client, "former@example.org")

    assert response.status_code == 200
    assert SIGN_IN_REFUSED in response.get_data(as_text=True)
    assert signed_in_user_id(client) is None


def test_sign_in_pending_account_is_refused(client: FlaskClient, db_session):
    factories.make_user("invited@example.org", password=None)

    response = sign_in(client, "invited@example.org", "")
    response_with_password = sign_in(client, "invited@example.org", "anything at all")

    assert SIGN_IN_REFUSED in response_with_password.get_data(as_text=True)
    assert response.status_code == 200
    assert signed_in_user_id(client) is None


def test_sign_in_with_remember_me_sets_remember_cookie(client: FlaskClient, people):
    sign_in(client, "member@example.org", remember=True)

    assert client.get_cookie("remember_token") is not None


def test_sign_in_without_remember_me_sets_no_remember_cookie(client: FlaskClient, people):
    sign_in(client, "member@example.org")

    assert client.get_cookie("remember_token") is None


def test_remember_cookie_signs_in_after_session_ends(client: FlaskClient, people):
    sign_in(client, "member@example.org", remember=True)
    client.delete_cookie("session")

    response = client.get("/auth/account")

    assert response.status_code == 200


def test_sign_in_page_when_signed_in_redirects_to_dashboard(login_as, people):
    client = login_as(people.member)

    response = client.get("/auth/sign-in")

    assert response.location == "/dashboard"


def test_sign_out_ends_session(login_as, people):
    client = login_as(people.member)

    response = client.post("/auth/sign-out")

    assert response.status_code == 302
    assert response.location == "/"
    assert client.get("/auth/account").status_code == 302


def test_sign_out_forgets_remember_cookie(client: FlaskClient, people):
    sign_in(client, "member@example.org", remember=True)

    client.post("/auth/sign-out")

    assert client.get_cookie("remember_token") is None
    assert client.get("/auth/account").status_code == 302


def test_sign_out_by_get_is_not_allowed(login_as, people):
    client = login_as(people.member)

    response = client.get("/auth/sign-out")

    assert response.status_code == 405
    assert client.get("/auth/account").status_code == 200


def test_protected_page_anonymous_redirects_to_sign_in_with_next(client: FlaskClient):
    response = client.get("/auth/account")

    assert response.status_code == 302
    assert response.location == "/auth/sign-in?next=%2Fauth%2Faccount"


def test_session_of_deactivated_person_ends(login_as, people):
    client = login_as(people.member)
    people.member.is_enabled = False
    db.session.flush()

    response = client.get("/auth/account")

    assert response.status_code == 302


def test_session_with_malformed_user_id_is_anonymous(client: FlaskClient, people):
    with client.session_transaction() as session:
        session["_user_id"] = str(people.member.id)

    assert client.get("/auth/account").status_code == 302


# --- rate limits --------------------------------------------------------------------------


def test_wrong_passwords_block_the_account_not_a_colleague_at_the_same_address(
    client: FlaskClient, people, rate_limits
):
    office = {"REMOTE_ADDR": "192.0.2.10"}
    for _ in range(10):
        response = sign_in(client, "member@example.org", "wrong password", environ_base=office)
        assert response.status_code == 200
        assert SIGN_IN_REFUSED in response.get_data(as_text=True)

    for password in ("wrong password", factories.PASSWORD):
        response = sign_in(client, "Member@example.org", password, environ_base=office)
        assert response.status_code == 429
        page = response.get_data(as_text=True)
        assert "Too many wrong passwords for this account: it is blocked until" in page
        assert "Forgotten your password?" in page
        assert 0 < int(response.headers["Retry-After"]) <= 15 * 60
    assert signed_in_user_id(client) is None

    # A colleague in the same office signs in with the right password.
    colleague = client.application.test_client()
    assert sign_in(colleague, "chair@example.org", environ_base=office).status_code == 302


def test_failed_sign_ins_from_one_address_block_the_address(
    app: Flask, client: FlaskClient, people, rate_limits, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setitem(app.config, "SIGN_IN_ADDRESS_LIMIT", 6)
    attacker = {"REMOTE_ADDR": "198.51.100.7"}
    for n in range(6):
        response = sign_in(client, f"someone{n}@example.org", "guess", environ_base=attacker)
        assert response.status_code == 200
    response = sign_in(client, "member@example.org", "guess", environ_base=attacker)
    assert response.status_code == 429
    assert "Too many failed sign-ins from your network" in response.get_data(as_text=True)
    # The member, elsewhere, is not affected.
    assert (
        sign_in(
            client, "member@example.org", environ_base={"REMOTE_ADDR": "203.0.113.5"}
        ).status_code
        == 302
    )


def test_successful_sign_ins_are_not_counted(client: FlaskClient, people, rate_limits):
    for _ in range(15):
        assert sign_in(client, "member@example.org").status_code == 302
        client.post("/auth/sign-out")


def test_a_blocked_account_opens_again_through_a_password_reset(
    client: FlaskClient, people, rate_limits, smtp_server
):
    for _ in range(10):
        sign_in(client, "member@example.org", "wrong password")
    assert sign_in(client, "member@example.org").status_code == 429

    assert client.post("/auth/reset", data={"email": "member@example.org"}).status_code == 302
    [message] = smtp_server.wait_for(1)
    path = link_path(message.get_body(("plain",)).get_content(), "reset")
    new_password = "a-new-long-password-2026"
    response = client.post(
        path, data={"new_password": new_password, "confirm_password": new_password}
    )
    assert response.status_code == 302
    assert sign_in(client, "member@example.org", new_password).status_code == 302


def test_sign_in_page_get_is_not_rate_limited(client: FlaskClient, rate_limits):
    statuses = {client.get("/auth/sign-in").status_code for _ in range(8)}

    assert statuses == {200}


# --- CSRF ---------------------------------------------------------------------------------


def test_sign_in_without_csrf_token_shows_expired_form_page(
    app: Flask, client: FlaskClient, people, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)

    response = sign_in(client, "member@example.org")

    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert signed_in_user_id(client) is None


def test_sign_out_without_csrf_token_is_refused(
    app: Flask, login_as, people, monkeypatch: pytest.MonkeyPatch
):
    client = login_as(people.member)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)

    response = client.post("/auth/sign-out")

    assert response.status_code == 400
    assert client.get("/auth/account").status_code == 200


def test_sign_in_with_csrf_token_from_form_succeeds(
    app: Flask, client: FlaskClient, people, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    page = client.get("/auth/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    response = client.post(
        "/auth/sign-in",
        data={"email": "member@example.org", "password": factories.PASSWORD, "csrf_token": token},
    )

    assert response.status_code == 302
    assert signed_in_user_id(client) == f"{people.member.id}:1"
