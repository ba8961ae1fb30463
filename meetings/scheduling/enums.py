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
