from __future__ import annotations

import enum


class Role(enum.StrEnum):
    """A person's role in a working group, strongest first."""

    CHAIR = "chair"
    ASSISTANT = "assistant"
    MEMBER = "member"
    OBSERVER = "observer"


class Language(enum.StrEnum):
    """Languages a group can keep its documents in."""

    CS = "cs"
    SK = "sk"
    HU = "hu"
    LV = "lv"
    EN = "en"
