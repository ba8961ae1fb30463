"""Small helpers shared by the auth tests."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.factories import PASSWORD

#: The one message every refused sign-in gets.
SIGN_IN_REFUSED = (
    "The e-mail address or the password is not correct, or the account is not active. "
    "Check them and try again, or reset your password."
)


def sign_in(
    client: FlaskClient,
    email: str,
    password: str = PASSWORD,
    *,
    remember: bool = False,
    next: str | None = None,
    **kwargs,
):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    query = {"next": next} if next is not None else None
    return client.post("/auth/sign-in", data=data, query_string=query, **kwargs)


def signed_in_user_id(client: FlaskClient) -> str | None:
    """ "id:session version" of the person signed in on the client (without the sign-in's
    token, which is new each time)."""
    with client.session_transaction() as session:
        value = session.get("_user_id")
    return ":".join(value.split(":")[:2]) if value else None


def link_path(text: str, kind: str) -> str:
    """The path of the first http://meetings.test/auth/<kind>/... link in a mail body."""
    match = re.search(rf"http://meetings\.test(/auth/{kind}/[A-Za-z0-9._-]+)", text)
    assert match is not None, text
    return match.group(1)


def comparable_page(page: str, email: str) -> str:
    """A page without the typed address and the CSRF tokens (they carry a timestamp)."""
    page = page.replace(email, "EMAIL")
    return re.sub(r'name="csrf_token" (type="hidden" )?value="[^"]*"', "CSRF", page)
