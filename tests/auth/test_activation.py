"""Invited people activate their account through an e-mailed link."""

from __future__ import annotations

import time
import types

import itsdangerous.timed
import pytest
from flask import Flask
from flask.testing import FlaskClient

from meetings.auth.services import make_activation_token, password_matches, send_activation
from tests import factories
from tests.auth.helpers import link_path, sign_in, signed_in_user_id

PASSWORD = "my first password here"


def _activate(client: FlaskClient, path: str, password: str = PASSWORD, confirm: str | None = None):
    return client.post(
        path,
        data={
            "new_password": password,
            "confirm_password": password if confirm is None else confirm,
        },
    )


@pytest.fixture
def invited(db_session):
    return factories.make_user("invited@example.org", "Ilona Pozvaná", password=None)


def test_activation_link_flow_sets_password_and_signs_in(
    app: Flask, client: FlaskClient, invited, smtp_server
):
    with app.test_request_context():
        send_activation(invited, next_path="/groups/")

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "Ilona Pozvaná <invited@example.org>"
    assert message["Subject"] == "Activate your account at Working groups"
    path = link_path(message.get_body(("plain",)).get_content(), "activate")

    page = client.get(path)
    assert page.status_code == 200
    assert "invited@example.org" in page.get_data(as_text=True)

    response = _activate(client, path)

    assert response.status_code == 302
    assert response.location == "/groups/"
    assert invited.activated_at is not None
    assert invited.last_sign_in_at is not None
    assert password_matches(invited.password_hash, PASSWORD) is True
    assert signed_in_user_id(client) == f"{invited.id}:{invited.session_version}"
    assert client.get("/auth/account").status_code == 200


def test_activation_without_next_path_redirects_to_dashboard(
    app: Flask, client: FlaskClient, invited
):
    # The test already runs in the app context of `db_session`: a second one would end
    # the session (and its flushed rows) when it closes.
    token = make_activation_token(invited)

    response = _activate(client, f"/auth/activate/{token}")

    assert response.location == "/dashboard"


def test_activation_external_next_path_is_ignored(app: Flask, client: FlaskClient, invited):
    token = make_activation_token(invited, next_path="https://evil.example/")

    response = _activate(client, f"/auth/activate/{token}")

    assert response.location == "/dashboard"


def test_activation_then_sign_in_with_new_password(app: Flask, client: FlaskClient, invited):
    token = make_activation_token(invited)
    _activate(client, f"/auth/activate/{token}")
    client.post("/auth/sign-out")

    response = sign_in(client, "invited@example.org", PASSWORD)

    assert response.status_code == 302


def test_activation_link_used_twice_is_refused(app: Flask, client: FlaskClient, invited):
    token = make_activation_token(invited)
    _activate(client, f"/auth/activate/{token}")
    client.post("/auth/sign-out")

    response = client.get(f"/auth/activate/{token}")
    posted = _activate(client, f"/auth/activate/{token}", "someone else's password")

    assert response.status_code == 410
    assert "This link has already been used" in response.get_data(as_text=True)
    assert posted.status_code == 410
    assert password_matches(invited.password_hash, PASSWORD) is True


def test_activation_expired_link_is_refused(
    app: Flask, client: FlaskClient, invited, monkeypatch: pytest.MonkeyPatch
):
    token = make_activation_token(invited)
    later = time.time() + app.config["ACTIVATION_TOKEN_MAX_AGE"] + 1
    monkeypatch.setattr(itsdangerous.timed, "time", types.SimpleNamespace(time=lambda: later))

    response = client.get(f"/auth/activate/{token}")

    assert response.status_code == 410
    assert "This link has expired" in response.get_data(as_text=True)
    assert "Request a new link" in response.get_data(as_text=True)


def test_activation_tampered_link_is_refused(client: FlaskClient, invited):
    response = client.get("/auth/activate/not-a-real-token")

    assert response.status_code == 400
    assert "This link is not valid" in response.get_data(as_text=True)


def test_activation_password_mismatch_keeps_page(app: Flask, client: FlaskClient, invited):
    token = make_activation_token(invited)

    response = _activate(client, f"/auth/activate/{token}", PASSWORD, "a different password")

    assert response.status_code == 200
    assert "The two new passwords do not match." in response.get_data(as_text=True)
    assert invited.password_hash is None


def test_activation_link_of_deactivated_account_is_refused(
    app: Flask, client: FlaskClient, invited
):
    token = make_activation_token(invited)
    invited.is_enabled = False

    assert client.get(f"/auth/activate/{token}").status_code == 400
