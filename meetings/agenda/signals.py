"""What a new agenda asks of the domains above agenda (see ``meetings.signals``).

The agenda may not import the minutes (ARCHITECTURE §7); the minutes answer these signals
in ``minutes/reactions.py``. Receivers hand back plain values, defined here, so that the
agenda never reads another domain's models.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from blinker import Namespace

_signals = Namespace()


@dataclass(frozen=True)
class OpenAction:
    """An open task as the standard item "Review of open action items" lists it."""

    text: str
    #: The name of the person the task is assigned to.
    owner: str | None = None
    due_on: dt.date | None = None


#: The standard item "Review of open action items" of a new agenda is being drafted
#: (sender: the host WorkingGroup; ``meeting``: the meeting whose agenda starts). Sent only
#: when the group adds that item. Receivers return a dict: the minutes its
#: ``open_actions``, a list of ``OpenAction`` in the order to list them. Without an answer
#: the item has no description.
action_review_drafting = _signals.signal("action-review-drafting")

# --- what happens to an agenda, for the domains above (``notifications`` tells people) ---
# Sent after the change is flushed, inside the same transaction: what a receiver queues
# (mail, notifications) commits or rolls back with it.

#: The chair is asked to review the agenda (sender: the meeting; ``actor``: who asked).
agenda_review_requested = _signals.signal("agenda-review-requested")

#: The chair has reviewed the agenda (sender: the meeting; ``actor``: the reviewer;
#: ``requested_by_id``: the id of the person who asked, or None).
agenda_reviewed = _signals.signal("agenda-reviewed")

#: The agenda became visible to the members for the first time (sender: the meeting;
#: ``actor``: who published it, None for the timed job). Sent once per meeting.
agenda_published = _signals.signal("agenda-published")
