"""Test fixtures: one migrated database per run, each test inside a transaction rolled back.

The suite runs on SQLite by default and on PostgreSQL when ``TEST_DATABASE_URL`` is set
(the database is emptied and migrated at the start of the run).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import TypeVar

import pytest
import sqlalchemy as sa
from flask import Flask, current_app, g, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy.engine import Connection
from sqlalchemy.orm import scoped_session, sessionmaker

from meetings import create_app
from meetings.db import writer_transactions
from meetings.demo import load_demo
from meetings.extensions import db, limiter
from meetings.groups.enums import Role

from . import factories


def _test_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


def _empty_database(app: Flask) -> None:
    """Start from nothing, so that the migrations (not create_all) build the schema."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "postgresql":
            with engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
        else:
            db.drop_all()
            with engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    instance = tmp_path_factory.mktemp("instance")
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(instance),
            "DATABASE_URL": _test_database_url(tmp_path_factory),
            "BASE_URL": "http://meetings.test",
            "WTF_CSRF_ENABLED": False,
            # Initialised fully (storage, request hooks), then switched off below: with
            # False here Flask-Limiter skips its set-up and `rate_limits` could not turn it on.
            "RATELIMIT_ENABLED": True,
            "MAIL_FROM": "meetings@meetings.test",
            # Jobs are queued in memory; tests run the worker's functions themselves
            # (SmtpServer.wait_for delivers the outbox, as the worker would).
            "JOBS_BACKEND": "memory",
            # Cheap hashing keeps the suite fast; production uses the library defaults.
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 64,
        }
    )
    # Off by default; the `rate_limits` fixture turns it on for one test.
    limiter.enabled = False
    app.test_client_class = _TestClient
    _empty_database(app)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


class _TestClient(FlaskClient):
    """A test client whose every request starts with an empty ``g``, as in production.

    A test's requests share the app context that ``db_session`` keeps open (popping one
    would end the session and its flushed rows), and so share ``g``, where Flask-Login,
    Flask-Babel and the permission policy keep per-request values.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            vars(g._get_current_object()).clear()
        # Read streamed bodies (feeds) at once, as a calendar program does, so that two
        # requests' contexts never interleave.
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


@pytest.fixture
def db_session(app: Flask, request: pytest.FixtureRequest) -> Iterator[scoped_session]:
    """A session inside a transaction that is rolled back after the test.

    The application's own commits become savepoints, so views and services behave as in
    production while the test leaves nothing behind.
    """
    with app.app_context():
        # Loaded (once a day) on a connection of its own, before this test's transaction
        # begins (on SQLite that connection would wait for the test's).
        demo = _demo_snapshot() if "demo" in request.fixturenames else None
        connection = db.engine.connect()
        outer = connection.begin()
        if demo is not None:
            # First, before any other fixture adds rows: on SQLite, rows added before would
            # take the ids the demo's rows have.
            demo.copy_into(connection)
        session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        )
        original = db.session
        db.session = session
        try:
            yield session
        finally:
            session.remove()
            db.session = original
            outer.rollback()
            connection.close()


# --- the demo data, and snapshots of what fixtures add ---------------------------------------

T = TypeVar("T")

#: The demo's snapshot by the day it was loaded for.
_demo_snapshots: dict[dt.date, DatabaseSnapshot] = {}


@pytest.fixture
def demo(db_session: scoped_session) -> None:
    """The demo data (``flask demo``), in the test's transaction like the rows it adds.

    ``load_demo`` takes seconds (it renders and signs PDFs): what it does to the empty test
    database is kept once a day, and ``db_session`` does it again in each test's transaction
    in milliseconds. The test sees what a ``load_demo()`` of its own would have added; its
    rollback removes it.
    """


@dataclass
class _SnapshotTable:
    """What a snapshot's function did to one table. To a table that was empty, it added
    ``rows``, kept as the driver reads them (SQLite: tuples; PostgreSQL: COPY's binary
    format) so that they go back byte for byte; to one that had rows already (the
    migrations' calendar clock), it ``added``, ``changed`` and ``removed`` rows, kept by
    their primary key."""

    table: sa.Table
    columns: str = ""  # quoted and comma-separated: the stored (not generated) columns
    rows: list[tuple] | bytes = b""
    added: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)


def _demo_snapshot() -> DatabaseSnapshot:
    """The demo's snapshot, loaded for today: the demo dates its upcoming meetings from it."""
    today = dt.date.today()
    if today not in _demo_snapshots:
        _demo_snapshots.clear()
        _demo_snapshots[today], _ = DatabaseSnapshot.take(lambda: load_demo(today=today))
    return _demo_snapshots[today]


@dataclass
class DatabaseSnapshot:
    """What a function did to the test database (empty but for what the migrations put
    there), table by table in the order of their foreign keys, to be done again in a test's
    transaction (``copy_into``) in milliseconds; on PostgreSQL with the sequences to move
    past the ids it gave.

    The rows go in as they were, with their ids: on SQLite, before any other row of the
    test (whose ids would be theirs).
    """

    tables: list[_SnapshotTable]
    sequences: list[tuple[str, int]]

    @classmethod
    def take(cls, build: Callable[[], T]) -> tuple[DatabaseSnapshot, T]:
        """Run ``build`` in a transaction that is rolled back, on a connection of its own
        (outside any test's transaction), and keep what it did and what it returned (no
        database objects: they do not outlive the transaction)."""
        connection = db.engine.connect()
        outer = connection.begin()
        session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        )
        original = db.session
        db.session = session
        try:
            tables = db.metadata.sorted_tables
            before = {
                t.name: _rows_by_key(connection, t)
                for t in tables
                if connection.scalar(sa.select(sa.func.count()).select_from(t))
            }
            built = build()
            session.flush()
            snapshot = cls(
                [
                    cls._changes(connection, t, before[t.name])
                    if t.name in before
                    else cls._dump(connection, t)
                    for t in tables
                ],
                cls._sequences(connection, tables),
            )
            return snapshot, built
        finally:
            session.remove()
            db.session = original
            outer.rollback()
            connection.close()

    @staticmethod
    def _dump(connection: Connection, table: sa.Table) -> _SnapshotTable:
        stored = [
            c["name"]
            for c in sa.inspect(connection).get_columns(table.name)
            if not c.get("computed")
        ]
        columns = ", ".join(f'"{name}"' for name in stored)
        if connection.dialect.name != "postgresql":
            order = ", ".join(f'"{c.name}"' for c in table.primary_key.columns)
            result = connection.exec_driver_sql(
                f'SELECT {columns} FROM "{table.name}" ORDER BY {order}'  # noqa: S608  names from the models
            )
            return _SnapshotTable(table, columns, [tuple(row) for row in result])
        if not connection.scalar(sa.select(sa.func.count()).select_from(table)):
            return _SnapshotTable(table, columns)
        with connection.connection.driver_connection.cursor() as cursor:
            copy_out = f'COPY "{table.name}" ({columns}) TO STDOUT (FORMAT BINARY)'
            with cursor.copy(copy_out) as copy:
                rows = b"".join(bytes(block) for block in copy)
        return _SnapshotTable(table, columns, rows)

    @staticmethod
    def _changes(connection: Connection, table: sa.Table, before: dict) -> _SnapshotTable:
        after = _rows_by_key(connection, table)
        keys = [c.key for c in table.primary_key.columns]
        return _SnapshotTable(
            table,
            added=[row for key, row in after.items() if key not in before],
            changed=[row for key, row in after.items() if key in before and row != before[key]],
            removed=[dict(zip(keys, key, strict=True)) for key in before if key not in after],
        )

    @staticmethod
    def _sequences(connection: Connection, tables: list[sa.Table]) -> list[tuple[str, int]]:
        """PostgreSQL: each serial key's sequence and the highest id in the table."""
        if connection.dialect.name != "postgresql":
            return []  # SQLite numbers new rows after the highest id present
        sequences = []
        for table in tables:
            for column in table.primary_key.columns:
                sequence = connection.scalar(
                    sa.text("SELECT pg_get_serial_sequence(:table, :column)"),
                    {"table": f'"{table.name}"', "column": column.name},
                )
                highest = connection.scalar(sa.select(sa.func.max(column)))
                if sequence and highest is not None:
                    sequences.append((sequence, highest))
        return sequences

    def copy_into(self, connection: Connection) -> None:
        postgresql = connection.dialect.name == "postgresql"
        for entry in self.tables:
            table = entry.table
            if entry.rows and postgresql:
                # psycopg's COPY runs in the connection's transaction, as SQLAlchemy's do.
                copy_in = f'COPY "{table.name}" ({entry.columns}) FROM STDIN (FORMAT BINARY)'
                with (
                    connection.connection.driver_connection.cursor() as cursor,
                    cursor.copy(copy_in) as copy,
                ):
                    copy.write(entry.rows)
            elif entry.rows:
                marks = ", ".join("?" * len(entry.rows[0]))
                connection.exec_driver_sql(
                    f'INSERT INTO "{table.name}" ({entry.columns}) VALUES ({marks})',  # noqa: S608  names from the models
                    entry.rows,
                )
            for row in entry.removed:
                connection.execute(table.delete().where(*_key_is(table, row)))
            for row in entry.changed:
                connection.execute(table.update().where(*_key_is(table, row)).values(row))
            if entry.added:
                connection.execute(table.insert(), entry.added)
        if self.sequences:
            # Never backwards: other tests' rolled-back rows have used later numbers.
            connection.exec_driver_sql(
                "SELECT "
                + ", ".join(
                    "setval(%s::regclass, GREATEST(%s, pg_sequence_last_value(%s::regclass)))"
                    for _ in self.sequences
                ),
                tuple(value for s, highest in self.sequences for value in (s, highest, s)),
            )


def _rows_by_key(connection: Connection, table: sa.Table) -> dict[tuple, dict]:
    keys = [c.key for c in table.primary_key.columns]
    rows = connection.execute(table.select()).mappings()
    return {tuple(row[k] for k in keys): dict(row) for row in rows}


def _key_is(table: sa.Table, row: dict) -> list:
    return [c == row[c.key] for c in table.primary_key.columns]


@pytest.fixture
def client(app: Flask, db_session: scoped_session) -> FlaskClient:
    return app.test_client()


def signed_in_id(user) -> str:
    """The id a browser's session carries once the person has signed in (a new sign-in)."""
    from meetings.auth.sign_ins import open_sign_in

    with current_app.test_request_context():
        signed_in = open_sign_in(user)
    # Kept when a request rolls back (an error page), as a real sign-in is.
    db.session.commit()
    return signed_in


@pytest.fixture
def login_as(client: FlaskClient):
    """Sign a person in on the test client (or sign out with None)."""

    def sign_in(user) -> FlaskClient:
        with client.session_transaction() as session:
            session.clear()
            if user is not None:
                session["_user_id"] = signed_in_id(user)
                session["_fresh"] = True
        return client

    return sign_in


@pytest.fixture
def browser_of(app: Flask, db_session: scoped_session):
    """A browser of its own, signed in, for each person: two people working at once."""

    def open_for(user) -> FlaskClient:
        browser = app.test_client()
        with browser.session_transaction() as session:
            session["_user_id"] = signed_in_id(user)
            session["_fresh"] = True
        return browser

    return open_for


@dataclass
class People:
    """One working group with a person in every role, an admin and an outsider."""

    group: object
    other_group: object
    chair: object
    assistant: object
    member: object
    observer: object
    admin: object
    outsider: object
    by_role: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_role = self.by_role or {
            "chair": self.chair,
            "assistant": self.assistant,
            "member": self.member,
            "observer": self.observer,
            "admin": self.admin,
            "outsider": self.outsider,
            "anonymous": None,
        }


@pytest.fixture
def people(db_session: scoped_session) -> People:
    return make_people()


def make_people() -> People:
    group = factories.make_group("Sociální služby", slug="socialni-sluzby")
    other_group = factories.make_group(
        "Szociális gondoskodás", slug="szocialis-gondoskodas", timezone="Europe/Budapest"
    )
    chair = factories.make_user("chair@example.org", "Jana Předsedová")
    assistant = factories.make_user("assistant@example.org", "Eva Asistentová")
    member = factories.make_user("member@example.org", "Petr Člen")
    observer = factories.make_user("observer@example.org", "Olga Pozorovatelka")
    admin = factories.make_user("admin@example.org", "Adam Správce", is_admin=True)
    outsider = factories.make_user("outsider@example.org", "Ottó Kívülálló")
    factories.add_member(chair, group, Role.CHAIR)
    factories.add_member(assistant, group, Role.ASSISTANT)
    factories.add_member(member, group, Role.MEMBER)
    factories.add_member(observer, group, Role.OBSERVER)
    factories.add_member(outsider, other_group, Role.MEMBER)
    return People(
        group=group,
        other_group=other_group,
        chair=chair,
        assistant=assistant,
        member=member,
        observer=observer,
        admin=admin,
        outsider=outsider,
    )


@pytest.fixture(autouse=True)
def _rate_limits_off() -> None:
    """The limiter is one object per process, and every ``create_app`` (a test that starts
    an app of its own) sets it up anew, switched on: off again for each test, unless it
    asks for ``rate_limits``."""
    limiter.enabled = False


@pytest.fixture
def rate_limits(app: Flask, db_session: scoped_session, monkeypatch) -> Iterator[None]:
    """Turn the rate limits on for one test, with empty counters.

    The counters normally commit in a transaction of their own; here they join the test's,
    which is rolled back (a second writer would wait on SQLite for the test's own lock).
    """
    from meetings.throttle.storage import DatabaseStorage

    monkeypatch.setattr(
        DatabaseStorage, "connect", staticmethod(lambda: nullcontext(db_session.connection()))
    )
    limiter.enabled = True
    limiter.reset()
    try:
        yield
    finally:
        limiter.enabled = False


# --- a real SMTP server ------------------------------------------------------------------


@dataclass
class SmtpServer:
    host: str
    port: int
    messages: list[EmailMessage]
    controller: object

    def wait_for(self, count: int, timeout: float = 60.0) -> list[EmailMessage]:
        """Run the mail worker's delivery, then wait until ``count`` messages have arrived.

        Outside an app context (the browser tests' live server has a worker thread of its
        own) it only waits. Short of ``count``, the delivery runs at least once, however
        late this process gets to it on a busy machine: a test that asks for one message
        more than it expects, with a short timeout, still gets every one it expects (the
        delivery returns once the server has taken each). Else the timeout is only a
        safety net.
        """
        import time

        from meetings.mail.services import deliver_due

        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            if has_app_context():
                with writer_transactions():
                    deliver_due()
            if len(self.messages) >= count or time.monotonic() >= deadline:
                break
            time.sleep(0.02)
        return list(self.messages)

    def wait_for_recipient(self, address: str, timeout: float = 60.0) -> EmailMessage:
        """The first message addressed to ``address`` (others may arrive meanwhile)."""
        import time

        from meetings.mail.services import deliver_due

        deadline = time.monotonic() + timeout
        while True:
            for message in list(self.messages):
                if any(a.addr_spec == address for a in message["To"].addresses):
                    return message
            if time.monotonic() >= deadline:
                raise AssertionError(f"no message to {address} within {timeout} s")
            if has_app_context():
                with writer_transactions():
                    deliver_due()
            time.sleep(0.02)


class MailCollector:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    """An aiosmtpd server on a free local port; the app is configured to send through it."""
    from aiosmtpd.controller import Controller

    handler = MailCollector()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    try:
        yield SmtpServer("127.0.0.1", port, handler.messages, controller)
    finally:
        controller.stop()


def count_queries(app: Flask):
    """Context manager counting SQL statements sent to the database."""
    return _QueryCounter(app)


class _QueryCounter:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.statements: list[str] = []

    def _listen(self, conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            self.statements.append(statement)

    def __enter__(self) -> _QueryCounter:
        if has_app_context():
            # Pushing and popping a context here would end the test's session.
            self.engine = db.engine
        else:
            with self.app.app_context():
                self.engine = db.engine
        sa.event.listen(self.engine, "before_cursor_execute", self._listen)
        return self

    def __exit__(self, *exc) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._listen)

    @property
    def count(self) -> int:
        return len(self.statements)


def translated(locale: str, message: str, *, plural: str | None = None, num=None, **values):
    """What the page shows for ``message`` in ``locale``, HTML-escaped as templates do.

    Pages and mail are in the person's language; tests compare with the catalog rather
    than with the English source.
    """
    from flask_babel import gettext, ngettext
    from markupsafe import escape

    from meetings.i18n import force_locale

    with force_locale(locale):
        text = ngettext(message, plural, num, **values) if plural else gettext(message, **values)
    return str(escape(text))


# --- a real S3-compatible object store -------------------------------------------------------


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server, over HTTP in a thread, on a port the system chose when it bound."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@dataclass
class ObjectStore:
    """The bucket the app keeps new files in, and a client of our own to look into it."""

    bucket: str
    prefix: str
    client: object

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.bucket)
        return sorted(o["Key"] for o in listing.get("Contents", []))

    def body(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()


_buckets = itertools.count(1)


@pytest.fixture
def object_store(app: Flask, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> ObjectStore:
    """A new, empty bucket; the app is configured to keep new files in it."""
    import boto3

    settings = {
        "STORAGE_S3_BUCKET": f"meetings-test-{next(_buckets)}",
        "STORAGE_S3_ENDPOINT_URL": s3_endpoint,
        "STORAGE_S3_REGION": "eu-central-1",
        "STORAGE_S3_ACCESS_KEY": "test-access-key",
        "STORAGE_S3_SECRET_KEY": "test-secret-key",
        "STORAGE_S3_PREFIX": "files/",
    }
    client = boto3.session.Session().client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=settings["STORAGE_S3_REGION"],
        aws_access_key_id=settings["STORAGE_S3_ACCESS_KEY"],
        aws_secret_access_key=settings["STORAGE_S3_SECRET_KEY"],
    )
    client.create_bucket(
        Bucket=settings["STORAGE_S3_BUCKET"],
        CreateBucketConfiguration={"LocationConstraint": settings["STORAGE_S3_REGION"]},
    )
    for key, value in settings.items():
        monkeypatch.setitem(app.config, key, value)
    return ObjectStore(settings["STORAGE_S3_BUCKET"], settings["STORAGE_S3_PREFIX"], client)


# --- the local Redis server ------------------------------------------------------------------

#: The databases (of the local server's 16) that test runs claim one of.
REDIS_DATABASES = range(8, 16)
#: Marks a database as one run's: .ci/run runs two passes at once, and a test emptying a
#: database another run's server or worker uses would break that run.
REDIS_CLAIM = "meetings-tests:claimed-by"
#: A claim outlives a run that was killed without releasing it for this long at most.
REDIS_CLAIM_SECONDS = 6 * 3600


@pytest.fixture(scope="session")
def _redis_database() -> Iterator[tuple[str, object]]:
    """A Redis database on 127.0.0.1:6379 that this run alone uses, released at the end."""
    import secrets

    import redis

    token = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
    for number in REDIS_DATABASES:
        url = f"redis://127.0.0.1:6379/{number}"
        client = redis.Redis.from_url(url)
        try:
            claimed = client.set(REDIS_CLAIM, token, nx=True, ex=REDIS_CLAIM_SECONDS)
        except redis.ConnectionError as error:
            pytest.fail(f"Redis must run on 127.0.0.1:6379 for this test: {error}")
        if claimed:
            break
    else:
        pytest.fail(f"every Redis database {REDIS_DATABASES} is claimed by another test run")
    try:
        yield url, client
    finally:
        _empty_redis(client)
        # Only our own claim: never one another run took after ours expired.
        if client.get(REDIS_CLAIM) == token.encode():
            client.delete(REDIS_CLAIM)
        client.close()


def _empty_redis(client) -> None:
    """Delete every key but the claim (a FLUSHDB would let another run claim it)."""
    client.expire(REDIS_CLAIM, REDIS_CLAIM_SECONDS)
    keys = [key for key in client.scan_iter(count=1000) if key != REDIS_CLAIM.encode()]
    if keys:
        client.delete(*keys)


@pytest.fixture
def redis_url(_redis_database: tuple[str, object]) -> Iterator[str]:
    """The URL of this run's own Redis database, empty at the start and end of the test."""
    url, client = _redis_database
    _empty_redis(client)
    try:
        yield url
    finally:
        _empty_redis(client)


# --- documents rendered in the job queue -------------------------------------------------


def render_queued_documents() -> int:
    """Do what the worker would for the documents asked for: render each queued one (the
    in-memory queue keeps the tasks; rendering twice finds the first copy). How many."""
    from meetings.documents.rendered import render
    from meetings.mail.jobs import huey

    tasks = [t for t in huey.pending() if t.name.endswith("render_document_task")]
    for task in tasks:
        render(*task.args)
    huey.flush()
    return len(tasks)


def get_document(client: FlaskClient, url: str, **kwargs):
    """GET a document (a PDF made in the job queue): if it is being prepared, let the
    worker make it, then ask again, as the waiting page does."""
    response = client.get(url, **kwargs)
    if response.status_code == 202:
        render_queued_documents()
        response = client.get(url, **kwargs)
    return response
