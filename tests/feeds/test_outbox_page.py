"""The administrators' outbox page: pending, sent and failed messages, the reason of a
failure, and "send again"."""

from __future__ import annotations

import datetime as dt

from meetings.extensions import db
from meetings.mail.enums import DeliveryStatus
from meetings.mail.models import OutgoingMessage

from ..conftest import count_queries


def _message(status: DeliveryStatus, n: int = 0, **fields) -> OutgoingMessage:
    message = OutgoingMessage(
        recipient=f"person{n}@example.org",
        subject=f"Pozvánka na 10. setkání ({n})",
        kind="invitation",
        raw=b"Subject: x\r\n\r\nx",
        status=status,
        created_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=n),
        sent_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC) if status == DeliveryStatus.SENT else None,
        **fields,
    )
    db.session.add(message)
    db.session.flush()
    return message


def test_outbox_page_shows_a_failed_messages_reason_to_the_admin(people, login_as):
    _message(
        DeliveryStatus.FAILED,
        1,
        attempts=3,
        last_error="550 5.1.1 <nikdo@example.org>: No such user",
    )
    _message(DeliveryStatus.SENT, 2, attempts=1)
    _message(DeliveryStatus.PENDING, 3)

    response = login_as(people.admin).get("/admin/mail?status=failed")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "550 5.1.1 &lt;nikdo@example.org&gt;: No such user" in page
    assert "person1@example.org" in page
    assert "Pozvánka na 10. setkání (1)" in page
    assert "person2@example.org" not in page
    assert "Failed (1)" in page and "Sent (1)" in page and "Waiting (1)" in page
    assert "All (3)" in page


def test_outbox_page_all_lists_every_status(people, login_as):
    for n, status in enumerate(DeliveryStatus):
        _message(status, n)

    page = login_as(people.admin).get("/admin/mail").get_data(as_text=True)

    assert [f"person{n}@example.org" in page for n in range(3)] == [True, True, True]


def test_outbox_retry_requeues_a_failed_message(people, login_as):
    failed = _message(DeliveryStatus.FAILED, 1, attempts=12, last_error="451 try later")

    response = login_as(people.admin).post(f"/admin/mail/{failed.id}/retry")

    assert response.status_code == 302
    assert response.location == "/admin/mail?status=failed"
    assert failed.status == DeliveryStatus.PENDING
    assert failed.next_attempt_at is not None


def test_outbox_retry_of_a_sent_message_changes_nothing(people, login_as):
    sent = _message(DeliveryStatus.SENT, 1, attempts=1)

    response = login_as(people.admin).post(f"/admin/mail/{sent.id}/retry")

    assert response.status_code == 302
    assert sent.status == DeliveryStatus.SENT


def test_outbox_page_is_refused_to_non_admins(people, login_as):
    failed = _message(DeliveryStatus.FAILED, 1)

    assert login_as(people.chair).get("/admin/mail").status_code == 403
    assert login_as(people.chair).post(f"/admin/mail/{failed.id}/retry").status_code == 403
    assert failed.status == DeliveryStatus.FAILED


def test_outbox_page_is_paginated_with_constant_queries(app, people, login_as):
    client = login_as(people.admin)
    for n in range(3):
        _message(DeliveryStatus.FAILED, n, last_error="550")
    with count_queries(app) as few:
        client.get("/admin/mail")
    for n in range(3, 60):
        _message(DeliveryStatus.FAILED, n, last_error="550")
    with count_queries(app) as many:
        first = client.get("/admin/mail").get_data(as_text=True)
    second = client.get("/admin/mail?page=2").get_data(as_text=True)

    assert many.count == few.count
    assert "Page 1 of 2" in first and "person59@example.org" in first
    assert "person0@example.org" not in first
    assert "person0@example.org" in second


def test_admin_overview_links_to_the_outbox(people, login_as):
    page = login_as(people.admin).get("/admin").get_data(as_text=True)

    assert 'href="/admin/mail"' in page
