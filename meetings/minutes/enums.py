from __future__ import annotations

import enum


class MinutesState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    PUBLISHED = "published"


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class VoteChoice(enum.StrEnum):
    """A voting member's vote in a roll-call (a vote by name)."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"
    NOT_VOTING = "not_voting"
