from __future__ import annotations

import enum


class ReminderKind(enum.StrEnum):
    #: Before a meeting, to everyone who accepted, may come or has not answered.
    MEETING = "meeting"
    #: An invitation still unanswered a few days before the meeting.
    UNANSWERED = "unanswered"
    #: Minutes submitted and still waiting for the chair's approval.
    MINUTES_APPROVAL = "minutes_approval"
    #: The weekly digest (opt-in).
    DIGEST = "digest"


class PlanState(enum.StrEnum):
    """What became of a planned message (derived from its times, for the admin page)."""

    PLANNED = "planned"
    SENT = "sent"
    #: No longer wanted: the meeting moved or was cancelled, the person turned it off.
    DROPPED = "dropped"
