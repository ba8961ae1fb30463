"""Walk the URL map: every endpoint and method has a row, and every row holds for every role."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from . import __name__ as package_name
from .framework import ROLES, SIGN_IN, Entry


def _all_entries() -> list[Entry]:
    entries: list[Entry] = []
    package = importlib.import_module(package_name)
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("entries_"):
            entries.extend(importlib.import_module(f"{package_name}.{info.name}").ENTRIES)
    return entries


ENTRIES = _all_entries()
#: Endpoints that are no page of ours.
NOT_PAGES = {"static"}


def test_matrix_covers_every_endpoint_and_method(app):
    served = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in NOT_PAGES
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    stated = {entry.key for entry in ENTRIES}
    assert sorted(served - stated) == [], "endpoints without a row in tests/matrix/entries_*.py"
    assert sorted(stated - served) == [], "rows for endpoints that no longer exist"


def _api_token(user, scope: str | None) -> dict[str, str]:
    """The API's rows: the person sends a token of their own (a visitor none)."""
    if scope is None or user is None:
        return {}
    from meetings.auth import api_tokens

    secret = api_tokens.create_token(user, name="matrix", scope=scope, days=30).secret
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e.method} {e.endpoint}")
def test_matrix_status_for_role(world, login_as, entry: Entry, role: str):
    client = login_as(world.by_role[role])
    url = entry.url(world)
    headers = _api_token(world.by_role[role], entry.extra.get("token"))
    if headers:
        # Kept when an API error rolls its request back, as a token made on its page is.
        from meetings.extensions import db

        db.session.commit()
    if entry.method == "GET":
        response = client.get(url, headers=headers)
    elif "json" in entry.extra:
        body = entry.extra["json"]
        if entry.extra.get("if_match"):
            # A conditional write sends the ETag of the person's own read, when they have one.
            from .entries_api import _same_url

            read = client.get(_same_url(url), headers=headers)
            if read.headers.get("ETag"):
                headers = headers | {"If-Match": read.headers["ETag"]}
        response = client.open(
            url, method=entry.method, json=body(world) if callable(body) else body, headers=headers
        )
    else:
        data = entry.data(world) if entry.data else {}
        response = client.open(url, method=entry.method, data=data)
    expected = entry.expected[role]
    if expected == SIGN_IN:
        assert (response.status_code, response.location.split("?")[0]) == (302, "/auth/sign-in")
    else:
        assert response.status_code == expected
