"""The meeting's status workflow: one table of allowed transitions, one function to move.

    draft ──schedule──▶ scheduled ──mark held──▶ held
      │                    │
      └──────cancel────────┴──────▶ cancelled (with a reason)

Views never set ``Meeting.status`` themselves; they call :func:`transition_meeting`.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask_babel import lazy_gettext as _l

from ..extensions import db
from .enums import MeetingStatus
from .models import Meeting
from .numbering import (
    announce_renumbered,
    default_title,
    is_default_title,
    next_meeting_number,
    number_in_date_order,
)
from .signals import meeting_cancelled, meeting_scheduled

log = logging.getLogger(__name__)

#: from status → the statuses a meeting may move to from it.
TRANSITIONS: dict[MeetingStatus, frozenset[MeetingStatus]] = {
    MeetingStatus.DRAFT: frozenset({MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED}),
    MeetingStatus.SCHEDULED: frozenset({MeetingStatus.HELD, MeetingStatus.CANCELLED}),
    MeetingStatus.HELD: frozenset(),
    MeetingStatus.CANCELLED: frozenset(),
}

#: Longest cancellation reason kept.
MAX_REASON = 2000


class TransitionError(Exception):
    """The meeting cannot move to that status; ``message`` says why, in the user's language."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


_STATUS_NAMES = {
    MeetingStatus.DRAFT: _l("draft"),
    MeetingStatus.SCHEDULED: _l("scheduled"),
    MeetingStatus.HELD: _l("held"),
    MeetingStatus.CANCELLED: _l("cancelled"),
}


def status_name(status: MeetingStatus) -> str:
    return str(_STATUS_NAMES[status])


def allowed_transitions(meeting: Meeting) -> frozenset[MeetingStatus]:
    return TRANSITIONS[meeting.status]


def transition_meeting(
    meeting: Meeting,
    to_status: MeetingStatus | str,
    *,
    actor: Any,
    reason: str | None = None,
    now: dt.datetime | None = None,
    notify: bool = True,
) -> Meeting:
    """Move the meeting to ``to_status`` if the table allows it; raise TransitionError if not.

    Side effects:
    - draft → scheduled: takes the next number of the host group (an atomic UPDATE …
      RETURNING on the counter; see numbering.py) and, when the title is still the group's
      default title, puts that number into it; then, under the same lock, numbers the
      group's scheduled meetings in date order (an earlier-dated meeting takes the number
      of the first later one and those move up by one; held ones never change);
    - → cancelled: stores the reason (required); the meeting keeps its number;
    - → held: only once the meeting has begun;
    - draft → scheduled ("publishing"): sends ``meeting_scheduled`` (the invitations
      domain invites the participants and queues their invitations);
    - scheduled → cancelled: raises SEQUENCE and sends ``meeting_cancelled`` (METHOD:CANCEL
      goes to every invitee);
    - with ``notify=False`` the invitations are made and SEQUENCE raised, but nothing is
      sent: for changes of several occurrences of a series, whose invitees then get one
      message for all of them (``series_changed``);
    - sets ``status``, flushes, logs who did it. Never commits.
    """
    try:
        target = MeetingStatus(to_status)
    except ValueError:
        raise TransitionError(_l("Unknown meeting status.")) from None
    current = meeting.status
    if target == current:
        raise TransitionError(_l("The meeting is already %(status)s.", status=status_name(current)))
    if target not in TRANSITIONS[current]:
        raise TransitionError(
            _l(
                "A %(current)s meeting cannot become %(target)s.",
                current=status_name(current),
                target=status_name(target),
            )
        )
    if target == MeetingStatus.CANCELLED:
        reason = (reason or "").strip()
        if not reason:
            raise TransitionError(_l("Give a reason for the cancellation; participants see it."))
        if len(reason) > MAX_REASON:
            raise TransitionError(_l("At most %(num)d characters.", num=MAX_REASON))
    if target == MeetingStatus.HELD and meeting.starts_at > (now or dt.datetime.now(dt.UTC)):
        raise TransitionError(_l("A meeting can be marked as held only once it has begun."))

    # Every check is above: nothing has changed when TransitionError is raised.
    if target == MeetingStatus.CANCELLED:
        meeting.cancel_reason = reason
    if target == MeetingStatus.SCHEDULED and meeting.number is None:
        number = next_meeting_number(db.session, meeting.group)
        if is_default_title(meeting.group, meeting.title):
            meeting.title = default_title(meeting.group, number)
        meeting.number = number
        meeting.status = target
        db.session.flush()
        changes = number_in_date_order(meeting.group)
        # This meeting's invitations follow (``meeting_scheduled``); the others' updates now.
        announce_renumbered(changes, except_id=meeting.id)
    meeting.status = target
    db.session.flush()
    if target == MeetingStatus.SCHEDULED:
        meeting_scheduled.send(meeting, notify=notify)
    elif target == MeetingStatus.CANCELLED and current == MeetingStatus.SCHEDULED:
        # A change of STATUS: calendars replace the entry they hold.
        meeting.sequence += 1
        db.session.flush()
        meeting_cancelled.send(meeting, notify=notify)
    log.info(
        "meeting %s: %s -> %s by %s",
        meeting.id,
        current,
        target,
        getattr(actor, "id", None),
    )
    return meeting
