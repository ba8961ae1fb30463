"""The minutes' workflow: one table of allowed transitions, one function to move.

    draft ──submit──▶ submitted ──approve──▶ approved ──(publishing job)──▶ published
      ▲                  │  ▲
      └──return (comment)┘  └ verify: the chosen verifier confirms (required before the
                              approval when the group says so; dropped on a return)

    approved / published ──start_correction(reason)──▶ a new edition, in draft

Views never set ``Minutes.state`` themselves: they call :func:`transition` (and the
publishing job, once the PDF is stored, calls ``transition(m, PUBLISHED, actor=…)``).
Approved minutes never change: a correction is a new edition with a reason, and the old
edition stays readable.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import audit
from ..auth.models import User
from ..auth.permissions import can
from ..db import utcnow
from ..extensions import db
from .enums import MinutesState
from .models import Minutes, MinutesEntry
from .services import (
    MAX_COMMENT,
    STATE_LABELS,
    awaits_verification,
    minutes_for,
    record_revision,
)
from .signals import minutes_moved, minutes_verified

log = logging.getLogger(__name__)

__all__ = [
    "TRANSITIONS",
    "TransitionError",
    "allowed_transitions",
    "minutes_for",
    "start_correction",
    "state_name",
    "transition",
    "verify",
]

#: from state → the states the minutes may move to from it.
TRANSITIONS: dict[MinutesState, frozenset[MinutesState]] = {
    MinutesState.DRAFT: frozenset({MinutesState.SUBMITTED}),
    # Back to draft is "returned for changes", with the chair's comment.
    MinutesState.SUBMITTED: frozenset({MinutesState.DRAFT, MinutesState.APPROVED}),
    # Only through the publishing job (PDF rendered, signed and stored first).
    MinutesState.APPROVED: frozenset({MinutesState.PUBLISHED}),
    MinutesState.PUBLISHED: frozenset(),
}

#: The permission each transition needs (publishing is checked when it is requested).
_PERMISSION: dict[tuple[MinutesState, MinutesState], str] = {
    (MinutesState.DRAFT, MinutesState.SUBMITTED): "minutes.submit",
    (MinutesState.SUBMITTED, MinutesState.DRAFT): "minutes.return",
    (MinutesState.SUBMITTED, MinutesState.APPROVED): "minutes.approve",
}


class TransitionError(Exception):
    """The minutes cannot move to that state; ``message`` says why, in the user's language."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def state_name(state: MinutesState) -> str:
    return str(STATE_LABELS[MinutesState(state)])


def allowed_transitions(minutes: Minutes) -> frozenset[MinutesState]:
    return TRANSITIONS[minutes.state]


#: The act each state change records in the audit log.
_AUDITED = {
    MinutesState.SUBMITTED: "minutes.submitted",
    MinutesState.DRAFT: "minutes.returned",
    MinutesState.APPROVED: "minutes.approved",
    MinutesState.PUBLISHED: "minutes.published",
}


def transition(
    minutes: Minutes,
    to_state: MinutesState | str,
    *,
    actor: Any,
    comment: str | None = None,
    now: dt.datetime | None = None,
) -> Minutes:
    """Move the minutes to ``to_state`` if the table (and the actor's rights) allow it;
    raise TransitionError if not — nothing has changed then.

    Side effects:
    - draft → submitted: submitted_at set; only once the meeting has begun;
    - submitted → draft ("returned"): the comment (required) kept in return_comment,
      visible in the draft; submitted_at cleared;
    - submitted → approved: approved_by = the actor, approved_at = now (the chair only);
    - approved → published: published_at = now, publish_error cleared; needs the stored
      PDF's SHA-256 (set by the publishing job before it calls this);
    - sets ``state`` (the version goes up), flushes, logs who did it;
    - ``signals.minutes_moved`` sent: the notifications package tells whoever acts next
      (the chair on submission, the assistants when returned or approved), in the app
      and by mail, as each of them wants. Never commits.
    """
    try:
        target = MinutesState(to_state)
    except ValueError:
        raise TransitionError(_l("Unknown state of the minutes.")) from None
    current = minutes.state
    now = now or utcnow()
    if target == current:
        raise TransitionError(_l("The minutes are already %(state)s.", state=state_name(current)))
    if target not in TRANSITIONS[current]:
        raise TransitionError(
            _l(
                "Minutes that are %(current)s cannot become %(target)s.",
                current=state_name(current),
                target=state_name(target),
            )
        )
    permission = _PERMISSION.get((current, target))
    if permission is not None and not can(actor, permission, minutes):
        raise TransitionError(refusal(permission, minutes))
    if target == MinutesState.SUBMITTED and minutes.meeting.starts_at > now:
        raise TransitionError(_l("Minutes can be submitted once the meeting has begun."))
    if (
        target == MinutesState.SUBMITTED
        and minutes.meeting.group.requires_minutes_verification
        and minutes.verified_by_id is None
    ):
        raise TransitionError(
            _l("The group's minutes are verified: choose the verifier before submitting them.")
        )
    if target == MinutesState.APPROVED and awaits_verification(minutes):
        raise TransitionError(
            _l(
                "%(name)s has not verified the minutes yet: they are approved after that.",
                name=minutes.verified_by.name if minutes.verified_by else "—",
            )
        )
    if current == MinutesState.SUBMITTED and target == MinutesState.DRAFT:
        comment = (comment or "").strip()
        if not comment:
            raise TransitionError(
                _l("Say what should be changed: the assistant sees your comment.")
            )
        if len(comment) > MAX_COMMENT:
            raise TransitionError(_l("At most %(num)d characters.", num=MAX_COMMENT))
    if target == MinutesState.PUBLISHED and not minutes.pdf_sha256:
        raise TransitionError(_l("The minutes are published once their PDF is stored."))

    # Every check is above.
    if target == MinutesState.SUBMITTED:
        minutes.submitted_at = now
    elif target == MinutesState.DRAFT:
        minutes.return_comment = comment
        minutes.submitted_at = None
        # The verifier confirmed what they read; a changed text needs a new confirmation.
        minutes.verified_at = None
    elif target == MinutesState.APPROVED:
        minutes.approved_at = now
        actor_id = getattr(actor, "id", None)
        minutes.approved_by = db.session.get(User, actor_id) if actor_id is not None else None
    elif target == MinutesState.PUBLISHED:
        minutes.published_at = now
        minutes.publish_error = None
    minutes.state = target
    db.session.flush()
    log.info("minutes %s: %s -> %s by %s", minutes.id, current, target, getattr(actor, "id", None))
    audit.record(
        _AUDITED[target],
        subject=minutes,
        group_id=minutes.meeting.group_id,
        detail=comment if target == MinutesState.DRAFT else f"edition {minutes.edition}",
        actor=actor,
    )
    minutes_moved.send(minutes, state=target, actor=actor)
    return minutes


def verify(minutes: Minutes, *, actor: Any, now: dt.datetime | None = None) -> Minutes:
    """The chosen verifier confirms the submitted minutes as a true record.

    Side effects: verified_at = now; the version goes up; an audit entry; flushes;
    ``signals.minutes_verified`` sent (the chairs are told they can approve). Raises
    TransitionError when the actor is not the verifier or the minutes are not submitted.
    """
    if not can(actor, "minutes.verify", minutes):
        raise TransitionError(refusal("minutes.verify", minutes))
    minutes.verified_at = now or utcnow()
    db.session.flush()
    log.info("minutes %s verified by %s", minutes.id, getattr(actor, "id", None))
    audit.record(
        "minutes.verified",
        subject=minutes,
        group_id=minutes.meeting.group_id,
        detail=f"edition {minutes.edition}",
        actor=actor,
    )
    minutes_verified.send(minutes, actor=actor)
    return minutes


def refusal(action: str, minutes: Minutes) -> Any:
    """Why ``action`` is refused on these minutes, in the user's words (for the 403 page)."""
    state = minutes.state
    if action in ("minutes.edit", "minutes.submit"):
        if state == MinutesState.SUBMITTED:
            return _l(
                "The minutes are submitted for approval and cannot be edited now. "
                "They can be changed again if the chair returns them."
            )
        if state in (MinutesState.APPROVED, MinutesState.PUBLISHED):
            return _l(
                "Approved minutes never change. To change them, start a correction: "
                "a new edition with a reason, while this one stays readable."
            )
        return _l("Only the group's chair and assistant write the minutes.")
    if action in ("minutes.approve", "minutes.return"):
        if state != MinutesState.SUBMITTED:
            return _l("Only minutes submitted for approval can be approved or returned.")
        return _l("Only the chair of the group approves the minutes or returns them for changes.")
    if action == "minutes.verify":
        if state != MinutesState.SUBMITTED:
            return _l("Minutes are verified while they are submitted for approval.")
        if minutes.verified_at is not None:
            return _l("The minutes have been verified already.")
        return _l("Only the person chosen as verifier confirms the minutes.")
    if action == "minutes.comment":
        if state != MinutesState.SUBMITTED:
            return _l("Comments are collected while the minutes are submitted for approval.")
        return _l("Only members of the groups taking part comment on the minutes.")
    if action == "minutes.publish":
        if state != MinutesState.APPROVED:
            return _l("Only approved minutes can be published.")
        return _l("Only the group's chair and assistant publish the minutes.")
    if action == "minutes.correct":
        if state not in (MinutesState.APPROVED, MinutesState.PUBLISHED):
            return _l("Only approved minutes are corrected; a draft is simply edited.")
        return _l("Only the group's chair and assistant correct the minutes.")
    return _l("Your account does not have the rights this page needs.")


def start_correction(minutes: Minutes, reason: str, *, actor: Any) -> Minutes:
    """Start a correction of approved (or published) minutes: a new edition.

    Side effects: adds a Minutes row (edition + 1, draft, the reason, the texts and the
    per-item entries copied) and its first revision; flushes. The old edition is left as
    it is and stays readable. Raises TransitionError when the minutes are not approved,
    not the newest edition, the actor may not correct them, or the reason is missing.
    """
    if not can(actor, "minutes.correct", minutes):
        raise TransitionError(refusal("minutes.correct", minutes))
    newest = db.session.scalar(
        select(func.max(Minutes.edition)).where(Minutes.meeting_id == minutes.meeting_id)
    )
    if newest is not None and newest > minutes.edition:
        raise TransitionError(_l("A correction of these minutes has been started already."))
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_l("Give the reason for the correction; readers see it."))
    if len(reason) > MAX_COMMENT:
        raise TransitionError(_l("At most %(num)d characters.", num=MAX_COMMENT))
    correction = Minutes(
        meeting=minutes.meeting,
        edition=minutes.edition + 1,
        state=MinutesState.DRAFT,
        correction_reason=reason,
        opening=minutes.opening,
        closing=minutes.closing,
        next_meeting=minutes.next_meeting,
        recorded_by_id=minutes.recorded_by_id,
        verified_by_id=minutes.verified_by_id,
        entries=[
            MinutesEntry(agenda_item_id=e.agenda_item_id, text=e.text) for e in minutes.entries
        ],
    )
    db.session.add(correction)
    db.session.flush()
    record_revision(correction, actor, note=reason)
    audit.record(
        "minutes.correction_started",
        subject=correction,
        group_id=minutes.meeting.group_id,
        detail=f"edition {correction.edition}: {reason}",
        actor=actor,
    )
    log.info(
        "minutes %s: correction %s started by %s",
        minutes.id,
        correction.edition,
        getattr(actor, "id", None),
    )
    return correction
