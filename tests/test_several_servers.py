"""Two app servers and two workers, each with its own instance folder, on one PostgreSQL and
one Redis: what one server or worker did, the other sees.

Real parts throughout: gunicorn processes, huey consumers on Redis, a fresh PostgreSQL
database, an SMTP server (aiosmtpd) receiving the invitations. The test needs PostgreSQL,
so it runs in the suite's PostgreSQL pass (TEST_DATABASE_URL); SQLite is one machine's
database by design.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from flask_migrate import upgrade
from pypdf import PdfWriter

from bench.numbering import fresh_database
from meetings import create_app
from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.invitations.enums import Attendance, Rsvp
from meetings.mail.enums import DeliveryStatus
from meetings.mail.jobs import init_jobs
from meetings.mail.models import OutgoingMessage
from meetings.minutes.enums import MinutesState
from meetings.models import Invitation, Meeting, Minutes
from meetings.scheduling.enums import MeetingStatus

from . import factories
from .served import app_environment, consumer, csrf_token, gunicorn, signed_in

POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgres")
pytestmark = pytest.mark.skipif(
    not POSTGRES, reason="several servers share PostgreSQL: runs in the PostgreSQL pass"
)

#: More than the two servers' 16 worker threads (2 × 2 processes × 4): all schedule at once.
DRAFTS = 24


def _prepare(url: str, instance: Path) -> dict:
    app = create_app(
        {"DATABASE_URL": url, "INSTANCE_PATH": str(instance), "JOBS_BACKEND": "memory"}
    )
    with app.app_context():
        upgrade()
        group = factories.make_group(name="Sociální služby", slug="socialni-sluzby")
        assistant = factories.make_user(email="asistentka@example.org", name="Eva Asistentová")
        chair = factories.make_user(email="predsedkyne@example.org", name="Jana Předsedová")
        factories.add_member(assistant, group, Role.ASSISTANT)
        factories.add_member(chair, group, Role.CHAIR)
        for n in range(2):
            factories.add_member(factories.make_user(email=f"clen{n}@example.org"), group)
        held = factories.make_meeting(
            group,
            factories.local_time(group.timezone, 2026, 3, 20, 10),
            status=MeetingStatus.HELD,
            title="1. setkání",
        )
        start = factories.local_time(group.timezone, 2031, 2, 3, 9)
        drafts = [
            factories.make_meeting(group, start + dt.timedelta(days=n), status=MeetingStatus.DRAFT)
            for n in range(DRAFTS)
        ]
        db.session.add(Invitation(meeting=held, user=chair, rsvp=Rsvp.ACCEPTED))
        db.session.add(
            Invitation(
                meeting=held, user=assistant, rsvp=Rsvp.ACCEPTED, attendance=Attendance.PRESENT
            )
        )
        db.session.add(
            Minutes(
                meeting=held,
                opening="Setkání zahájila předsedkyně.",
                state=MinutesState.APPROVED,
                approved_at=dt.datetime(2026, 3, 27, 12, tzinfo=dt.UTC),
                approved_by=chair,
            )
        )
        db.session.commit()
        ids = {
            "drafts": [m.id for m in drafts],
            "held": held.id,
            "assistant": assistant.email,
            "chair": chair.email,
        }
        db.engine.dispose()
    return ids


def _pdf_file() -> bytes:
    """A small real PDF, as an assistant would attach."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Příloha č. 1: rozpočet 2031"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _wait_for(condition, what: str, seconds: int = 120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)  # polling the shared database for the workers' result
    raise AssertionError(f"{what} did not happen in time")


def test_two_servers_and_two_workers_share_everything(app, tmp_path, smtp_server, redis_url):
    with fresh_database(os.environ["TEST_DATABASE_URL"], tmp_path, "servers") as url:
        ids = _prepare(url, tmp_path / "prepare")
        init_jobs(app)  # the job queue is one per process: back to the suite's app
        settings = dict(
            DATABASE_URL=url,
            REDIS_URL=redis_url,
            SECRET_KEY="one-secret-for-every-server",
            BASE_URL="http://meetings.test",
            SMTP_HOST=smtp_server.host,
            SMTP_PORT=smtp_server.port,
            MAIL_FROM="meetings@meetings.test",
        )
        env = {n: app_environment(INSTANCE_PATH=tmp_path / f"i{n}", **settings) for n in "abcd"}
        with (
            gunicorn(env["a"], tmp_path / "a.log") as a,
            gunicorn(env["b"], tmp_path / "b.log") as b,
            consumer(env["c"], tmp_path / "c.log"),
            consumer(env["d"], tmp_path / "d.log"),
        ):
            engine = sa.create_engine(url)
            at_a = signed_in(a, ids["assistant"], factories.PASSWORD)
            at_b = signed_in(b, ids["assistant"], factories.PASSWORD)

            # 1. Scheduling through both servers at once: every number once.
            tokens = {
                a: csrf_token(at_a.get(f"{a}/meetings/{ids['drafts'][0]}").text),
                b: csrf_token(at_b.get(f"{b}/meetings/{ids['drafts'][0]}").text),
            }
            cookies = {a: at_a.cookies.get_dict(), b: at_b.cookies.get_dict()}

            def schedule(n_and_id):
                n, meeting_id = n_and_id
                base = (a, b)[n % 2]
                return requests.post(
                    f"{base}/meetings/{meeting_id}/schedule",
                    data={"csrf_token": tokens[base]},
                    cookies=cookies[base],
                    allow_redirects=False,
                    timeout=120,
                ).status_code

            with ThreadPoolExecutor(max_workers=DRAFTS) as pool:
                statuses = list(pool.map(schedule, enumerate(ids["drafts"])))
            with engine.connect() as conn:
                numbers = conn.scalars(
                    sa.select(Meeting.number).where(Meeting.id.in_(ids["drafts"]))
                ).all()

            # 2. An attachment uploaded through one server downloads from the other.
            content = _pdf_file()
            held = ids["held"]
            upload = at_a.post(
                f"{a}/meetings/{held}/attachments",
                data={"csrf_token": tokens[a], "agenda_item_id": ""},
                files={"file": ("příloha č. 1.pdf", content, "application/pdf")},
                allow_redirects=False,
            )
            builder = at_b.get(f"{b}/meetings/{held}/agenda").text
            link = builder.split(f'href="/meetings/{held}/attachments/', 1)[1].split('"', 1)[0]
            download = at_b.get(f"{b}/meetings/{held}/attachments/{link}")

            # 3. Minutes published through one server (by a worker) are served by both.
            at_chair = signed_in(b, ids["chair"], factories.PASSWORD)
            chair_token = csrf_token(at_chair.get(f"{b}/meetings/{held}/minutes").text)
            published = at_chair.post(
                f"{b}/meetings/{held}/minutes/publish",
                data={"csrf_token": chair_token},
                allow_redirects=False,
            )

            def sha256_published():
                with engine.connect() as conn:
                    return conn.scalar(
                        sa.select(Minutes.pdf_sha256).where(
                            Minutes.meeting_id == held, Minutes.state == MinutesState.PUBLISHED
                        )
                    )

            sha256 = _wait_for(sha256_published, "publishing by a worker")
            pdf_a = at_a.get(f"{a}/meetings/{held}/minutes.pdf")
            pdf_b = at_b.get(f"{b}/meetings/{held}/minutes.pdf")

            # 4. Every queued mail is delivered exactly once by the two workers.
            def outbox_done():
                with engine.connect() as conn:
                    states = Counter(conn.scalars(sa.select(OutgoingMessage.status)).all())
                return states if states and set(states) == {DeliveryStatus.SENT} else None

            sent = _wait_for(outbox_done, "delivery of every queued mail")
            _wait_for(
                lambda: len(smtp_server.messages) >= sent[DeliveryStatus.SENT],
                "mail arriving at the SMTP server",
            )
            message_ids = Counter(m["Message-ID"] for m in smtp_server.messages)

            # 5. The sign-in limits count on both servers together (10 wrong passwords for
            #    one account).
            visitors = {base: requests.Session() for base in (a, b)}
            sign_in_tokens = {
                base: csrf_token(visitor.get(f"{base}/auth/sign-in").text)
                for base, visitor in visitors.items()
            }
            wrong = [
                visitors[base]
                .post(
                    f"{base}/auth/sign-in",
                    data={
                        "email": "nikdo@example.org",
                        "password": "špatně",
                        "csrf_token": sign_in_tokens[base],
                    },
                    timeout=60,
                )
                .status_code
                for base in (a, b) * 6
            ]
            engine.dispose()

    assert statuses == [302] * DRAFTS
    assert sorted(numbers) == list(range(2, DRAFTS + 2))  # no. 1 is the held meeting
    assert upload.status_code == 302
    assert (download.status_code, download.content) == (200, content)
    assert download.headers["ETag"] == f'"{hashlib.sha256(content).hexdigest()}"'
    assert published.status_code == 302
    assert hashlib.sha256(pdf_a.content).hexdigest() == sha256
    assert hashlib.sha256(pdf_b.content).hexdigest() == sha256
    assert pdf_b.headers["X-Content-SHA256"] == sha256
    assert len(smtp_server.messages) == sent[DeliveryStatus.SENT]
    assert [mid for mid, count in message_ids.items() if count > 1] == []
    # The eleventh wrong password for one account is refused, although no server, and no
    # worker process of one, saw more than six of them.
    assert wrong == [200] * 10 + [429] * 2
