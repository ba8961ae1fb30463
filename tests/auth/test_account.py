"""The account page: details, language and time zone."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests import factories


def _save(client: FlaskClient, name: str = "Petr Člen", locale: str = "", timezone: str = ""):
    return client.post("/auth/account", data={"name": name, "locale": locale, "timezone": timezone})


def test_account_shows_details(login_as, db_session):
    organisation = factories.make_organisation("Krajský úřad Libereckého kraje")
    user = factories.make_user(
        "jana@example.org",
        "Jana Nováková",
        organisation=organisation,
        locale="cs",
        timezone="Europe/Prague",
    )
    client = login_as(user)

    body = client.get("/auth/account").get_data(as_text=True)

    assert "Jana Nováková" in body
    assert "jana@example.org" in body
    assert "Krajský úřad Libereckého kraje" in body
    assert "Čeština" in body
    assert 'value="Europe/Prague"' in body
    assert 'href="/auth/password"' in body


def test_account_save_updates_name_language_and_time_zone(login_as, people):
    client = login_as(people.member)

    response = _save(client, "Petr Nový", "hu", "Europe/Budapest")

    assert response.status_code == 302
    assert response.location == "/auth/account"
    assert (people.member.name, people.member.locale, people.member.timezone) == (
        "Petr Nový",
        "hu",
        "Europe/Budapest",
    )


def test_account_browser_default_language_and_automatic_zone_store_none(login_as, db_session):
    user = factories.make_user(locale="sk", timezone="Europe/Bratislava")
    client = login_as(user)

    _save(client, user.name, "", "")

    assert (user.locale, user.timezone) == (None, None)


def test_account_unknown_time_zone_is_refused_and_other_values_kept(login_as, people):
    client = login_as(people.member)

    response = _save(client, "Petr Nový", "cs", "Europe/Atlantis")

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Choose a time zone from the list." in body
    assert 'value="Petr Nový"' in body
    assert people.member.name == "Petr Člen"
    assert people.member.timezone is None


def test_account_unknown_language_is_refused(login_as, people):
    client = login_as(people.member)

    response = _save(client, "Petr Člen", "de", "")

    assert response.status_code == 200
    assert people.member.locale is None


def test_account_empty_name_is_refused(login_as, people):
    client = login_as(people.member)

    response = _save(client, "   ")

    assert response.status_code == 200
    assert "Enter your name." in response.get_data(as_text=True)
    assert people.member.name == "Petr Člen"


def test_account_anonymous_gets_sign_in_message(client: FlaskClient):
    response = client.get("/auth/account", follow_redirects=True)

    assert response.request.path == "/auth/sign-in"
    assert "Please sign in to see this page." in response.get_data(as_text=True)
