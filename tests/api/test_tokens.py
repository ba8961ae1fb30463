"""Personal API tokens: made on the account page, shown once, kept only as a hash, listed,
revoked; a token that expired, was revoked, changed or belongs to a deactivated account
opens nothing (401)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from sqlalchemy import select

from meetings.audit.models import AuditEntry
from meetings.auth import api_tokens
from meetings.auth.models import ApiToken
from meetings.extensions import db

from .conftest import bearer, is_problem


def _create(client, name="Intranet of the regional office", days="90", scope="read"):
    return client.post(
        "/auth/api-tokens", data={"token-name": name, "token-days": days, "token-scope": scope}
    )


def test_token_created_on_account_page_is_shown_once_and_stored_as_hash(people, login_as):
    client = login_as(people.member)
    assert "Create a token" in client.get("/auth/account").get_data(as_text=True)
    response = _create(client, scope="write")
    page = response.get_data(as_text=True)
    secret = re.search(r'value="(mtg_[A-Za-z0-9_-]{40,})"', page).group(1)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    token = db.session.scalars(select(ApiToken)).one()
    assert (token.user_id, token.name, token.scope, token.token_hash) == (
        people.member.id,
        "Intranet of the regional office",
        "write",
        hashlib.sha256(secret.encode()).hexdigest(),
    )
    assert token.expires_at - token.created_at == dt.timedelta(days=90)
    # Listed on the account page by name, never with its secret again.
    account = client.get("/auth/account").get_data(as_text=True)
    assert "Intranet of the regional office" in account
    assert secret not in account
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "auth.api_token_created")
    ).one()
    assert (entry.actor_id, entry.subject_id) == (people.member.id, token.id)


def test_token_form_refuses_missing_name_and_unoffered_lifetime(people, login_as):
    client = login_as(people.member)
    assert _create(client, name="").status_code == 302
    assert _create(client, days="10000").status_code == 302
    assert db.session.scalars(select(ApiToken)).all() == []


def test_revoked_token_gets_401_and_revoke_is_audited(people, login_as, client, token_for):
    secret = token_for(people.member)
    assert client.get("/api/v1/groups", headers=bearer(secret)).status_code == 200
    token = db.session.scalars(select(ApiToken)).one()
    login_as(people.member)
    response = client.post(f"/auth/api-tokens/{token.id}/revoke")
    assert response.status_code == 302
    assert token.revoked_at is not None
    client.post("/auth/sign-out")
    refused = client.get("/api/v1/groups", headers=bearer(secret))
    assert is_problem(refused, 401)
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert db.session.scalars(
        select(AuditEntry.subject_id).where(AuditEntry.action == "auth.api_token_revoked")
    ).all() == [token.id]


def test_nobody_revokes_another_persons_token(people, login_as, token_for):
    token_for(people.member)
    token = db.session.scalars(select(ApiToken)).one()
    login_as(people.chair).post(f"/auth/api-tokens/{token.id}/revoke")
    assert token.revoked_at is None


def test_expired_token_gets_401(people, client, token_for):
    secret = token_for(people.member)
    token = db.session.scalars(select(ApiToken)).one()
    token.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    db.session.commit()
    assert is_problem(client.get("/api/v1/groups", headers=bearer(secret)), 401)


def test_tampered_or_malformed_token_gets_401(people, client, token_for):
    secret = token_for(people.member)
    tampered = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    for header in (
        f"Bearer {tampered}",
        "Bearer mtg_",
        "Bearer " + "x" * 5000,
        f"Basic {secret}",
        "Bearer",
    ):
        response = client.get("/api/v1/events", headers={"Authorization": header})
        assert is_problem(response, 401), header
        assert response.headers["WWW-Authenticate"].startswith('Bearer realm="meetings"')


def test_token_of_deactivated_account_gets_401(people, client, token_for):
    secret = token_for(people.member)
    people.member.is_enabled = False
    db.session.commit()
    assert is_problem(client.get("/api/v1/groups", headers=bearer(secret)), 401)


def test_use_is_recorded_as_last_used(people, client, token_for):
    secret = token_for(people.member)
    client.get("/api/v1/groups", headers=bearer(secret))
    token = db.session.scalars(select(ApiToken)).one()
    assert token.last_used_at is not None


def test_session_cookie_does_not_authenticate_the_api(people, login_as, world_meeting):
    client = login_as(people.member)
    response = client.get(f"/api/v1/meetings/{world_meeting.id}")
    assert is_problem(response, 401)


def test_only_working_tokens_are_listed(people, token_for):
    token_for(people.member)
    old = api_tokens.create_token(people.member, name="old", scope="read", days=30).token
    old.revoked_at = old.created_at
    assert [t.name for t in api_tokens.tokens_of(people.member)] == ["Test program"]


def test_password_change_revokes_every_token_and_audits_it(people, login_as, client, token_for):
    from meetings.auth.services import make_reset_token

    first, second = token_for(people.member), token_for(people.member, "write")
    others = token_for(people.chair)
    assert client.get("/api/v1/groups", headers=bearer(first)).status_code == 200
    login_as(people.member).post(
        "/auth/password",
        data={
            "current_password": "correct horse battery",
            "new_password": "a brand new passphrase",
            "confirm_password": "a brand new passphrase",
        },
    )
    client.post("/auth/sign-out")
    for secret in (first, second):
        assert is_problem(client.get("/api/v1/groups", headers=bearer(secret)), 401)
    # Another person's token is not theirs to lose.
    assert client.get("/api/v1/groups", headers=bearer(others)).status_code == 200
    revoked = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "auth.api_token_revoked")
    ).all()
    assert len(revoked) == 2
    assert all(e.actor_id == people.member.id for e in revoked)
    assert all("password changed" in (e.detail or "") for e in revoked)
    assert api_tokens.tokens_of(people.member) == []

    # A password set with a reset link ends the tokens made since, too.
    third = token_for(people.member)
    reset = make_reset_token(people.member)
    client.post(
        f"/auth/reset/{reset}",
        data={
            "new_password": "yet another passphrase",
            "confirm_password": "yet another passphrase",
        },
    )
    assert is_problem(client.get("/api/v1/groups", headers=bearer(third)), 401)
