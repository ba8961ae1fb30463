from __future__ import annotations

import enum


class MeetingKind(enum.StrEnum):
    REGULAR = "regular"
    #: Extended meeting / round table with outside guests.
    EXTENDED = "extended"
    #: One meeting of several working groups.
    JOINT = "joint"
    PUBLIC_EVENT = "public_event"


class MeetingStatus(enum.StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


class ProposalState(enum.StrEnum):
    """A group proposed for a joint meeting by someone who does not manage it: it takes
    part only once one of its managers accepts."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"
