"""Votes by correspondence as people use them: the start form (its errors in the person's
language), the vote's page for members and managers, voting in the app and by the signed
link from the e-mail (tampered, after the close), reminders, cancelling, the record's
download, the dashboard, the group's page and the decisions register."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from sqlalchemy import select

from meetings.correspondence import jobs, services
from meetings.correspondence.enums import Channel, Choice, CloseReason, Result, VoteState
from meetings.correspondence.models import CorrespondenceVote
from meetings.correspondence.tokens import ballot_token
from meetings.db import utcnow
from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.mail.models import OutgoingMessage
from meetings.storage import services as storage

from .. import factories
from ..conftest import count_queries, translated
from .conftest import PROPOSAL, TITLE, ballot, start


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _ahead(days: int = 7) -> dt.datetime:
    return utcnow().replace(microsecond=0) + dt.timedelta(days=days)


@pytest.fixture
def open_vote(people) -> CorrespondenceVote:
    """A vote started now, its deadline a week ahead."""
    return start(people, now=utcnow(), deadline=_ahead())


def _form(**fields) -> dict:
    ahead = _ahead(10)
    return {
        "title": TITLE,
        "proposal": PROPOSAL,
        "explanation": "",
        "deadline_date": f"{ahead:%Y-%m-%d}",
        "deadline_time": "12:00",
    } | fields


# --- putting a proposal to the vote ----------------------------------------------------------


def test_the_assistant_puts_a_proposal_to_the_vote(people, login_as):
    client = login_as(people.assistant)
    shown = _page(client.get(f"/groups/{people.group.slug}/votes/new"))

    response = client.post(f"/groups/{people.group.slug}/votes/new", data=_form())

    vote = db.session.scalars(select(CorrespondenceVote)).one()
    assert response.status_code == 302
    assert response.location == f"/votes/{vote.id}"
    # The form names who it goes to and the rules before it is sent.
    assert "Jana Předsedová, Eva Asistentová, Petr Člen" in shown or all(
        n in shown for n in ("Jana Předsedová", "Eva Asistentová", "Petr Člen")
    )
    assert "Olga Pozorovatelka" not in shown
    # The deadline is the group's wall-clock time: 12:00 in Prague.
    local = vote.deadline_at.astimezone(dt.UTC)
    assert local.hour in (10, 11)  # 12:00 CEST or CET
    assert db.session.scalar(
        select(OutgoingMessage.id).where(OutgoingMessage.kind == "correspondence_started").limit(1)
    )


@pytest.mark.parametrize("language", ["cs", "sk", "hu", "lv", "en"])
def test_a_deadline_in_the_past_is_refused_in_the_persons_language(people, login_as, language):
    people.assistant.locale = language
    client = login_as(people.assistant)

    response = client.post(
        f"/groups/{people.group.slug}/votes/new",
        data=_form(deadline_date="2020-03-20", deadline_time="12:00"),
    )

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert translated(language, "The deadline must be later than now.") in body
    # What was typed stays in the form.
    assert f'value="{TITLE}"' in html.unescape(body)
    assert db.session.scalars(select(CorrespondenceVote)).first() is None


@pytest.mark.parametrize("language", ["cs", "hu"])
def test_a_deadline_that_is_no_date_is_refused_in_the_persons_language(people, login_as, language):
    people.assistant.locale = language
    client = login_as(people.assistant)

    response = client.post(
        f"/groups/{people.group.slug}/votes/new",
        data=_form(deadline_date="příští týden", deadline_time="poledne"),
    )

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert translated(language, "Enter a date, for example 2018-03-20.") in body
    assert translated(language, "Enter a time of day, for example 10:00.") in body


def test_a_deadline_skipped_by_the_clock_change_is_refused(people, login_as):
    client = login_as(people.assistant)
    next_spring = dt.date(utcnow().year + 1, 3, 31)
    # The last Sunday of March: 02:00–03:00 does not exist in Prague.
    change = next_spring - dt.timedelta(days=(next_spring.weekday() + 1) % 7)

    response = client.post(
        f"/groups/{people.group.slug}/votes/new",
        data=_form(deadline_date=f"{change:%Y-%m-%d}", deadline_time="02:30"),
    )

    assert response.status_code == 422
    assert "the clocks go forward then" in response.get_data(as_text=True)


def test_members_and_observers_may_not_start_a_vote(people, login_as):
    for person in (people.member, people.observer):
        response = login_as(person).get(f"/groups/{people.group.slug}/votes/new")
        assert response.status_code == 403
    assert (
        login_as(people.outsider).get(f"/groups/{people.group.slug}/votes/new").status_code == 404
    )


def test_a_group_whose_quorum_cannot_be_reached_says_so_instead_of_the_form(people, login_as):
    people.group.quorum = 9

    body = _page(login_as(people.chair).get(f"/groups/{people.group.slug}/votes/new"))

    assert "could never be quorate" in body
    assert 'name="proposal"' not in body


# --- the vote's page ---------------------------------------------------------------------------


def test_members_see_how_many_have_voted_managers_see_who(open_vote, people, login_as):
    services.cast_ballot(ballot(open_vote, people.member), "for", channel=Channel.PAGE)
    url = f"/votes/{open_vote.id}"

    as_observer = _page(login_as(people.observer).get(url))
    as_assistant = _page(login_as(people.assistant).get(url))

    for body in (as_observer, as_assistant):
        assert PROPOSAL in body
        assert "1 of 3 voting members has voted so far." in body
    assert 'id="voted-list"' not in as_observer
    assert "Petr Člen" not in as_observer
    assert re.search(r'id="voted-list">.*Petr Člen', as_assistant, re.S)
    assert re.search(r'id="waiting-list">.*Eva Asistentová.*Jana Předsedová', as_assistant, re.S)
    # Nobody sees how anyone voted while the vote is open.
    assert 'id="ballots"' not in as_assistant


def test_a_member_votes_and_changes_the_vote_in_the_app(open_vote, people, login_as):
    people.member.locale = "cs"
    client = login_as(people.member)

    first = client.post(f"/votes/{open_vote.id}/ballot", data={"choice": "against"})
    second = client.post(f"/votes/{open_vote.id}/ballot", data={"choice": "for"})

    assert (first.status_code, second.status_code) == (302, 302)
    mine = ballot(open_vote, people.member)
    assert (mine.choice, mine.channel) == (Choice.FOR, Channel.PAGE)
    assert "Váš hlas „Pro“ byl zaznamenán." in _page(client.get(f"/votes/{open_vote.id}"))


def test_an_observer_may_not_vote(open_vote, people, login_as):
    response = login_as(people.observer).post(
        f"/votes/{open_vote.id}/ballot", data={"choice": "for"}
    )

    assert response.status_code == 403
    assert "observers" in _page(response)


def test_a_non_member_may_not_vote(people, login_as):
    """Refused by the policy: 403 where the group is public (the vote is no secret to them),
    404 where it is members-only (its very existence is private)."""
    vote = start(people, now=utcnow(), deadline=_ahead())

    hidden = login_as(people.outsider).post(f"/votes/{vote.id}/ballot", data={"choice": "for"})
    people.group.is_public = True
    db.session.flush()
    refused = login_as(people.outsider).post(f"/votes/{vote.id}/ballot", data={"choice": "for"})

    assert (hidden.status_code, refused.status_code) == (404, 403)
    assert services.ballot_of(vote, people.outsider) is None
    # Nor may an admin outside the group, who may see it.
    assert (
        login_as(people.admin).post(f"/votes/{vote.id}/ballot", data={"choice": "for"}).status_code
        == 403
    )


def test_an_anonymous_visitor_is_asked_to_sign_in(open_vote, login_as):
    response = login_as(None).get(f"/votes/{open_vote.id}")

    assert (response.status_code, response.location.split("?")[0]) == (302, "/auth/sign-in")


# --- the link from the e-mail -------------------------------------------------------------------


def test_the_link_shows_the_proposal_and_records_the_ballot_without_signing_in(
    open_vote, people, login_as
):
    client = login_as(None)
    url = f"/votes/ballot/{ballot_token(ballot(open_vote, people.member))}"

    shown = client.get(url)
    cast = client.post(url, data={"choice": "abstain"})
    again = client.post(url, data={"choice": "against"})

    assert shown.status_code == 200
    body = _page(shown)
    assert PROPOSAL in body
    for label in ("For", "Against", "Abstain"):
        assert f">{label}</button>" in body
    assert ballot(open_vote, people.member).choice == Choice.AGAINST
    assert (cast.status_code, cast.location) == (302, url)
    assert again.status_code == 302
    assert ballot(open_vote, people.member).channel == Channel.LINK
    assert "Your vote “Against” has been recorded." in _page(client.get(url))


def test_opening_the_link_changes_nothing(open_vote, people, login_as):
    login_as(None).get(f"/votes/ballot/{ballot_token(ballot(open_vote, people.member))}")

    assert ballot(open_vote, people.member).choice is None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: token[: len(token) // 2],
        lambda token: "WzEsIDJd.x" + token[10:],
    ],
    ids=["signature changed", "cut off", "payload changed"],
)
def test_a_tampered_link_gets_a_clear_message(open_vote, people, login_as, tamper):
    token = ballot_token(ballot(open_vote, people.member))

    client = login_as(None)
    shown = client.get(f"/votes/ballot/{tamper(token)}")
    sent = client.post(f"/votes/ballot/{tamper(token)}", data={"choice": "for"})

    for response in (shown, sent):
        assert response.status_code == 404
        assert "This link is not valid" in _page(response)
    assert ballot(open_vote, people.member).choice is None


def test_a_link_for_another_vote_s_ballot_is_refused(open_vote, people, login_as):
    from flask import current_app
    from itsdangerous import URLSafeSerializer

    from meetings.correspondence.tokens import BALLOT_SALT

    other = start(people, now=utcnow(), deadline=_ahead(), title="Jiné hlasování")
    forged = URLSafeSerializer(current_app.config["SECRET_KEY"], salt="invitations.answer").dumps(
        [open_vote.id, ballot(other, people.member).id]
    )
    mixed = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=BALLOT_SALT).dumps(
        [open_vote.id, ballot(other, people.member).id]
    )

    for token in (forged, mixed):
        assert login_as(None).get(f"/votes/ballot/{token}").status_code == 404


def test_voting_by_link_after_the_close_gets_a_clear_message(open_vote, people, login_as):
    services.cast_ballot(ballot(open_vote, people.member), "for", channel=Channel.LINK)
    services.cast_ballot(ballot(open_vote, people.chair), "for", channel=Channel.LINK)
    assert open_vote.state == VoteState.CLOSED
    client = login_as(None)
    url = f"/votes/ballot/{ballot_token(ballot(open_vote, people.assistant))}"

    response = client.post(url, data={"choice": "against"}, follow_redirects=True)

    body = _page(response)
    assert response.status_code == 200
    assert "This vote has closed: ballots are no longer taken." in body
    assert "PR/" in body
    assert ballot(open_vote, people.assistant).choice is None
    assert 'name="choice"' not in body


def test_voting_by_link_after_the_deadline_closes_the_vote_and_refuses_the_ballot(people, login_as):
    vote = start(
        people, now=utcnow() - dt.timedelta(days=8), deadline=utcnow() - dt.timedelta(days=1)
    )
    services.cast_ballot(
        ballot(vote, people.member),
        "for",
        channel=Channel.LINK,
        now=utcnow() - dt.timedelta(days=7),
    )
    url = f"/votes/ballot/{ballot_token(ballot(vote, people.chair))}"

    shown = _page(login_as(None).get(url))
    response = login_as(None).post(url, data={"choice": "for"}, follow_redirects=True)

    assert "Voting ended at the deadline" in shown
    assert vote.state == VoteState.CLOSED
    assert (vote.close_reason, vote.result) == (CloseReason.DEADLINE, Result.NOT_QUORATE)
    assert ballot(vote, people.chair).choice is None
    assert "This vote has closed: ballots are no longer taken." in _page(response)


def test_voting_in_the_app_after_the_close_gets_a_clear_message(open_vote, people, login_as):
    services.cancel_vote(open_vote, actor=people.chair)
    people.member.locale = "cs"
    client = login_as(people.member)

    response = client.post(
        f"/votes/{open_vote.id}/ballot", data={"choice": "for"}, follow_redirects=True
    )

    assert translated("cs", "This vote was cancelled: ballots are no longer taken.") in (
        response.get_data(as_text=True)
    )
    assert ballot(open_vote, people.member).choice is None


# --- the managers' buttons ------------------------------------------------------------------------


def test_the_reminder_button_mails_only_those_who_have_not_voted(
    open_vote, people, login_as, smtp_server
):
    services.cast_ballot(ballot(open_vote, people.chair), "for", channel=Channel.PAGE)
    db.session.commit()
    started = len(smtp_server.wait_for(3))

    response = login_as(people.assistant).post(f"/votes/{open_vote.id}/remind")

    assert response.status_code == 302
    messages = smtp_server.wait_for(started + 2)[started:]
    assert sorted(a.addr_spec for m in messages for a in m["To"].addresses) == [
        "assistant@example.org",
        "member@example.org",
    ]
    assert all(m["Subject"].startswith("Připomínka: hlasování per rollam") for m in messages)
    text = messages[0].get_body(preferencelist=("plain",)).get_content()
    assert "/votes/ballot/" in text


def test_members_have_no_reminder_or_cancel_button(open_vote, people, login_as):
    body = _page(login_as(people.member).get(f"/votes/{open_vote.id}"))

    assert f"/votes/{open_vote.id}/remind" not in body
    assert f"/votes/{open_vote.id}/cancel" not in body
    assert login_as(people.member).post(f"/votes/{open_vote.id}/remind").status_code == 403
    assert login_as(people.member).post(f"/votes/{open_vote.id}/cancel").status_code == 403


def test_the_chair_cancels_the_vote(open_vote, people, login_as):
    client = login_as(people.chair)
    body = _page(client.get(f"/votes/{open_vote.id}"))
    assert "Cancel vote" in body

    response = client.post(
        f"/votes/{open_vote.id}/cancel", data={"reason": "Projedná se na setkání."}
    )

    assert response.status_code == 302
    assert open_vote.state == VoteState.CANCELLED
    assert "Projedná se na setkání." in _page(client.get(f"/votes/{open_vote.id}"))


# --- the result, the record, the register ----------------------------------------------


@pytest.fixture
def closed_vote(open_vote, people):
    services.cast_ballot(ballot(open_vote, people.member), "for", channel=Channel.LINK)
    services.cast_ballot(ballot(open_vote, people.chair), "abstain", channel=Channel.PAGE)
    jobs.close_votes(now=open_vote.deadline_at + dt.timedelta(minutes=1))
    return open_vote


def test_the_closed_vote_shows_its_result_and_who_voted_how_to_members(
    closed_vote, people, login_as
):
    body = _page(login_as(people.observer).get(f"/votes/{closed_vote.id}"))

    assert closed_vote.result == Result.REJECTED
    assert f'id="decision-number">{closed_vote.decision_label}<' in body
    assert "Not adopted" in body
    assert re.search(r"Petr Člen</th>\s*<td>For</td>", body)
    assert re.search(r"Jana Předsedová</th>\s*<td>Abstained</td>", body)
    assert "Did not vote" in body
    # The record is being made.
    assert 'id="record-waiting"' in body


def test_the_record_downloads_for_members_once_made(closed_vote, people, login_as):
    url = f"/votes/{closed_vote.id}/record.pdf"
    assert login_as(people.member).get(url).status_code == 404
    closed_vote.record_file = storage.store(b"%PDF-1.7 a record\n", "application/pdf")
    closed_vote.record_sha256 = closed_vote.record_file.sha256
    db.session.flush()

    response = login_as(people.observer).get(url)

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data == b"%PDF-1.7 a record\n"
    assert login_as(people.outsider).get(url).status_code == 404
    assert 'id="record-link"' in _page(login_as(people.member).get(f"/votes/{closed_vote.id}"))


def test_the_decision_is_in_the_groups_register_marked_per_rollam(closed_vote, people, login_as):
    body = _page(login_as(people.member).get(f"/decisions?group={people.group.slug}"))

    assert closed_vote.decision_label in body
    assert PROPOSAL in body
    assert f'href="/votes/{closed_vote.id}"' in body
    assert "data-per-rollam" in body
    assert "1 / 0 / 1" in body
    # Outside the group, nothing of it.
    people.group.is_public = True
    db.session.flush()
    assert PROPOSAL not in _page(
        login_as(people.outsider).get(f"/decisions?group={people.group.slug}")
    )


def test_the_register_searches_decisions_by_correspondence_too(closed_vote, people, login_as):
    client = login_as(people.member)

    found = _page(client.get(f"/decisions?group={people.group.slug}&q=IQ PARKU"))
    not_found = _page(client.get(f"/decisions?group={people.group.slug}&q=Megyeháza"))

    assert PROPOSAL in found
    assert PROPOSAL not in not_found


def test_the_register_queries_do_not_grow_with_decisions_by_correspondence(
    app, closed_vote, people, login_as
):
    client = login_as(people.member)
    url = f"/decisions?group={people.group.slug}"
    client.get(url)
    with count_queries(app) as few:
        client.get(url)
    for n in range(5):
        vote = start(people, now=utcnow(), deadline=_ahead(), title=f"Hlasování {n}")
        for person in (people.chair, people.member):
            services.cast_ballot(ballot(vote, person), "for", channel=Channel.PAGE)
    with count_queries(app) as many:
        body = _page(client.get(url))

    assert body.count("data-per-rollam") == 6
    assert many.count == few.count


# --- where a vote waits for people ---------------------------------------------------------------


def test_the_dashboard_lists_votes_waiting_for_the_persons_ballot(open_vote, people, login_as):
    waiting = _page(login_as(people.member).get("/dashboard"))
    services.cast_ballot(ballot(open_vote, people.member), "for", channel=Channel.PAGE)
    voted = _page(login_as(people.member).get("/dashboard"))
    observer = _page(login_as(people.observer).get("/dashboard"))

    assert f'href="/votes/{open_vote.id}#ballot"' in waiting
    assert 'id="votes"' not in voted
    assert 'id="votes"' not in observer


def test_the_group_page_lists_its_votes_and_offers_a_new_one_to_managers(
    open_vote, people, login_as
):
    as_member = _page(login_as(people.member).get(f"/groups/{people.group.slug}"))
    as_chair = _page(login_as(people.chair).get(f"/groups/{people.group.slug}"))

    for body in (as_member, as_chair):
        assert f'href="/votes/{open_vote.id}"' in body
    assert f"/groups/{people.group.slug}/votes/new" in as_chair
    assert f"/groups/{people.group.slug}/votes/new" not in as_member


def test_a_public_group_s_page_shows_no_votes_to_visitors(open_vote, people, login_as):
    people.group.is_public = True
    db.session.flush()

    body = _page(login_as(None).get(f"/groups/{people.group.slug}"))

    assert f"/votes/{open_vote.id}" not in body


def test_a_newcomer_to_the_group_sees_the_vote_but_cannot_vote(open_vote, people, login_as):
    newcomer = factories.make_user("nova@example.org", "Nová Členka")
    factories.add_member(newcomer, people.group, Role.MEMBER)

    body = _page(login_as(newcomer).get(f"/votes/{open_vote.id}"))
    refused = login_as(newcomer).post(f"/votes/{open_vote.id}/ballot", data={"choice": "for"})

    assert PROPOSAL in body
    assert 'name="choice"' not in body
    assert refused.status_code == 403


def test_the_voting_members_find_the_vote_among_their_notifications(open_vote, people, login_as):
    body = _page(login_as(people.member).get("/notifications"))

    assert "Eva Asistentová asks you to vote by correspondence: " in body
    assert TITLE in body
