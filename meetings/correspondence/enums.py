from __future__ import annotations

import enum


class VoteState(enum.StrEnum):
    """Where a vote by correspondence stands: ballots are taken while it is open."""

    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Choice(enum.StrEnum):
    """A ballot: for, against, or abstaining."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class Result(enum.StrEnum):
    """What a closed vote decided."""

    #: Quorate, and more than half of the ballots cast are for the proposal.
    ADOPTED = "adopted"
    #: Quorate, but not more than half of the ballots cast are for it.
    REJECTED = "rejected"
    #: Too few ballots were cast: nothing was decided.
    NOT_QUORATE = "not_quorate"


class CloseReason(enum.StrEnum):
    """Why a vote closed when it did."""

    #: Its deadline passed.
    DEADLINE = "deadline"
    #: Every voting member had voted.
    ALL_VOTED = "all_voted"
    #: The ballots still missing could no longer change the result.
    DECIDED = "decided"


class QuorumBasis(enum.StrEnum):
    """The rule the number of ballots cast is held against (``groups.QuorumRule``, and the
    rule for a group that sets none)."""

    #: At least the group's number of voting members.
    COUNT = "count"
    #: More than half of the voting members.
    MAJORITY = "majority"
    #: At least two thirds of the voting members.
    TWO_THIRDS = "two_thirds"
    #: The group sets no quorum: at least half of the voting members.
    HALF = "half"


class Channel(enum.StrEnum):
    """Where a ballot was cast."""

    #: Through the signed link in the e-mail, without signing in.
    LINK = "link"
    #: On the vote's page in the app.
    PAGE = "page"
