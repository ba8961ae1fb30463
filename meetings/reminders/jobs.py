"""The reminders' timed work: every minute's sweep (``mail.jobs.run_periodically``) plans
and sends what is due. Registered when this module is imported; the reminders views
import it, so every app server and the worker (``meetings.worker``) have it.
"""

from __future__ import annotations

import datetime as dt

from ..extensions import db
from ..mail.jobs import run_periodically
from . import digest as _digest  # noqa: F401  (registers the planners)
from . import meeting_kinds as _kinds  # noqa: F401
from . import minutes_kinds as _minutes  # noqa: F401
from . import poll_kinds as _polls  # noqa: F401
from . import task_kinds as _tasks  # noqa: F401
from . import vote_kinds as _votes  # noqa: F401
from .sending import send_due

__all__ = ["send_reminders"]


@run_periodically
def send_reminders(now: dt.datetime | None = None) -> int:
    """Queue the reminders that are due and commit (a job, like a request, commits once)."""
    try:
        count = send_due(now)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return count
