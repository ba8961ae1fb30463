"""The rules of a vote by correspondence, as plain arithmetic: how many ballots make it
quorate, what a count of ballots decides, and when the ballots still missing can no longer
change that.

- **Quorum.** The number of ballots cast (for, against and abstaining alike) is held
  against the group's quorum rule over the voting members the proposal was put to: its
  number of members, more than half, or at least two thirds of them
  (``minutes.services.attendance.quorum_needed``). A group that sets no quorum needs at
  least half of its voting members to vote: a decision taken by a few members of a large
  group without their colleagues would not be the group's decision.
- **Adoption.** A quorate vote adopts the proposal when more than half of the ballots cast
  are for it (``for > (for + against + abstain) / 2``): abstaining counts as not
  supporting it. Otherwise it is rejected. A vote that is not quorate decides nothing.
- **Closing early.** A ballot can be changed until the vote closes; the vote closes at its
  deadline, or as soon as every voting member has voted, or once the ballots still
  missing could not change the result whichever way they were cast (or if they were not
  cast at all).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..groups.enums import QuorumRule
from ..groups.models import WorkingGroup
from ..minutes.services.attendance import defines_quorum, quorum_needed
from .enums import Choice, QuorumBasis, Result


@dataclass(frozen=True)
class Tally:
    """The ballots cast so far (or at closing)."""

    for_: int = 0
    against: int = 0
    abstain: int = 0

    @classmethod
    def of(cls, choices: Iterable[Choice | None]) -> Tally:
        choices = list(choices)
        return cls(
            choices.count(Choice.FOR), choices.count(Choice.AGAINST), choices.count(Choice.ABSTAIN)
        )

    @property
    def cast(self) -> int:
        return self.for_ + self.against + self.abstain


@dataclass(frozen=True)
class Quorum:
    basis: QuorumBasis
    #: Ballots needed for a quorate vote.
    needed: int


def quorum_of(group: WorkingGroup, voting: int) -> Quorum:
    """The group's quorum over ``voting`` voting members (see the module's notes)."""
    if not defines_quorum(group):
        return Quorum(QuorumBasis.HALF, max(1, -(-voting // 2)))
    basis = {
        QuorumRule.COUNT: QuorumBasis.COUNT,
        QuorumRule.MAJORITY: QuorumBasis.MAJORITY,
        QuorumRule.TWO_THIRDS: QuorumBasis.TWO_THIRDS,
    }[group.quorum_rule]
    return Quorum(basis, max(1, quorum_needed(group, voting)))


def result_of(tally: Tally, needed: int) -> Result:
    """What the ballots decide: not quorate below ``needed`` ballots cast; else adopted when
    more than half of them are for the proposal, rejected otherwise."""
    if tally.cast < needed:
        return Result.NOT_QUORATE
    if 2 * tally.for_ > tally.cast:
        return Result.ADOPTED
    return Result.REJECTED


def settled(tally: Tally, voting: int, needed: int) -> Result | None:
    """The result when the ballots still missing (``voting - tally.cast`` of them) can no
    longer change it, however they are cast or if they are not; None while they can.

    Each further ballot for the proposal brings it closer to both the quorum and adoption;
    each further ballot against (or abstaining) closer to the quorum and rejection. So the
    missing ballots can still adopt it if all of them for it would, reject it if all of them
    against would, and leave it not quorate if none of them would make it quorate.
    """
    missing = voting - tally.cast
    possible = {
        result_of(Tally(tally.for_ + missing, tally.against, tally.abstain), needed),
        result_of(Tally(tally.for_, tally.against + missing, tally.abstain), needed),
        result_of(tally, needed),
    }
    return possible.pop() if len(possible) == 1 else None
