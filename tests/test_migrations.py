"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from meetings.extensions import db


def test_models_and_migrations_do_not_drift(app):
    # The test database was built by `flask db upgrade`, not by create_all.
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
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
