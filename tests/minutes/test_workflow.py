"""The minutes' workflow over HTTP: write → submit → return with a comment → correct →
resubmit → approve → publish (mailed through a real SMTP server), and the refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.mail.models import OutgoingMessage
from meetings.minutes import jobs, publishing, services
from meetings.minutes.enums import ActionStatus, MinutesState
from meetings.minutes.models import ActionItem, Minutes
from meetings.minutes.workflow import TransitionError, transition

from ..conftest import translated
from .conftest import COURSE, TASK, editor_version, page, seed_form


def _minutes(meeting) -> Minutes:
    minutes = services.current_minutes(meeting)
    db.session.refresh(minutes)
    return minutes


SUBMITTED_MESSAGE = (
    "The minutes are submitted for approval. The chair can now approve them or return them."
)
RETURNED_MESSAGE = "The minutes are returned for changes, with your comment."
APPROVED_MESSAGE = "The minutes are approved."
SAVED_MESSAGE = "The minutes are saved."
PUBLISHING_MESSAGE = "Publishing has started: the PDF is made and the members get it by e-mail."


def _step(client, path: str, *, to: str, says: str, data: dict | None = None) -> str:
    """POST one step of the workflow: it must answer with a redirect to ``to``, and the page
    there must confirm the step (a success message, no error). The page's text."""
    response = client.post(path, data=data or {})
    assert (response.status_code, response.location) == (302, to), path
    shown = page(client.get(response.location))
    assert f'<div class="flash flash-success" role="status">{says}</div>' in shown, path
    assert "flash-error" not in shown, path
    return shown


def test_minutes_of_tenth_meeting_go_through_return_approval_and_publishing(
    liberec, login_as, smtp_server
):
    meeting, people = liberec.meeting, liberec.people
    url = f"/meetings/{meeting.id}/minutes"

    # The assistant writes the six items of seed 001 and the task from item 6.
    client = login_as(people.assistant)
    _step(
        client,
        f"{url}/edit",
        data=seed_form(liberec, editor_version(client, meeting)),
        to=f"{url}/edit",
        says=SAVED_MESSAGE,
    )
    assert _minutes(meeting).state == MinutesState.DRAFT
    minutes_page = page(client.get(url))
    for text in COURSE:
        assert text.split(".")[0] in minutes_page
    assert TASK in minutes_page
    task = db.session.scalars(
        db.select(ActionItem).where(ActionItem.meeting_id == meeting.id)
    ).one()
    assert (task.text, task.owner_id, task.status) == (TASK, people.assistant.id, ActionStatus.OPEN)
    _step(client, f"{url}/submit", to=url, says=SUBMITTED_MESSAGE)
    assert _minutes(meeting).state == MinutesState.SUBMITTED

    # The chair returns them with a comment.
    client = login_as(people.chair)
    _step(
        client,
        f"{url}/return",
        data={"comment": "Doplňte prosím termín v bodě 6."},
        to=url,
        says=RETURNED_MESSAGE,
    )
    assert (_minutes(meeting).state, _minutes(meeting).return_comment) == (
        MinutesState.DRAFT,
        "Doplňte prosím termín v bodě 6.",
    )

    # The assistant sees the comment, corrects and resubmits.
    client = login_as(people.assistant)
    assert "Doplňte prosím termín v bodě 6." in page(client.get(f"{url}/edit"))
    corrected = seed_form(liberec, editor_version(client, meeting))
    corrected[f"item-{liberec.items[5].id}"] = "Termín dubnového jednání bude dohodnut do 6. 4."
    del corrected[f"new-action-{liberec.items[5].id}-text"]  # added already
    del corrected[f"new-action-{liberec.items[5].id}-owner"]
    _step(client, f"{url}/edit", data=corrected, to=f"{url}/edit", says=SAVED_MESSAGE)
    entries = {e.agenda_item_id: e.text for e in _minutes(meeting).entries}
    assert entries[liberec.items[5].id] == "Termín dubnového jednání bude dohodnut do 6. 4."
    _step(client, f"{url}/submit", to=url, says=SUBMITTED_MESSAGE)
    assert _minutes(meeting).state == MinutesState.SUBMITTED

    # The chair approves: name and time recorded.
    client = login_as(people.chair)
    _step(client, f"{url}/approve", to=url, says=APPROVED_MESSAGE)
    minutes = _minutes(meeting)
    assert (minutes.state, minutes.approved_by_id) == (MinutesState.APPROVED, people.chair.id)
    assert minutes.approved_at is not None
    assert "Jana Předsedová" in page(client.get(url))

    # The chair publishes; the worker makes the PDF and the members get it by e-mail.
    _step(client, f"{url}/publish", to=url, says=PUBLISHING_MESSAGE)
    assert (_minutes(meeting).state, _minutes(meeting).publish_requested_at is not None) == (
        MinutesState.APPROVED,
        True,
    )
    assert jobs.publish_minutes(minutes.id, key=None) is True
    minutes = _minutes(meeting)
    assert minutes.state == MinutesState.PUBLISHED
    recipients = publishing.recipients(meeting)
    received = smtp_server.wait_for(len(recipients) + 4)
    published = [
        m
        for m in received
        if any(part.get_content_type() == "application/pdf" for part in m.iter_attachments())
    ]
    assert sorted(m["To"].addresses[0].addr_spec for m in published) == sorted(
        r.email for r in recipients
    )
    # Along the way the chair was asked to approve (twice) and the assistant was told of
    # the return, with the chair's comment, and of the approval.
    steps = sorted(m["To"].addresses[0].addr_spec for m in received if m not in published)
    assert steps == [
        "assistant@example.org",
        "assistant@example.org",
        "chair@example.org",
        "chair@example.org",
    ]


def test_approve_by_assistant_is_refused_with_message(liberec, login_as):
    minutes = services.minutes_for(liberec.meeting)
    minutes.state = MinutesState.SUBMITTED
    db.session.flush()
    response = login_as(liberec.people.assistant).post(
        f"/meetings/{liberec.meeting.id}/minutes/approve"
    )
    assert response.status_code == 403
    assert "Only the chair of the group approves the minutes" in page(response)
    assert _minutes(liberec.meeting).state == MinutesState.SUBMITTED


def test_edit_by_member_is_refused(liberec, login_as):
    client = login_as(liberec.people.member)
    url = f"/meetings/{liberec.meeting.id}/minutes/edit"
    assert client.get(url).status_code == 403
    response = client.post(url, data={"version": "0", "opening": "Můj text"})
    assert response.status_code == 403
    assert "Only the group's chair and assistant write the minutes." in page(response)
    assert services.current_minutes(liberec.meeting) is None


@pytest.mark.parametrize("role", ["observer", "member", "assistant", "chair", "admin"])
def test_edit_of_approved_minutes_is_refused_for_everyone(liberec, login_as, role):
    minutes = services.minutes_for(liberec.meeting)
    minutes.opening = "Schválený text."
    minutes.state = MinutesState.APPROVED
    minutes.approved_at = dt.datetime.now(dt.UTC)
    db.session.flush()
    client = login_as(liberec.people.by_role[role])
    url = f"/meetings/{liberec.meeting.id}/minutes/edit"
    response = client.post(url, data={"version": str(minutes.version), "opening": "Změna"})
    assert response.status_code == 403
    assert "Approved minutes never change." in page(response)
    assert client.get(url).status_code == 403
    assert _minutes(liberec.meeting).opening == "Schválený text."


def test_edit_while_submitted_is_refused_for_assistant(liberec, login_as):
    minutes = services.minutes_for(liberec.meeting)
    minutes.state = MinutesState.SUBMITTED
    db.session.flush()
    response = login_as(liberec.people.assistant).get(
        f"/meetings/{liberec.meeting.id}/minutes/edit"
    )
    assert response.status_code == 403
    assert "submitted for approval and cannot be edited" in page(response)


def test_return_without_comment_is_refused_and_stays_submitted(liberec, login_as):
    minutes = services.minutes_for(liberec.meeting)
    minutes.state = MinutesState.SUBMITTED
    db.session.flush()
    response = login_as(liberec.people.chair).post(
        f"/meetings/{liberec.meeting.id}/minutes/return", data={"comment": "  "}
    )
    assert response.status_code == 422
    assert "Say what should be changed" in page(response)
    assert _minutes(liberec.meeting).state == MinutesState.SUBMITTED


def test_members_read_submitted_minutes_and_comment_per_item(liberec, login_as):
    minutes = services.minutes_for(liberec.meeting)
    minutes.state = MinutesState.SUBMITTED
    db.session.flush()
    client = login_as(liberec.people.member)
    url = f"/meetings/{liberec.meeting.id}/minutes"
    assert client.get(url).status_code == 200
    item = liberec.items[3]
    response = client.post(
        f"{url}/comments", data={"agenda_item_id": str(item.id), "text": "Doplnit Úřad práce."}
    )
    assert (response.status_code, response.location) == (302, f"{url}#item-{item.id}")
    comments = services.comments_by_item(minutes)
    assert [(c.text, c.author_id) for c in comments[item.id]] == [
        ("Doplnit Úřad práce.", liberec.people.member.id)
    ]
    assert "Doplnit Úřad práce." in page(client.get(url))


def test_members_do_not_read_draft_minutes(liberec, login_as):
    services.minutes_for(liberec.meeting)
    response = login_as(liberec.people.member).get(f"/meetings/{liberec.meeting.id}/minutes")
    assert response.status_code == 403
    assert "Members can read them once they are submitted" in page(response)


def test_transition_from_draft_to_approved_is_refused(liberec):
    minutes = services.minutes_for(liberec.meeting)
    with pytest.raises(TransitionError) as refused:
        transition(minutes, MinutesState.APPROVED, actor=liberec.people.chair)
    assert str(refused.value.message) == "Minutes that are Draft cannot become Approved."
    assert minutes.state == MinutesState.DRAFT


def test_transition_to_published_needs_the_stored_pdf(liberec):
    minutes = services.minutes_for(liberec.meeting)
    minutes.state = MinutesState.APPROVED
    minutes.approved_at = dt.datetime.now(dt.UTC)
    with pytest.raises(TransitionError):
        transition(minutes, MinutesState.PUBLISHED, actor=None)
    minutes.pdf_sha256 = "0" * 64
    transition(minutes, MinutesState.PUBLISHED, actor=None)
    assert (minutes.state, minutes.published_at is not None) == (MinutesState.PUBLISHED, True)


def test_submit_before_the_meeting_begins_is_refused(people, login_as):
    from .. import factories

    meeting = factories.make_meeting(people.group)  # in 2030
    client = login_as(people.assistant)
    assert (
        client.post(
            f"/meetings/{meeting.id}/minutes/edit", data={"version": "0", "opening": "Příprava."}
        ).status_code
        == 302
    )
    response = client.post(f"/meetings/{meeting.id}/minutes/submit", follow_redirects=True)
    assert "once the meeting has begun" in page(response)
    assert services.current_minutes(meeting).state == MinutesState.DRAFT


def test_submission_and_return_are_mailed_to_who_acts_next(liberec, login_as, smtp_server):
    meeting, people = liberec.meeting, liberec.people
    url = f"/meetings/{meeting.id}/minutes"
    assistant = login_as(people.assistant)
    _step(
        assistant,
        f"{url}/edit",
        data=seed_form(liberec, editor_version(assistant, meeting)),
        to=f"{url}/edit",
        says=SAVED_MESSAGE,
    )
    assert _minutes(meeting).state == MinutesState.DRAFT
    _step(assistant, f"{url}/submit", to=url, says=SUBMITTED_MESSAGE)
    assert _minutes(meeting).state == MinutesState.SUBMITTED
    [to_chair] = smtp_server.wait_for(1)

    chair = login_as(people.chair)
    _step(
        chair,
        f"{url}/return",
        data={"comment": "Doplňte termín v bodě 6."},
        to=url,
        says=RETURNED_MESSAGE,
    )
    assert (_minutes(meeting).state, _minutes(meeting).return_comment) == (
        MinutesState.DRAFT,
        "Doplňte termín v bodě 6.",
    )
    [_, to_assistant] = smtp_server.wait_for(2)

    # Nobody in this group chose a language: the group's, Czech.
    assert to_chair["To"].addresses[0].addr_spec == people.chair.email
    assert str(to_chair["Subject"]) == translated(
        "cs", "Minutes for your approval: %(title)s", title=meeting.title
    )
    assert f"http://meetings.test{url}" in to_chair.get_content()
    assert to_assistant["To"].addresses[0].addr_spec == people.assistant.email
    assert str(to_assistant["Subject"]) == translated(
        "cs", "Minutes returned for changes: %(title)s", title=meeting.title
    )
    assert "Doplňte termín v bodě 6." in to_assistant.get_content()


def test_a_chair_who_turned_the_submission_mail_off_sees_it_in_the_app_only(
    liberec, login_as, smtp_server
):
    meeting, people = liberec.meeting, liberec.people
    url = f"/meetings/{meeting.id}/minutes"
    chair = login_as(people.chair)
    chair.post(
        "/notifications/preferences",
        data={"in_app": ["minutes_submitted"], "by_mail": ["minutes_approved"]},
    )
    assistant = login_as(people.assistant)
    _step(
        assistant,
        f"{url}/edit",
        data=seed_form(liberec, editor_version(assistant, meeting)),
        to=f"{url}/edit",
        says=SAVED_MESSAGE,
    )
    _step(assistant, f"{url}/submit", to=url, says=SUBMITTED_MESSAGE)

    mailed = db.session.scalars(
        select(OutgoingMessage.recipient).where(OutgoingMessage.kind == "minutes_workflow")
    ).all()
    listing = login_as(people.chair).get("/notifications").get_data(as_text=True)
    assert mailed == []
    assert f"has submitted the minutes of {meeting.title} for your approval" in listing

    # The assistant kept the default: the return reaches her by mail.
    _step(
        login_as(people.chair),
        f"{url}/return",
        data={"comment": "Doplňte termín v bodě 6."},
        to=url,
        says=RETURNED_MESSAGE,
    )
    [to_assistant] = smtp_server.wait_for(1)
    assert to_assistant["To"].addresses[0].addr_spec == people.assistant.email
