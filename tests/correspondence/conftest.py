"""A vote by correspondence in the people fixture's group (three voting members: the chair,
the assistant and the member; the observer does not vote), started at a fixed time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from meetings.correspondence import services
from meetings.correspondence.models import CorrespondenceBallot, CorrespondenceVote

PRAGUE = "Europe/Prague"
#: When the test votes start (10:00 in Prague), and their deadline a week later at noon.
STARTED = dt.datetime(2026, 5, 4, 8, 0, tzinfo=dt.UTC)
DEADLINE = dt.datetime(2026, 5, 11, 10, 0, tzinfo=dt.UTC)

TITLE = "Termín rozšířeného setkání (kulatého stolu)"
PROPOSAL = (
    "Pracovní skupina schvaluje konání rozšířeného setkání (kulatého stolu) na téma "
    "„Sociální podnikání v Libereckém kraji“ dne 24. 5. 2018 v IQ parku Liberec."
)
EXPLANATION = "Termín nebylo možné dohodnout na 11. setkání; hlasuje se proto per rollam."


def start(people, *, group=None, actor=None, deadline=DEADLINE, now=STARTED, **fields):
    """A vote put to the group's voting members by the assistant (no commit)."""
    return services.start_vote(
        group or people.group,
        services.VoteData(
            title=fields.get("title", TITLE),
            proposal=fields.get("proposal", PROPOSAL),
            explanation=fields.get("explanation", EXPLANATION),
            deadline_at=deadline,
        ),
        actor=actor or people.assistant,
        now=now,
    )


def ballot(vote: CorrespondenceVote, user) -> CorrespondenceBallot:
    found = services.ballot_of(vote, user)
    assert found is not None, f"no ballot of {user.email}"
    return found


@dataclass
class Voting:
    people: object
    vote: CorrespondenceVote

    def cast(self, user, choice: str, minutes: int = 60, channel="page"):
        from meetings.correspondence.enums import Channel

        return services.cast_ballot(
            ballot(self.vote, user),
            choice,
            channel=Channel(channel),
            now=STARTED + dt.timedelta(minutes=minutes),
        )


@pytest.fixture
def voting(people) -> Voting:
    return Voting(people, start(people))


@pytest.fixture(scope="session")
def signing_key(tmp_path_factory):
    """A self-signed test certificate in a PKCS#12 file."""
    from meetings.documents.signing import SigningKey, create_self_signed_certificate

    path = tmp_path_factory.mktemp("signing") / "test.p12"
    create_self_signed_certificate(path, "test passphrase", "Test signing certificate")
    return SigningKey(path, "test passphrase")
