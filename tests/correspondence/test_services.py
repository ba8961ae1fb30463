"""Votes by correspondence through their services: starting one, ballots, closing early or
at the deadline (the closing job with a later ``now``), numbering, reminders, cancelling,
the audit log and the notifications."""

from __future__ import annotations

import datetime as dt
import email
from email import policy

import pytest
from sqlalchemy import select

from meetings.audit.models import AuditEntry
from meetings.correspondence import jobs, services
from meetings.correspondence.enums import (
    Channel,
    Choice,
    CloseReason,
    QuorumBasis,
    Result,
    VoteState,
)
from meetings.correspondence.models import CorrespondenceVote
from meetings.correspondence.services import RECORDS_QUEUED, VoteError
from meetings.extensions import db
from meetings.groups.enums import QuorumRule, Role
from meetings.mail.models import OutgoingMessage
from meetings.notifications.models import Notification

from .. import factories
from .conftest import DEADLINE, STARTED, ballot, start


def _outbox(kind: str) -> list[OutgoingMessage]:
    return list(
        db.session.scalars(
            select(OutgoingMessage).where(OutgoingMessage.kind == kind).order_by(OutgoingMessage.id)
        ).all()
    )


def _recipients(kind: str) -> list[str]:
    return sorted(m.recipient for m in _outbox(kind))


def _text(message: OutgoingMessage) -> str:
    parsed = email.message_from_bytes(message.raw, policy=policy.default)
    return parsed.get_body(preferencelist=("plain",)).get_content()


def _audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all())


# --- starting --------------------------------------------------------------------------------


def test_a_vote_goes_to_the_voting_members_each_with_their_own_link(people):
    vote = start(people)

    assert vote.state == VoteState.OPEN
    assert sorted(b.user.email for b in vote.ballots) == [
        "assistant@example.org",
        "chair@example.org",
        "member@example.org",
    ]
    # The quorum of the group's rule is fixed when the vote starts: the group sets none, so
    # at least half of the three voting members.
    assert (vote.voting_members, vote.quorum_basis, vote.quorum_needed) == (
        3,
        QuorumBasis.HALF,
        2,
    )
    assert _recipients("correspondence_started") == [
        "assistant@example.org",
        "chair@example.org",
        "member@example.org",
    ]
    texts = {m.recipient: _text(m) for m in _outbox("correspondence_started")}
    links = {r: next(w for w in t.split() if "/votes/ballot/" in w) for r, t in texts.items()}
    assert len(set(links.values())) == 3
    # In the group's language (Czech) for people who chose none.
    assert "Hlasování per rollam" in _outbox("correspondence_started")[0].subject
    assert [e.subject_id for e in _audit("correspondence.started")] == [vote.id]


def test_each_voting_member_gets_the_proposal_in_their_own_language(people):
    people.member.locale = "hu"
    people.chair.locale = "en"

    start(people)

    subjects = {m.recipient: m.subject for m in _outbox("correspondence_started")}
    assert subjects["member@example.org"].startswith("Írásbeli szavazás:")
    assert subjects["chair@example.org"].startswith("Vote by correspondence:")
    assert subjects["assistant@example.org"].startswith("Hlasování per rollam:")


def test_the_voting_members_are_told_in_the_app_too_but_not_who_started_it(people):
    vote = start(people)

    told = db.session.scalars(
        select(Notification.user_id).where(Notification.kind == "vote_started")
    ).all()
    assert sorted(told) == sorted([people.chair.id, people.member.id])
    assert db.session.scalars(select(Notification.link)).first() == f"/votes/{vote.id}#ballot"


def test_only_managers_start_a_vote(people):
    with pytest.raises(VoteError, match="chair and assistants"):
        start(people, actor=people.member)
    with pytest.raises(VoteError):
        start(people, actor=people.outsider)


def test_a_deadline_already_past_is_refused(people):
    with pytest.raises(VoteError) as refused:
        start(people, deadline=STARTED - dt.timedelta(minutes=1))

    assert str(refused.value.message) == "The deadline must be later than now."


def test_a_quorum_larger_than_the_voting_members_is_refused(people):
    people.group.quorum = 5

    with pytest.raises(VoteError, match="could never be quorate"):
        start(people)


# --- ballots and closing early ------------------------------------------------------------------


def test_a_ballot_is_recorded_and_can_be_changed_while_the_vote_is_open(voting):
    people = voting.people
    voting.cast(people.member, "against", minutes=10)
    voting.cast(people.member, "for", minutes=20, channel="link")

    mine = ballot(voting.vote, people.member)
    assert (mine.choice, mine.cast_at, mine.channel) == (
        Choice.FOR,
        STARTED + dt.timedelta(minutes=20),
        Channel.LINK,
    )
    assert voting.vote.state == VoteState.OPEN


def test_the_vote_closes_early_once_the_missing_ballot_cannot_change_the_result(voting):
    people = voting.people
    voting.cast(people.member, "for", minutes=10)
    assert voting.vote.state == VoteState.OPEN

    voting.cast(people.chair, "for", minutes=30)

    vote = voting.vote
    assert (vote.state, vote.result, vote.close_reason) == (
        VoteState.CLOSED,
        Result.ADOPTED,
        CloseReason.DECIDED,
    )
    assert vote.closed_at == STARTED + dt.timedelta(minutes=30)
    assert (vote.votes_for, vote.votes_against, vote.votes_abstaining) == (2, 0, 0)
    assert vote.decision_label == "PR/2026/1"
    # The assistant's ballot is no longer taken.
    with pytest.raises(VoteError, match="has closed"):
        voting.cast(people.assistant, "against", minutes=40)


def test_the_vote_stays_open_while_the_missing_ballot_can_still_decide(voting):
    people = voting.people
    voting.cast(people.member, "for")
    voting.cast(people.chair, "abstain")

    assert voting.vote.state == VoteState.OPEN


def test_the_vote_closes_when_every_voting_member_has_voted(voting):
    people = voting.people
    voting.cast(people.member, "for")
    voting.cast(people.chair, "abstain")
    voting.cast(people.assistant, "against")

    vote = voting.vote
    assert (vote.state, vote.result, vote.close_reason) == (
        VoteState.CLOSED,
        Result.REJECTED,
        CloseReason.ALL_VOTED,
    )
    assert (vote.votes_for, vote.votes_against, vote.votes_abstaining) == (1, 1, 1)
    # Rejected is a decision of a quorate vote: it is numbered too.
    assert vote.decision_label == "PR/2026/1"


def test_a_choice_not_offered_is_refused(voting):
    with pytest.raises(VoteError, match="for, against or abstain"):
        voting.cast(voting.people.member, "maybe")


def test_a_ballot_after_the_deadline_is_refused(voting):
    with pytest.raises(VoteError, match="has closed"):
        voting.cast(voting.people.member, "for", minutes=8 * 24 * 60)
    assert ballot(voting.vote, voting.people.member).choice is None


# --- closing at the deadline ---------------------------------------------------------------------


def test_the_closing_job_closes_votes_whose_deadline_has_passed(voting):
    people = voting.people
    voting.cast(people.member, "for")
    voting.cast(people.chair, "against")

    assert jobs.close_votes(now=DEADLINE - dt.timedelta(seconds=1)) == 0
    assert voting.vote.state == VoteState.OPEN
    assert jobs.close_votes(now=DEADLINE + dt.timedelta(minutes=1)) == 1

    vote = voting.vote
    assert (vote.state, vote.result, vote.close_reason) == (
        VoteState.CLOSED,
        Result.REJECTED,
        CloseReason.DEADLINE,
    )
    assert (vote.votes_for, vote.votes_against, vote.votes_abstaining) == (1, 1, 0)
    assert vote.decision_label == "PR/2026/1"
    assert _recipients("correspondence_closed") == [
        "assistant@example.org",
        "chair@example.org",
        "member@example.org",
    ]
    [entry] = _audit("correspondence.closed")
    assert (entry.subject_id, entry.actor_id) == (vote.id, None)
    assert "rejected" in entry.detail
    # Nothing more to close.
    assert jobs.close_votes(now=DEADLINE + dt.timedelta(minutes=2)) == 0


def test_too_few_ballots_at_the_deadline_decide_nothing_and_get_no_number(voting):
    voting.cast(voting.people.member, "for")

    jobs.close_votes(now=DEADLINE + dt.timedelta(minutes=1))

    vote = voting.vote
    assert (vote.result, vote.decision_label) == (Result.NOT_QUORATE, None)
    assert "Neusnášeníschopné" in _outbox("correspondence_closed")[0].subject


def test_the_group_s_quorum_rule_decides_whether_a_vote_is_quorate(people):
    """A group of eleven voting members needing two thirds: seven ballots are too few."""
    group = factories.make_group("Vzdělávání", quorum_rule=QuorumRule.TWO_THIRDS)
    members = [factories.make_user(name=f"Člen {n:02d}") for n in range(11)]
    factories.add_member(people.assistant, group, Role.ASSISTANT)
    for person in members[:10]:
        factories.add_member(person, group, Role.MEMBER)
    factories.add_member(factories.make_user(), group, Role.OBSERVER)
    vote = start(people, group=group)
    assert (vote.voting_members, vote.quorum_needed) == (11, 8)

    for n, person in enumerate(members[:7]):
        services.cast_ballot(
            ballot(vote, person), "for", channel=Channel.LINK, now=STARTED + dt.timedelta(hours=n)
        )
    assert vote.state == VoteState.OPEN  # seven for of eleven: more could still come
    jobs.close_votes(now=DEADLINE + dt.timedelta(minutes=1))

    assert (vote.result, vote.votes_for) == (Result.NOT_QUORATE, 7)


def test_decisions_are_numbered_per_group_and_year(people):
    first = start(people, title="První")
    services.close_vote(first, reason=CloseReason.DEADLINE, now=DEADLINE)
    second = start(people, title="Druhé", now=DEADLINE, deadline=DEADLINE + dt.timedelta(days=7))
    for person in (people.chair, people.assistant):
        services.cast_ballot(
            ballot(second, person),
            "for",
            channel=Channel.PAGE,
            now=DEADLINE + dt.timedelta(hours=1),
        )
    next_year = dt.datetime(2027, 1, 10, 9, tzinfo=dt.UTC)
    third = start(people, title="Třetí", now=next_year, deadline=next_year + dt.timedelta(days=7))
    for person in (people.chair, people.member):
        services.cast_ballot(ballot(third, person), "against", channel=Channel.PAGE, now=next_year)
    other = factories.make_group("Jiná skupina")
    factories.add_member(people.chair, other, Role.CHAIR)
    elsewhere = start(people, group=other, actor=people.chair)
    services.cast_ballot(ballot(elsewhere, people.chair), "for", channel=Channel.PAGE, now=STARTED)

    # The first decided nothing (no ballots) and has no number.
    assert [v.decision_label for v in (first, second, third, elsewhere)] == [
        None,
        "PR/2026/1",
        "PR/2027/1",
        "PR/2026/1",
    ]


def test_closing_notes_the_vote_for_its_record(voting):
    voting.cast(voting.people.member, "for")
    voting.cast(voting.people.chair, "for")

    assert voting.vote.id in db.session.info[RECORDS_QUEUED]


def test_the_voting_members_are_told_the_result_in_the_app(voting):
    voting.cast(voting.people.member, "for")
    voting.cast(voting.people.chair, "for")

    told = db.session.scalars(
        select(Notification.user_id).where(Notification.kind == "vote_closed")
    ).all()
    assert sorted(told) == sorted(
        p.id for p in (voting.people.chair, voting.people.assistant, voting.people.member)
    )


# --- reminders and cancelling --------------------------------------------------------------------


def test_a_reminder_goes_only_to_those_who_have_not_voted(voting):
    people = voting.people
    voting.cast(people.member, "for")

    sent = services.remind_non_voters(
        voting.vote, actor=people.assistant, now=STARTED + dt.timedelta(days=2)
    )

    assert sent == 2
    assert _recipients("correspondence_reminder") == ["assistant@example.org", "chair@example.org"]
    assert voting.vote.reminded_at == STARTED + dt.timedelta(days=2)
    reminder = _outbox("correspondence_reminder")[0]
    assert "/votes/ballot/" in _text(reminder)


def test_only_managers_remind(voting):
    with pytest.raises(VoteError):
        services.remind_non_voters(voting.vote, actor=voting.people.member, now=STARTED)


def test_a_cancelled_vote_takes_no_ballots_and_tells_the_voting_members(voting):
    people = voting.people
    services.cancel_vote(
        voting.vote, actor=people.chair, reason="Návrh bude projednán na setkání.", now=STARTED
    )

    vote = voting.vote
    assert (vote.state, vote.cancelled_by_id, vote.cancel_reason) == (
        VoteState.CANCELLED,
        people.chair.id,
        "Návrh bude projednán na setkání.",
    )
    assert len(_outbox("correspondence_cancelled")) == 3
    assert [e.actor_id for e in _audit("correspondence.cancelled")] == [people.chair.id]
    with pytest.raises(VoteError, match="cancelled"):
        voting.cast(people.member, "for")
    # Cancelled votes are never closed by the job.
    assert jobs.close_votes(now=DEADLINE + dt.timedelta(days=1)) == 0
    assert vote.decision_label is None


def test_members_who_join_after_the_start_do_not_vote_on_it(voting):
    newcomer = factories.make_user("nova@example.org", "Nová Členka")
    factories.add_member(newcomer, voting.people.group, Role.MEMBER)

    assert services.ballot_of(voting.vote, newcomer) is None
    assert db.session.get(CorrespondenceVote, voting.vote.id).voting_members == 3
