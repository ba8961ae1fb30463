"""Date polls' timed work: the reminder a day before the deadline, once per poll.

Registered on the worker's minute sweep (``mail.jobs.run_periodically``) when this module
is imported; the poll views import it, so every app server and the worker have it.
"""

from __future__ import annotations

import datetime as dt

from ..extensions import db
from ..mail.jobs import run_periodically
from .services import send_poll_reminders

__all__ = ["remind_poll_participants"]


@run_periodically
def remind_poll_participants(now: dt.datetime | None = None) -> int:
    """Queue the reminders that are due and commit (a job, like a request, commits once)."""
    try:
        count = send_poll_reminders(now)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return count
