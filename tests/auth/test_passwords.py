"""Changing a password, and resetting a forgotten one through an e-mailed link."""

from __future__ import annotations

import socket
import time
import types

import itsdangerous.timed
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from meetings.auth.services import make_reset_token, password_matches
from meetings.extensions import db
from meetings.mail.enums import DeliveryStatus
from meetings.mail.models import OutgoingMessage
from meetings.mail.services import deliver_due
from tests import factories
from tests.auth.helpers import comparable_page, link_path, sign_in, signed_in_user_id
from tests.conftest import signed_in_id

NEW_PASSWORD = "a much longer new secret"

RESET_SENT = (
    "If an account exists for {email}, we have sent it an e-mail with a link to set a "
    "new password. Check your inbox and spam folder."
)


def _change(client: FlaskClient, current: str, new: str, confirm: str | None = None):
    return client.post(
        "/auth/password",
        data={
            "current_password": current,
            "new_password": new,
            "confirm_password": new if confirm is None else confirm,
        },
    )


def _second_client(app: Flask, user) -> FlaskClient:
    other = app.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = signed_in_id(user)
        session["_fresh"] = True
    return other


# --- change password ----------------------------------------------------------------------


def test_change_password_sets_new_password_and_bumps_session_version(login_as, people):
    client = login_as(people.member)

    response = _change(client, factories.PASSWORD, NEW_PASSWORD)

    assert response.status_code == 302
    assert response.location == "/auth/account"
    assert people.member.session_version == 2
    assert password_matches(people.member.password_hash, NEW_PASSWORD) is True
    assert signed_in_user_id(client) == f"{people.member.id}:2"
    assert client.get("/auth/account").status_code == 200


def test_change_password_signs_out_other_sessions(app: Flask, login_as, people):
    other_device = _second_client(app, people.member)
    assert other_device.get("/auth/account").status_code == 200
    client = login_as(people.member)

    _change(client, factories.PASSWORD, NEW_PASSWORD)

    assert other_device.get("/auth/account").status_code == 302
    assert client.get("/auth/account").status_code == 200


def test_change_password_ends_old_remember_cookie(app: Flask, client: FlaskClient, people):
    other_device = app.test_client()
    sign_in(other_device, "member@example.org", remember=True)
    other_device.delete_cookie("session")
    assert other_device.get("/auth/account").status_code == 200
    other_device.delete_cookie("session")
    sign_in(client, "member@example.org")

    _change(client, factories.PASSWORD, NEW_PASSWORD)

    assert other_device.get("/auth/account").status_code == 302


def test_change_password_wrong_current_password_is_refused(login_as, people):
    client = login_as(people.member)

    response = _change(client, "not my password", NEW_PASSWORD)

    assert response.status_code == 200
    assert "Your current password is not correct." in response.get_data(as_text=True)
    assert people.member.session_version == 1


@pytest.mark.parametrize(
    ("new", "confirm", "message"),
    [
        ("short", "short", "Use at least 10 characters."),
        (NEW_PASSWORD, "something else entirely", "The two new passwords do not match."),
        ("", "", "Enter a new password."),
    ],
)
def test_change_password_invalid_new_password_is_refused(
    login_as, people, new: str, confirm: str, message: str
):
    client = login_as(people.member)

    response = _change(client, factories.PASSWORD, new, confirm)

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert people.member.session_version == 1


def test_change_password_anonymous_redirects_to_sign_in(client: FlaskClient):
    response = client.get("/auth/password")

    assert response.location == "/auth/sign-in?next=%2Fauth%2Fpassword"


# --- password reset -----------------------------------------------------------------------


def test_password_reset_end_to_end(client: FlaskClient, people, smtp_server):
    response = client.post("/auth/reset", data={"email": "Member@example.org"})
    assert response.status_code == 302
    assert response.location == "/auth/sign-in"

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "Petr Člen <member@example.org>"
    assert message["Subject"] == "Set a new password for Working groups"
    path = link_path(message.get_body(("plain",)).get_content(), "reset")
    assert link_path(message.get_body(("html",)).get_content(), "reset") == path

    page = client.get(path)
    assert page.status_code == 200
    assert "member@example.org" in page.get_data(as_text=True)

    response = client.post(
        path, data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.location == "/auth/sign-in"

    assert sign_in(client, "member@example.org", factories.PASSWORD).status_code == 200
    assert sign_in(client, "member@example.org", NEW_PASSWORD).status_code == 302
    assert signed_in_user_id(client) == f"{people.member.id}:2"

    again = client.get(path)
    assert again.status_code == 410
    assert "This link has already been used" in again.get_data(as_text=True)


def test_password_reset_delivery_failure_answers_the_same_and_keeps_the_mail(
    app: Flask, client: FlaskClient, people, monkeypatch: pytest.MonkeyPatch
):
    with socket.socket() as sock:  # a port where nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)

    response = client.post("/auth/reset", data={"email": "member@example.org"})
    report = deliver_due()

    assert response.location == "/auth/sign-in"
    page = client.get(response.location).get_data(as_text=True)
    assert RESET_SENT.format(email="member@example.org") in page
    assert (report.sent, report.retrying) == (0, 1)
    queued = db.session.scalars(select(OutgoingMessage)).one()
    assert (queued.recipient, queued.status) == ("member@example.org", DeliveryStatus.PENDING)
    assert "ConnectionRefusedError" in queued.last_error


def test_password_reset_unknown_address_answers_the_same_and_sends_nothing(
    client: FlaskClient, people, smtp_server
):
    unknown = client.post("/auth/reset", data={"email": "nobody@example.org"})
    unknown_page = client.get(unknown.location).get_data(as_text=True)
    assert smtp_server.messages == []

    known = client.post("/auth/reset", data={"email": "member@example.org"})
    known_page = client.get(known.location).get_data(as_text=True)

    assert (unknown.status_code, unknown.location) == (known.status_code, known.location)
    assert RESET_SENT.format(email="nobody@example.org") in unknown_page
    assert comparable_page(unknown_page, "nobody@example.org") == comparable_page(
        known_page, "member@example.org"
    )
    assert len(smtp_server.wait_for(1)) == 1


def test_password_reset_deactivated_account_sends_nothing(client: FlaskClient, smtp_server):
    factories.make_user("former@example.org", is_enabled=False)

    response = client.post("/auth/reset", data={"email": "former@example.org"})

    assert response.location == "/auth/sign-in"
    assert smtp_server.messages == []


def test_password_reset_pending_account_gets_activation_mail(
    client: FlaskClient, db_session, smtp_server
):
    factories.make_user("invited@example.org", "Invited Person", password=None)

    response = client.post("/auth/reset", data={"email": "invited@example.org"})

    assert response.location == "/auth/sign-in"
    [message] = smtp_server.wait_for(1)
    assert message["Subject"] == "Activate your account at Working groups"
    assert link_path(
        message.get_content()
        if not message.is_multipart()
        else message.get_body(("plain",)).get_content(),
        "activate",
    ).startswith("/auth/activate/")


def test_password_reset_invalid_email_shows_form_error(client: FlaskClient):
    response = client.post("/auth/reset", data={"email": "not an address"})

    assert response.status_code == 200
    assert "Enter an e-mail address like name@example.org." in response.get_data(as_text=True)
    assert 'value="not an address"' in response.get_data(as_text=True)


def test_password_reset_expired_link_is_refused(
    app: Flask, client: FlaskClient, people, monkeypatch: pytest.MonkeyPatch
):
    # The test already runs in the app context of `db_session`: a second one would end
    # the session (and its flushed rows) when it closes.
    token = make_reset_token(people.member)
    later = time.time() + app.config["RESET_TOKEN_MAX_AGE"] + 1
    # itsdangerous 2.x takes its timestamps from time.time() in itsdangerous.timed.
    monkeypatch.setattr(itsdangerous.timed, "time", types.SimpleNamespace(time=lambda: later))

    response = client.get(f"/auth/reset/{token}")

    assert response.status_code == 410
    assert "This link has expired" in response.get_data(as_text=True)
    assert 'href="/auth/reset"' in response.get_data(as_text=True)


def test_password_reset_link_just_before_expiry_works(
    app: Flask, client: FlaskClient, people, monkeypatch: pytest.MonkeyPatch
):
    token = make_reset_token(people.member)
    later = time.time() + app.config["RESET_TOKEN_MAX_AGE"] - 60
    monkeypatch.setattr(itsdangerous.timed, "time", types.SimpleNamespace(time=lambda: later))

    assert client.get(f"/auth/reset/{token}").status_code == 200


def test_password_reset_tampered_link_is_refused(app: Flask, client: FlaskClient, people):
    token = make_reset_token(people.member)
    tampered = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")

    response = client.get(f"/auth/reset/{tampered}")
    posted = client.post(
        f"/auth/reset/{tampered}",
        data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
    )

    assert response.status_code == 400
    assert "This link is not valid" in response.get_data(as_text=True)
    assert posted.status_code == 400
    assert password_matches(people.member.password_hash, factories.PASSWORD) is True


def test_password_reset_link_for_other_purpose_is_refused(client: FlaskClient, people, app):
    from meetings.auth.services import make_activation_token

    token = make_activation_token(people.member)

    assert client.get(f"/auth/reset/{token}").status_code == 400


def test_password_reset_ends_existing_sessions(app: Flask, client: FlaskClient, people):
    other_device = _second_client(app, people.member)
    token = make_reset_token(people.member)

    client.post(
        f"/auth/reset/{token}",
        data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
    )

    assert other_device.get("/auth/account").status_code == 302
