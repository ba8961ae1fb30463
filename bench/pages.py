"""SQL statements and response times of the main pages as the data grows.

Loads the demo into a fresh SQLite file (or PostgreSQL with --database-url), adds N extra
meetings (with agendas, invitations and tasks) to the Liberec group, signs in as the demo
assistant and requests each page R times with Flask's test client, counting the SQL
statements of one request and timing the others.

    .venv/bin/python -m bench.pages --meetings 5 500 --repeat 20
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_migrate import upgrade

from meetings import create_app
from meetings.agenda.models import AgendaItem
from meetings.demo import load_demo
from meetings.extensions import db
from meetings.minutes.enums import ActionStatus
from meetings.models import ActionItem, Meeting, User, Venue, WorkingGroup
from meetings.scheduling.enums import MeetingStatus

PAGES = [
    ("group page", "/groups/pzlk-socialni-sluzby"),
    ("meeting page", "/meetings/{meeting}"),
    ("dashboard", "/dashboard"),
    ("my calendar", "/calendar"),
    ("month grid", "/calendar/month?year=2030&month=6"),
    ("public events", "/events"),
    ("tasks", "/tasks"),
    ("meeting .ics", "/meetings/{meeting}.ics"),
]


def _add_meetings(count: int) -> int:
    group = db.session.scalar(
        sa.select(WorkingGroup).where(WorkingGroup.slug == "pzlk-socialni-sluzby")
    )
    venue = db.session.scalar(sa.select(Venue).where(Venue.name == "ANNOLK"))
    member = db.session.scalar(sa.select(User).where(User.email == "member@demo.example"))
    prague = ZoneInfo("Europe/Prague")
    last = None
    for n in range(count):
        group.meeting_counter += 1
        start = dt.datetime(2030, 1 + n % 12, 1 + n % 27, 10, tzinfo=prague)
        meeting = Meeting(
            group=group,
            number=group.meeting_counter,
            title=f"{group.meeting_counter}. setkání",
            status=MeetingStatus.SCHEDULED,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            timezone="Europe/Prague",
            venue=venue,
            room="zasedací místnost 2. patro",
            agenda_published_at=start - dt.timedelta(days=7),
        )
        db.session.add(meeting)
        for position in range(6):
            db.session.add(
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    title=f"Bod {position + 1}",
                    duration_minutes=15,
                )
            )
        db.session.add(
            ActionItem(
                group=group,
                meeting=meeting,
                text=f"Úkol {n}",
                owner=member,
                status=ActionStatus.OPEN,
            )
        )
        last = meeting
    db.session.commit()
    return last.id


def measure(database_url: str, meetings: int, repeat: int) -> list[tuple[str, int, float]]:
    instance = tempfile.mkdtemp(prefix="bench-pages-")
    url = database_url or "sqlite:///" + str(Path(instance) / "bench.sqlite")
    app = create_app(
        {
            "INSTANCE_PATH": instance,
            "DATABASE_URL": url,
            "JOBS_BACKEND": "memory",
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        if database_url:
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
        upgrade()
        load_demo()
        db.session.commit()
        meeting_id = _add_meetings(meetings)
        assistant = db.session.scalar(sa.select(User).where(User.email == "assistant@demo.example"))
        user_key = assistant.get_id()

    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user_key
        session["_fresh"] = True

    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    results = []
    with app.app_context():
        engine = db.engine
    for name, path in PAGES:
        target = path.format(meeting=meeting_id)
        statements.clear()
        sa.event.listen(engine, "before_cursor_execute", count)
        response = client.get(target)
        sa.event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, (target, response.status_code)
        queries = len(statements)
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(target)
            timings.append((time.perf_counter() - started) * 1000)
        results.append((name, queries, statistics.median(timings)))
    with app.app_context():
        db.engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--meetings", type=int, nargs="+", default=[5, 500])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    runs = {n: measure(args.database_url, n, args.repeat) for n in args.meetings}
    header = " | ".join(f"{n} meetings: queries / median ms" for n in args.meetings)
    print(f"| page | {header} |")
    print("|---|" + "---:|" * len(args.meetings))
    for index, (name, _) in enumerate(PAGES):
        cells = " | ".join(f"{runs[n][index][1]} / {runs[n][index][2]:.1f}" for n in args.meetings)
        print(f"| {name} | {cells} |")


if __name__ == "__main__":
    main()
