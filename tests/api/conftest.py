"""Tokens for the people of the ``people`` fixture, and a check of answers against the
OpenAPI document's component schemas."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from meetings.auth import api_tokens
from meetings.extensions import db


@pytest.fixture
def token_for(db_session):
    """A working token of the person: ``token_for(user, "write")`` → the secret."""

    def make(user, scope: str = "read", days: int = 30) -> str:
        secret = api_tokens.create_token(user, name="Test program", scope=scope, days=days).secret
        db.session.commit()
        return secret

    return make


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def api(client, token_for):
    """GET and POST as a person (``user=None``: without a token)."""

    class Api:
        def get(self, url, user=None, scope="read", **kwargs):
            headers = kwargs.pop("headers", {})
            if user is not None:
                headers |= bearer(token_for(user, scope))
            return client.get(url, headers=headers, **kwargs)

        def post(self, url, user=None, scope="write", **kwargs):
            headers = kwargs.pop("headers", {})
            if user is not None:
                headers |= bearer(token_for(user, scope))
            return client.post(url, headers=headers, **kwargs)

    return Api()


@pytest.fixture
def conforms(client):
    """``conforms(response, "MeetingList")``: the JSON answer is valid per the document's
    component schema (problems: per ``Problem``)."""
    document = client.get("/api/v1/openapi.json").get_json()
    registry = Registry().with_resource(
        "urn:openapi", Resource.from_contents(document, default_specification=DRAFT202012)
    )

    def check(response, name: str) -> None:
        validator = Draft202012Validator(
            {"$ref": f"urn:openapi#/components/schemas/{name}"}, registry=registry
        )
        errors = [e.message for e in validator.iter_errors(response.get_json())]
        assert errors == []

    return check


def is_problem(response, status: int) -> bool:
    body = response.get_json(force=True, silent=True) or {}
    return (
        response.status_code == status
        and response.mimetype == "application/problem+json"
        and body.get("status") == status
        and bool(body.get("title"))
        and bool(body.get("type"))
    )


@pytest.fixture
def world_meeting(people):
    """A scheduled meeting of the members-only group."""
    from tests import factories

    return factories.make_meeting(people.group)
