"""The attendance register: prefilled from the answers, represented by a substitute, guests
recorded on the spot, the quorum."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from meetings.extensions import db
from meetings.invitations.enums import Attendance
from meetings.minutes import services
from meetings.minutes.enums import MinutesState

from .. import factories
from ..conftest import get_document
from .conftest import page


def _url(liberec) -> str:
    return f"/meetings/{liberec.meeting.id}/minutes/attendance"


def _by_name(liberec) -> dict[str, tuple[str, bool, str]]:
    return {
        r.name: (str(r.attendance), r.recorded, r.represented_by)
        for r in services.attendance_rows(liberec.meeting)
    }


def test_attendance_is_prefilled_from_the_answers(liberec):
    assert _by_name(liberec) == {
        "Jana Předsedová": ("present", False, ""),
        "Eva Asistentová": ("present", False, ""),
        "Petr Člen": ("excused", False, ""),
        "Olga Pozorovatelka": ("absent", False, ""),
    }


def test_attendance_saved_with_substitute(liberec, login_as):
    client = login_as(liberec.people.assistant)
    rows = {r.name: r.invitation_id for r in services.attendance_rows(liberec.meeting)}
    member = rows["Petr Člen"]
    data = {f"attendance-{i}": "present" for i in rows.values()}
    data[f"attendance-{member}"] = "represented"
    data[f"represented-{member}"] = "Marie Zástupkyně"
    assert client.post(_url(liberec), data=data).status_code == 302
    assert _by_name(liberec)["Petr Člen"] == ("represented", True, "Marie Zástupkyně")
    assert _by_name(liberec)["Olga Pozorovatelka"] == ("present", True, "")
    # Saving the register is a revision of the minutes too.
    minutes = services.current_minutes(liberec.meeting)
    assert [r.note for r in services.revisions_of(minutes)] == ["attendance"]


def test_represented_without_substitute_is_refused_and_kept(liberec, login_as):
    client = login_as(liberec.people.assistant)
    rows = {r.name: r.invitation_id for r in services.attendance_rows(liberec.meeting)}
    member = rows["Petr Člen"]
    response = client.post(
        _url(liberec),
        data={f"attendance-{member}": "represented", f"represented-{member}": ""},
    )
    assert response.status_code == 422
    assert "Enter the name of the substitute." in page(response)
    assert _by_name(liberec)["Petr Člen"] == ("excused", False, "")


def test_guest_recorded_on_the_spot_with_organisation(liberec, login_as):
    organisation = factories.make_organisation("IQ park Liberec")
    client = login_as(liberec.people.assistant)
    response = client.post(
        f"{_url(liberec)}/guests",
        data={"name": "Karel Host", "organisation_id": str(organisation.id)},
    )
    assert response.status_code == 302
    guest = [r for r in services.attendance_rows(liberec.meeting) if r.name == "Karel Host"]
    assert [(g.organisation, str(g.attendance), g.is_guest) for g in guest] == [
        ("IQ park Liberec", "present", True)
    ]
    assert "Karel Host" in page(client.get(_url(liberec)))


def test_guest_without_name_is_refused(liberec, login_as):
    response = login_as(liberec.people.assistant).post(
        f"{_url(liberec)}/guests", data={"name": " ", "email": "host@example.org"}
    )
    assert response.status_code == 422
    assert "Enter the guest's name." in page(response)


def test_quorum_counts_members_present_or_represented(liberec):
    liberec.group.quorum = 3
    db.session.flush()
    rows = services.attendance_rows(liberec.meeting)
    [status] = services.quorum_status(liberec.meeting, rows)
    # Chair and assistant present (from their answers); the observer does not count.
    assert (status.counted, status.needed, status.reached) == (2, 3, False)
    member = next(r for r in rows if r.name == "Petr Člen")
    services.save_attendance(
        liberec.meeting,
        [services.AttendanceChange(member.invitation_id, Attendance.REPRESENTED, "Zástupce")],
    )
    [status] = services.quorum_status(liberec.meeting, services.attendance_rows(liberec.meeting))
    assert (status.counted, status.reached) == (3, True)


def test_no_quorum_shown_when_group_defines_none(liberec):
    assert services.quorum_status(liberec.meeting, services.attendance_rows(liberec.meeting)) == []


def test_missing_members_are_added_as_absent(liberec, login_as):
    newcomer = factories.make_user(name="Nový Člen")
    factories.add_member(newcomer, liberec.group)
    response = login_as(liberec.people.assistant).post(f"{_url(liberec)}/members")
    assert response.status_code == 302
    assert _by_name(liberec)["Nový Člen"] == ("absent", False, "")


def test_a_member_who_took_part_online_is_recorded_so_and_counts_for_the_quorum(liberec, login_as):
    liberec.group.quorum = 3
    liberec.people.member.grammatical_gender = "masculine"
    db.session.flush()
    client = login_as(liberec.people.assistant)
    rows = {r.name: r.invitation_id for r in services.attendance_rows(liberec.meeting)}
    data = {f"attendance-{i}": "present" for i in rows.values()}
    data[f"attendance-{rows['Petr Člen']}"] = "online"
    data[f"attendance-{rows['Olga Pozorovatelka']}"] = "absent"

    assert client.post(_url(liberec), data=data).status_code == 302

    assert _by_name(liberec)["Petr Člen"] == ("online", True, "")
    [status] = services.quorum_status(liberec.meeting, services.attendance_rows(liberec.meeting))
    assert (status.counted, status.reached) == (3, True)
    assert "Present online" in page(client.get(_url(liberec)))
    document = get_document(client, f"/meetings/{liberec.meeting.id}/minutes.pdf")
    text = " ".join(PdfReader(io.BytesIO(document.data)).pages[0].extract_text().split())
    assert "Petr Člen" in text and "Přítomen online" in text


def test_one_inconsistent_row_keeps_the_others_saved_and_is_marked(liberec, login_as):
    client = login_as(liberec.people.assistant)
    register = client.get(_url(liberec))
    base = re.search(r'name="base" value="([^"]+)"', page(register)).group(1)
    rows = {r.name: r.invitation_id for r in services.attendance_rows(liberec.meeting)}
    observer = rows["Olga Pozorovatelka"]
    data = {"base": base}
    for invitation_id in rows.values():
        data[f"attendance-{invitation_id}"] = "present"
        data[f"represented-{invitation_id}"] = ""
    # The observer's row is inconsistent: a substitute without "represented by".
    data[f"attendance-{observer}"] = "absent"
    data[f"represented-{observer}"] = "Karel Zástupce"
    response = client.post(_url(liberec), data=data)
    assert response.status_code == 422
    text = page(response)
    assert "3 rows of the register are saved. Correct the marked rows and save again." in text
    assert "choose it or clear the name." in text
    # What was typed in the wrong row is shown again.
    assert re.search(rf'id="represented-{observer}"[^>]*value="Karel Zástupce"', text)
    assert re.search(
        rf'<select id="attendance-{observer}".*?<option value="absent" selected',
        text,
        re.DOTALL,
    )
    assert _by_name(liberec) == {
        "Jana Předsedová": ("present", True, ""),
        "Eva Asistentová": ("present", True, ""),
        "Petr Člen": ("present", True, ""),
        "Olga Pozorovatelka": ("absent", False, ""),
    }


def test_corrected_row_saves_after_the_partial_save(liberec, login_as):
    client = login_as(liberec.people.assistant)
    rows = {r.name: r.invitation_id for r in services.attendance_rows(liberec.meeting)}
    observer = rows["Olga Pozorovatelka"]
    data = {f"attendance-{i}": "present" for i in rows.values()}
    data[f"attendance-{observer}"] = "represented"
    first = client.post(_url(liberec), data=data)
    assert first.status_code == 422
    # The form shown again is sent with the name filled in.
    base = re.search(r'name="base" value="([^"]+)"', page(first)).group(1)
    data.update({"base": base, f"represented-{observer}": "Karel Zástupce"})
    assert client.post(_url(liberec), data=data).status_code == 302
    assert _by_name(liberec)["Olga Pozorovatelka"] == ("represented", True, "Karel Zástupce")


def _settle(liberec, state) -> None:
    """The minutes in ``state`` with the member represented and a quorum of 3."""
    rows = {r.name: r.invitation_id for r in services.attendance_rows(liberec.meeting)}
    services.save_attendance(
        liberec.meeting,
        [services.AttendanceChange(rows["Petr Člen"], Attendance.REPRESENTED, "Marie Zástupkyně")],
    )
    minutes = services.minutes_for(liberec.meeting)
    minutes.state = state
    minutes.approved_at = dt.datetime(2018, 3, 27, 9, tzinfo=dt.UTC)
    minutes.approved_by_id = liberec.people.chair.id
    if state == MinutesState.PUBLISHED:
        minutes.published_at = dt.datetime(2018, 3, 28, 9, tzinfo=dt.UTC)
        minutes.pdf_sha256 = "0" * 64
    liberec.group.quorum = 3
    db.session.flush()


@pytest.mark.parametrize("state", [MinutesState.APPROVED, MinutesState.PUBLISHED])
@pytest.mark.parametrize("role", ["member", "observer", "assistant", "chair"])
def test_attendance_of_approved_minutes_is_shown_read_only(liberec, login_as, state, role):
    _settle(liberec, state)
    response = login_as(liberec.people.by_role[role]).get(_url(liberec))
    assert response.status_code == 200
    text = page(response)
    assert "<form" not in text.split("<main", 1)[1]
    assert "Save the register" not in text
    assert "Add the guest" not in text
    assert "Marie Zástupkyně" in text
    assert "Quorum of Sociální služby: 3 of 3 members present or represented." in text
    assert "Quorate" in text


def test_attendance_of_published_minutes_is_read_by_visitors_of_a_public_group(liberec, client):
    liberec.group.is_public = True
    _settle(liberec, MinutesState.PUBLISHED)
    response = client.get(_url(liberec))
    assert response.status_code == 200
    assert "Marie Zástupkyně" in page(response)


def test_attendance_of_approved_minutes_cannot_be_changed(liberec, login_as):
    _settle(liberec, MinutesState.APPROVED)
    rows = {r.name: r.invitation_id for r in services.attendance_rows(liberec.meeting)}
    response = login_as(liberec.people.assistant).post(
        _url(liberec), data={f"attendance-{rows['Olga Pozorovatelka']}": "present"}
    )
    assert response.status_code == 403
    assert "Approved minutes never change." in page(response)
    assert _by_name(liberec)["Olga Pozorovatelka"] == ("absent", False, "")


def test_attendance_of_draft_minutes_stays_closed_to_members(liberec, login_as):
    services.minutes_for(liberec.meeting)
    assert login_as(liberec.people.member).get(_url(liberec)).status_code == 403
