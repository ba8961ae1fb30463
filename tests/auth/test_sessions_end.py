"""Sessions that really end: after signing out, a password change, a deactivation or
"sign out everywhere", a copy of the old session cookie or remember-me cookie, replayed in
another browser, opens nothing."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient

from meetings.auth.models import SignIn
from meetings.extensions import db
from tests import factories
from tests.auth.helpers import sign_in

SESSION = "session"
REMEMBER = "remember_token"


def _signed_in_cookies(app: Flask, email: str) -> dict[str, str]:
    """Sign in through the form with "remember me" and keep a copy of both cookies."""
    browser = app.test_client()
    assert sign_in(browser, email, remember=True).status_code == 302
    cookies = {name: browser.get_cookie(name).value for name in (SESSION, REMEMBER)}
    assert all(cookies.values())
    return cookies


def _replay(app: Flask, cookies: dict[str, str], only: str) -> FlaskClient:
    """A new browser that sends one of the copied cookies."""
    browser = app.test_client()
    browser.set_cookie(only, cookies[only])
    return browser


def _opens(browser: FlaskClient, path: str) -> bool:
    return browser.get(path).status_code == 200


def test_copied_cookies_work_until_the_person_signs_out(app: Flask, people):
    cookies = _signed_in_cookies(app, "admin@example.org")
    # Each cookie on its own signs in: the remember cookie after the browser was closed.
    assert _opens(_replay(app, cookies, SESSION), "/admin/users")
    assert _opens(_replay(app, cookies, REMEMBER), "/admin/users")

    browser = _replay(app, cookies, SESSION)
    browser.set_cookie(REMEMBER, cookies[REMEMBER])
    assert browser.post("/auth/sign-out").status_code == 302

    assert not _opens(_replay(app, cookies, SESSION), "/admin/users")
    assert not _opens(_replay(app, cookies, REMEMBER), "/admin/users")


def test_signing_out_one_browser_leaves_the_others_signed_in(app: Flask, people):
    office = _signed_in_cookies(app, "member@example.org")
    phone = _signed_in_cookies(app, "member@example.org")
    browser = _replay(app, phone, SESSION)
    assert browser.post("/auth/sign-out").status_code == 302
    assert not _opens(_replay(app, phone, REMEMBER), "/auth/account")
    assert _opens(_replay(app, office, SESSION), "/auth/account")
    assert _opens(_replay(app, office, REMEMBER), "/auth/account")


def test_a_password_change_ends_the_old_cookies_everywhere(app: Flask, people):
    cookies = _signed_in_cookies(app, "member@example.org")
    browser = _replay(app, cookies, SESSION)
    new_password = "a-new-long-password-2026"
    response = browser.post(
        "/auth/password",
        data={
            "current_password": factories.PASSWORD,
            "new_password": new_password,
            "confirm_password": new_password,
        },
    )
    assert response.status_code == 302
    # The browser that changed it goes on with a new session...
    assert _opens(browser, "/auth/account")
    # ...while copies of the old cookies open nothing.
    assert not _opens(_replay(app, cookies, SESSION), "/auth/account")
    assert not _opens(_replay(app, cookies, REMEMBER), "/auth/account")


def test_deactivation_ends_the_cookies(app: Flask, people):
    cookies = _signed_in_cookies(app, "member@example.org")
    admin = app.test_client()
    assert sign_in(admin, "admin@example.org").status_code == 302
    assert admin.post(f"/admin/users/{people.member.id}/deactivate").status_code == 302
    assert not _opens(_replay(app, cookies, SESSION), "/auth/account")
    assert not _opens(_replay(app, cookies, REMEMBER), "/auth/account")


def test_sign_out_everywhere_and_one_device_from_the_account_page(app: Flask, people):
    office = _signed_in_cookies(app, "member@example.org")
    phone = _signed_in_cookies(app, "member@example.org")
    browser = _replay(app, office, SESSION)
    page = browser.get("/auth/account").get_data(as_text=True)
    assert "Where you are signed in" in page
    assert "this browser" in page

    # Sign out the phone from the office.
    phone_sign_in = (
        db.session.query(SignIn)
        .filter_by(user_id=people.member.id, ended_at=None)
        .order_by(SignIn.id.desc())
        .first()
    )
    assert browser.post(f"/auth/sign-ins/{phone_sign_in.id}/end").status_code == 302
    assert not _opens(_replay(app, phone, REMEMBER), "/auth/account")
    assert _opens(browser, "/auth/account")

    # Someone else's sign-in cannot be ended.
    stranger = _signed_in_cookies(app, "admin@example.org")
    admin_sign_in = db.session.query(SignIn).filter_by(user_id=people.admin.id).one()
    browser.post(f"/auth/sign-ins/{admin_sign_in.id}/end")
    assert _opens(_replay(app, stranger, SESSION), "/admin/users")

    assert browser.post("/auth/sign-out-everywhere").status_code == 302
    assert not _opens(_replay(app, office, SESSION), "/auth/account")
    assert not _opens(_replay(app, office, REMEMBER), "/auth/account")


def test_the_remember_cookie_lasts_two_weeks(app: Flask, people):
    browser = app.test_client()
    sign_in(browser, "member@example.org", remember=True)
    cookie = browser.get_cookie(REMEMBER)
    left = cookie.expires - dt.datetime.now(dt.UTC)
    assert dt.timedelta(days=13) < left <= dt.timedelta(days=14)
    sign_in_row = db.session.query(SignIn).filter_by(user_id=people.member.id).one()
    assert (sign_in_row.expires_at - sign_in_row.created_at).days == 14


def test_sign_ins_long_over_are_forgotten(app: Flask, people):
    from meetings.auth.sign_ins import forget_old_sign_ins

    old = _signed_in_cookies(app, "member@example.org")
    current = _signed_in_cookies(app, "admin@example.org")
    _replay(app, old, SESSION).post("/auth/sign-out")
    row = db.session.query(SignIn).filter_by(user_id=people.member.id).one()
    row.ended_at -= dt.timedelta(days=91)
    db.session.commit()
    assert forget_old_sign_ins() == 1
    assert db.session.query(SignIn).filter_by(user_id=people.member.id).count() == 0
    assert _opens(_replay(app, current, SESSION), "/admin/users")
