"""The capacity holds when many people register for the last places at the same moment.

Twelve threads, each with its own request and database connection, post a registration
at once for an event with five places, against a file database (SQLite in tmp_path, or a
fresh PostgreSQL database next to TEST_DATABASE_URL): exactly five are registered.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from zoneinfo import ZoneInfo

from flask_migrate import upgrade
from sqlalchemy import func, select

from bench.numbering import fresh_database
from meetings import create_app
from meetings.extensions import db
from meetings.groups.enums import Language
from meetings.mail import jobs
from meetings.models import EventRegistration, Meeting, WorkingGroup
from meetings.scheduling.enums import MeetingKind, MeetingStatus

PLACES = 5
PEOPLE = 12


def _prepare(app) -> int:
    with app.app_context():
        upgrade()
        group = WorkingGroup(
            name="Szociális gondoskodás",
            slug="szocialis-gondoskodas",
            language=Language.HU,
            timezone="Europe/Budapest",
            is_public=True,
        )
        starts = dt.datetime(2030, 10, 27, 10, tzinfo=ZoneInfo("Europe/Budapest"))
        meeting = Meeting(
            group=group,
            number=1,
            title="Munkacsoport ülés – Szociális gondoskodás",
            kind=MeetingKind.PUBLIC_EVENT,
            status=MeetingStatus.SCHEDULED,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            timezone="Europe/Budapest",
            registration_open=True,
            registration_capacity=PLACES,
        )
        db.session.add(meeting)
        db.session.commit()
        return meeting.id


def test_registration_capacity_holds_under_concurrent_requests(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    previous_app = getattr(jobs, "_app", None)
    with fresh_database(os.environ.get("TEST_DATABASE_URL"), tmp_path, "registration") as url:
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": url,
                "INSTANCE_PATH": str(instance),
                "WTF_CSRF_ENABLED": False,
                "JOBS_BACKEND": "memory",
                "RATELIMIT_ENABLED": False,
                "BASE_URL": "http://meetings.test",
            }
        )
        try:
            meeting_id = _prepare(app)
            barrier = threading.Barrier(PEOPLE)
            statuses: list[int] = []

            def register(n: int) -> None:
                client = app.test_client()
                barrier.wait()
                response = client.post(
                    f"/events/{meeting_id}/register",
                    data={"name": f"Résztvevő {n}", "email": f"person{n}@example.org"},
                )
                statuses.append(response.status_code)

            threads = [threading.Thread(target=register, args=(n,)) for n in range(PEOPLE)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)

            with app.app_context():
                registered = db.session.scalar(
                    select(func.count()).where(EventRegistration.meeting_id == meeting_id)
                )
                db.session.remove()
                db.engine.dispose()
        finally:
            if hasattr(jobs, "_app"):
                jobs._app = previous_app

    assert statuses == [302] * PEOPLE
    assert registered == PLACES
