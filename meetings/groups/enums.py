from __future__ import annotations

import enum


class Role(enum.StrEnum):
    """A person's role in a working group, strongest first."""

    CHAIR = "chair"
    ASSISTANT = "assistant"
    MEMBER = "member"
    OBSERVER = "observer"


class QuorumRule(enum.StrEnum):
    """How a group's quorum is reached, counting its voting members present or represented."""

    #: At least ``WorkingGroup.quorum`` voting members.
    COUNT = "count"
    #: More than half of the voting members.
    MAJORITY = "majority"
    #: At least two thirds of the voting members.
    TWO_THIRDS = "two_thirds"


class Language(enum.StrEnum):
    """Languages a group can keep its documents in."""

    CS = "cs"
    SK = "sk"
    HU = "hu"
    LV = "lv"
    EN = "en"
