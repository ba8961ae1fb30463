"""``/healthz``: what a load balancer asks before it sends a server traffic."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from meetings import create_app
from meetings.mail.jobs import init_jobs


@pytest.fixture
def other_app(app: Flask, tmp_path) -> Iterator[callable]:
    """Build a second app with other settings; the shared job queue is pointed back at the
    suite's app afterwards (huey's queue object is one per process)."""

    def build(**config) -> Flask:
        return create_app(
            {
                "TESTING": True,
                "INSTANCE_PATH": str(tmp_path / "instance"),
                "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                "JOBS_BACKEND": "memory",
                **config,
            }
        )

    yield build
    init_jobs(app)


def test_health_answers_ok_when_database_and_queue_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "queue": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_health_needs_no_session_and_sets_none(client):
    response = client.get("/healthz")

    assert "Set-Cookie" not in response.headers
    assert client.get_cookie("session") is None


def test_health_is_503_when_the_database_is_gone(other_app, tmp_path):
    app = other_app(DATABASE_URL=f"sqlite:///{tmp_path}/no/such/folder/meetings.sqlite")

    response = app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert response.json["database"] == "OperationalError"
    assert response.json["queue"] == "ok"


def test_health_is_503_when_the_queue_is_gone(other_app):
    # Nothing listens on port 1: Redis refuses the connection, as when it is down.
    app = other_app(JOBS_BACKEND="redis", REDIS_URL="redis://127.0.0.1:1/0")

    response = app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.json["database"] == "ok"
    assert response.json["queue"] == "ConnectionError"


def test_bare_ping_touches_nothing(client):
    response = client.get("/ping")

    assert (response.status_code, response.data) == (200, b"ok\n")
