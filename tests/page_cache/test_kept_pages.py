"""Kept pages (the dashboard, search results) on a database of their own, with real
commits and CSRF protection on, as in production: served again while nothing they show
has changed, built anew as soon as anything has, and never with another browser's
CSRF token or a message that is not theirs.

Runs on SQLite, and on PostgreSQL in the suite's PostgreSQL pass (TEST_DATABASE_URL).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from bench.numbering import fresh_database
from meetings import create_app
from meetings.agenda.models import AgendaItem
from meetings.db import utcnow
from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.invitations.enums import Rsvp
from meetings.mail.enums import DeliveryStatus
from meetings.mail.models import OutgoingMessage
from meetings.models import Invitation, Meeting
from meetings.page_cache.models import CachedPage, DataClock

from .. import factories

WORDS = "kulatého stolu"
#: A form's CSRF field, as WTForms writes it or as a template does.
_TOKEN = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


def csrf_token(html: str) -> str:
    tokens = set(_TOKEN.findall(html))
    assert len(tokens) == 1, f"expected one CSRF token on the page, found {len(tokens)}"
    return tokens.pop()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    folder: Path = tmp_path_factory.mktemp("kept-pages")
    with fresh_database(os.environ.get("TEST_DATABASE_URL"), folder, "kept_pages") as url:
        app = create_app(
            {
                "DATABASE_URL": url,
                "INSTANCE_PATH": str(folder),
                "JOBS_BACKEND": "memory",
                "RATELIMIT_ENABLED": False,
                "BASE_URL": "http://meetings.test",
                "MAIL_FROM": "meetings@meetings.test",
            }
        )
        with app.app_context():
            upgrade()
            group = factories.make_group(name="Sociální služby Liberec", slug="lbk")
            other = factories.make_group(name="Vas megyei paktum", slug="vas")
            member = factories.make_user(email="clen@example.org", name="Jan Člen")
            outsider = factories.make_user(email="vas@example.org", name="Vas Tag")
            factories.add_member(member, group)
            factories.add_member(outsider, other, Role.CHAIR)
            start = utcnow().replace(microsecond=0) + dt.timedelta(days=3)
            meeting = factories.make_meeting(
                group, starts_at=start, title="10. setkání", agenda_published_at=utcnow()
            )
            db.session.add(AgendaItem(meeting=meeting, title=f"Diskuse u {WORDS}", position=1))
            db.session.add(Invitation(meeting=meeting, user=member, rsvp=Rsvp.NEEDS_ACTION))
            db.session.commit()
            ids = {"meeting": meeting.id, "starts_at": start}
        yield {"app": app, **ids}
        with app.app_context():
            db.engine.dispose()


def _browser(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    page = client.get("/auth/sign-in").get_data(as_text=True)
    signed = client.post(
        "/auth/sign-in",
        data={"email": email, "password": factories.PASSWORD, "csrf_token": csrf_token(page)},
    )
    assert signed.status_code == 302
    return client


class _Statements:
    def __init__(self, app: Flask) -> None:
        with app.app_context():
            self.engine = db.engine
        self.sent: list[str] = []

    def _note(self, conn, cursor, statement, *args) -> None:
        # Queries only: SQLite's BEGIN is sent as a statement, PostgreSQL's is not.
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
            self.sent.append(statement)

    def get(self, client: FlaskClient, path: str, **kwargs) -> str:
        """The page's HTML; the statements its request sent are in ``sent``."""
        self.sent = []
        sa.event.listen(self.engine, "before_cursor_execute", self._note)
        try:
            response = client.get(path, **kwargs)
        finally:
            sa.event.remove(self.engine, "before_cursor_execute", self._note)
        assert response.status_code == 200
        return response.get_data(as_text=True)


def _clock(app: Flask) -> int:
    with app.app_context():
        value = db.session.scalar(sa.select(DataClock.value))
        db.session.rollback()
        return value


def _answer_section(html: str) -> str:
    return html[html.index('id="answers"') : html.index("</section>", html.index('id="answers"'))]


def test_a_kept_dashboard_is_served_while_nothing_changes_and_rebuilt_after_a_change(site):
    app = site["app"]
    statements = _Statements(app)
    laptop = _browser(app, "clen@example.org")
    phone = _browser(app, "clen@example.org")

    built = statements.get(laptop, "/dashboard")
    built_cost = len(statements.sent)
    assert "10. setkání" in _answer_section(built)
    kept = statements.get(phone, "/dashboard")
    # The person and the kept page: two statements instead of the lists'.
    assert len(statements.sent) == 2 < built_cost
    assert "10. setkání" in _answer_section(kept)

    # A hard reload (the browser sends Cache-Control: no-cache) builds the page anew.
    statements.get(phone, "/dashboard", headers={"Cache-Control": "no-cache"})
    assert len(statements.sent) > 2

    # Each browser's forms carry its own session's token, and the answer is taken.
    laptop_token = csrf_token(built)
    phone_token = csrf_token(kept)
    assert laptop_token != phone_token
    answered = phone.post(
        f"/meetings/{site['meeting']}/answer",
        data={"csrf_token": phone_token, "answer": "accepted", "next": "/dashboard#answers"},
    )
    assert answered.status_code == 302, answered.get_data(as_text=True)[:500]

    # The other browser sees the answer at once: the commit moved the clock.
    again = statements.get(laptop, "/dashboard")
    assert len(statements.sent) > 2
    assert "Nothing to answer." in _answer_section(again)
    # The browser that answered sees its message, then the kept page without it.
    with_message = phone.get("/dashboard").get_data(as_text=True)
    assert 'class="flash' in with_message
    assert 'class="flash' not in statements.get(phone, "/dashboard")
    assert len(statements.sent) == 2


def test_a_write_by_anyone_through_any_path_moves_the_clock_and_queues_do_not(site):
    app = site["app"]
    statements = _Statements(app)
    browser = _browser(app, "clen@example.org")
    statements.get(browser, "/dashboard")
    statements.get(browser, "/dashboard")
    assert len(statements.sent) == 2

    # Mail leaving the outbox is shown on no kept page: the clock stays.
    before = _clock(app)
    with app.app_context():
        db.session.add(
            OutgoingMessage(
                recipient="clen@example.org",
                subject="Pozvánka",
                raw=b"Subject: Pozv\xc3\xa1nka\r\n\r\n",
                status=DeliveryStatus.SENT,
                sent_at=utcnow(),
            )
        )
        db.session.commit()
    assert _clock(app) == before
    statements.get(browser, "/dashboard")
    assert len(statements.sent) == 2

    # A meeting renamed by a plain SQL statement on a connection of its own (a script,
    # another server): the clock moves with its commit, and the page shows the new title.
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(
            sa.update(Meeting)
            .where(Meeting.id == site["meeting"])
            .values(title="10. setkání (přesunuto)")
        )
    assert _clock(app) == before + 1
    html = statements.get(browser, "/dashboard")
    assert len(statements.sent) > 2
    assert "10. setkání (přesunuto)" in html
    with app.app_context():
        db.session.execute(
            sa.update(Meeting).where(Meeting.id == site["meeting"]).values(title="10. setkání")
        )
        db.session.commit()


def test_a_kept_dashboard_goes_stale_when_a_shown_meeting_starts(site):
    app = site["app"]
    statements = _Statements(app)
    browser = _browser(app, "vas@example.org")
    statements.get(browser, "/dashboard")
    with app.app_context():
        kept = db.session.scalars(sa.select(CachedPage)).all()
        # The page is kept until midnight of the person's day at the latest, and the
        # Vas chair has nothing with a time on it: no later than fifteen minutes.
        assert all(page.fresh_until <= utcnow() + dt.timedelta(minutes=15) for page in kept)
        db.session.rollback()

    member = _browser(app, "clen@example.org")
    statements.get(member, "/dashboard")
    with app.app_context():
        # As if the time had come: the copy is stale, and the page is built again.
        db.session.execute(sa.update(CachedPage).values(fresh_until=utcnow()))
        db.session.commit()
    statements.get(member, "/dashboard")
    assert len(statements.sent) > 2


def test_the_stale_time_is_the_first_shown_meeting_start(app, db_session):
    # In-process: the dashboard's own answer to "until when is this page right".
    from meetings.site.services import dashboard_for

    group = factories.make_group()
    person = factories.make_user()
    factories.add_member(person, group)
    soon = utcnow().replace(microsecond=0) + dt.timedelta(minutes=7)
    meeting = factories.make_meeting(group, starts_at=soon)
    db.session.add(Invitation(meeting=meeting, user=person, rsvp=Rsvp.NEEDS_ACTION))
    db.session.flush()
    assert dashboard_for(person)["stale_at"] == soon


def test_kept_search_results_follow_the_index_and_the_searchers_permissions(site):
    app = site["app"]
    statements = _Statements(app)
    member = _browser(app, "clen@example.org")
    outsider = _browser(app, "vas@example.org")
    path = "/search?q=kulateho+stolu"

    found = statements.get(member, path)
    assert re.search(r"<mark>kulatého</mark> <mark>stolu</mark>", found)
    statements.get(member, path)
    assert len(statements.sent) == 2
    # The Vas county chair searches the same words: nothing of the Liberec group.
    assert "kulatého" not in statements.get(outsider, path)
    assert len(statements.sent) > 2

    with app.app_context():
        item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.title.contains(WORDS)))
        item.title = "Diskuse u stolu"
        db.session.commit()
    assert "kulatého" not in statements.get(member, path)


def test_the_nightly_upkeep_forgets_pages_kept_longer_than_a_day(app, db_session):
    from meetings.site.jobs import _refresh

    now = utcnow()
    for key, age in (("a" * 64, dt.timedelta(days=2)), ("b" * 64, dt.timedelta(hours=3))):
        db.session.add(
            CachedPage(key=key, clock=0, fresh_until=now, body="<p>x</p>", stored_at=now - age)
        )
    db.session.flush()
    _refresh()
    assert db.session.scalars(sa.select(CachedPage.key)).all() == ["b" * 64]
