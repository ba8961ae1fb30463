"""A server warms up before it takes requests: the first visitor compiles nothing."""

from __future__ import annotations

from flask import Flask

from meetings import create_app
from meetings.extensions import db
from meetings.mail.jobs import init_jobs
from meetings.site.warm_up import warm_up


def test_after_warm_up_the_first_visit_compiles_no_template_and_no_sql(app: Flask, tmp_path):
    server = create_app(
        {
            "INSTANCE_PATH": str(tmp_path),
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "JOBS_BACKEND": "memory",
        }
    )
    init_jobs(app)  # the job queue is one per process: back to the suite's app
    warm_up(server)
    with server.app_context():
        compiled = len(db.engine._compiled_cache)
        templates = len(server.jinja_env.cache)

        response = server.test_client().get("/events")

        assert response.status_code == 200
        assert compiled > 0
        assert len(db.engine._compiled_cache) == compiled
        assert len(server.jinja_env.cache) == templates
        db.engine.dispose()


def test_an_app_server_does_not_load_the_pdf_libraries(tmp_path):
    """PDFs are made by the worker; a server only sends stored ones, so it starts without
    WeasyPrint and pyHanko (about a second and 55 MB per process)."""
    import subprocess
    import sys

    from .served import ROOT, app_environment

    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, wsgi; print(sorted({'weasyprint', 'pyhanko'} & set(sys.modules)))",
        ],
        cwd=ROOT,
        env=app_environment(INSTANCE_PATH=tmp_path, JOBS_BACKEND="memory"),
        capture_output=True,
        text=True,
        check=True,
    )

    assert loaded.stdout.strip() == "[]"
