"""Votes by name (roll-call): each voting member present when a decision was taken, with
their vote; the decision's counts are derived from it, so the two never disagree."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ..enums import MinutesState, VoteChoice
from ..models import Decision, DecisionVote, Minutes
from .attendance import Voter
from .common import MinutesError

log = logging.getLogger(__name__)

#: The choices in the order the minutes list them.
VOTE_CHOICES: tuple[VoteChoice, ...] = (
    VoteChoice.FOR,
    VoteChoice.AGAINST,
    VoteChoice.ABSTAIN,
    VoteChoice.NOT_VOTING,
)

#: A choice as a radio button reads ("For") and as the minutes head its names ("For:").
VOTE_CHOICE_LABELS = {
    VoteChoice.FOR: _l("For"),
    VoteChoice.AGAINST: _l("Against"),
    VoteChoice.ABSTAIN: _l("Abstained"),
    VoteChoice.NOT_VOTING: _l("Not voting"),
}


@dataclass
class RollCall:
    """A decision's vote by name: the names under each choice (every choice present, an
    empty list when nobody chose it), in the order of VOTE_CHOICES."""

    names: dict[VoteChoice, list[str]] = field(
        default_factory=lambda: {choice: [] for choice in VOTE_CHOICES}
    )

    def lines(self) -> list[tuple[VoteChoice, int, list[str]]]:
        """(choice, how many, names) for each choice, 0 included."""
        return [(c, len(self.names[c]), self.names[c]) for c in VOTE_CHOICES]


def roll_calls(decisions: Iterable[Decision]) -> dict[int, RollCall]:
    """The votes by name of those decisions that have one (decision id → RollCall), names
    in alphabetical order. One query, whatever the number of decisions."""
    ids = [d.id for d in decisions if d.id is not None]
    if not ids:
        return {}
    votes = db.session.scalars(
        select(DecisionVote)
        .options(joinedload(DecisionVote.user))
        .where(DecisionVote.decision_id.in_(ids))
    ).all()
    result: dict[int, RollCall] = {}
    for vote in sorted(votes, key=lambda v: v.user.name.casefold()):
        result.setdefault(vote.decision_id, RollCall()).names[vote.choice].append(vote.user.name)
    return result


def saved_choices(decision: Decision) -> dict[int, VoteChoice]:
    """The decision's vote by name as saved: user id → choice. One query."""
    return {
        user_id: choice
        for user_id, choice in db.session.execute(
            select(DecisionVote.user_id, DecisionVote.choice).where(
                DecisionVote.decision_id == decision.id
            )
        ).tuples()
    }


def record_roll_call(
    minutes: Minutes,
    decision: Decision,
    voters: Sequence[Voter],
    choices: Mapping[int, VoteChoice],
) -> None:
    """Record the vote by name on ``decision``: one choice for every one of ``voters``
    (the voting members present when it was taken).

    Side effects: replaces the decision's DecisionVotes; sets votes_for / votes_against /
    votes_abstaining from them ("not voting" counts in none); flushes. Raises MinutesError
    when the minutes are not a draft, when a choice is for someone not among ``voters``,
    or when a voter has no choice. The caller bumps the minutes' version and records the
    revision.
    """
    if minutes.state != MinutesState.DRAFT:
        raise MinutesError(_l("Only draft minutes can be changed."))
    allowed = {v.user_id for v in voters}
    if set(choices) - allowed:
        raise MinutesError(
            _l("A vote can be recorded only for voting members present at the decision.")
        )
    if allowed - set(choices):
        raise MinutesError(_l("Record the vote of every voting member present."))
    existing = {v.user_id: v for v in decision.votes}
    for user_id, vote in existing.items():
        if user_id not in choices:
            decision.votes.remove(vote)
    for user_id, choice in choices.items():
        vote = existing.get(user_id)
        if vote is None:
            decision.votes.append(DecisionVote(user_id=user_id, choice=choice))
        else:
            vote.choice = choice
    counted = list(choices.values())
    decision.votes_for = counted.count(VoteChoice.FOR)
    decision.votes_against = counted.count(VoteChoice.AGAINST)
    decision.votes_abstaining = counted.count(VoteChoice.ABSTAIN)
    db.session.flush()
    log.info("decision %s: vote by name recorded (%d voters)", decision.id, len(choices))


def roll_call_decision_ids(decisions: Iterable[Decision]) -> set[int]:
    """Ids of those decisions whose counts come from a vote by name. One query."""
    ids = [d.id for d in decisions if d.id is not None]
    if not ids:
        return set()
    return set(
        db.session.scalars(
            select(DecisionVote.decision_id).where(DecisionVote.decision_id.in_(ids)).distinct()
        )
    )
