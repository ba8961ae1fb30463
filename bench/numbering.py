"""Meeting numbers under concurrency: P processes × N schedulings in the same group.

Compares the naive ``max(number) + 1`` with the atomic counter of
``meetings/scheduling/numbering.py`` (``UPDATE … SET meeting_counter = meeting_counter + 1
… RETURNING``, the transaction begun as a writer with ``meetings.db.begin_write``).
Each process builds its own application with ``create_app`` and schedules its share of
drafts prepared beforehand, one committed transaction per meeting.

    .venv/bin/python -m bench.numbering                       # SQLite file in a temp folder
    .venv/bin/python -m bench.numbering --database-url postgresql://postgres@127.0.0.1:5432/x

With a PostgreSQL URL a fresh database is created next to the one named (and dropped
afterwards) for every method. Results: docs/performance.md. ``run()`` is also what
tests/scheduling/test_numbering_concurrency.py calls.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import multiprocessing
import secrets
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: naive: max+1 in a plain transaction; atomic: our service; atomic-deferred: our service
#: without begin_write (shows why SQLite needs it).
METHODS = ("naive", "atomic", "atomic-deferred")


@dataclass
class Result:
    method: str
    database: str
    processes: int
    per_process: int
    #: Numbers of the meetings that were scheduled (one per successful transaction).
    numbers: list[int] = field(default_factory=list)
    #: Refused by the (group_id, number) unique constraint: a number someone else had.
    duplicates: int = 0
    #: "database is locked" (SQLite) or lock/serialisation failures.
    locked: int = 0
    other_errors: list[str] = field(default_factory=list)
    #: Seconds from the common start to the last process finishing its loop.
    seconds: float = 0.0

    @property
    def errors(self) -> list[str]:
        return (
            [f"{self.duplicates} duplicate numbers"] * bool(self.duplicates)
            + [f"{self.locked} locked"] * bool(self.locked)
            + self.other_errors
        )

    def line(self) -> str:
        numbers = sorted(self.numbers)
        distinct = len(set(numbers))
        gapless = numbers == list(range(1, len(numbers) + 1))
        return (
            f"{self.database:<10} {self.method:<16} {self.processes}×{self.per_process}: "
            f"scheduled {len(numbers):>4}, distinct {distinct:>4}, 1..n without gaps "
            f"{'yes' if gapless else 'no ':<3}, duplicates {self.duplicates:>4}, "
            f"locked {self.locked:>4}, other errors {len(self.other_errors):>3}, "
            f"{self.seconds:6.2f} s"
        )


def _app(database_url: str, instance_path: str):
    from meetings import create_app

    return create_app({"DATABASE_URL": database_url, "INSTANCE_PATH": instance_path})


def prepare(database_url: str, instance_path: str, total: int) -> list[int]:
    """Migrate the (empty) database and add one group with ``total`` drafts; their ids."""
    from flask_migrate import upgrade

    from meetings.extensions import db
    from meetings.groups.enums import Language
    from meetings.models import Meeting, WorkingGroup
    from meetings.scheduling.enums import MeetingStatus

    app = _app(database_url, instance_path)
    with app.app_context():
        upgrade()
        group = WorkingGroup(
            name="Sociální služby",
            slug=f"bench-{secrets.token_hex(4)}",
            language=Language.CS,
            timezone="Europe/Prague",
            meeting_counter=0,
        )
        db.session.add(group)
        start = dt.datetime(2030, 1, 1, 9, tzinfo=dt.UTC)
        meetings = [
            Meeting(
                group=group,
                title=f"Koncept {i}",
                status=MeetingStatus.DRAFT,
                starts_at=start + dt.timedelta(days=i),
                ends_at=start + dt.timedelta(days=i, hours=2),
                timezone="Europe/Prague",
            )
            for i in range(total)
        ]
        db.session.add_all(meetings)
        db.session.commit()
        ids = [m.id for m in meetings]
        db.engine.dispose()
    return ids


def _schedule_one(method: str, meeting_id: int) -> None:
    from sqlalchemy import func, select

    from meetings.db import begin_write
    from meetings.extensions import db
    from meetings.models import Meeting
    from meetings.scheduling.enums import MeetingStatus
    from meetings.scheduling.workflow import transition_meeting

    if method == "atomic":
        begin_write(db.session)
    meeting = db.session.get(Meeting, meeting_id)
    if method == "naive":
        last = db.session.scalar(
            select(func.max(Meeting.number)).where(Meeting.group_id == meeting.group_id)
        )
        meeting.number = (last or 0) + 1
        meeting.status = MeetingStatus.SCHEDULED
        db.session.flush()
    else:
        transition_meeting(meeting, MeetingStatus.SCHEDULED, actor=None)
    db.session.commit()


def _worker(database_url, instance_path, method, meeting_ids, barrier, results) -> None:
    from sqlalchemy.exc import IntegrityError, OperationalError

    from meetings.extensions import db

    app = _app(database_url, instance_path)
    duplicates = locked = 0
    other: list[str] = []
    with app.app_context():
        db.engine.connect().close()  # open the pool before the start line
        barrier.wait(timeout=120)
        started = time.perf_counter()
        for meeting_id in meeting_ids:
            try:
                _schedule_one(method, meeting_id)
            except IntegrityError:
                db.session.rollback()
                duplicates += 1
            except OperationalError as error:
                db.session.rollback()
                text = str(error.orig).lower()
                if "locked" in text or "deadlock" in text or "could not serialize" in text:
                    locked += 1
                else:
                    other.append(str(error.orig)[:200])
            except Exception as error:  # reported, never hidden
                db.session.rollback()
                other.append(f"{type(error).__name__}: {error}"[:200])
        elapsed = time.perf_counter() - started
        db.session.remove()
        db.engine.dispose()
    results.put((duplicates, locked, other, started, elapsed))


def _numbers(database_url: str, instance_path: str) -> list[int]:
    from sqlalchemy import select

    from meetings.extensions import db
    from meetings.models import Meeting

    app = _app(database_url, instance_path)
    with app.app_context():
        numbers = list(db.session.scalars(select(Meeting.number).where(Meeting.number.isnot(None))))
        db.session.remove()
        db.engine.dispose()
    return numbers


def run(
    database_url: str,
    instance_path: str,
    method: str = "atomic",
    processes: int = 4,
    per_process: int = 200,
) -> Result:
    """Prepare the drafts, start the processes together, collect what happened."""
    if method not in METHODS:
        raise ValueError(method)
    ids = prepare(database_url, instance_path, processes * per_process)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes)
    results = context.Queue()
    workers = [
        context.Process(
            target=_worker,
            args=(
                database_url,
                instance_path,
                method,
                ids[i * per_process : (i + 1) * per_process],
                barrier,
                results,
            ),
        )
        for i in range(processes)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    result = Result(method, database_url.split(":")[0].split("+")[0], processes, per_process)
    for duplicates, locked, other, _started, _elapsed in outcomes:
        result.duplicates += duplicates
        result.locked += locked
        result.other_errors += other
    first_start = min(o[3] for o in outcomes)
    result.seconds = max(o[3] + o[4] for o in outcomes) - first_start
    result.numbers = _numbers(database_url, instance_path)
    failed = [w.exitcode for w in workers if w.exitcode != 0]
    if failed:
        result.other_errors.append(f"processes exited with {failed}")
    return result


@contextlib.contextmanager
def fresh_database(base_url: str | None, folder: Path, name: str) -> Iterator[str]:
    """An empty database for one run: a SQLite file in ``folder``, or a new PostgreSQL
    database on the server of ``base_url`` (dropped afterwards)."""
    if not base_url or base_url.startswith("sqlite"):
        yield "sqlite:///" + str(folder / f"{name}.sqlite")
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(base_url).set(drivername="postgresql+psycopg")
    database = f"{url.database}_{name.replace('-', '_')}_{secrets.token_hex(3)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{database}"')
    try:
        yield url.set(database=database).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="PostgreSQL server/database to work next to")
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--per-process", type=int, default=200)
    parser.add_argument("--methods", default=",".join(METHODS))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for method in args.methods.split(","):
            instance = folder / f"instance-{method}"
            instance.mkdir()
            with fresh_database(args.database_url, folder, method) as url:
                result = run(url, str(instance), method, args.processes, args.per_process)
            print(result.line(), flush=True)
            for error in sorted(set(result.other_errors))[:5]:
                print("    ", error)


if __name__ == "__main__":
    main()
