"""Sending deliveries: signed HTTP POSTs, retried with growing pauses.

The scheme (``docs/api.md``, "Webhooks"): the body is the event's JSON, UTF-8; the
headers name the event (``X-Meetings-Event``), the delivery (``X-Meetings-Delivery``),
the time of this attempt in Unix seconds (``X-Meetings-Timestamp``) and the signature
``X-Meetings-Signature: sha256=<hex>``, the HMAC-SHA256 with the webhook's secret of
``<timestamp>.<body>``. The receiver recomputes it, compares in constant time and refuses
old timestamps (replays).

A 2xx answer delivers; anything else (another status, a redirect, no answer within the
timeout) is retried after 1 minute, 5 minutes, 30 minutes, 2 hours and 12 hours, then
the delivery is failed, with the last reason, in the webhook's log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
from dataclasses import dataclass

import requests
from flask import current_app
from sqlalchemy import select

from ..db import claim_due, utcnow
from ..extensions import db
from .enums import DeliveryState
from .models import Webhook, WebhookDelivery

log = logging.getLogger(__name__)

#: Pauses after the 1st, 2nd … failed attempt; after the last attempt the delivery fails.
RETRY_PAUSES = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_PAUSES) + 1
#: How long a worker holds a delivery it is sending before another may try it (well
#: above the request timeout).
CLAIM_SECONDS = 300
USER_AGENT = "meetings-webhooks/1"


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The ``X-Meetings-Signature`` value: ``sha256=`` and the hex HMAC-SHA256 of
    ``<timestamp>.<body>`` with the secret."""
    signed = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def headers_for(
    delivery_id: int, kind: str, event_id: str, secret: str, body: bytes, timestamp: int
) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Meetings-Event": kind,
        "X-Meetings-Event-Id": event_id,
        "X-Meetings-Delivery": str(delivery_id),
        "X-Meetings-Timestamp": str(timestamp),
        "X-Meetings-Signature": sign(secret, timestamp, body),
    }


def retry_pause(attempts: int) -> dt.timedelta | None:
    """The pause after the n-th failed attempt; None after the last one."""
    return RETRY_PAUSES[attempts - 1] if attempts <= len(RETRY_PAUSES) else None


@dataclass
class DeliveryReport:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0


@dataclass(frozen=True)
class _Attempt:
    delivery_id: int
    url: str
    secret: str
    kind: str
    event_id: str
    body: bytes
    active: bool


def _post(attempt: _Attempt, now: dt.datetime) -> tuple[int | None, str | None]:
    """(HTTP status, None) for a 2xx answer; (status or None, reason) otherwise."""
    headers = headers_for(
        attempt.delivery_id,
        attempt.kind,
        attempt.event_id,
        attempt.secret,
        attempt.body,
        int(now.timestamp()),
    )
    timeout = float(current_app.config["WEBHOOKS_TIMEOUT"])
    try:
        response = requests.post(
            attempt.url,
            data=attempt.body,
            headers=headers,
            timeout=(min(timeout, 5.0), timeout),
            allow_redirects=False,
        )
    except requests.RequestException as error:
        return None, f"{type(error).__name__}: {error}"[:2000]
    try:
        if 200 <= response.status_code < 300:
            return response.status_code, None
        # Only the status line: the receiver's body may be anything (and is not ours to show).
        return response.status_code, f"HTTP {response.status_code} {response.reason or ''}".strip()
    finally:
        response.close()


def deliver_due(now: dt.datetime | None = None, limit: int = 100) -> DeliveryReport:
    """Send every pending delivery whose time has come; the worker's job. Commits.

    Each delivery is first claimed (a conditional UPDATE, committed), so two workers
    never send it twice at once; the request goes out with no transaction open, and its
    outcome is written afterwards.
    """
    now = now or utcnow()
    report = DeliveryReport()
    for delivery_id in claim_due(
        db.session,
        WebhookDelivery,
        WebhookDelivery.state == DeliveryState.PENDING,
        now=now,
        hold=dt.timedelta(seconds=CLAIM_SECONDS),
        limit=limit,
    ):
        row = db.session.execute(
            select(WebhookDelivery, Webhook)
            .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
            .where(WebhookDelivery.id == delivery_id)
        ).one_or_none()
        if row is None:  # the webhook was deleted meanwhile
            db.session.commit()
            continue
        delivery, webhook = row
        attempt = _Attempt(
            delivery_id=delivery.id,
            url=webhook.url,
            secret=webhook.secret,
            kind=delivery.kind.value,
            event_id=delivery.event_id,
            body=delivery.payload.encode("utf-8"),
            active=webhook.active or delivery.kind == "ping",
        )
        db.session.commit()  # no transaction (nor SQLite's write lock) held while sending
        if attempt.active:
            status, error = _post(attempt, now)
        else:
            status, error = None, "The webhook is inactive."
        delivery = db.session.get(WebhookDelivery, delivery_id, populate_existing=True)
        if delivery is None:
            db.session.commit()
            continue
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.last_status = status
        delivery.last_error = error
        if error is None:
            delivery.state = DeliveryState.DELIVERED
            delivery.delivered_at = utcnow()
            delivery.next_attempt_at = None
            report.delivered += 1
        else:
            pause = retry_pause(delivery.attempts) if attempt.active else None
            if pause is None:
                delivery.state = DeliveryState.FAILED
                delivery.next_attempt_at = None
                report.failed += 1
            else:
                delivery.next_attempt_at = now + pause
                report.retrying += 1
            log.warning(
                "webhook delivery %s to %s failed (attempt %d): %s",
                delivery_id,
                attempt.url,
                delivery.attempts,
                error,
            )
        db.session.commit()
    return report
