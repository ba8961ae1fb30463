"""The e-mail of a vote by correspondence: the proposal with each voting member's own link
to vote, the reminder to those who have not voted, the result, and the cancellation.

Each message is written in its reader's language (their own, else the group's), its dates
in the vote's time zone; templates get plain values (``templates/email/correspondence_*``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from email.message import EmailMessage
from typing import Any

from ..auth.models import User
from ..i18n import force_locale, format_local_datetime, zone_city
from ..links import external_url
from ..mail.services import compose, mailbox, render_email, send_message
from .labels import RESULT_LABELS, adoption_text, closed_text, closing_text, quorum_text
from .models import CorrespondenceBallot, CorrespondenceVote
from .tokens import ballot_link

log = logging.getLogger(__name__)

#: The outbox's ``kind`` of each message, for the admin page.
STARTED = "correspondence_started"
REMINDER = "correspondence_reminder"
CLOSED = "correspondence_closed"
CANCELLED = "correspondence_cancelled"


def _locale(person: User, vote: CorrespondenceVote) -> str:
    return person.locale or str(vote.group.language)


def _deadline(vote: CorrespondenceVote) -> str:
    """The deadline with the zone's city, in the current language: "14. 5. 2018 12:00
    (Praha)"."""
    when = format_local_datetime(vote.deadline_at, vote.timezone, "short")
    return f"{when} ({zone_city(vote.timezone)})"


def _common(vote: CorrespondenceVote) -> dict[str, Any]:
    """What every message of the vote says, in the current language."""
    return {
        "title": vote.title,
        "group": vote.group.name,
        "proposal": vote.proposal,
        "explanation": vote.explanation or "",
        "deadline": _deadline(vote),
        "quorum": quorum_text(vote.quorum_basis, vote.quorum_needed, vote.voting_members),
        "adoption": adoption_text(),
        "vote_link": external_url("correspondence.vote", vote_id=vote.id),
    }


def _message(
    vote: CorrespondenceVote,
    ballot: CorrespondenceBallot,
    template: str,
    context: Callable[[CorrespondenceBallot], Mapping[str, Any]],
    **extra: Any,
) -> EmailMessage:
    """``template`` to the person of the ballot, in their language; ``context`` is called
    in that language."""
    person = ballot.user
    locale = _locale(person, vote)
    with force_locale(locale):
        content = render_email(
            template, locale, name=person.name, **_common(vote), **context(ballot), **extra
        )
    return compose(
        mailbox(person.email, person.name), reply_to=vote.group.contact_email or None, **content
    )


def _mail_each(
    vote: CorrespondenceVote,
    ballots: Sequence[CorrespondenceBallot],
    template: str,
    context: Callable[[CorrespondenceBallot], Mapping[str, Any]],
) -> int:
    """Queue ``template`` to the person of each ballot (enabled accounts only). Returns how
    many."""
    sent = 0
    for ballot in ballots:
        if not ballot.user.is_enabled:
            continue
        send_message(_message(vote, ballot, template, context), kind=template)
        sent += 1
    return sent


def mail_started(vote: CorrespondenceVote, ballots: Sequence[CorrespondenceBallot]) -> int:
    """The proposal to each voting member, with their own link to vote and the rules."""
    actor = vote.started_by.name if vote.started_by else ""
    sent = _mail_each(
        vote,
        ballots,
        STARTED,
        lambda ballot: {
            "actor": actor,
            "ballot_link": ballot_link(ballot),
            "closing": closing_text(_deadline(vote)),
        },
    )
    log.info("correspondence vote %s: proposal mailed to %d voting members", vote.id, sent)
    return sent


def _reminder_context(vote: CorrespondenceVote) -> Callable[[CorrespondenceBallot], dict]:
    return lambda ballot: {
        "ballot_link": ballot_link(ballot),
        "closing": closing_text(_deadline(vote)),
    }


def mail_reminder(vote: CorrespondenceVote, ballots: Sequence[CorrespondenceBallot]) -> int:
    """A reminder to each of ``ballots`` (those not cast), with their link again."""
    sent = _mail_each(vote, ballots, REMINDER, _reminder_context(vote))
    log.info("correspondence vote %s: %d reminders mailed", vote.id, sent)
    return sent


def reminder_message(
    vote: CorrespondenceVote, ballot: CorrespondenceBallot, *, unsubscribe_link: str = ""
) -> EmailMessage:
    """The reminder the day before the deadline (planned by the reminders), with the
    person's link again and a link to stop such reminders."""
    return _message(
        vote, ballot, REMINDER, _reminder_context(vote), unsubscribe_link=unsubscribe_link
    )


def mail_closed(vote: CorrespondenceVote, ballots: Sequence[CorrespondenceBallot]) -> int:
    """The result to each voting member, with the counts and the decision's number."""

    def context(ballot: CorrespondenceBallot) -> dict[str, Any]:
        return {
            "result": str(RESULT_LABELS[vote.result]) if vote.result else "",
            "closed": closed_text(
                vote.close_reason, format_local_datetime(vote.closed_at, vote.timezone, "short")
            ),
            "label": vote.decision_label or "",
            "votes_for": vote.votes_for or 0,
            "votes_against": vote.votes_against or 0,
            "votes_abstaining": vote.votes_abstaining or 0,
            "not_voted": vote.voting_members
            - (vote.votes_for or 0)
            - (vote.votes_against or 0)
            - (vote.votes_abstaining or 0),
        }

    sent = _mail_each(vote, ballots, CLOSED, context)
    log.info("correspondence vote %s: result mailed to %d voting members", vote.id, sent)
    return sent


def mail_cancelled(vote: CorrespondenceVote, ballots: Sequence[CorrespondenceBallot]) -> int:
    """The news that the vote was cancelled (and why, if a reason was given)."""
    actor = vote.cancelled_by.name if vote.cancelled_by else ""
    sent = _mail_each(
        vote,
        ballots,
        CANCELLED,
        lambda ballot: {"actor": actor, "reason": vote.cancel_reason or ""},
    )
    log.info("correspondence vote %s: cancellation mailed to %d voting members", vote.id, sent)
    return sent
