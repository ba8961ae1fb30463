"""Scheduling through the web under load: four gunicorn processes, 60 schedulings sent at once.

A request whose change was committed must never answer 500, and no two meetings may get
the same number. On SQLite the writers queue for the database's one write lock; the
view still reads the meeting (its number, for the message) after the commit, which must
not wait for that lock behind everyone else's writes.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor

import requests
import sqlalchemy as sa
from flask_migrate import upgrade

from bench.numbering import fresh_database
from meetings import create_app
from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.mail.jobs import init_jobs
from meetings.models import Meeting
from meetings.scheduling.enums import MeetingStatus

from .. import factories
from ..served import app_environment, csrf_token, gunicorn, signed_in

#: More than the servers' 40 worker threads: every thread is busy scheduling at once and
#: the rest wait in the listen queue. The contention is that of any larger number (at most
#: 40 requests are inside the app at a time); more only make the test longer.
MEETINGS = 60


def _prepare(url: str, instance: str) -> tuple[str, list[int]]:
    """A group with an assistant and three members, and ``MEETINGS`` drafts."""
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": instance, "JOBS_BACKEND": "memory"})
    with app.app_context():
        upgrade()
        group = factories.make_group(name="Sociální služby", slug="socialni-sluzby")
        assistant = factories.make_user(email="asistentka@example.org", name="Jana Nováková")
        factories.add_member(assistant, group, Role.ASSISTANT)
        for n in range(3):
            factories.add_member(factories.make_user(email=f"clen{n}@example.org"), group)
        start = factories.local_time(group.timezone, 2031, 1, 6, 9)
        drafts = [
            factories.make_meeting(
                group, start + dt.timedelta(days=n), status=MeetingStatus.DRAFT
            ).id
            for n in range(MEETINGS)
        ]
        email = assistant.email
        db.session.commit()
        db.engine.dispose()
    return email, drafts


def test_60_concurrent_schedulings_on_four_processes_no_500_no_duplicate(app, tmp_path):
    instance = tmp_path / "instance"
    with fresh_database(os.environ.get("TEST_DATABASE_URL"), tmp_path, "http") as url:
        email, drafts = _prepare(url, str(instance))
        init_jobs(app)  # the job queue is one per process: back to the suite's app
        env = app_environment(
            DATABASE_URL=url, INSTANCE_PATH=instance, SECRET_KEY="http-test", JOBS_BACKEND="sqlite"
        )
        # Each worker thread holds a database connection: 4 × 10 stays within the pool
        # (5 + 10 overflow) and PostgreSQL's 100 connections; the other requests queue for them.
        with gunicorn(env, tmp_path / "gunicorn.log", workers=4, threads=10) as base:
            visitor = signed_in(base, email, factories.PASSWORD)
            token = csrf_token(visitor.get(f"{base}/meetings/{drafts[0]}", timeout=60).text)
            cookies = visitor.cookies.get_dict()

            def schedule(meeting_id: int) -> int:
                return requests.post(
                    f"{base}/meetings/{meeting_id}/schedule",
                    data={"csrf_token": token},
                    cookies=cookies,
                    allow_redirects=False,
                    timeout=300,
                ).status_code

            with ThreadPoolExecutor(max_workers=MEETINGS) as pool:
                statuses = list(pool.map(schedule, drafts))

        engine = sa.create_engine(url)
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(Meeting.status, Meeting.number).where(Meeting.id.in_(drafts))
            ).all()
        engine.dispose()

    assert {status: statuses.count(status) for status in set(statuses)} == {302: MEETINGS}
    assert {status for status, _ in rows} == {MeetingStatus.SCHEDULED}
    assert sorted(number for _, number in rows) == list(range(1, MEETINGS + 1))
