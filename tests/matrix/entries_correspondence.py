"""Decisions by correspondence: the group's managers put a proposal to the vote, remind and
cancel; the voting members it was put to vote (observers and a site admin outside the
group do not); every role in the group reads the vote and its record; the signed link from
the e-mail needs no account.

The world's group is members-only: to anyone outside it a vote's existence is private
(404). The votes are made by the rows that need them.
"""

import datetime as dt

from meetings.correspondence import services
from meetings.correspondence.enums import CloseReason
from meetings.correspondence.tokens import ballot_token
from meetings.extensions import db
from meetings.storage import services as storage

from .framework import Entry, expect, managers, signed_in

NOW = dt.datetime.now(dt.UTC)


def _vote(w, title: str = "Termín rozšířeného setkání"):
    return services.start_vote(
        w.group,
        services.VoteData(
            title=title,
            proposal="Pracovní skupina schvaluje konání rozšířeného setkání dne 24. 5. 2018.",
            explanation=None,
            deadline_at=NOW + dt.timedelta(days=7),
        ),
        actor=w.people.assistant,
        now=NOW,
    )


def _vote_url(w, suffix: str = "") -> str:
    return f"/votes/{_vote(w).id}{suffix}"


def _record_url(w) -> str:
    vote = _vote(w)
    services.close_vote(vote, reason=CloseReason.DEADLINE, now=NOW)
    vote.record_file = storage.store(b"%PDF-1.7 record of a vote\n", "application/pdf")
    vote.record_sha256 = vote.record_file.sha256
    db.session.flush()
    return f"/votes/{vote.id}/record.pdf"


def _link_url(w) -> str:
    vote = _vote(w)
    ballot = services.ballot_of(vote, w.people.member)
    return f"/votes/ballot/{ballot_token(ballot)}"


def _start_data(w) -> dict:
    return {
        "title": "Termín rozšířeného setkání",
        "proposal": "Pracovní skupina schvaluje konání rozšířeného setkání.",
        "deadline_date": "2030-01-20",
        "deadline_time": "12:00",
    }


ENTRIES = [
    Entry(
        "correspondence.start",
        lambda w: f"/groups/{w.group.slug}/votes/new",
        managers(200, outsider=404),
        note="a members-only group: outside it, the group is as good as missing",
    ),
    Entry(
        "correspondence.start",
        lambda w: f"/groups/{w.group.slug}/votes/new",
        managers(302, outsider=404),
        method="POST",
        data=_start_data,
    ),
    Entry(
        "correspondence.vote",
        _vote_url,
        signed_in(200, outsider=404),
        note="every role in the group reads the vote",
    ),
    Entry(
        "correspondence.cast",
        lambda w: _vote_url(w, "/ballot"),
        signed_in(403, outsider=404, member=302, assistant=302, chair=302),
        method="POST",
        data=lambda w: {"choice": "for"},
        note="the voting members it was put to; observers and an admin outside it: 403",
    ),
    Entry(
        "correspondence.remind",
        lambda w: _vote_url(w, "/remind"),
        managers(302, outsider=404),
        method="POST",
    ),
    Entry(
        "correspondence.cancel",
        lambda w: _vote_url(w, "/cancel"),
        managers(302, outsider=404),
        method="POST",
        data=lambda w: {"reason": "Projedná se na setkání."},
    ),
    Entry(
        "correspondence.record",
        _record_url,
        signed_in(200, outsider=404),
        note="the signed record of a closed vote, for every role in the group",
    ),
    Entry(
        "correspondence.by_link",
        _link_url,
        expect(200),
        note="the signed link is the voting member's key: no account needed",
    ),
    Entry(
        "correspondence.by_link",
        _link_url,
        expect(302),
        method="POST",
        data=lambda w: {"choice": "against"},
        note="records the link's ballot, whoever sends it",
    ),
]
