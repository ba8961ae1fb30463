"""Who recorded the minutes and who verifies them ("Zapsal/a", "Ověřil/a").

Public bodies file minutes with both names: the recorder (usually the assistant) and a
verifier, a member who reads the submitted record and confirms it before the chair
approves it, when the group requires that (``WorkingGroup.requires_minutes_verification``).
The confirmation itself is a step of the workflow (``workflow.verify``).
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from ... import audit
from ...extensions import db
from ...scheduling.models import Meeting
from ..enums import MinutesState
from ..models import Minutes
from .common import MinutesError
from .editions import minutes_for
from .tasks import owner_choices


def signatory_choices(meeting: Meeting, minutes: Minutes | None) -> list[tuple[int, str]]:
    """People who may record or verify the minutes: members of the groups taking part
    (and the people chosen already, should they have left). One query."""
    keep = [minutes.recorded_by_id, minutes.verified_by_id] if minutes is not None else []
    return owner_choices(meeting, keep)


def set_signatories(
    meeting: Meeting,
    *,
    recorded_by_id: int | None,
    verified_by_id: int | None,
    actor: Any,
) -> Minutes:
    """Choose the recorder and the verifier of the meeting's current minutes (created as a
    draft when missing). Only while the minutes are a draft: once submitted, the verifier
    is who confirms them.

    Side effects: recorded_by_id, verified_by_id (a new verifier's earlier confirmation is
    dropped); the version goes up; an audit entry; flushes. Raises MinutesError when the
    minutes are not a draft or a person is not one of ``signatory_choices``.
    """
    minutes = minutes_for(meeting)
    if minutes.state != MinutesState.DRAFT:
        raise MinutesError(_l("Only draft minutes can be changed."))
    allowed = {person_id for person_id, _name in signatory_choices(meeting, minutes)}
    for person_id in (recorded_by_id, verified_by_id):
        if person_id is not None and person_id not in allowed:
            raise MinutesError(_l("Choose one of the offered options."))
    if minutes.verified_by_id != verified_by_id:
        minutes.verified_at = None
    minutes.recorded_by_id = recorded_by_id
    minutes.verified_by_id = verified_by_id
    db.session.flush()
    audit.record(
        "minutes.signatories",
        subject=minutes,
        group_id=meeting.group_id,
        detail=f"recorded by {recorded_by_id}, verified by {verified_by_id}",
        actor=actor,
    )
    return minutes


def awaits_verification(minutes: Minutes) -> bool:
    """Submitted minutes whose group requires verification and whose verifier has not
    confirmed them yet: the chair cannot approve them."""
    return (
        minutes.state == MinutesState.SUBMITTED
        and minutes.meeting.group.requires_minutes_verification
        and minutes.verified_at is None
    )
