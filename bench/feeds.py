"""Calendar feeds served by gunicorn: warm, cold and 304 against a bare endpoint.

Prepares a fresh database (a SQLite file in a temporary folder, or a new PostgreSQL
database next to the one named with --database-url, dropped afterwards), migrates it, loads
the demo and adds N meetings to the public Košice group (venue, room, a published agenda of
five items, two of them with sub-items), spread over about ten years so that the feed
window (the past year and everything ahead) holds about N of them; a tenth more lie before
the window. Then it starts gunicorn as production does (4 sync workers, the configuration
in ``MEETINGS_*`` variables) and measures one request at a time, the endpoints interleaved
in passes in shuffled order:

- ``/ping``: the bare endpoint (no database), the baseline;
- the group feed warm (every entry cached);
- the group feed cold: before each, every cached entry is deleted directly in the store
  (``DELETE FROM calendar_entries``, or FLUSHDB of the dedicated Redis database), so the
  request builds every entry;
- the group feed answered 304 (If-None-Match with its ETag);

then /ping and the 304 once more, alternating with each other only (no feed body in
between, which slows the next small request down). Afterwards it reads VmRSS and VmHWM
of every worker from /proc. Results: docs/performance.md.

    .venv/bin/python -m bench.feeds                                   # SQLite
    .venv/bin/python -m bench.feeds --database-url postgresql://postgres@127.0.0.1:5432/postgres
    .venv/bin/python -m bench.feeds --database-url postgresql://postgres@127.0.0.1:5432/postgres \\
        --redis-url redis://127.0.0.1:6379/15

``--profile`` also profiles one cold and one warm request in-process (cProfile, Flask's
test client) and prints where the time goes. cProfile overstates code made of many tiny
calls (icalendar's line folding): the shares quoted in docs/performance.md are py-spy
samples.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import http.client
import io
import os
import pstats
import random
import secrets
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.numbering import fresh_database

PROJECT = Path(__file__).resolve().parent.parent
GROUP_SLUG = "ksk-socialny-rozvoj"
FEED_PATH = f"/groups/{GROUP_SLUG}/calendar.ics"
WORKERS = 4
#: Targets of issue 9.
WARM_US_PER_EVENT = 20
COLD_US_PER_EVENT = 300
BIG_WARM_SECONDS = 0.5
BIG_RSS_MB = 250
NOT_MODIFIED_RATIO = 2.0
#: Indico's 1,000-event feed in an earlier run.
INDICO_1000_SECONDS = 4.4

AGENDA = [
    ("Otvorenie a schválenie programu", "information", 10, None),
    ("Kontrola úloh z minulého zasadnutia", "discussion", 20, None),
    (
        "Komunitné centrá v mikroregiónoch",
        "discussion",
        None,
        [
            ("Správa o činnosti komunitných centier za uplynulé obdobie", "information", 20),
            ("Návrh spoločného projektu obcí Trebišovského okresu", "discussion", 25),
        ],
    ),
    (
        "Sociálne podnikanie",
        "decision",
        None,
        [
            ("Registrácia nových sociálnych podnikov", "information", 15),
            ("Stanovisko pracovnej skupiny k výzve na podporu sociálnej ekonomiky", "decision", 15),
        ],
    ),
    ("Rôzne a termín ďalšieho zasadnutia", "information", 10, None),
]
ROOMS = ["zasadacia miestnosť, 2. poschodie", "veľká zasadačka č. 101, 1. poschodie"]


# --- preparing the data ----------------------------------------------------------------------


@dataclass
class Prepared:
    #: Meetings the benchmark added in the window / before it.
    added_in_window: int
    added_before: int
    #: Meetings in the group's feed as the application counts them (plan_feed).
    feed_count: int
    prepare_seconds: float


def _app(database_url: str, instance: str):
    from meetings import create_app

    return create_app(
        {
            "INSTANCE_PATH": instance,
            "DATABASE_URL": database_url,
            "JOBS_BACKEND": "memory",
            "RATELIMIT_ENABLED": False,
            "CALENDAR_CACHE": "database",
            "REDIS_URL": "",
        }
    )


def _chunks(items: list, size: int = 2000) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def prepare(database_url: str, instance: str, count: int, now: dt.datetime) -> Prepared:
    """Migrate, load the demo, add ``count`` meetings in the feed window (and a tenth of
    that before it) to the public group, with bulk inserts."""
    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from meetings.agenda.models import AgendaItem
    from meetings.demo import load_demo
    from meetings.extensions import db
    from meetings.ical import feeds
    from meetings.models import Meeting, User, Venue, WorkingGroup
    from meetings.scheduling.enums import MeetingKind, MeetingStatus

    started = time.perf_counter()
    app = _app(database_url, instance)
    with app.app_context():
        # The demo's messages go to stderr: stdout is the report.
        with contextlib.redirect_stdout(sys.stderr):
            upgrade()
            load_demo()
        db.session.commit()
        group = db.session.scalar(select(WorkingGroup).where(WorkingGroup.slug == GROUP_SLUG))
        venue = db.session.scalar(select(Venue).where(Venue.city == "Košice"))
        presenter = db.session.scalar(select(User).where(User.email == "kosice@demo.example"))
        zone = ZoneInfo(group.timezone)
        # In the window: from 355 days ago to about nine years ahead; before it: the year
        # before that. About ten years in all.
        window_start = now - dt.timedelta(days=355)
        window_days = 9 * 365
        before = count // 10
        starts: list[dt.datetime] = []
        for i in range(before):
            day = now - dt.timedelta(days=730) + dt.timedelta(days=360 * i / max(before, 1))
            starts.append(day)
        for i in range(count):
            starts.append(window_start + dt.timedelta(days=window_days * i / count))
        rows = []
        number = group.meeting_counter
        for i, moment in enumerate(starts):
            local = moment.astimezone(zone)
            start = dt.datetime(local.year, local.month, local.day, 8 + 2 * (i % 4), tzinfo=zone)
            number += 1
            rows.append(
                {
                    "group_id": group.id,
                    "number": number,
                    "title": f"{number}. zasadnutie pracovnej skupiny Sociálny rozvoj "
                    "mikroregiónov",
                    "kind": MeetingKind.REGULAR,
                    "status": MeetingStatus.HELD if start < now else MeetingStatus.SCHEDULED,
                    "starts_at": start,
                    "ends_at": start + dt.timedelta(hours=2),
                    "timezone": group.timezone,
                    "venue_id": venue.id,
                    "room": ROOMS[i % 2],
                    "organiser_id": group.lead_organisation_id,
                    "description": "Zasadnutie je otvorené pre členov pracovnej skupiny a "
                    "pozvaných hostí z partnerských organizácií.",
                    "is_public": False,
                    "uid": f"{uuid.uuid4()}@meetings",
                    "sequence": 0,
                    "agenda_published_at": min(start - dt.timedelta(days=7), now),
                    "calendar_version": 0,
                    "created_at": now - dt.timedelta(days=30),
                    "updated_at": now - dt.timedelta(days=30),
                }
            )
        group.meeting_counter = number
        db.session.commit()
        meeting_ids: list[int] = []
        for chunk in _chunks(rows):
            meeting_ids += db.session.scalars(
                insert(Meeting).returning(Meeting.id, sort_by_parameter_order=True), chunk
            ).all()
        top_rows, top_children = [], []
        for meeting_id in meeting_ids:
            for position, (title, kind, minutes, children) in enumerate(AGENDA):
                top_rows.append(
                    {
                        "meeting_id": meeting_id,
                        "position": position,
                        "title": title,
                        "kind": kind,
                        "duration_minutes": minutes,
                        "presenter_id": presenter.id if position == 1 else None,
                        "presenter_name": "Ing. Jana Kováčová" if position == 2 else None,
                    }
                )
                top_children.append(children or [])
        top_ids: list[int] = []
        for chunk in _chunks(top_rows):
            top_ids += db.session.scalars(
                insert(AgendaItem).returning(AgendaItem.id, sort_by_parameter_order=True), chunk
            ).all()
        sub_rows = [
            {
                "meeting_id": top["meeting_id"],
                "parent_id": parent_id,
                "position": position,
                "title": title,
                "kind": kind,
                "duration_minutes": minutes,
            }
            for top, parent_id, children in zip(top_rows, top_ids, top_children, strict=True)
            for position, (title, kind, minutes) in enumerate(children)
        ]
        for chunk in _chunks(sub_rows):
            db.session.execute(insert(AgendaItem), chunk)
        db.session.commit()
        feed_count = feeds.plan_feed(feeds.group_spec(group), now=now).count
        db.session.remove()
        db.engine.dispose()
    return Prepared(count, before, feed_count, time.perf_counter() - started)


# --- the server --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def worker_pids(pid: int) -> list[int]:
    """The child processes of ``pid`` (a gunicorn master's workers)."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return sorted(int(p) for p in text.split())


def _status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM in kB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


class Server:
    """gunicorn with sync workers on a free port; the configuration in the environment."""

    def __init__(self, database_url: str, instance: str, redis_url: str, timeout: int) -> None:
        self.port = _free_port()
        self.log = Path(instance) / "gunicorn.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("MEETINGS_")}
        env.update(
            MEETINGS_DATABASE_URL=database_url,
            MEETINGS_INSTANCE_PATH=instance,
            MEETINGS_SECRET_KEY=secrets.token_hex(32),
        )
        if redis_url:
            env.update(MEETINGS_REDIS_URL=redis_url, MEETINGS_CALENDAR_CACHE="redis")
        self.command = [
            str(PROJECT / ".venv" / "bin" / "gunicorn"),
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--timeout",
            str(timeout),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--chdir",
            str(PROJECT),
            "wsgi:app",
        ]
        self.env = env
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self._log_file = self.log.open("wb")
        self.process = subprocess.Popen(
            self.command, env=self.env, stdout=self._log_file, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log.read_text()[-2000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn not ready: {self.log.read_text()[-2000:]}")
            if len(self.workers()) == WORKERS:
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                    connection.request("GET", "/ping")
                    if connection.getresponse().status == 200:
                        connection.close()
                        return self
                except OSError:
                    pass
            time.sleep(0.05)  # polling interval, not a wait for readiness

    def workers(self) -> list[int]:
        return worker_pids(self.process.pid) if self.process else []

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_file.close()


# --- the client --------------------------------------------------------------------------


class Client:
    """One keep-alive connection (http.client reconnects by itself when the server
    closes it: gunicorn's sync workers close after every response)."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def get(self, path: str, headers: dict | None = None) -> tuple[float, int, bytes, dict]:
        started = time.perf_counter()
        self.connection.request("GET", path, headers=headers or {})
        response = self.connection.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - started
        if response.will_close:
            self.connection.close()
        return elapsed, response.status, body, dict(response.getheaders())


class Cache:
    """The store of calendar entries, seen from outside the application."""

    def __init__(self, database_url: str, redis_url: str) -> None:
        from sqlalchemy import create_engine

        self.redis = None
        if redis_url:
            import redis

            self.redis = redis.Redis.from_url(redis_url)
            number = self.redis.connection_pool.connection_kwargs.get("db", 0)
            if not number:
                raise SystemExit("--redis-url must name a dedicated database other than 0")
            if self.redis.dbsize():
                raise SystemExit(f"Redis database {number} is not empty: choose an unused one")
        self.engine = create_engine(database_url)

    def clear(self) -> None:
        if self.redis is not None:
            self.redis.flushdb()
        else:
            with self.engine.begin() as conn:
                conn.exec_driver_sql("DELETE FROM calendar_entries")

    def size(self) -> int:
        if self.redis is not None:
            return sum(1 for _ in self.redis.scan_iter("*:calendar:*", count=1000))
        with self.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM calendar_entries").scalar()

    def close(self) -> None:
        if self.redis is not None:
            self.redis.flushdb()
            self.redis.close()
        self.engine.dispose()


# --- measuring ---------------------------------------------------------------------------

KINDS = ("ping", "warm", "cold", "304")
#: Also measured: /ping and the 304 alternating with each other only, no feed body between.
QUIET = ("ping_quiet", "304_quiet")


@dataclass
class Run:
    size: int
    backend: str
    prepared: Prepared
    events: int = 0
    feed_bytes: int = 0
    times: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS + QUIET})
    entries_after_cold: int = 0
    rss_kb: dict[int, int] = field(default_factory=dict)
    hwm_kb: dict[int, int] = field(default_factory=dict)
    rss_start_kb: dict[int, int] = field(default_factory=dict)
    served: dict[int, dict[str, int]] = field(default_factory=dict)
    restarted: bool = False
    errors: list[str] = field(default_factory=list)

    def p(self, kind: str, q: float) -> float:
        values = sorted(self.times[kind])
        if not values:
            return float("nan")
        if len(values) == 1:
            return values[0]
        return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1]


def measure(
    database_url: str, redis_url: str, instance: str, size: int, args, now: dt.datetime
) -> Run:
    prepared = prepare(database_url, instance, size, now)
    backend = _backend_name(database_url, redis_url)
    run = Run(size, backend, prepared)
    print(
        f"[{backend} {size}] prepared in {prepared.prepare_seconds:.1f} s; "
        f"{prepared.feed_count} meetings in the feed",
        file=sys.stderr,
        flush=True,
    )
    cache = Cache(database_url, redis_url)
    try:
        with Server(database_url, instance, redis_url, args.timeout) as server:
            _measure_served(server, cache, run, args)
        if server.process.returncode not in (0, None, -signal.SIGTERM):
            run.errors.append(f"gunicorn exited with {server.process.returncode}")
        log = server.log.read_text(errors="replace")
        for line in log.splitlines():
            if "WORKER TIMEOUT" in line or "Traceback" in line or "ERROR" in line:
                run.errors.append(line.strip()[:200])
    finally:
        cache.close()
    if args.profile:
        profile(database_url, instance, redis_url)
    return run


def _measure_served(server: Server, cache: Cache, run: Run, args) -> None:
    client = Client(server.port)
    workers = server.workers()
    run.rss_start_kb = {pid: _status(pid)["VmRSS"] for pid in workers}
    run.served = {pid: {k: 0 for k in KINDS} for pid in workers}

    def feed(kind: str, headers=None):
        before = {pid: _cpu_ticks(pid) for pid in workers}
        elapsed, status, body, response_headers = client.get(FEED_PATH, headers)
        after = {pid: _cpu_ticks(pid) for pid in workers if Path(f"/proc/{pid}").exists()}
        if set(after) != set(workers):
            run.restarted = True
        busiest = max(after, key=lambda pid: after[pid] - before[pid], default=None)
        if busiest is not None:
            run.served[busiest][kind] += 1
        return elapsed, status, body, response_headers

    # Warm-up: every worker answers /ping, the first feed request builds the cache, then
    # warm and 304 requests, so that each worker has run the code once.
    for _ in range(2 * WORKERS):
        client.get("/ping")
    cache.clear()
    _, status, body, headers = feed("cold")
    if status != 200:
        raise RuntimeError(f"feed answered {status}: {body[:500]!r}")
    run.events = body.count(b"BEGIN:VEVENT")
    run.feed_bytes = len(body)
    run.entries_after_cold = cache.size()
    etag = headers["ETag"]
    for _ in range(2 * WORKERS):
        feed("warm")
        feed("304", {"If-None-Match": etag})

    cold_count = args.cold if args.cold is not None else (args.repeat if run.size <= 2000 else 4)
    cold_passes = set(range(0, args.repeat, max(1, args.repeat // max(cold_count, 1)))[:cold_count])
    order = random.Random(run.size)
    for index in range(args.repeat):
        kinds = ["ping", "warm", "304"] + (["cold"] if index in cold_passes else [])
        order.shuffle(kinds)
        for kind in kinds:
            if kind == "ping":
                elapsed, status, body, _ = client.get("/ping")
                expected = 200
            elif kind == "warm":
                elapsed, status, body, _ = feed("warm")
                expected = 200
                if len(body) != run.feed_bytes:
                    run.errors.append(f"warm feed of {len(body)} bytes, not {run.feed_bytes}")
            elif kind == "304":
                elapsed, status, body, _ = feed("304", {"If-None-Match": etag})
                expected = 304
            else:
                cache.clear()
                elapsed, status, body, _ = feed("cold")
                expected = 200
                if len(body) != run.feed_bytes:
                    run.errors.append(f"cold feed of {len(body)} bytes, not {run.feed_bytes}")
            if status != expected:
                run.errors.append(f"{kind}: HTTP {status}")
            run.times[kind].append(elapsed)
        print(f"[{run.backend} {run.size}] pass {index + 1}/{args.repeat}", file=sys.stderr)

    # /ping and 304 alternating, without feed bodies in between.
    for _ in range(args.repeat):
        run.times["ping_quiet"].append(client.get("/ping")[0])
        elapsed, status, _, _ = feed("304", {"If-None-Match": etag})
        if status != 304:
            run.errors.append(f"304 (quiet): HTTP {status}")
        run.times["304_quiet"].append(elapsed)

    # Memory: at least 30 warm requests in all since the start, then read every worker.
    served_warm = sum(s["warm"] for s in run.served.values())
    for _ in range(max(0, 30 - served_warm)):
        feed("warm")
    for pid in server.workers():
        status = _status(pid)
        run.rss_kb[pid] = status["VmRSS"]
        run.hwm_kb[pid] = status["VmHWM"]


def _backend_name(database_url: str, redis_url: str) -> str:
    name = "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"
    return name + (" + Redis" if redis_url else "")


# --- profiling one request in-process ------------------------------------------------------


def profile(database_url: str, instance: str, redis_url: str) -> None:
    """cProfile of one cold and one warm feed request with Flask's test client."""
    from meetings import create_app

    config = {"INSTANCE_PATH": instance, "DATABASE_URL": database_url, "JOBS_BACKEND": "memory"}
    if redis_url:
        config.update(REDIS_URL=redis_url, CALENDAR_CACHE="redis")
    app = create_app(config)
    client = app.test_client()
    client.get(FEED_PATH).close()  # warms the process (first statements compiled)
    cache = Cache(database_url, redis_url) if not redis_url else None
    for kind in ("cold", "warm"):
        if kind == "cold":
            if redis_url:
                import redis

                redis.Redis.from_url(redis_url).flushdb()
            else:
                cache.clear()
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        response = client.get(FEED_PATH)
        body = response.get_data()
        profiler.disable()
        elapsed = time.perf_counter() - started
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(25)
        print(
            f"\n### cProfile, {kind} request in-process: {elapsed * 1000:.0f} ms, "
            f"{body.count(b'BEGIN:VEVENT')} events (profiler overhead included)\n",
            file=sys.stderr,
        )
        print(out.getvalue(), file=sys.stderr)
    if cache:
        cache.engine.dispose()
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
    with app.app_context():
        from meetings.extensions import db

        db.engine.dispose()


# --- the report ----------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:.0f}"


def table(runs: list[Run]) -> str:
    lines = [
        "| meetings in feed | request | p50 ms | p90 ms | µs per event (p50) | × /ping (p50) "
        "| response | n |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    labels = {
        "ping": "`/ping`",
        "warm": "feed, warm",
        "cold": "feed, cold",
        "304": "feed, 304",
        "ping_quiet": "`/ping`, alternating with 304 only",
        "304_quiet": "feed, 304, alternating with `/ping` only",
    }
    for run in runs:
        for kind in KINDS + QUIET:
            ping = run.p("ping_quiet" if kind in QUIET else "ping", 0.5)
            p50, p90 = run.p(kind, 0.5), run.p(kind, 0.9)
            per_event = "–" if kind.startswith("ping") else f"{p50 / run.events * 1e6:.1f}"
            size = (
                f"{run.feed_bytes / 1e6:.2f} MB"
                if kind in ("warm", "cold")
                else ("3 B" if kind.startswith("ping") else "0 B")
            )
            lines.append(
                f"| {run.events:,} | {labels[kind]} | {_ms(p50)} | {_ms(p90)} | {per_event} "
                f"| {p50 / ping:.1f} | {size} | {len(run.times[kind])} |"
            )
    return "\n".join(lines)


def memory_table(runs: list[Run]) -> str:
    lines = [
        "| meetings in feed | workers | feed requests per worker (warm+cold+304) "
        "| RSS after start, max | RSS after, max | peak (VmHWM), max |",
        "|---:|---:|---|---:|---:|---:|",
    ]
    for run in runs:
        per_worker = " / ".join(str(sum(s.values())) for s in run.served.values())
        lines.append(
            f"| {run.events:,} | {len(run.rss_kb)} | {per_worker} "
            f"| {max(run.rss_start_kb.values()) / 1024:.0f} MB "
            f"| {max(run.rss_kb.values()) / 1024:.0f} MB "
            f"| {max(run.hwm_kb.values()) / 1024:.0f} MB |"
        )
    return "\n".join(lines)


def targets(runs: list[Run]) -> str:
    lines = []

    def verdict(ok: bool, text: str) -> None:
        lines.append(f"- {'met' if ok else '**missed**'}: {text}")

    def times(value: float, limit: float) -> str:
        return "" if value <= limit else f" ({value / limit:.1f}× the target)"

    for run in runs:
        warm_us = run.p("warm", 0.5) / run.events * 1e6
        cold_us = run.p("cold", 0.5) / run.events * 1e6
        ratio = run.p("304", 0.5) / run.p("ping", 0.5)
        quiet = run.p("304_quiet", 0.5) / run.p("ping_quiet", 0.5)
        head = f"{run.events:,} meetings ({run.backend})"
        if run.size <= 2000:
            verdict(
                warm_us <= WARM_US_PER_EVENT,
                f"{head}, warm ≤ {WARM_US_PER_EVENT} µs per event: {warm_us:.1f} µs"
                + times(warm_us, WARM_US_PER_EVENT),
            )
            verdict(
                cold_us <= COLD_US_PER_EVENT,
                f"{head}, cold ≤ {COLD_US_PER_EVENT} µs per event: {cold_us:.0f} µs"
                + times(cold_us, COLD_US_PER_EVENT),
            )
            scale = 1000 / run.events
            lines.append(
                f"- {head}: Indico's 1,000-event feed took {INDICO_1000_SECONDS} s; ours, scaled "
                f"to 1,000 events, {run.p('warm', 0.5) * scale * 1000:.0f} ms warm "
                f"({INDICO_1000_SECONDS / (run.p('warm', 0.5) * scale):.0f}× less) and "
                f"{run.p('cold', 0.5) * scale * 1000:.0f} ms cold "
                f"({INDICO_1000_SECONDS / (run.p('cold', 0.5) * scale):.1f}× less)"
            )
        else:
            warm = run.p("warm", 0.5)
            verdict(
                warm <= BIG_WARM_SECONDS,
                f"{head}, warm ≤ {BIG_WARM_SECONDS} s: {warm:.3f} s "
                f"(p90 {run.p('warm', 0.9):.3f} s)" + times(warm, BIG_WARM_SECONDS),
            )
            worst = max(run.rss_kb.values()) / 1024
            verdict(
                worst <= BIG_RSS_MB and not run.restarted,
                f"{head}, no worker above {BIG_RSS_MB} MB resident after serving it: max "
                f"{worst:.0f} MB (peak {max(run.hwm_kb.values()) / 1024:.0f} MB)",
            )
        verdict(
            ratio <= NOT_MODIFIED_RATIO,
            f"{head}, 304 ≤ {NOT_MODIFIED_RATIO:.0f}× /ping: {ratio:.2f}× in the passes, "
            f"{quiet:.2f}× alternating with /ping only",
        )
    return "\n".join(lines)


def versions(database_url: str, redis_url: str) -> str:
    import sqlite3

    parts = [f"Python {sys.version.split()[0]}"]
    if database_url.startswith("postgresql"):
        from sqlalchemy import create_engine

        engine = create_engine(database_url)
        with engine.connect() as conn:
            version = conn.exec_driver_sql("SHOW server_version").scalar()
        engine.dispose()
        parts.append(f"PostgreSQL {version.split()[0]}")
    else:
        parts.append(f"SQLite {sqlite3.sqlite_version}")
    if redis_url:
        import redis

        client = redis.Redis.from_url(redis_url)
        parts.append(f"Redis {client.info('server')['redis_version']}")
        client.close()
    parts.append(f"{os.cpu_count()} CPUs")
    return ", ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL server to work next to")
    parser.add_argument("--redis-url", default="", help="a dedicated Redis database (not 0)")
    parser.add_argument("--meetings", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=20, help="measuring passes")
    parser.add_argument(
        "--cold",
        type=int,
        default=None,
        help="cold requests per size (default: every pass up to 2,000 meetings, else 4)",
    )
    parser.add_argument("--timeout", type=int, default=30, help="gunicorn --timeout (its default)")
    parser.add_argument("--profile", action="store_true", help="cProfile one cold and warm request")
    args = parser.parse_args()
    command = ".venv/bin/python -m bench.feeds " + shlex.join(sys.argv[1:])
    now = dt.datetime.now(dt.UTC)
    load_before = os.getloadavg()
    runs = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-feeds-") as tmp:
        for size in args.meetings:
            instance = Path(tmp) / f"instance-{size}"
            instance.mkdir()
            with fresh_database(args.database_url, Path(tmp), f"feeds_{size}") as url:
                if not args.database_url:
                    url = "sqlite:///" + str(instance / "bench.sqlite")
                runs.append(measure(url, args.redis_url, str(instance), size, args, now))
                info = versions(url, args.redis_url)
    print(f"    {command.strip()}\n")
    load_after = os.getloadavg()
    print(
        f"{runs[0].backend}; {info}; gunicorn {WORKERS} sync workers; "
        f"total {time.perf_counter() - started:.0f} s; 1-minute load average "
        f"{load_before[0]:.1f} before, {load_after[0]:.1f} after\n"
    )
    print(table(runs))
    print()
    print(memory_table(runs))
    print()
    print(targets(runs))
    for run in runs:
        p = run.prepared
        print(
            f"\n{run.size}: added {p.added_in_window} meetings in the window and {p.added_before} "
            f"before it; plan_feed counts {p.feed_count}, the response holds {run.events} "
            f"VEVENTs; {run.entries_after_cold} entries cached after a cold request; "
            f"{sum(s['cold'] for s in run.served.values())} cold, "
            f"{sum(s['warm'] for s in run.served.values())} warm, "
            f"{sum(s['304'] for s in run.served.values())} 304 feed requests in all"
            + (" ; a worker was restarted" if run.restarted else "")
        )
        if run.events != p.feed_count:
            run.errors.append(f"the response holds {run.events} events, plan_feed {p.feed_count}")
        for error in sorted(set(run.errors))[:10]:
            print(f"    error: {error}")


if __name__ == "__main__":
    main()
