from __future__ import annotations

import enum


class ItemKind(enum.StrEnum):
    INFORMATION = "information"
    DISCUSSION = "discussion"
    DECISION = "decision"
