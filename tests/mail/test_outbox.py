"""The outbox: mail survives a mail server that is down, and is delivered exactly once."""

from __future__ import annotations

import datetime as dt

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import select

from meetings.extensions import db
from meetings.mail.enums import DeliveryStatus
from meetings.mail.models import OutgoingMessage
from meetings.mail.services import (
    MAX_ATTEMPTS,
    compose,
    deliver_due,
    retry_message,
    retry_pause,
    send_message,
)

from ..conftest import MailCollector, free_port


@pytest.fixture
def dead_smtp_port(app: Flask, monkeypatch: pytest.MonkeyPatch) -> int:
    """The app points at a port where no mail server listens (yet)."""
    port = free_port()
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    return port


def _queue(n: int) -> list[OutgoingMessage]:
    return [
        send_message(compose(f"person{i}@example.org", f"Pozvánka {i}", "Dobrý den"))
        for i in range(n)
    ]


def test_outbox_server_down_then_up_delivers_each_message_exactly_once(db_session, dead_smtp_port):
    queued = _queue(3)
    db.session.commit()
    start = dt.datetime.now(dt.UTC)

    down = deliver_due(now=start)
    assert (down.sent, down.retrying, down.failed) == (0, 3, 0)
    assert {m.status for m in queued} == {DeliveryStatus.PENDING}
    assert all("ConnectionRefusedError" in m.last_error for m in queued)

    handler = MailCollector()
    controller = Controller(handler, hostname="127.0.0.1", port=dead_smtp_port)
    controller.start()
    try:
        too_early = deliver_due(now=start + dt.timedelta(seconds=30))
        later = start + retry_pause(1) + dt.timedelta(seconds=1)
        up = deliver_due(now=later)
        again = deliver_due(now=later + dt.timedelta(hours=1))
    finally:
        controller.stop()

    assert too_early.sent == 0  # the backoff pause is respected
    assert up.sent == 3
    assert again.sent == 0
    assert sorted(m["Subject"] for m in handler.messages) == [
        "Pozvánka 0",
        "Pozvánka 1",
        "Pozvánka 2",
    ]
    assert {(m.status, m.attempts) for m in queued} == {(DeliveryStatus.SENT, 2)}


def test_outbox_permanent_refusal_marks_failed_with_reason(db_session, smtp_server, monkeypatch):
    async def refuse(handler, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 No such user here"

    monkeypatch.setattr(MailCollector, "handle_RCPT", refuse, raising=False)
    [message] = _queue(1)

    report = deliver_due()

    assert (report.sent, report.failed) == (0, 1)
    assert message.status == DeliveryStatus.FAILED
    assert message.last_error.endswith("550 5.1.1 No such user here")


def test_outbox_retry_of_failed_message_by_admin(db_session, smtp_server):
    [message] = _queue(1)
    message.status = DeliveryStatus.FAILED
    message.next_attempt_at = None
    db.session.flush()

    retry_message(message)
    smtp_server.wait_for(1)

    assert message.status == DeliveryStatus.SENT


def test_outbox_gives_up_after_max_attempts(db_session, dead_smtp_port):
    [message] = _queue(1)
    now = dt.datetime.now(dt.UTC)
    for _ in range(MAX_ATTEMPTS):
        deliver_due(now=now)
        now += dt.timedelta(hours=7)

    assert (message.status, message.attempts) == (DeliveryStatus.FAILED, MAX_ATTEMPTS)


def test_outbox_rolled_back_change_sends_nothing(db_session, smtp_server):
    nested = db.session.begin_nested()
    _queue(1)
    nested.rollback()

    deliver_due()

    assert db.session.scalars(select(OutgoingMessage)).all() == []
    assert smtp_server.messages == []


def test_retry_pause_grows_to_six_hours():
    pauses = [retry_pause(n).total_seconds() for n in (1, 2, 3, 10, 20)]
    assert pauses == [60, 120, 240, 6 * 60 * 60, 6 * 60 * 60]
