"""Recorded by and verified by: the assistant chooses the recorder and the verifier while the
minutes are a draft; where the group requires it, the verifier confirms the submitted
minutes before the chair can approve them; a return asks for a new confirmation. Both
names (in the person's form) stand in the minutes' PDF."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from meetings.extensions import db
from meetings.minutes import services
from meetings.minutes.enums import MinutesState

from ..conftest import get_document
from .conftest import editor_version, page, seed_form


def _minutes(meeting):
    minutes = services.current_minutes(meeting)
    db.session.refresh(minutes)
    return minutes


def _flash(client, response) -> str:
    assert response.status_code == 302
    return page(client.get(response.location))


def _write(liberec, client) -> None:
    url = f"/meetings/{liberec.meeting.id}/minutes/edit"
    response = client.post(url, data=seed_form(liberec, editor_version(client, liberec.meeting)))
    assert response.status_code == 302


def test_the_verifier_confirms_before_the_chair_approves(liberec, browser_of):
    meeting, people = liberec.meeting, liberec.people
    people.group.requires_minutes_verification = True
    people.member.grammatical_gender = "masculine"
    db.session.flush()
    url = f"/meetings/{meeting.id}/minutes"
    assistant, chair, member = (
        browser_of(people.assistant),
        browser_of(people.chair),
        browser_of(people.member),
    )
    _write(liberec, assistant)
    minutes = _minutes(meeting)
    # Whoever started the minutes recorded them.
    assert minutes.recorded_by_id == people.assistant.id

    # Without a verifier the minutes cannot be submitted.
    shown = _flash(assistant, assistant.post(f"{url}/submit"))
    assert "choose the verifier before submitting them" in shown
    assert _minutes(meeting).state == MinutesState.DRAFT

    shown = _flash(
        assistant,
        assistant.post(
            f"{url}/signatories",
            data={"recorded_by": people.assistant.id, "verified_by": people.member.id},
        ),
    )
    assert "The recorder and the verifier are saved." in shown
    assert "Petr Člen" in shown
    _flash(assistant, assistant.post(f"{url}/submit"))
    assert _minutes(meeting).state == MinutesState.SUBMITTED

    # The chair sees who verifies first and gets no approve button; a forced post is refused.
    shown = page(chair.get(url))
    assert "Petr Člen verifies the minutes first" in shown
    assert "/minutes/approve" not in shown
    shown = _flash(chair, chair.post(f"{url}/approve"))
    assert "Petr Člen has not verified the minutes yet" in shown
    assert _minutes(meeting).state == MinutesState.SUBMITTED

    # Only the verifier confirms; it is on his dashboard.
    assert chair.post(f"{url}/verify").status_code == 403
    dashboard = page(member.get("/dashboard"))
    assert "Minutes waiting for your verification" in dashboard
    assert meeting.title in dashboard
    shown = _flash(member, member.post(f"{url}/verify"))
    assert "You have verified the minutes" in shown
    assert _minutes(meeting).verified_at is not None
    assert member.post(f"{url}/verify").status_code == 403  # once
    assert "Minutes waiting for your verification" not in page(member.get("/dashboard"))
    notices = page(chair.get("/notifications"))
    assert "Petr Člen has verified the minutes" in notices

    # A return drops the confirmation: the changed text is verified again.
    response = chair.post(f"{url}/return", data={"comment": "Doplňte termín."})
    assert response.status_code == 302
    assert _minutes(meeting).verified_at is None
    _flash(assistant, assistant.post(f"{url}/submit"))
    _flash(member, member.post(f"{url}/verify"))
    shown = _flash(chair, chair.post(f"{url}/approve"))
    assert "The minutes are approved." in shown

    # The PDF names both, in each person's form where the group's language has one.
    document = get_document(assistant, f"{url}.pdf")
    text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(document.data)).pages)
    )
    # The group writes Czech: the recorder's form is not known, the verifier's is.
    assert "Zapsal/a Eva Asistentová" in text
    assert re.search(r"Ověřil Petr Člen, \d{1,2}\. [a-zěščřžýáíéúů]+ \d{4}", text)


def test_without_required_verification_the_chair_approves_directly(liberec, browser_of):
    meeting, people = liberec.meeting, liberec.people
    url = f"/meetings/{meeting.id}/minutes"
    assistant, chair = browser_of(people.assistant), browser_of(people.chair)
    _write(liberec, assistant)
    assistant.post(f"{url}/signatories", data={"recorded_by": "", "verified_by": people.member.id})
    _flash(assistant, assistant.post(f"{url}/submit"))

    shown = _flash(chair, chair.post(f"{url}/approve"))

    assert "The minutes are approved." in shown
    assert _minutes(meeting).verified_at is None


def test_only_members_are_chosen_and_only_in_a_draft(liberec, browser_of):
    meeting, people = liberec.meeting, liberec.people
    url = f"/meetings/{meeting.id}/minutes"
    assistant = browser_of(people.assistant)
    _write(liberec, assistant)

    outsider = _flash(
        assistant,
        assistant.post(f"{url}/signatories", data={"verified_by": people.outsider.id}),
    )
    typed = _flash(assistant, assistant.post(f"{url}/signatories", data={"verified_by": "x"}))
    member = browser_of(people.member)

    assert "Choose one of the offered options." in outsider
    assert "Choose one of the offered options." in typed
    assert _minutes(meeting).verified_by_id is None
    assert (
        member.post(f"{url}/signatories", data={"verified_by": people.member.id}).status_code == 403
    )
    _flash(assistant, assistant.post(f"{url}/submit"))
    assert (
        assistant.post(f"{url}/signatories", data={"verified_by": people.member.id}).status_code
        == 403
    )
