from __future__ import annotations

import enum


class PollAnswerValue(enum.StrEnum):
    YES = "yes"
    IF_NEED_BE = "if_need_be"
    NO = "no"


class PollState(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"
