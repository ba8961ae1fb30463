"""Arrivals during a meeting: a member who arrived before an agenda item counts for the
quorum of decisions from that item on, not before; the register says when they came."""

from __future__ import annotations

import io

from pypdf import PdfReader

from meetings.minutes import services

from ..conftest import get_document
from .conftest import editor_version, page
from .test_quorum import FIVE, _decision_badges, _decisions_at, _eleven_voting_members, _register


def _pdf_text(client, meeting) -> str:
    document = get_document(client, f"/meetings/{meeting.id}/minutes.pdf")
    return " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(document.data)).pages).split()
    )


def test_member_arriving_before_item_3_counts_for_item_4_not_for_item_2(liberec, login_as):
    ids = _eleven_voting_members(liberec, login_as)
    client = login_as(liberec.people.assistant)
    url = f"/meetings/{liberec.meeting.id}/minutes/attendance"
    # Five of eleven from the start (not quorate); a sixth arrives before item 3.
    data = _register(ids, [*FIVE, "Člen 04"])
    data[f"arrived-{ids['Člen 04']}"] = str(liberec.items[2].id)
    assert client.post(url, data=data).status_code == 302
    _decisions_at(
        client,
        liberec,
        {1: "Témata se schvalují.", 2: "Příklady přednese předsedkyně.", 3: "Účastníky navrhne."},
    )

    minutes_page = page(client.get(f"/meetings/{liberec.meeting.id}/minutes"))

    assert _decision_badges(minutes_page) == {
        "Témata se schvalují.": "Not quorate",
        "Příklady přednese předsedkyně.": "Quorate",
        "Účastníky navrhne.": "Quorate",
    }
    assert "(arrived at item 3)" in minutes_page
    # The PDF keeps the minutes in the group's language.
    text = _pdf_text(client, liberec.meeting)
    assert "Člen 04" in text and "přišel/přišla u bodu 3" in text
    assert "10/1 2. Témata se schvalují. Není usnášeníschopná" in text
    assert "10/3 4. Účastníky navrhne. Usnášeníschopná" in text


def test_arrival_before_an_item_with_sub_items_counts_for_its_sub_items(liberec, login_as):
    ids = _eleven_voting_members(liberec, login_as)
    client = login_as(liberec.people.assistant)
    data = _register(ids, [*FIVE, "Člen 04"])
    data[f"arrived-{ids['Člen 04']}"] = str(liberec.items[1].id)
    url = f"/meetings/{liberec.meeting.id}/minutes/attendance"
    assert client.post(url, data=data).status_code == 302
    items = {
        "Obnovit jednání.": liberec.items[0],
        "Témata se schvalují.": liberec.items[1],
        "Kulatý stůl zahájí předsedkyně.": liberec.sub_items[0],
    }
    data = {"version": editor_version(client, liberec.meeting)}
    for text, item in items.items():
        data[f"new-decision-{item.id}-text"] = text
    assert client.post(f"/meetings/{liberec.meeting.id}/minutes/edit", data=data).status_code == 302

    minutes_page = page(client.get(f"/meetings/{liberec.meeting.id}/minutes"))

    # Arriving before item 2 is arriving before its first sub-item 2a: counted for both.
    assert _decision_badges(minutes_page) == {
        "Obnovit jednání.": "Not quorate",
        "Témata se schvalují.": "Quorate",
        "Kulatý stůl zahájí předsedkyně.": "Quorate",
    }


def test_arrival_after_leaving_is_marked_and_the_other_rows_are_saved(liberec, login_as):
    ids = _eleven_voting_members(liberec, login_as)
    client = login_as(liberec.people.assistant)
    url = f"/meetings/{liberec.meeting.id}/minutes/attendance"
    data = _register(ids, [*FIVE, "Člen 04", "Člen 05"])
    data[f"arrived-{ids['Člen 04']}"] = str(liberec.items[3].id)
    data[f"left-{ids['Člen 04']}"] = str(liberec.items[1].id)
    data[f"arrived-{ids['Člen 05']}"] = str(liberec.items[2].id)

    response = client.post(url, data=data)

    assert response.status_code == 422
    text = page(response)
    assert "The arrival is after the item the person left after: correct one of the two." in text
    # What was typed in the wrong row stays in the form.
    assert f'<option value="{liberec.items[3].id}" selected>4.' in text
    saved = {r.name: r for r in services.attendance_rows(liberec.meeting)}
    assert saved["Člen 05"].arrived_before_item_id == liberec.items[2].id
    assert (saved["Člen 04"].arrived_before_item_id, saved["Člen 04"].left_after_item_id) == (
        None,
        None,
    )


def test_arrival_of_someone_absent_is_marked(liberec, login_as):
    ids = _eleven_voting_members(liberec, login_as)
    client = login_as(liberec.people.assistant)
    data = _register(ids, FIVE)
    data[f"arrived-{ids['Člen 06']}"] = str(liberec.items[2].id)

    response = client.post(f"/meetings/{liberec.meeting.id}/minutes/attendance", data=data)

    assert response.status_code == 422
    assert (
        "Only someone who took part can arrive during the meeting: clear the item or the "
        "attendance." in page(response)
    )


def test_arrival_needs_an_item_of_this_meeting(liberec, login_as):
    client = login_as(liberec.people.assistant)
    rows = {r.name: r.invitation_id for r in services.attendance_rows(liberec.meeting)}
    data = {f"attendance-{i}": "present" for i in rows.values()}
    data[f"arrived-{rows['Petr Člen']}"] = "abc"

    response = client.post(f"/meetings/{liberec.meeting.id}/minutes/attendance", data=data)

    assert response.status_code == 422
    assert "Choose an item of the agenda from the list." in page(response)
