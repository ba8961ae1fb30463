"""The agenda's timed work (huey): every minute, publish the agendas whose time has come.

Registered on the worker's minute sweep (``mail.jobs.run_periodically``) when this module
is imported; the agenda views import it, so every app server and the worker have it. Page
views of a meeting publish its own agenda too (``views._publish_due_agenda``); whichever
comes first publishes, and the members are told once (``services.announce_agenda``).
"""

from __future__ import annotations

from ..extensions import db
from ..mail.jobs import run_periodically
from .services import publish_due_agendas

__all__ = ["publish_due_agendas_job"]


@run_periodically
def publish_due_agendas_job() -> int:
    """Publish every agenda that is due and commit (a job, like a request, commits once)."""
    try:
        count = publish_due_agendas()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return count
