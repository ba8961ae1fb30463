"""The database unavailable for a moment, for real: gunicorn serving the app while another
process holds SQLite's write lock, or while PostgreSQL ends every connection (what a restart
does to them). A change then gets a clear "try again" page and writes nothing; once the
database is back, the next request works without an error."""

from __future__ import annotations

import os
import sqlite3

import pytest
import requests
import sqlalchemy as sa
from flask_migrate import upgrade

from bench.numbering import fresh_database
from meetings import create_app
from meetings.agenda.models import AgendaItem
from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.mail.jobs import init_jobs

from . import factories
from .forms import form_values
from .served import app_environment, gunicorn, signed_in

ON_POSTGRES = (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgresql")


def _prepare(url: str, instance: str) -> tuple[int, int]:
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": instance, "JOBS_BACKEND": "memory"})
    with app.app_context():
        upgrade()
        group = factories.make_group("Sociální služby", slug="socialni-sluzby")
        assistant = factories.make_user("asistentka@example.org", "Eva Asistentová")
        factories.add_member(assistant, group, Role.ASSISTANT)
        meeting = factories.make_meeting(group, title="10. setkání")
        item = AgendaItem(meeting=meeting, position=0, title="Zahájení")
        db.session.add(item)
        db.session.commit()
        ids = meeting.id, item.id
        db.engine.dispose()
    return ids


def _item_form(visitor: requests.Session, base: str, path: str) -> dict[str, str]:
    page = visitor.get(base + path, timeout=60)
    assert page.status_code == 200
    return form_values(page.text, action=path)


def _title(url: str, item_id: int) -> str:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                sa.text("SELECT title FROM agenda_items WHERE id = :i"), {"i": item_id}
            ).scalar_one()
    finally:
        engine.dispose()


@pytest.fixture
def served(app, tmp_path):
    instance = tmp_path / "instance"
    with fresh_database(os.environ.get("TEST_DATABASE_URL"), tmp_path, "faults") as url:
        meeting_id, item_id = _prepare(url, str(instance))
        init_jobs(app)  # the job queue is one per process: back to the suite's app
        env = app_environment(
            DATABASE_URL=url,
            INSTANCE_PATH=instance,
            SECRET_KEY="faults-test",
            JOBS_BACKEND="memory",
            # A writer gives up after a fifth of a second (the default waits a minute).
            SQLITE_BUSY_TIMEOUT=0.2,
        )
        with gunicorn(env, tmp_path / "gunicorn.log", workers=1, threads=2) as base:
            visitor = signed_in(base, "asistentka@example.org", factories.PASSWORD)
            yield url, base, visitor, f"/meetings/{meeting_id}/agenda/items/{item_id}", item_id


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's write lock (PostgreSQL: the test below)")
def test_a_change_while_sqlite_is_locked_gets_a_try_again_page(served):
    url, base, visitor, path, item_id = served
    form = _item_form(visitor, base, path)
    form["title"] = "Zahájení a schválení programu"
    other = sqlite3.connect(sa.make_url(url).database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process writing, for longer than we wait
    try:
        response = visitor.post(base + path, data=form, allow_redirects=False, timeout=60)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert response.status_code == 503
    assert "Nothing was saved. Please try again in a few seconds." in response.text
    assert response.headers["Retry-After"] == "5"
    assert _title(url, item_id) == "Zahájení"

    # The lock is gone: the same form saves.
    response = visitor.post(base + path, data=form, allow_redirects=False, timeout=60)
    assert response.status_code == 302
    assert _title(url, item_id) == "Zahájení a schválení programu"


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL's connections (SQLite: the test above)")
def test_after_postgresql_ended_every_connection_the_next_change_just_works(served):
    url, base, visitor, path, item_id = served
    form = _item_form(visitor, base, path)
    form["title"] = "Zahájení a schválení programu"
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        ended = connection.execute(
            sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    engine.dispose()
    assert ended >= 1  # the app server's pooled connection, as in a restart
    response = visitor.post(base + path, data=form, allow_redirects=False, timeout=60)
    assert response.status_code == 302
    assert _title(url, item_id) == "Zahájení a schválení programu"
