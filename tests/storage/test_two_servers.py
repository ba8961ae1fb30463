"""Two app servers, one database, each with its own (empty) instance folder: a file uploaded
or published through one is served by the other, byte for byte.

The servers are two apps made by ``create_app`` in this process, with their own engines and
sessions, on a database of their own (a SQLite file in tmp_path, or a fresh PostgreSQL
database beside TEST_DATABASE_URL); every request commits as in production.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select

from bench.numbering import fresh_database
from meetings import create_app
from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.mail.jobs import init_jobs
from meetings.minutes.enums import MinutesState
from meetings.minutes.publishing import publish
from meetings.models import Attachment, Meeting, Minutes
from tests.conftest import signed_in_id

from .. import factories
from ..agenda.conftest import real_pdf


@dataclass
class Servers:
    first: Flask
    second: Flask
    meeting_id: int
    #: What a session holds for the assistant and the member (``User.get_id``).
    assistant: str
    member: str


def _server(url: str, instance: Path) -> Flask:
    instance.mkdir()
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "INSTANCE_PATH": str(instance),
            # The one thing every server must share besides the database and the files.
            "SECRET_KEY": "the same on every server",
            "BASE_URL": "http://meetings.test",
            "WTF_CSRF_ENABLED": False,
            "JOBS_BACKEND": "memory",
            "RATELIMIT_ENABLED": False,
        }
    )


@pytest.fixture
def servers(app: Flask, tmp_path: Path) -> Iterator[Servers]:
    with fresh_database(os.environ.get("TEST_DATABASE_URL"), tmp_path, "two_servers") as url:
        first = _server(url, tmp_path / "first")
        second = _server(url, tmp_path / "second")
        try:
            with first.app_context():
                upgrade()
                group = factories.make_group("Sociální služby", slug="socialni-sluzby")
                assistant = factories.make_user("assistant@example.org", "Eva Asistentová")
                member = factories.make_user("member@example.org", "Petr Člen")
                factories.add_member(assistant, group, Role.ASSISTANT)
                factories.add_member(member, group, Role.MEMBER)
                meeting = factories.make_meeting(group, title="10. setkání")
                ids = meeting.id, signed_in_id(assistant), signed_in_id(member)
                db.session.commit()
            yield Servers(first, second, *ids)
        finally:
            for server in (first, second):
                with server.app_context():
                    db.session.remove()
                    db.engine.dispose()
            init_jobs(app)  # the job queue is one per process: back to the suite's app


def _signed_in(server: Flask, user: str):
    client = server.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user
        session["_fresh"] = True
    return client


def test_attachment_uploaded_on_one_server_downloads_from_the_other(servers):
    content = real_pdf()
    uploaded = _signed_in(servers.first, servers.assistant).post(
        f"/meetings/{servers.meeting_id}/attachments",
        data={"file": (io.BytesIO(content), "Zápis č. 10.pdf")},
        content_type="multipart/form-data",
    )
    with servers.first.app_context():
        (attachment_id,) = db.session.scalars(select(Attachment.id)).all()
    url = f"/meetings/{servers.meeting_id}/attachments/{attachment_id}"
    member_on_second = _signed_in(servers.second, servers.member)

    from_second = member_on_second.get(url)
    from_first = _signed_in(servers.first, servers.member).get(url)
    again = member_on_second.get(url, headers={"If-None-Match": from_second.headers["ETag"]})

    assert uploaded.status_code == 302
    assert (from_second.status_code, from_second.data) == (200, content)
    assert from_second.headers["ETag"] == f'"{hashlib.sha256(content).hexdigest()}"'
    assert from_second.headers["ETag"] == from_first.headers["ETag"]
    assert again.status_code == 304
    assert list(Path(servers.second.instance_path).rglob("*.pdf")) == []


def test_published_minutes_are_served_alike_by_the_other_server(servers):
    with servers.first.app_context():
        meeting = db.session.get(Meeting, servers.meeting_id)
        meeting.group.is_public = True
        minutes = Minutes(
            meeting=meeting,
            state=MinutesState.APPROVED,
            opening="Zahájení.",
            approved_at=dt.datetime(2018, 3, 27, 12, tzinfo=dt.UTC),
        )
        db.session.add(minutes)
        db.session.flush()
        stored = publish(minutes, key=None, notify=False)
        db.session.commit()
        sha256 = stored.sha256
    url = f"/meetings/{servers.meeting_id}/minutes.pdf?edition=1"

    from_second = servers.second.test_client().get(url)
    from_first = servers.first.test_client().get(url)

    assert from_second.status_code == 200
    assert hashlib.sha256(from_second.data).hexdigest() == sha256
    assert from_second.data == from_first.data
    assert from_second.headers["X-Content-SHA256"] == sha256
    assert from_second.headers["ETag"] == f'"{sha256}"'
    assert from_second.headers["Cache-Control"] == "public, max-age=31536000, immutable"
