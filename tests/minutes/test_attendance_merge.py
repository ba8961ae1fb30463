"""Two people recording attendance at once: a row only one of them changed keeps that
change; a row both changed differently waits for a choice and nothing is written."""

from __future__ import annotations

from meetings.minutes import services

from ..forms import form_values
from .conftest import page


def _url(liberec) -> str:
    return f"/meetings/{liberec.meeting.id}/minutes/attendance"


def _open_register(client, liberec) -> dict[str, str]:
    response = client.get(_url(liberec))
    assert response.status_code == 200
    return form_values(page(response), "attendance-register")


def _rows(liberec) -> dict[str, int]:
    return {r.name: r.invitation_id for r in services.attendance_rows(liberec.meeting)}


def _recorded(liberec) -> dict[str, tuple[str, str]]:
    return {
        r.name: (str(r.attendance), r.represented_by)
        for r in services.attendance_rows(liberec.meeting)
    }


def test_each_changing_a_different_row_keeps_both(liberec, browser_of):
    rows = _rows(liberec)
    assistant = browser_of(liberec.people.assistant)
    chair = browser_of(liberec.people.chair)
    form_a = _open_register(assistant, liberec)
    form_b = _open_register(chair, liberec)

    member = rows["Petr Člen"]
    form_a[f"attendance-{member}"] = "represented"
    form_a[f"represented-{member}"] = "Marie Zástupkyně"
    assert assistant.post(_url(liberec), data=form_a).status_code == 302

    # The chair, on the register opened before, records only the observer as present.
    observer = rows["Olga Pozorovatelka"]
    form_b[f"attendance-{observer}"] = "present"
    response = chair.post(_url(liberec), data=form_b)
    assert response.status_code == 302, page(response)

    recorded = _recorded(liberec)
    assert recorded["Petr Člen"] == ("represented", "Marie Zástupkyně")
    assert recorded["Olga Pozorovatelka"] == ("present", "")


def test_a_row_both_changed_waits_for_a_choice(liberec, browser_of):
    rows = _rows(liberec)
    assistant = browser_of(liberec.people.assistant)
    chair = browser_of(liberec.people.chair)
    form_a = _open_register(assistant, liberec)
    form_b = _open_register(chair, liberec)
    observer = rows["Olga Pozorovatelka"]
    member = rows["Petr Člen"]

    form_a[f"attendance-{observer}"] = "present"
    assert assistant.post(_url(liberec), data=form_a).status_code == 302
    form_b[f"attendance-{observer}"] = "excused"
    form_b[f"attendance-{member}"] = "present"
    response = chair.post(_url(liberec), data=form_b)
    html = page(response)
    assert response.status_code == 409
    assert "Edit conflict" in html
    assert "Saved meanwhile: Present" in html
    # Nothing of the chair's was written, not even the row without conflict.
    assert _recorded(liberec)["Petr Člen"] == ("excused", "")

    conflict_form = form_values(html, "attendance-register")
    assert conflict_form["conflict"] == f"attendance-{observer}"
    assert chair.post(_url(liberec), data=conflict_form).status_code == 422
    assert _recorded(liberec)["Petr Člen"] == ("excused", "")

    conflict_form[f"keep-attendance-{observer}"] = "mine"
    assert chair.post(_url(liberec), data=conflict_form).status_code == 302
    recorded = _recorded(liberec)
    assert recorded["Olga Pozorovatelka"] == ("excused", "")
    assert recorded["Petr Člen"] == ("present", "")
