"""Mail where mail is expected (issue 13): the chair is asked to review the agenda, the
members hear that it is published, each in their own language, through a real SMTP
server; nobody who opted out, nothing twice."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from meetings.agenda.jobs import publish_due_agendas_job
from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.mail.models import OutgoingMessage
from meetings.scheduling.enums import MeetingStatus

from .. import factories
from ..conftest import get_document
from .conftest import ITEMS, addressed_to, body, links, path_of


def _publish(login_as, person, meeting):
    response = login_as(person).post(
        f"/meetings/{meeting.id}/agenda/publish", data={"action": "now"}
    )
    assert response.status_code == 302
    return response


def _queued(kind: str) -> list[str]:
    return sorted(
        db.session.scalars(
            select(OutgoingMessage.recipient).where(OutgoingMessage.kind == kind)
        ).all()
    )


# --- the chair is asked to review -------------------------------------------------------------


def test_review_request_mails_the_chair_in_czech_with_a_link_to_the_builder(
    people, meeting, login_as, smtp_server
):
    response = login_as(people.assistant).post(f"/meetings/{meeting.id}/agenda/request-review")

    [message] = smtp_server.wait_for(1)
    text = body(message)
    builder = f"http://meetings.test/meetings/{meeting.id}/agenda"
    page = login_as(people.chair).get(path_of(builder))
    assert response.status_code == 302
    assert [a.addr_spec for a in message["To"].addresses] == ["chair@example.org"]
    assert message["Subject"].startswith("Program jednání k posouzení:")
    assert text.startswith("Dobrý den, Jana Předsedová,")
    assert "Eva Asistentová vás žádá o posouzení programu jednání" in text
    assert "„10. setkání Sociální služby“" in text
    assert builder in links(text)
    # The link opens the agenda builder, where the chair marks the agenda reviewed.
    assert page.status_code == 200
    assert ITEMS[0] in page.get_data(as_text=True)
    assert f'action="/meetings/{meeting.id}/agenda/reviewed"' in page.get_data(as_text=True)


def test_review_request_reaches_an_english_speaking_chair_in_english(
    people, meeting, login_as, smtp_server
):
    second = factories.make_user("co-chair@example.org", "Anna Smith", locale="en")
    factories.add_member(second, people.group, Role.CHAIR)

    login_as(people.assistant).post(f"/meetings/{meeting.id}/agenda/request-review")

    messages = smtp_server.wait_for(2)
    [english] = addressed_to(messages, "co-chair@example.org")
    [czech] = addressed_to(messages, "chair@example.org")
    assert len(messages) == 2
    assert english["Subject"].startswith("Agenda for your review:")
    assert "Eva Asistentová asks you to review the agenda of" in body(english)
    assert czech["Subject"].startswith("Program jednání k posouzení:")


def test_chair_who_turned_review_mail_off_gets_none_but_sees_it_in_the_app(
    people, meeting, login_as, smtp_server
):
    chair = login_as(people.chair)
    chair.post(
        "/notifications/preferences",
        data={"in_app": ["agenda_review", "agenda_published"], "by_mail": ["agenda_published"]},
    )

    login_as(people.assistant).post(f"/meetings/{meeting.id}/agenda/request-review")

    assert _queued("agenda_review") == []
    listing = login_as(people.chair).get("/notifications").get_data(as_text=True)
    assert "Eva Asistentová asks you to review the agenda of 10. setkání Sociální služby." in (
        listing
    )


# --- the members hear of the published agenda ---------------------------------------------------


def test_publishing_mails_every_member_in_their_language_with_working_links(
    people, meeting, login_as, smtp_server
):
    people.member.locale = "hu"
    db.session.flush()

    _publish(login_as, people.assistant, meeting)

    messages = smtp_server.wait_for(3)
    [to_member] = addressed_to(messages, "member@example.org")
    [to_chair] = addressed_to(messages, "chair@example.org")
    [to_observer] = addressed_to(messages, "observer@example.org")
    member_text = body(to_member)
    meeting_link = f"http://meetings.test/meetings/{meeting.id}#agenda"
    pdf_link = f"http://meetings.test/meetings/{meeting.id}/agenda.pdf"
    # Who published it is not told; nor is anyone outside the group.
    assert sorted(a.addr_spec for m in messages for a in m["To"].addresses) == [
        "chair@example.org",
        "member@example.org",
        "observer@example.org",
    ]
    assert to_member["Subject"].startswith("Napirend közzétéve:")
    assert to_chair["Subject"].startswith("Zveřejněn program jednání:")
    assert to_observer["Subject"].startswith("Zveřejněn program jednání:")
    assert member_text.startswith("Tisztelt Petr Člen!")
    assert f"1. {ITEMS[0]}" in member_text
    assert [link for link in links(member_text) if "/meetings/" in link] == [
        meeting_link,
        pdf_link,
    ]
    # The links work for the member: the agenda on the meeting's page, and its PDF.
    member = login_as(people.member)
    page = member.get(path_of(meeting_link))
    pdf = get_document(member, path_of(pdf_link))
    assert page.status_code == 200
    assert ITEMS[1] in page.get_data(as_text=True)
    assert (pdf.status_code, pdf.mimetype) == (200, "application/pdf")
    assert pdf.data.startswith(b"%PDF")


def test_member_who_turned_agenda_mail_off_gets_none(people, meeting, login_as, smtp_server):
    login_as(people.observer).post(
        "/notifications/preferences",
        data={"in_app": ["agenda_published"], "by_mail": ["agenda_review"]},
    )

    _publish(login_as, people.assistant, meeting)

    messages = smtp_server.wait_for(2)
    assert sorted(a.addr_spec for m in messages for a in m["To"].addresses) == [
        "chair@example.org",
        "member@example.org",
    ]
    assert _queued("agenda_published") == ["chair@example.org", "member@example.org"]


def test_publishing_again_after_a_withdrawal_sends_nothing_twice(
    people, meeting, login_as, smtp_server
):
    _publish(login_as, people.assistant, meeting)
    login_as(people.assistant).post(
        f"/meetings/{meeting.id}/agenda/publish", data={"action": "withdraw"}
    )
    _publish(login_as, people.assistant, meeting)
    _publish(login_as, people.chair, meeting)

    messages = smtp_server.wait_for(4, timeout=1)
    assert len(messages) == 3
    assert _queued("agenda_published") == [
        "chair@example.org",
        "member@example.org",
        "observer@example.org",
    ]


def test_timed_job_publishes_a_due_agenda_and_mails_the_members_once(people, meeting, smtp_server):
    meeting.agenda_publish_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    db.session.flush()

    first = publish_due_agendas_job()
    second = publish_due_agendas_job()

    messages = smtp_server.wait_for(4, timeout=1)
    # Nobody published it by hand: the assistant is told too.
    assert (first, second) == (1, 0)
    assert sorted(a.addr_spec for m in messages for a in m["To"].addresses) == [
        "assistant@example.org",
        "chair@example.org",
        "member@example.org",
        "observer@example.org",
    ]


def test_timed_job_after_a_page_view_published_the_agenda_sends_nothing_more(
    people, meeting, login_as, smtp_server
):
    meeting.agenda_publish_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    db.session.flush()
    # A member opens the meeting's page after the time: the page publishes the agenda.
    assert login_as(people.member).get(f"/meetings/{meeting.id}").status_code == 200

    published_by_job = publish_due_agendas_job()

    messages = smtp_server.wait_for(5, timeout=1)
    assert published_by_job == 0
    assert len(messages) == 4
    assert len(_queued("agenda_published")) == 4


def test_agenda_of_a_draft_or_past_meeting_is_not_announced(people, login_as):
    draft = factories.make_meeting(people.group, status=MeetingStatus.DRAFT)
    past = factories.make_meeting(
        people.group, starts_at=factories.local_time("Europe/Prague", 2018, 3, 20, 10)
    )

    _publish(login_as, people.assistant, draft)
    _publish(login_as, people.assistant, past)

    assert _queued("agenda_published") == []
    assert (draft.agenda_announced_at, past.agenda_announced_at) == (None, None)
    assert past.agenda_published_at is not None
