from __future__ import annotations

import enum


class Rsvp(enum.StrEnum):
    """An invitee's answer, as iCalendar's PARTSTAT."""

    NEEDS_ACTION = "needs_action"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    TENTATIVE = "tentative"


class Attendance(enum.StrEnum):
    """Attendance as recorded in the minutes."""

    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"
    REPRESENTED = "represented"
    #: Took part in a hybrid meeting online (counts like present).
    ONLINE = "online"


class ParticipantRole(enum.StrEnum):
    """iCalendar ROLE of an attendee."""

    CHAIR = "chair"
    REQUIRED = "required"
    OPTIONAL = "optional"
    NON_PARTICIPANT = "non_participant"
