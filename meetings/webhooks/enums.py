from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class EventKind(enum.StrEnum):
    """What a webhook may be told of; the value is the ``kind`` of the payload and the
    ``X-Meetings-Event`` header."""

    MEETING_SCHEDULED = "meeting.scheduled"
    #: Moved in time or place, or renumbered.
    MEETING_CHANGED = "meeting.changed"
    MEETING_CANCELLED = "meeting.cancelled"
    AGENDA_PUBLISHED = "agenda.published"
    MINUTES_PUBLISHED = "minutes.published"
    #: A decision entered the register: with approved minutes, or a vote by
    #: correspondence closed with a numbered decision.
    DECISION_RECORDED = "decision.recorded"
    #: The "send a test event" button (never chosen, always delivered).
    PING = "ping"

    @property
    def label(self) -> str:
        return str(_LABELS[self])


_LABELS = {
    EventKind.MEETING_SCHEDULED: _l("A meeting was scheduled"),
    EventKind.MEETING_CHANGED: _l("A meeting was changed (time, place or number)"),
    EventKind.MEETING_CANCELLED: _l("A meeting was cancelled"),
    EventKind.AGENDA_PUBLISHED: _l("An agenda was published"),
    EventKind.MINUTES_PUBLISHED: _l("Minutes were published"),
    EventKind.DECISION_RECORDED: _l("A decision was recorded"),
    EventKind.PING: _l("Test event"),
}

#: The kinds a subscription may choose, in the order the form lists them.
CHOOSABLE = tuple(kind for kind in EventKind if kind != EventKind.PING)


class DeliveryState(enum.StrEnum):
    #: Waiting for its first attempt or for a retry.
    PENDING = "pending"
    #: The receiver answered 2xx.
    DELIVERED = "delivered"
    #: Given up after the last attempt.
    FAILED = "failed"

    @property
    def label(self) -> str:
        return str(
            {
                DeliveryState.PENDING: _l("Waiting"),
                DeliveryState.DELIVERED: _l("Delivered"),
                DeliveryState.FAILED: _l("Failed"),
            }[self]
        )
