"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from meetings.extensions import db
from meetings.search.models import include_name


def test_models_and_migrations_do_not_drift(app):
    # The test database was built by `flask db upgrade`, not by create_all.
    with app.app_context(), db.engine.connect() as connection:
        # As `flask db migrate` compares: the full-text index's own tables, column and
        # index (SQLite FTS5, PostgreSQL tsvector) are the database's, not the models'.
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_name}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_flask_db_upgrade_on_empty_sqlite_file_then_downgrade(tmp_path):
    env = {
        "MEETINGS_INSTANCE_PATH": str(tmp_path),
        "MEETINGS_DATABASE_URL": "sqlite:///" + str(tmp_path / "fresh.sqlite"),
        "PATH": "/usr/bin:/bin",
    }

    def flask(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "meetings", "db", *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    upgraded = flask("upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert flask("current").stdout.strip().endswith("(head)")
    downgraded = flask("downgrade", "base")
    assert downgraded.returncode == 0, downgraded.stderr
    again = flask("upgrade")
    assert again.returncode == 0, again.stderr


def test_upgrade_keeps_existing_data_on_sqlite(tmp_path):
    """Batch migrations rebuild SQLite tables; rows that others refer to must survive."""
    import sqlite3

    database = tmp_path / "old.sqlite"
    env = {
        "MEETINGS_INSTANCE_PATH": str(tmp_path),
        "MEETINGS_DATABASE_URL": "sqlite:///" + str(database),
        "PATH": "/usr/bin:/bin",
    }

    def flask(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "meetings", "db", *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    assert flask("upgrade", "0002").returncode == 0
    with sqlite3.connect(database) as conn:
        conn.execute(
            "INSERT INTO working_groups (id, name, slug, language, timezone, is_public, "
            "meeting_counter, created_at) VALUES (1, 'Sociální služby', 'ss', 'cs', "
            "'Europe/Prague', 0, 1, '2018-01-01 00:00:00')"
        )
        conn.execute(
            "INSERT INTO meetings (id, group_id, number, title, kind, status, starts_at, "
            "ends_at, timezone, is_public, uid, sequence, created_at, updated_at) VALUES "
            "(1, 1, 10, '10. setkání', 'regular', 'held', '2018-03-20 09:00:00', "
            "'2018-03-20 11:00:00', 'Europe/Prague', 0, 'u1@meetings', 0, "
            "'2018-01-01 00:00:00', '2018-01-01 00:00:00')"
        )

    upgraded = flask("upgrade")

    assert upgraded.returncode == 0, upgraded.stderr
    with sqlite3.connect(database) as conn:
        rows = conn.execute(
            "SELECT g.slug, m.number, g.adds_minutes_approval_item FROM meetings m "
            "JOIN working_groups g ON g.id = m.group_id"
        ).fetchall()
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert rows == [("ss", 10, 1)]


def test_upgrade_moves_instance_files_into_stored_files_and_downgrade_writes_them_back(tmp_path):
    """0008: the files in the instance folder go into the database; an attachment whose file
    is gone is deleted, minutes whose PDF is gone keep no file. On SQLite, or on a fresh
    PostgreSQL database beside TEST_DATABASE_URL."""
    import hashlib
    import os
    from pathlib import Path

    import sqlalchemy as sa

    from bench.numbering import fresh_database

    instance = tmp_path / "instance"
    pdf = b"%PDF-1.7 the agenda's annex\n"
    minutes_pdf = b"%PDF-1.7 the published minutes\n"
    (instance / "uploads" / "ab").mkdir(parents=True)
    (instance / "uploads" / "ab" / "ab12").write_bytes(pdf)
    (instance / "minutes" / "ss").mkdir(parents=True)
    (instance / "minutes" / "ss" / "10-1-abcd.pdf").write_bytes(minutes_pdf)

    with fresh_database(os.environ.get("TEST_DATABASE_URL"), tmp_path, "files") as url:
        env = {
            "MEETINGS_INSTANCE_PATH": str(instance),
            "MEETINGS_DATABASE_URL": url,
            "PATH": "/usr/bin:/bin",
        }

        def flask(*args: str) -> subprocess.CompletedProcess:
            return subprocess.run(
                [sys.executable, "-m", "flask", "--app", "meetings", "db", *args],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )

        assert flask("upgrade", "0007").returncode == 0
        engine = sa.create_engine(url)
        when = "2018-03-20 09:00:00"
        try:
            with engine.begin() as conn:
                run = conn.execute
                run(
                    sa.text(
                        "INSERT INTO working_groups (id, name, slug, language, timezone, "
                        "is_public, meeting_counter, created_at, adds_minutes_approval_item) "
                        "VALUES (1, 'Sociální služby', 'ss', 'cs', 'Europe/Prague', :no, 1, "
                        ":when, :no)"
                    ),
                    {"no": False, "when": when},
                )
                run(
                    sa.text(
                        "INSERT INTO meetings (id, group_id, number, title, kind, status, "
                        "starts_at, ends_at, timezone, is_public, uid, sequence, created_at, "
                        "updated_at, registration_open, calendar_version) VALUES (1, 1, 10, "
                        "'10. setkání', 'regular', 'held', :when, '2018-03-20 11:00:00', "
                        "'Europe/Prague', :no, 'u1@meetings', 0, :when, :when, :no, 0)"
                    ),
                    {"no": False, "when": when},
                )
                for id_, path, sha256 in [
                    (1, "ab/ab12", hashlib.sha256(pdf).hexdigest()),
                    (2, "cd/cd34", "0" * 64),  # its file is gone
                ]:
                    run(
                        sa.text(
                            "INSERT INTO attachments (id, meeting_id, filename, content_type, "
                            "size_bytes, sha256, storage_path, created_at) VALUES (:id, 1, "
                            "'příloha.pdf', 'application/pdf', 10, :sha256, :path, :when)"
                        ),
                        {"id": id_, "sha256": sha256, "path": path, "when": when},
                    )
                run(
                    sa.text(
                        "INSERT INTO minutes (id, meeting_id, edition, state, version, "
                        "approved_at, published_at, pdf_path, pdf_sha256, created_at) VALUES "
                        "(1, 1, 1, 'published', 1, :when, :when, 'minutes/ss/10-1-abcd.pdf', "
                        ":sha256, :when)"
                    ),
                    {"when": when, "sha256": hashlib.sha256(minutes_pdf).hexdigest()},
                )

            upgraded = flask("upgrade")

            assert upgraded.returncode == 0, upgraded.stderr
            assert "attachment 2: its file uploads/cd/cd34 is missing" in upgraded.stderr
            with engine.connect() as conn:
                files = conn.execute(
                    sa.text(
                        "SELECT a.id, f.data, f.sha256, f.size, f.content_type FROM attachments a "
                        "JOIN stored_files f ON f.id = a.file_id ORDER BY a.id"
                    )
                ).all()
                published = conn.execute(
                    sa.text(
                        "SELECT f.data, f.sha256 FROM minutes m "
                        "JOIN stored_files f ON f.id = m.pdf_file_id"
                    )
                ).all()
            assert [tuple(row) for row in files] == [
                (1, pdf, hashlib.sha256(pdf).hexdigest(), len(pdf), "application/pdf")
            ]
            assert [tuple(row) for row in published] == [
                (minutes_pdf, hashlib.sha256(minutes_pdf).hexdigest())
            ]

            (instance / "uploads").rename(tmp_path / "old-uploads")
            (instance / "minutes").rename(tmp_path / "old-minutes")
            downgraded = flask("downgrade", "0007")

            assert downgraded.returncode == 0, downgraded.stderr
            with engine.connect() as conn:
                (upload,) = conn.execute(sa.text("SELECT storage_path FROM attachments")).all()
                (written,) = conn.execute(sa.text("SELECT pdf_path FROM minutes")).all()
            assert (instance / "uploads" / upload.storage_path).read_bytes() == pdf
            sha8 = hashlib.sha256(minutes_pdf).hexdigest()[:8]
            assert written.pdf_path == f"minutes/ss/10-1-{sha8}.pdf"
            assert Path(instance, written.pdf_path).read_bytes() == minutes_pdf
        finally:
            engine.dispose()
