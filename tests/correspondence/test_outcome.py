"""The rules of a vote by correspondence: the quorum, what the ballots decide, and when the
ballots still missing can no longer change it."""

from __future__ import annotations

import itertools

import pytest

from meetings.correspondence.enums import Choice, QuorumBasis, Result
from meetings.correspondence.outcome import Quorum, Tally, quorum_of, result_of, settled
from meetings.groups.enums import QuorumRule

from .. import factories


def test_tally_counts_each_choice_and_leaves_out_who_did_not_vote():
    tally = Tally.of([Choice.FOR, Choice.FOR, Choice.AGAINST, None, Choice.ABSTAIN, None])

    assert (tally.for_, tally.against, tally.abstain, tally.cast) == (2, 1, 1, 4)


@pytest.mark.parametrize(
    ("tally", "needed", "expected"),
    [
        # Quorate, more than half of the ballots cast for it: adopted.
        (Tally(2, 0, 0), 2, Result.ADOPTED),
        (Tally(2, 1, 0), 2, Result.ADOPTED),
        (Tally(3, 1, 1), 3, Result.ADOPTED),
        # Half is not more than half: a tie is rejected, and abstaining counts as not for.
        (Tally(1, 1, 0), 2, Result.REJECTED),
        (Tally(1, 0, 1), 2, Result.REJECTED),
        (Tally(2, 0, 2), 3, Result.REJECTED),
        (Tally(0, 3, 0), 2, Result.REJECTED),
        # Too few ballots: nothing decided, however they were cast.
        (Tally(1, 0, 0), 2, Result.NOT_QUORATE),
        (Tally(5, 0, 0), 6, Result.NOT_QUORATE),
        (Tally(0, 0, 0), 1, Result.NOT_QUORATE),
    ],
)
def test_result_of_the_ballots_cast(tally, needed, expected):
    assert result_of(tally, needed) == expected


@pytest.mark.parametrize(
    ("rule", "quorum", "voting", "expected"),
    [
        (QuorumRule.COUNT, 2, 3, Quorum(QuorumBasis.COUNT, 2)),
        (QuorumRule.MAJORITY, None, 11, Quorum(QuorumBasis.MAJORITY, 6)),
        (QuorumRule.MAJORITY, None, 10, Quorum(QuorumBasis.MAJORITY, 6)),
        (QuorumRule.TWO_THIRDS, None, 11, Quorum(QuorumBasis.TWO_THIRDS, 8)),
        (QuorumRule.TWO_THIRDS, None, 9, Quorum(QuorumBasis.TWO_THIRDS, 6)),
        # A group that sets no quorum: at least half of its voting members.
        (QuorumRule.COUNT, None, 11, Quorum(QuorumBasis.HALF, 6)),
        (QuorumRule.COUNT, None, 10, Quorum(QuorumBasis.HALF, 5)),
        (QuorumRule.COUNT, None, 1, Quorum(QuorumBasis.HALF, 1)),
    ],
)
def test_quorum_follows_the_groups_rule_over_its_voting_members(
    db_session, rule, quorum, voting, expected
):
    group = factories.make_group(quorum_rule=rule, quorum=quorum)

    assert quorum_of(group, voting) == expected


@pytest.mark.parametrize(
    ("tally", "voting", "needed", "expected"),
    [
        # Three voting members, two needed: two for, and the third cannot undo it.
        (Tally(2, 0, 0), 3, 2, Result.ADOPTED),
        # Two against: the third cannot make it adopted.
        (Tally(0, 2, 0), 3, 2, Result.REJECTED),
        (Tally(0, 1, 1), 3, 2, Result.REJECTED),
        # One for, one abstaining: the third decides (for: adopted; against, or silence:
        # rejected).
        (Tally(1, 0, 1), 3, 2, None),
        (Tally(1, 1, 0), 3, 2, None),
        # Eleven voting members, six needed: six for is more than half of any eleven.
        (Tally(6, 0, 0), 11, 6, Result.ADOPTED),
        (Tally(5, 0, 0), 11, 6, None),
        (Tally(6, 5, 0), 11, 6, Result.ADOPTED),
        # Everyone voted: nothing is missing.
        (Tally(1, 1, 1), 3, 2, Result.REJECTED),
        (Tally(0, 0, 0), 3, 2, None),
    ],
)
def test_settled_when_the_missing_ballots_cannot_change_the_result(tally, voting, needed, expected):
    assert settled(tally, voting, needed) == expected


def _every_completion(tally: Tally, voting: int, needed: int) -> set[Result]:
    """What the missing ballots could make of it, by trying every way they could go."""
    missing = voting - tally.cast
    return {
        result_of(Tally(tally.for_ + f, tally.against + a, tally.abstain + s), needed)
        for f, a, s in itertools.product(range(missing + 1), repeat=3)
        if f + a + s <= missing
    }


def test_settled_agrees_with_trying_every_way_the_missing_ballots_could_go():
    checked = 0
    for voting in range(1, 8):
        for needed in range(1, voting + 1):
            for f, a, s in itertools.product(range(voting + 1), repeat=3):
                if f + a + s > voting:
                    continue
                tally = Tally(f, a, s)
                possible = _every_completion(tally, voting, needed)
                expected = next(iter(possible)) if len(possible) == 1 else None
                assert settled(tally, voting, needed) == expected, (tally, voting, needed)
                checked += 1
    assert checked > 1000
