"""The signed link each voting member gets to vote without signing in.

The link names the ballot (and its vote) signed with the site's secret under a salt of its
own, so it is useless for anything else and cannot be made for another ballot. It works
while the vote is open; the ballot can be changed with it until the vote closes.
"""

from __future__ import annotations

import enum

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from ..extensions import db
from ..links import external_url
from .models import CorrespondenceBallot

#: Salt of the signed ballot links (a token for one purpose is useless for another).
BALLOT_SALT = "correspondence.ballot"


class LinkProblem(enum.StrEnum):
    """Why a ballot link cannot be read."""

    #: Not a link we made (mistyped, cut off, tampered with), or its ballot is gone.
    INVALID = "invalid"


class BallotLinkError(Exception):
    def __init__(self, problem: LinkProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=BALLOT_SALT)


def ballot_token(ballot: CorrespondenceBallot) -> str:
    """The signed part of a ballot link: (vote, ballot)."""
    return _serializer().dumps([ballot.vote_id, ballot.id])


def ballot_link(ballot: CorrespondenceBallot) -> str:
    """The absolute link with which the ballot's person votes."""
    return external_url("correspondence.by_link", token=ballot_token(ballot))


def read_ballot_token(token: str) -> CorrespondenceBallot:
    """The ballot a link stands for; BallotLinkError when the link is not ours (or names a
    ballot that does not exist)."""
    try:
        vote_id, ballot_id = _serializer().loads(token)
        if not isinstance(vote_id, int) or not isinstance(ballot_id, int):
            raise ValueError(token)
    except (BadSignature, TypeError, ValueError):
        raise BallotLinkError(LinkProblem.INVALID) from None
    ballot = db.session.get(CorrespondenceBallot, ballot_id)
    if ballot is None or ballot.vote_id != vote_id:
        raise BallotLinkError(LinkProblem.INVALID)
    return ballot
