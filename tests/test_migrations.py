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
