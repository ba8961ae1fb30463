"""The quorum as a rule of the group (a number, more than half or two thirds of the voting
members), as the assistant records attendance and reads the attendance page and the
minutes' PDF."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from meetings.groups.enums import QuorumRule
from meetings.minutes import services

from .. import factories
from ..conftest import get_document
from .conftest import editor_version, page

MAJORITY_LINE = (
    "Quorum of Sociální služby: {count} of 11 voting members present or represented, "
    "more than half needed."
)


def _eleven_voting_members(liberec, login_as) -> dict[str, int]:
    """Chair, assistant and 9 members (the observer does not vote), all on the register;
    the chair sets the rule "more than half" in the group's form. Invitation ids by name."""
    for n in range(1, 9):
        factories.add_member(factories.make_user(name=f"Člen {n:02d}"), liberec.group)
    assistant = login_as(liberec.people.assistant)
    assert (
        assistant.post(f"/meetings/{liberec.meeting.id}/minutes/attendance/members").status_code
        == 302
    )
    chair = login_as(liberec.people.chair)
    form = chair.get(f"/groups/{liberec.group.slug}/edit")
    assert "Quorum rule" in page(form)
    data = {
        "name": liberec.group.name,
        "slug": liberec.group.slug,
        "language": "cs",
        "timezone": "Europe/Prague",
        "alarm_minutes": "1440",
        "quorum": "",
        "quorum_rule": "majority",
    }
    assert chair.post(f"/groups/{liberec.group.slug}/edit", data=data).status_code == 302
    assert liberec.group.quorum_rule == QuorumRule.MAJORITY
    return {r.name: r.invitation_id for r in services.attendance_rows(liberec.meeting)}


def _register(ids: dict[str, int], present: list[str], represented: list[str] = ()) -> dict:
    data = {f"attendance-{i}": "absent" for i in ids.values()}
    for name in present:
        data[f"attendance-{ids[name]}"] = "present"
    for name in represented:
        data[f"attendance-{ids[name]}"] = "represented"
        data[f"represented-{ids[name]}"] = f"Zástupce za {name}"
    # The observer came, but observers never count.
    data[f"attendance-{ids['Olga Pozorovatelka']}"] = "present"
    return data


FIVE = ["Jana Předsedová", "Eva Asistentová", "Člen 01", "Člen 02", "Člen 03"]


def test_majority_five_present_and_one_substitute_is_quorate(liberec, login_as):
    ids = _eleven_voting_members(liberec, login_as)
    client = login_as(liberec.people.assistant)
    url = f"/meetings/{liberec.meeting.id}/minutes/attendance"

    assert client.post(url, data=_register(ids, FIVE, ["Člen 04"])).status_code == 302

    text = page(client.get(url))
    assert MAJORITY_LINE.format(count=6) in text
    assert "Quorate" in text and "Not quorate" not in text


def test_majority_five_present_alone_is_not_quorate(liberec, login_as):
    ids = _eleven_voting_members(liberec, login_as)
    client = login_as(liberec.people.assistant)
    url = f"/meetings/{liberec.meeting.id}/minutes/attendance"

    assert client.post(url, data=_register(ids, FIVE)).status_code == 302

    text = page(client.get(url))
    assert MAJORITY_LINE.format(count=5) in text
    assert "Not quorate" in text


def test_minutes_pdf_says_the_rule(liberec, login_as):
    ids = _eleven_voting_members(liberec, login_as)
    client = login_as(liberec.people.assistant)
    url = f"/meetings/{liberec.meeting.id}/minutes/attendance"
    assert client.post(url, data=_register(ids, FIVE, ["Člen 04"])).status_code == 302

    document = get_document(client, f"/meetings/{liberec.meeting.id}/minutes.pdf")
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(document.data)).pages).split()
    )
    # The group keeps its minutes in Czech.
    assert "členů s hlasovacím právem: 6 z 11, potřebná je nadpoloviční většina." in text


def test_two_thirds_of_eleven_needs_eight(liberec, login_as):
    ids = _eleven_voting_members(liberec, login_as)
    liberec.group.quorum_rule = QuorumRule.TWO_THIRDS
    rows = services.attendance_rows(liberec.meeting)
    [status] = services.quorum_status(liberec.meeting, rows)
    assert (status.needed, status.voting) == (8, 11)
    assert len(ids) == 12


def test_existing_groups_keep_counting_against_their_number(liberec):
    liberec.group.quorum = 2
    [status] = services.quorum_status(liberec.meeting, services.attendance_rows(liberec.meeting))
    assert (status.rule, status.needed, status.counted, status.reached) == (
        QuorumRule.COUNT,
        2,
        2,
        True,
    )


def test_group_form_clears_the_number_under_a_share(people, login_as):
    people.group.quorum = 4
    chair = login_as(people.chair)
    data = {
        "name": people.group.name,
        "slug": people.group.slug,
        "language": "cs",
        "timezone": "Europe/Prague",
        "alarm_minutes": "1440",
        "quorum": "4",
        "quorum_rule": "two_thirds",
    }
    assert chair.post(f"/groups/{people.group.slug}/edit", data=data).status_code == 302
    assert (people.group.quorum, people.group.quorum_rule) == (None, QuorumRule.TWO_THIRDS)
    assert "At least two thirds of the voting members" in page(
        chair.get(f"/groups/{people.group.slug}")
    )


# --- quorate at each decision: people leave during the meeting ------------------------------

SEVEN = [*FIVE, "Člen 04", "Člen 05"]


def _decisions_at(client, liberec, texts: dict[int, str]) -> None:
    """The assistant writes decisions under agenda items (by index) in the editor."""
    data = {"version": editor_version(client, liberec.meeting)}
    for index, text in texts.items():
        data[f"new-decision-{liberec.items[index].id}-text"] = text
    assert client.post(f"/meetings/{liberec.meeting.id}/minutes/edit", data=data).status_code == 302


def _decision_badges(text: str) -> dict[str, str]:
    """Each decision's text on the minutes page with its quorum badge."""
    found = re.findall(
        r'<li id="decision-\d+"><strong>[^<]*</strong> ([^<]*?)\s*'
        r'<span class="badge [^"]*decision-quorum">([^<]*)</span>',
        text,
    )
    return dict(found)


def test_decision_taken_after_two_members_left_is_not_quorate(liberec, login_as):
    ids = _eleven_voting_members(liberec, login_as)
    client = login_as(liberec.people.assistant)
    url = f"/meetings/{liberec.meeting.id}/minutes/attendance"
    data = _register(ids, SEVEN)
    # Two members leave after item 2 (and its sub-items a–e): 5 of 11 remain.
    data[f"left-{ids['Člen 04']}"] = str(liberec.items[1].id)
    data[f"left-{ids['Člen 05']}"] = str(liberec.items[1].id)
    assert client.post(url, data=data).status_code == 302
    assert "selected>2. Stanovení" in page(client.get(url))
    _decisions_at(
        client,
        liberec,
        {0: "Obnovit jednání.", 1: "Témata se schvalují.", 3: "Účastníky navrhne předsedkyně."},
    )

    minutes_page = page(client.get(f"/meetings/{liberec.meeting.id}/minutes"))

    assert _decision_badges(minutes_page) == {
        "Obnovit jednání.": "Quorate",
        "Témata se schvalují.": "Quorate",
        "Účastníky navrhne předsedkyně.": "Not quorate",
    }
    document = get_document(client, f"/meetings/{liberec.meeting.id}/minutes.pdf")
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(document.data)).pages).split()
    )
    # In Czech, as the group keeps its minutes: 10/3 at item 4 was taken without a quorum.
    assert "10/2 2. Témata se schvalují. Usnášeníschopná" in text
    assert "10/3 4. Účastníky navrhne předsedkyně. Není usnášeníschopná" in text


def test_leaving_needs_an_item_of_this_meeting(liberec, login_as):
    client = login_as(liberec.people.assistant)
    rows = {r.name: r.invitation_id for r in services.attendance_rows(liberec.meeting)}
    data = {f"attendance-{i}": "present" for i in rows.values()}
    data[f"left-{rows['Petr Člen']}"] = "999999"

    response = client.post(f"/meetings/{liberec.meeting.id}/minutes/attendance", data=data)

    assert response.status_code == 422
    assert "Choose an item of the agenda from the list." in page(response)
