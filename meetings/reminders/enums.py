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
    #: To a task's owner: a few days before the due date and the day after it (overdue).
    TASK = "task"
    #: To the assistants of a task's group, once, the day after an open task's due date.
    TASK_OVERDUE = "task_overdue"
    #: A day before a date poll's deadline, to those who have not answered.
    POLL = "poll"
    #: A day before a vote by correspondence closes, to the voting members yet to vote.
    VOTE = "vote"


class PlanState(enum.StrEnum):
    """What became of a planned message (derived from its times, for the admin page)."""

    PLANNED = "planned"
    SENT = "sent"
    #: No longer wanted: the meeting moved or was cancelled, the person turned it off.
    DROPPED = "dropped"
    #: Its time came with nothing to say (a weekly digest of an empty week): done, unsent.
    EMPTY = "empty"
