"""The words of a vote by correspondence, in the reader's language: ballots, results, why
it closed, and its rules as sentences (the page, the e-mail and the PDF record say them
alike)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp

from ..i18n import GenderedLabel
from .enums import Choice, CloseReason, QuorumBasis, Result

#: What a voting member clicks.
CHOICE_ACTIONS = {
    Choice.FOR: _l("For"),
    Choice.AGAINST: _l("Against"),
    Choice.ABSTAIN: _lp("ballot", "Abstain"),
}

#: How a person voted, said of them ("Zdržela se").
CHOICE_LABELS = {
    Choice.FOR: GenderedLabel(_l("For"), _l("For"), _l("For")),
    Choice.AGAINST: GenderedLabel(_l("Against"), _l("Against"), _l("Against")),
    Choice.ABSTAIN: GenderedLabel(
        _l("Abstained"), _lp("woman", "Abstained"), _lp("man", "Abstained")
    ),
}
#: A voting member who cast no ballot before the vote closed.
DID_NOT_VOTE = GenderedLabel(
    _l("Did not vote"), _lp("woman", "Did not vote"), _lp("man", "Did not vote")
)

RESULT_LABELS = {
    Result.ADOPTED: _l("Adopted"),
    Result.REJECTED: _l("Not adopted"),
    Result.NOT_QUORATE: _l("Not quorate: nothing was decided"),
}

#: The badge class of each result.
RESULT_BADGES = {
    Result.ADOPTED: "badge-ok",
    Result.REJECTED: "badge-error",
    Result.NOT_QUORATE: "badge-warn",
}

CHANNEL_LABELS = {
    "link": _l("by the link in the e-mail"),
    "page": _l("in the app"),
}


def closed_text(reason: CloseReason | None, when: str) -> str:
    """Why and when the vote closed, e.g. "Closed on 7 May 2018 10:15: every voting member
    had voted." (``when`` formatted by the caller)."""
    if reason == CloseReason.ALL_VOTED:
        return _("Closed on %(when)s: every voting member had voted.", when=when)
    if reason == CloseReason.DECIDED:
        return _(
            "Closed on %(when)s, before the deadline: the missing ballots could no longer "
            "change the result.",
            when=when,
        )
    return _("Closed on %(when)s, at the deadline.", when=when)


def quorum_text(basis: QuorumBasis, needed: int, voting: int) -> str:
    """The quorum of the vote as a sentence, e.g. "Quorum: at least 2 of the 3 voting
    members must vote (the group's quorum)."."""
    if basis == QuorumBasis.MAJORITY:
        return _(
            "Quorum: more than half of the %(voting)d voting members must vote, that is "
            "%(needed)d.",
            voting=voting,
            needed=needed,
        )
    if basis == QuorumBasis.TWO_THIRDS:
        return _(
            "Quorum: at least two thirds of the %(voting)d voting members must vote, that is "
            "%(needed)d.",
            voting=voting,
            needed=needed,
        )
    if basis == QuorumBasis.HALF:
        return _(
            "Quorum: the group sets none, so at least half of the %(voting)d voting members "
            "must vote, that is %(needed)d.",
            voting=voting,
            needed=needed,
        )
    return _(
        "Quorum: at least %(needed)d of the %(voting)d voting members must vote (the "
        "group's quorum).",
        voting=voting,
        needed=needed,
    )


def adoption_text() -> str:
    """The rule of adoption as a sentence."""
    return _(
        "The proposal is adopted when the vote is quorate and more than half of the ballots "
        "cast (for, against and abstaining) are for it."
    )


def closing_text(deadline: str) -> str:
    """When voting closes, with the deadline formatted by the caller."""
    return _(
        "Voting closes on %(deadline)s, or earlier once every voting member has voted or the "
        "missing ballots can no longer change the result. Until then a ballot can be changed.",
        deadline=deadline,
    )
