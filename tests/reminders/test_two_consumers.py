"""Two workers run the reminder job at the same moments against one database (a file
SQLite, or a fresh PostgreSQL database with TEST_DATABASE_URL): each reminder reaches the
SMTP server once, to the right people."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import Counter

import time_machine
from flask_migrate import upgrade

from bench.numbering import fresh_database
from meetings import create_app
from meetings.extensions import db
from meetings.mail import jobs
from meetings.mail.services import deliver_due
from meetings.reminders.jobs import send_reminders

from .conftest import at, make_setting, to


def test_each_reminder_once_with_two_consumers(tmp_path, smtp_server):
    instance = tmp_path / "instance"
    instance.mkdir()
    previous_app = getattr(jobs, "_app", None)
    with fresh_database(os.environ.get("TEST_DATABASE_URL"), tmp_path, "reminders") as url:
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": url,
                "INSTANCE_PATH": str(instance),
                "JOBS_BACKEND": "memory",
                "BASE_URL": "http://meetings.test",
                "MAIL_FROM": "meetings@meetings.test",
                "SMTP_HOST": smtp_server.host,
                "SMTP_PORT": smtp_server.port,
            }
        )
        try:
            with app.app_context():
                upgrade()
                setting = make_setting()
                reminded = setting.reminded
                db.session.commit()
            counts = []
            for moment in (
                at(2030, 10, 15, 9),  # nothing due yet
                at(2030, 10, 20, 10, 0),  # two days before
                at(2030, 10, 20, 10, 1),  # the scheduler again: nothing new
                at(2030, 10, 22, 8, 0),  # two hours before
            ):
                barrier = threading.Barrier(2)
                queued: list[int] = []
                errors: list[BaseException] = []

                def consume(barrier=barrier, queued=queued, errors=errors) -> None:
                    try:
                        barrier.wait()
                        queued.append(jobs.in_app_context(send_reminders))
                    except BaseException as error:
                        errors.append(error)

                with time_machine.travel(moment, tick=False):
                    threads = [threading.Thread(target=consume) for _ in range(2)]
                    for thread in threads:
                        thread.start()
                    for thread in threads:
                        thread.join(60)
                assert errors == []
                counts.append(sum(queued))
            with app.app_context():
                deliver_due(now=dt.datetime(2031, 1, 1, tzinfo=dt.UTC))
                db.session.remove()
                db.engine.dispose()
        finally:
            jobs._app = previous_app

    # The guest's unanswered invitation (due three days before, planned on the 15th) is
    # recalled by the first run after its time, with the two-day reminder.
    assert counts == [0, 3, 0, 2]
    received = Counter(to(m) for m in smtp_server.wait_for(5))
    assert received == {"peter@vas.example": 2, "guest@partner.example": 3}
    assert set(received) == reminded
