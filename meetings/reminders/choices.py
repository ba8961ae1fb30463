"""Who wants which optional message, and the signed one-click unsubscribe link.

Choices are kept by e-mail address (``MailChoice``): an invited guest without an account
unsubscribes as a member does. Invitations are always sent and are not listed here.
They are the one source of truth for every timed message, task reminders included (the
former ``users.notify_task_reminders`` was moved into them by migration 0030).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from ..db import utcnow
from ..extensions import db
from ..links import external_url
from .enums import ReminderKind
from .models import MailChoice

#: The optional kinds, in the order of the preferences: label and default.
OPTIONAL: dict[str, tuple[Any, bool]] = {
    ReminderKind.MEETING: (_l("Reminders before meetings I take part in"), True),
    ReminderKind.UNANSWERED: (_l("Reminders of invitations I have not answered"), True),
    ReminderKind.POLL: (_l("Reminders of date polls I have not answered"), True),
    ReminderKind.VOTE: (_l("Reminders of votes by correspondence I have not voted in"), True),
    ReminderKind.TASK: (_l("Reminders of my tasks, before the due date and when overdue"), True),
    ReminderKind.TASK_OVERDUE: (_l("Overdue tasks in the groups I am the assistant of"), True),
    ReminderKind.MINUTES_APPROVAL: (_l("Minutes waiting for my approval as chair"), True),
    ReminderKind.DIGEST: (_l("A weekly digest on Monday morning"), False),
}

_SALT = "meetings.reminders.unsubscribe"


@dataclass(frozen=True)
class Choice:
    kind: str
    label: Any
    wanted: bool


def normalise(email: str) -> str:
    return (email or "").strip().lower()


def choices_of(email: str) -> list[Choice]:
    """The address's choice for every optional kind. One query."""
    stored = {
        c.kind: c.wanted
        for c in db.session.scalars(select(MailChoice).where(MailChoice.email == normalise(email)))
    }
    return [
        Choice(kind, label, stored.get(kind, default))
        for kind, (label, default) in OPTIONAL.items()
    ]


def wanting(emails: Iterable[str], kind: str) -> set[str]:
    """Of ``emails`` (lower case), those who want ``kind``. One query."""
    emails = {normalise(e) for e in emails if e}
    if not emails:
        return set()
    default = OPTIONAL.get(kind, (None, True))[1]
    stored = dict(
        db.session.execute(
            select(MailChoice.email, MailChoice.wanted).where(
                MailChoice.kind == kind, MailChoice.email.in_(emails)
            )
        ).all()
    )
    return {e for e in emails if stored.get(e, default)}


def set_choice(email: str, kind: str, wanted: bool) -> None:
    """Keep the address's choice for ``kind``. Side effects: a MailChoice row; flushes."""
    email = normalise(email)
    row = db.session.get(MailChoice, (email, kind))
    if row is None:
        db.session.add(MailChoice(email=email, kind=kind, wanted=wanted))
    else:
        row.wanted = wanted
        row.changed_at = utcnow()
    db.session.flush()


def save_choices(email: str, wanted: Iterable[str]) -> None:
    """Keep the optional kinds in ``wanted`` on, the others off. Flushes."""
    wanted = set(wanted)
    for kind in OPTIONAL:
        set_choice(email, kind, kind in wanted)


# --- the unsubscribe link ----------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(email: str, kind: str) -> str:
    """A signed token naming the address and the kind (no expiry: old mail keeps working)."""
    return _serializer().dumps([normalise(email), kind])


def read_token(token: str) -> tuple[str, str] | None:
    """(address, kind) from a token; None when it was altered or names no optional kind."""
    try:
        email, kind = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(email, str) or kind not in OPTIONAL:
        return None
    return email, kind


def unsubscribe_url(email: str, kind: str) -> str:
    return external_url("reminders.unsubscribe", token=unsubscribe_token(email, kind))


def unsubscribe_headers(email: str, kind: str) -> dict[str, str]:
    """RFC 2369 / RFC 8058 headers: mail programs offer a one-click unsubscribe."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(email, kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def add_unsubscribe_headers(message: Any, email: str, kind: str) -> Any:
    """Put the one-click unsubscribe headers on ``message``; returns it."""
    for header, value in unsubscribe_headers(email, kind).items():
        message[header] = value
    return message


def label_of(kind: str) -> Any:
    return OPTIONAL[kind][0]
