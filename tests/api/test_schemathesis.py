"""Schemathesis against the running app: every operation of the generated OpenAPI
document, with a read-write token of the demo assistant, must answer without a server
error and as the document says (status codes, content types, headers and bodies).

The app is served for real (gunicorn, the demo data in a fresh database of the suite's
kind), so this runs in both passes of ``.ci/run``. The examples are seeded: a failure
found once is found again on the next run.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import select

from bench.numbering import fresh_database
from meetings import create_app
from meetings.auth import api_tokens
from meetings.auth.models import User
from meetings.demo import load_demo
from meetings.extensions import db
from meetings.mail.jobs import init_jobs
from meetings.minutes.enums import MinutesState
from meetings.minutes.models import Minutes

from ..served import BIN, ROOT, app_environment, gunicorn

#: Examples per operation: enough to reach every parameter's edge cases in the
#: coverage phase, bounded so both CI passes stay within minutes.
EXAMPLES = 40
#: Generated requests go without a cursor: see the module's docstring.
HOOKS = "tests.api.schemathesis_hooks"


def _prepare(url: str, instance: Path) -> tuple[str, int]:
    """The demo in a fresh database, a read-write token of the demo assistant, and the
    meeting whose minutes wait for the chair (the 11th Liberec one)."""
    app = create_app(
        {"DATABASE_URL": url, "INSTANCE_PATH": str(instance), "JOBS_BACKEND": "memory"}
    )
    with app.app_context():
        upgrade()
        load_demo()
        assistant = db.session.scalars(
            select(User).where(User.email == "assistant@demo.example")
        ).one()
        secret = api_tokens.create_token(
            assistant, name="schemathesis", scope="write", days=30
        ).secret
        waiting = db.session.scalars(
            select(Minutes.meeting_id).where(Minutes.state == MinutesState.SUBMITTED)
        ).first()
        db.session.commit()
        db.engine.dispose()
    assert waiting is not None, "the demo has minutes waiting for the chair"
    return secret, waiting


def test_every_operation_answers_as_its_openapi_document_says(app, tmp_path):
    instance = tmp_path / "instance"
    with fresh_database(os.environ.get("TEST_DATABASE_URL"), tmp_path, "schemathesis") as url:
        token, waiting = _prepare(url, instance)
        init_jobs(app)  # the job queue is one per process: back to the suite's app
        env = app_environment(
            DATABASE_URL=url,
            INSTANCE_PATH=instance,
            SECRET_KEY="schemathesis",
            JOBS_BACKEND="memory",
            # Schemathesis sends thousands of requests with one token.
            API_RATE_LIMIT="1000000 per hour",
        )
        with gunicorn(env, tmp_path / "gunicorn.log", workers=1, threads=4) as base:
            run = subprocess.run(
                [
                    str(BIN / "st"),
                    "--config-file",
                    str(Path(__file__).with_name("schemathesis.toml")),
                    "run",
                    f"{base}/api/v1/openapi.json",
                    "--header",
                    f"Authorization: Bearer {token}",
                    "--checks",
                    "all",
                    "--max-examples",
                    str(EXAMPLES),
                    "--seed",
                    "20261207",
                    # One worker: Hypothesis describing its strategies from two threads
                    # at once was seen to fail inside the tool itself.
                    "--workers",
                    "1",
                    "--request-timeout",
                    "60",
                    "--no-color",
                ],
                cwd=tmp_path,
                env={
                    **os.environ,
                    "PYTHONPATH": str(ROOT),
                    "SCHEMATHESIS_HOOKS": HOOKS,
                    # The minutes' workflow is tried on minutes that have one (see the
                    # settings): generated ids find none.
                    "MINUTES_MEETING_ID": str(waiting),
                },
                capture_output=True,
                text=True,
                timeout=1800,
            )
    assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-5000:]
