"""The vote by name (roll-call): the assistant records how each voting member present at a
decision voted; the names appear on the minutes page and in the published PDF, and the
counts in the decisions register follow from them."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from meetings.extensions import db
from meetings.minutes import services
from meetings.minutes.enums import MinutesState
from meetings.minutes.models import Decision
from meetings.minutes.publishing import publish
from meetings.storage import services as storage

from ..conftest import count_queries
from .conftest import editor_version, page
from .test_quorum import FIVE, _decisions_at, _eleven_voting_members, _register

#: Seven of eleven voting members came; Člen 05 left after item 2.
SEVEN = [*FIVE, "Člen 04", "Člen 05"]
DECISION = "Účastníky navrhne předsedkyně."


def _held_with_decision(liberec, login_as):
    """The register (Člen 05 left after item 2) and a decision at item 4; the assistant's
    client, the decision and the user ids by name."""
    ids = _eleven_voting_members(liberec, login_as)
    client = login_as(liberec.people.assistant)
    data = _register(ids, SEVEN)
    data[f"left-{ids['Člen 05']}"] = str(liberec.items[1].id)
    assert (
        client.post(f"/meetings/{liberec.meeting.id}/minutes/attendance", data=data).status_code
        == 302
    )
    _decisions_at(client, liberec, {3: DECISION})
    decision = db.session.scalars(
        db.select(Decision).where(Decision.meeting_id == liberec.meeting.id)
    ).one()
    users = {r.name: r.user_id for r in services.attendance_rows(liberec.meeting)}
    return client, decision, users


def _url(decision) -> str:
    return f"/meetings/{decision.meeting_id}/minutes/decisions/{decision.id}/vote-by-name"


def _votes(users, **by_choice) -> dict[str, str]:
    return {f"vote-{users[name]}": choice for choice, names in by_choice.items() for name in names}


VOTES = {
    "for": ["Jana Předsedová", "Eva Asistentová", "Člen 01"],
    "against": ["Člen 02"],
    "abstain": ["Člen 03"],
    "not_voting": ["Člen 04"],
}


def test_vote_by_name_page_lists_the_voting_members_present_at_the_decision(liberec, login_as):
    client, decision, _users = _held_with_decision(liberec, login_as)

    text = page(client.get(_url(decision)))

    legends = re.findall(r'<legend class="field-label">([^<]+)', text)
    assert [name.strip() for name in legends] == [
        "Eva Asistentová",
        "Jana Předsedová",
        "Člen 01",
        "Člen 02",
        "Člen 03",
        "Člen 04",
    ]
    # Člen 05 had left, the observer never votes.
    assert "Člen 05" not in text and "Olga Pozorovatelka" not in text
    assert 'name="csrf_token"' in text


def test_vote_by_name_shows_the_names_on_the_minutes_page_and_sets_the_counts(liberec, login_as):
    client, decision, users = _held_with_decision(liberec, login_as)

    response = client.post(_url(decision), data=_votes(users, **VOTES))

    assert response.status_code == 302
    assert (decision.votes_for, decision.votes_against, decision.votes_abstaining) == (3, 1, 1)
    text = page(client.get(f"/meetings/{liberec.meeting.id}/minutes"))
    found = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]*)</dd>", text))
    assert found == {
        "For (3)": "Eva Asistentová, Jana Předsedová, Člen 01",
        "Against (1)": "Člen 02",
        "Abstained (1)": "Člen 03",
        "Not voting (1)": "Člen 04",
    }
    assert "(for 3, against 1, abstaining 1)" in text


def test_a_choice_nobody_made_is_shown_as_0(liberec, login_as):
    client, decision, users = _held_with_decision(liberec, login_as)
    everyone = [n for names in VOTES.values() for n in names]

    assert client.post(_url(decision), data=_votes(users, **{"for": everyone})).status_code == 302

    text = page(client.get(f"/meetings/{liberec.meeting.id}/minutes"))
    found = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]*)</dd>", text))
    assert (found["Against (0)"], found["Abstained (0)"], found["Not voting (0)"]) == (
        "—",
        "—",
        "—",
    )
    assert (decision.votes_for, decision.votes_against, decision.votes_abstaining) == (6, 0, 0)


def test_vote_by_name_is_in_the_published_pdf_and_the_register(liberec, login_as):
    client, decision, users = _held_with_decision(liberec, login_as)
    assert client.post(_url(decision), data=_votes(users, **VOTES)).status_code == 302
    meeting = liberec.meeting
    assert client.post(f"/meetings/{meeting.id}/minutes/submit").status_code == 302
    chair = login_as(liberec.people.chair)
    assert chair.post(f"/meetings/{meeting.id}/minutes/approve").status_code == 302
    minutes = services.current_minutes(meeting)
    assert minutes.state == MinutesState.APPROVED

    data = storage.read(publish(minutes, key=None))

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    # In Czech, as the group keeps its minutes.
    assert "Pro (3): Eva Asistentová, Jana Předsedová, Člen 01" in text
    assert "Proti (1): Člen 02" in text
    assert "Zdrželi se (1): Člen 03" in text
    assert "Nehlasovali (1): Člen 04" in text
    register = page(login_as(liberec.people.member).get(f"/decisions?group={liberec.group.slug}"))
    row = re.search(r"<th scope=\"row\">10/1</th>(.*?)</tr>", register, re.S).group(1)
    assert "<td>3 / 1 / 1</td>" in row
    assert "Adopted" in row and "Not adopted" not in row
    assert "quorum: more than half of the voting members" in row


def test_vote_for_someone_not_present_is_refused_with_a_message(liberec, login_as):
    client, decision, users = _held_with_decision(liberec, login_as)
    data = _votes(users, **VOTES)
    # Člen 05 had left before item 4.
    data[f"vote-{users['Člen 05']}"] = "for"

    response = client.post(_url(decision), data=data)

    assert response.status_code == 422
    text = page(response)
    assert "A vote can be recorded only for voting members present at the decision." in text
    # What was chosen stays chosen.
    assert f'name="vote-{users["Člen 02"]}" value="against" checked' in text
    assert (decision.votes_for, decision.votes) == (None, [])


def test_unknown_choice_and_missing_choice_are_marked(liberec, login_as):
    client, decision, users = _held_with_decision(liberec, login_as)
    data = _votes(users, **VOTES)
    data[f"vote-{users['Člen 01']}"] = "maybe"
    del data[f"vote-{users['Člen 04']}"]

    response = client.post(_url(decision), data=data)

    assert response.status_code == 422
    text = page(response)
    assert "Choose one of the offered options." in text
    assert "Choose how Člen 04 voted." in text
    assert decision.votes == []


def test_vote_by_name_of_approved_minutes_is_refused_with_the_reason(liberec, login_as):
    client, decision, users = _held_with_decision(liberec, login_as)
    meeting = liberec.meeting
    assert client.post(f"/meetings/{meeting.id}/minutes/submit").status_code == 302
    assert (
        login_as(liberec.people.chair).post(f"/meetings/{meeting.id}/minutes/approve").status_code
        == 302
    )
    client = login_as(liberec.people.assistant)

    response = client.post(_url(decision), data=_votes(users, **VOTES))

    assert response.status_code == 403
    assert "Approved minutes never change." in page(response)
    assert decision.votes == []


def test_unknown_decision_is_not_found(liberec, login_as):
    client, _decision, _users = _held_with_decision(liberec, login_as)

    response = client.get(f"/meetings/{liberec.meeting.id}/minutes/decisions/999999/vote-by-name")

    assert response.status_code == 404


def test_editor_keeps_the_counts_of_a_vote_by_name(liberec, login_as):
    client, decision, users = _held_with_decision(liberec, login_as)
    assert client.post(_url(decision), data=_votes(users, **VOTES)).status_code == 302
    editor = page(client.get(f"/meetings/{liberec.meeting.id}/minutes/edit"))
    assert "The counts come from the vote by name." in editor
    assert f'id="decision-{decision.id}-for" name="decision-{decision.id}-for"' in editor

    data = {
        "version": editor_version(client, liberec.meeting),
        f"decision-{decision.id}-text": DECISION,
        f"decision-{decision.id}-for": "9",
        f"decision-{decision.id}-against": "",
        f"decision-{decision.id}-abstaining": "",
    }
    assert client.post(f"/meetings/{liberec.meeting.id}/minutes/edit", data=data).status_code == 302

    assert (decision.votes_for, decision.votes_against, decision.votes_abstaining) == (3, 1, 1)


def test_minutes_page_queries_do_not_grow_with_votes_by_name(app, liberec, login_as):
    client, decision, users = _held_with_decision(liberec, login_as)
    assert client.post(_url(decision), data=_votes(users, **VOTES)).status_code == 302
    url = f"/meetings/{liberec.meeting.id}/minutes"
    client.get(url)
    with count_queries(app) as few:
        client.get(url)
    # Two more decisions after Člen 05 left, each voted by name by the same six.
    _decisions_at(client, liberec, {2: "Příklady přednese předsedkyně.", 5: "Termín v dubnu."})
    others = db.session.scalars(
        db.select(Decision).where(
            Decision.meeting_id == liberec.meeting.id, Decision.id != decision.id
        )
    ).all()
    for other in others:
        assert client.post(_url(other), data=_votes(users, **VOTES)).status_code == 302
    client.get(url)
    with count_queries(app) as many:
        response = client.get(url)
    assert page(response).count("For (3)") == 3
    assert many.count == few.count
