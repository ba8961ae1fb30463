"""Reminders follow their meetings, and the account page shows the choices.

A meeting moved or cancelled re-plans at once (its unsent reminders are dropped, those at
the new times planned); the worker's minute would do it too.
"""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request

from ..auth.signals import person_page
from ..scheduling.signals import meeting_cancelled, meeting_moved, meeting_scheduled
from . import meeting_kinds as _kinds  # noqa: F401  (registers the planners)
from .choices import choices_of
from .forms import ChoicesForm
from .services import replan


@meeting_moved.connect
@meeting_cancelled.connect
@meeting_scheduled.connect
def _replan(meeting: Any, **_: Any) -> None:
    replan()


@person_page.connect
def _choices_on_account_page(person: Any, *, user: Any = None, **_: Any) -> dict[str, Any]:
    if not has_request_context() or request.endpoint != "auth.account":
        return {}
    if getattr(user, "id", None) != person.id:
        return {}
    return {"reminder_choices": choices_of(person.email), "reminder_choices_form": ChoicesForm()}
