"""The domain signals that become webhook events (``meetings.signals``): each queues its
deliveries in the transaction of the change, so they go out only if it commits.

- a meeting left draft → ``meeting.scheduled``; it moved in time or place, or got
  another number → ``meeting.changed``; it was cancelled → ``meeting.cancelled``;
- its agenda became visible to the members → ``agenda.published``;
- its minutes were published → ``minutes.published``; approved → a
  ``decision.recorded`` for each decision in them;
- a vote by correspondence closed with a numbered decision → ``decision.recorded``.
"""

from __future__ import annotations

from typing import Any

from ..agenda.signals import agenda_published
from ..correspondence.models import CorrespondenceVote
from ..correspondence.signals import vote_closed
from ..minutes.enums import MinutesState
from ..minutes.models import Minutes
from ..minutes.services.decisions import decisions_of
from ..minutes.signals import minutes_moved
from ..scheduling.models import Meeting
from ..scheduling.signals import (
    meeting_cancelled,
    meeting_moved,
    meeting_renumbered,
    meeting_scheduled,
)
from . import jobs as _jobs  # noqa: F401  (registers the worker's task and the sweep)
from . import payloads
from .enums import EventKind
from .services import queue_event


def _meeting_event(kind: EventKind, meeting: Meeting) -> None:
    queue_event(kind, meeting.groups, lambda person: payloads.meeting_data(person, meeting))


@meeting_scheduled.connect
def _scheduled(meeting: Meeting, **_: Any) -> None:
    _meeting_event(EventKind.MEETING_SCHEDULED, meeting)


@meeting_moved.connect
@meeting_renumbered.connect
def _changed(meeting: Meeting, **_: Any) -> None:
    _meeting_event(EventKind.MEETING_CHANGED, meeting)


@meeting_cancelled.connect
def _cancelled(meeting: Meeting, **_: Any) -> None:
    _meeting_event(EventKind.MEETING_CANCELLED, meeting)


@agenda_published.connect
def _agenda(meeting: Meeting, **_: Any) -> None:
    queue_event(
        EventKind.AGENDA_PUBLISHED,
        meeting.groups,
        lambda person: payloads.agenda_data(person, meeting),
    )


@minutes_moved.connect
def _minutes(minutes: Minutes, *, state: MinutesState, **_: Any) -> None:
    meeting = minutes.meeting
    if state == MinutesState.PUBLISHED:
        queue_event(
            EventKind.MINUTES_PUBLISHED,
            meeting.groups,
            lambda person: payloads.minutes_data(person, minutes),
        )
    elif state == MinutesState.APPROVED:
        for decision in decisions_of(meeting):
            queue_event(
                EventKind.DECISION_RECORDED,
                meeting.groups,
                lambda person, d=decision: payloads.decision_data(person, d, minutes),
            )


@vote_closed.connect
def _vote(vote: CorrespondenceVote, **_: Any) -> None:
    if vote.decision_sequence is None:
        return
    queue_event(
        EventKind.DECISION_RECORDED,
        [vote.group],
        lambda person: payloads.vote_decision_data(person, vote),
    )
