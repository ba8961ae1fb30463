"""Every state-changing route, walked from the URL map, refuses a request without a CSRF token.

The test app switches CSRF off for convenience; here it is on again, as in production. A
site admin (who may do everything) sends each POST/PUT/PATCH/DELETE route a plausible form
without the token: every answer must be the 400 "form has expired" page, and the database
must be exactly as before. Routes exempt on purpose are listed with their reason; a new
exempt route fails the test until it is listed here.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from meetings.extensions import csrf, db
from meetings.models import Meeting

from .. import factories

#: Views that take no CSRF token on purpose, and why.
EXEMPT = {
    # The unfollow link in every mail to a follower: the nonce in its address is the secret,
    # and mail programs' one-click unsubscribe (RFC 8058) posts without a token.
    "meetings.ical.views.unfollow": "ical.unfollow",
    # The unsubscribe link of every optional message: the signed token in its address is
    # the secret, and mail programs' one-click unsubscribe (RFC 8058) posts without a token.
    "meetings.reminders.views.unsubscribe": "reminders.unsubscribe",
}

#: Blueprints that take no CSRF token, and why: the JSON API authenticates each request by
#: its bearer token alone and never reads the session cookie, so a forged request from a
#: browser carries nothing that would let it act (the walk below checks it is refused).
EXEMPT_BLUEPRINTS = {"api"}

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}

#: What a form might send: enough for any of the app's forms to change something if the
#: token were not checked.
FORM = {
    "title": "Changed by a forged request",
    "name": "Changed by a forged request",
    "description": "Changed",
    "email": "forged@example.org",
    "comment": "forged",
    "text": "forged",
    "reason": "forged",
    "answer": "accepted",
    "role": "chair",
    "status": "done",
    "direction": "up",
    "language": "en",
    "locale": "en",
    "timezone": "Europe/Prague",
    "password": factories.PASSWORD,
    "current_password": factories.PASSWORD,
    "new": "a new forged password 123",
    "confirm": "a new forged password 123",
    "kind": "information",
    "duration_minutes": "10",
    "slug": "forged",
    "capacity": "10",
    "registration_open": "y",
}


def _state_changing_rules(app):
    return sorted(
        (
            rule
            for rule in app.url_map.iter_rules()
            if rule.methods & STATE_CHANGING and rule.endpoint != "static"
        ),
        key=lambda rule: rule.rule,
    )


def _snapshot() -> dict[str, list]:
    """Every row of every table, in a stable order."""
    rows = {}
    for table in db.metadata.sorted_tables:
        result = db.session.execute(sa.select(table)).all()
        rows[table.name] = sorted((tuple(map(repr, row)) for row in result), key=repr)
    return rows


@pytest.fixture
def csrf_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


@pytest.fixture
def world(people):
    """One object of each kind a route names, so that a lookup would find something."""
    group = people.group
    organisation = factories.make_organisation("Krajský úřad")
    venue = factories.make_venue()
    meeting = factories.make_meeting(group, venue=venue)
    membership = next(m for m in people.member.memberships if m.group_id == group.id)
    return {
        "meeting_id": meeting.id,
        "slug": group.slug,
        "user_id": people.member.id,
        "organisation_id": organisation.id,
        "venue_id": venue.id,
        "membership_id": membership.id,
    }


def _path(rule, world) -> str:
    values = {}
    for name in rule.arguments:
        if name in world:
            values[name] = world[name]
        elif name in ("token", "nonce"):
            values[name] = "x" * 32
        else:
            values[name] = 1
    return rule.build(values)[1]


def test_only_the_listed_views_are_exempt_from_csrf(app):
    assert (sorted(csrf._exempt_views), {b.name for b in csrf._exempt_blueprints}) == (
        sorted(EXEMPT),
        EXEMPT_BLUEPRINTS,
    )


def test_every_state_changing_route_refuses_a_request_without_a_token(
    app, csrf_on, world, people, login_as
):
    client = login_as(people.admin)
    exempt_endpoints = set(EXEMPT.values())
    before = _snapshot()
    answers = {}
    walked = 0

    for rule in _state_changing_rules(app):
        if rule.endpoint in exempt_endpoints:
            continue
        path = _path(rule, world)
        # The API ignores the signed-in admin's cookie: without a bearer token, 401.
        refused = 401 if rule.endpoint.split(".")[0] in EXEMPT_BLUEPRINTS else 400
        for method in sorted(rule.methods & STATE_CHANGING):
            response = client.open(path, method=method, data=FORM)
            if response.status_code != refused:
                answers[f"{method} {path}"] = response.status_code
            walked += 1
        # Still signed in (no route signed the admin out without a token).
        assert client.get("/admin/users").status_code == 200, path

    assert answers == {}
    assert walked >= 60
    assert _snapshot() == before


def test_the_same_request_with_the_token_is_accepted(app, csrf_on, people, login_as):
    """The control: what is refused above is the missing token, not the request."""
    client = login_as(people.admin)
    page = client.get("/auth/account").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    without = client.post("/language", data={"language": "cs"})
    with_token = client.post("/language", data={"language": "cs", "csrf_token": token})

    assert (without.status_code, with_token.status_code) == (400, 302)


def test_exempt_unfollow_link_needs_its_nonce(app, csrf_on, people, login_as):
    response = login_as(None).post("/follow/1/not-the-nonce/unfollow")

    assert response.status_code == 404


def test_a_meeting_survives_a_forged_cancel(app, csrf_on, world, people, login_as):
    client = login_as(people.admin)

    response = client.post(f"/meetings/{world['meeting_id']}/cancel", data={"reason": "forged"})

    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert db.session.get(Meeting, world["meeting_id"]).status.value == "scheduled"
