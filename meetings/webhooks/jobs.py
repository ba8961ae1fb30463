"""The webhooks' background work: a task woken after a commit that queued deliveries,
and the minute's sweep (``mail.jobs.run_periodically``) that sends whatever is due (the
retries, and anything a lost task left). The deliveries in the database are the source
of truth: a worker's restart loses nothing. Registered when imported (the reactions and
the views import it, so every app server and the worker have it)."""

from __future__ import annotations

import logging

from sqlalchemy import event
from sqlalchemy.orm import Session

from ..mail.jobs import huey, in_app_context, run_periodically
from .delivery import DeliveryReport, deliver_due
from .services import WOKEN

log = logging.getLogger(__name__)


@run_periodically
def send_webhooks() -> DeliveryReport:
    """Every minute: send the deliveries that are due."""
    return deliver_due()


@huey.task()
def deliver_webhooks() -> None:
    """Send what is due (queued after a commit that added deliveries)."""
    report = in_app_context(deliver_due)
    log.info("webhooks: %s", report)


@event.listens_for(Session, "after_commit")
def _wake_worker(session: Session) -> None:
    if session.info.pop(WOKEN, False):
        try:
            deliver_webhooks()
        except Exception:  # the minute's sweep sends them anyway
            log.exception("could not wake the webhook worker")


@event.listens_for(Session, "after_rollback")
def _forget_queued(session: Session) -> None:
    session.info.pop(WOKEN, None)
