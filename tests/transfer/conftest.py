"""Installations of their own for the export and import tests: each a fresh database (a
SQLite file, or a new PostgreSQL database beside TEST_DATABASE_URL's, dropped afterwards),
migrated, with an app of its own; and the demo data with files of every kind."""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from flask import Flask
from flask_migrate import upgrade
from pypdf import PdfWriter
from sqlalchemy import func, select

from bench.numbering import fresh_database
from meetings import create_app
from meetings.extensions import db, limiter
from meetings.mail.jobs import init_jobs


@dataclass
class Installation:
    """One installation: its app (and database, instance folder)."""

    name: str
    app: Flask
    folder: Path

    def cli(self, *args: str) -> Result:
        """A ``flask`` command, as the command line runs it (in an app context of its own)."""
        with self.app.app_context():
            return self.app.test_cli_runner().invoke(args=list(args))

    def export(self, *args: str) -> Path:
        """``flask export`` into a file of its own; the zip's path."""
        target = self.folder / f"{self.name}-{len(list(self.folder.glob('*.zip')))}.zip"
        result = self.cli("export", "-o", str(target), *args)
        assert result.exit_code == 0, result.output
        return target

    def counts(self) -> dict[str, int]:
        """Rows in every table."""
        with self.app.app_context():
            return {
                table.name: db.session.scalar(select(func.count()).select_from(table))
                for table in db.metadata.sorted_tables
            }


class Installations:
    """Makes installations in ``folder``, and removes their databases at ``close``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.stack = ExitStack()
        self.made: list[Installation] = []

    def __call__(self, name: str, **config: Any) -> Installation:
        url = self.stack.enter_context(
            fresh_database(os.environ.get("TEST_DATABASE_URL"), self.folder, name)
        )
        folder = self.folder / f"instance-{name}"
        folder.mkdir()
        new = create_app(
            {
                "TESTING": True,
                "INSTANCE_PATH": str(folder),
                "DATABASE_URL": url,
                "BASE_URL": "http://meetings.test",
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
                "MAIL_FROM": "meetings@meetings.test",
                "JOBS_BACKEND": "memory",
                "ARGON2_TIME_COST": 1,
                "ARGON2_MEMORY_COST": 64,
                **config,
            }
        )
        limiter.enabled = False
        with new.app_context():
            upgrade()
        self.made.append(Installation(name, new, folder))
        return self.made[-1]

    def close(self, suite_app: Flask) -> None:
        for each in self.made:
            with each.app.app_context():
                db.session.remove()
                db.engine.dispose()
        self.stack.close()
        init_jobs(suite_app)  # the job queue is one per process: back to the suite's app
        limiter.enabled = False


@pytest.fixture
def installation(app: Flask, tmp_path: Path) -> Iterator[Installations]:
    """Makes installations for one test: ``installation("b", **config)``."""
    installations = Installations(tmp_path)
    try:
        yield installations
    finally:
        installations.close(app)


@dataclass
class Demo:
    """An installation with the demo data and files, and its exports (not to be changed)."""

    installation: Installation
    full: Path
    group: Path


#: The demo group exported on its own.
DEMO_GROUP = "pzlk-socialni-sluzby"


@pytest.fixture(scope="module")
def demo(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """One per test module: the demo installation and its exports, read by every test."""
    installations = Installations(tmp_path_factory.mktemp("demo"))
    try:
        a = installations("a")
        fill_with_demo(a)
        yield Demo(a, a.export(), a.export("--group", DEMO_GROUP))
    finally:
        installations.close(app)


def minimal_pdf(text: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def fill_with_demo(installation: Installation) -> None:
    """The demo data (groups, people, meetings, published minutes with their signed PDF, a
    date poll, votes by correspondence with their signed records), plus attachments, a
    signed attendance sheet and a revision of the minutes."""
    from meetings.agenda.services import store_attachment
    from meetings.correspondence.jobs import LOST_AFTER, make_missing_records
    from meetings.db import utcnow
    from meetings.demo import load_demo
    from meetings.minutes.services import record_revision
    from meetings.models import AgendaItem, Meeting, Minutes, User, WorkingGroup
    from meetings.storage import services as storage

    with installation.app.app_context():
        load_demo()
        db.session.commit()
        make_missing_records(now=utcnow() + LOST_AFTER)
        group = db.session.scalars(
            select(WorkingGroup).where(WorkingGroup.slug == "pzlk-socialni-sluzby")
        ).one()
        assistant = db.session.scalars(
            select(User).where(User.email == "assistant@demo.example")
        ).one()
        meeting = db.session.scalars(
            select(Meeting).where(Meeting.group_id == group.id).order_by(Meeting.number)
        ).first()
        item = db.session.scalars(
            select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.id)
        ).first()
        store_attachment(meeting, io.BytesIO(minimal_pdf("Pozvánka")), "pozvanka.pdf", assistant)
        store_attachment(
            meeting, io.BytesIO(minimal_pdf("Podklady")), "podklady.pdf", assistant, item
        )
        meeting.signed_sheet = storage.store(minimal_pdf("Prezenční listina"), "application/pdf")
        minutes = db.session.scalars(select(Minutes).where(Minutes.meeting_id == meeting.id)).one()
        record_revision(minutes, assistant, note="Kontrola")
        db.session.commit()


def entries(path: Path) -> dict[str, Any]:
    """The zip's entries: records and files as bytes, the manifest as read."""
    with zipfile.ZipFile(path) as archive:
        found: dict[str, Any] = {
            name: archive.read(name) for name in archive.namelist() if name != "manifest.json"
        }
        found["manifest.json"] = json.loads(archive.read("manifest.json"))
    return found


def records(path: Path, table: str) -> list[dict[str, Any]]:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read(f"records/{table}.json"))


def records_manifest(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))
