"""The timed work of the minutes: reminding owners of tasks due soon.

Registered with the worker's minute sweep (``mail.jobs.run_periodically``) when this module
is imported (the minutes views import it).
"""

from __future__ import annotations

from ..extensions import db
from ..mail.jobs import run_periodically
from .services import send_task_reminders


@run_periodically
def remind_task_owners() -> int:
    """Queue the reminders that are due and commit (a job, like a request, commits once).

    Each task is reminded once per due date (``reminder_sent_at``), REMINDER_DAYS before
    it, only to owners who want reminders, in their language.
    """
    try:
        count = send_task_reminders()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return count
