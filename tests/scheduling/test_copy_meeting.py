"""Copying an earlier meeting into a new one: the form prefilled with its place, times,
description, agenda and invitees, a new date chosen; saved as a draft whose agenda and
invitees are copied (answers reset, nothing sent) until the assistant schedules it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from meetings.agenda.enums import ItemKind
from meetings.agenda.models import AgendaItem
from meetings.extensions import db
from meetings.invitations.enums import Attendance, ParticipantRole, Rsvp
from meetings.invitations.models import Invitation
from meetings.mail.models import OutgoingMessage
from meetings.minutes.models import Decision, Minutes
from meetings.scheduling.enums import MeetingStatus
from meetings.scheduling.models import Meeting
from meetings.scheduling.numbering import default_title

from .. import factories
from ..forms import form_values


@dataclass
class Earlier:
    meeting: Meeting
    venue: object
    guest_organisation: object


@pytest.fixture
def earlier(people) -> Earlier:
    """The 10th meeting, held at ANNOLK's room 2nd floor and online, with a timed agenda
    (presenters, a sub-item), members and a guest who answered, and its minutes."""
    group = people.group
    group.meeting_counter = 9
    venue = factories.make_venue("ANNOLK", street="U Nisy 362/6", postcode="460 01")
    organisation = factories.make_organisation("Úřad práce ČR")
    meeting = factories.make_meeting(
        group,
        starts_at=factories.local_time("Europe/Prague", 2018, 3, 20, 10),
        hours=2.5,
        status=MeetingStatus.HELD,
        title=default_title(group, 10),
        venue=venue,
        room="zasedací místnost 2. patro",
        online_url="https://meet.example.org/socialni-sluzby",
        description="Příprava **kulatého stolu**.",
        created_by=people.assistant,
    )
    first = AgendaItem(
        meeting=meeting,
        position=0,
        title="Příprava rozšířeného jednání",
        duration_minutes=30,
        presenter_id=people.chair.id,
        kind=ItemKind.DISCUSSION,
    )
    second = AgendaItem(
        meeting=meeting,
        position=1,
        title="Zajištění prostor",
        duration_minutes=15,
        presenter_name="Karel Host",
    )
    db.session.add_all([first, second])
    db.session.flush()
    db.session.add(
        AgendaItem(
            meeting=meeting,
            parent=first,
            position=0,
            title="Výběr účastníků",
            duration_minutes=10,
            presenter_id=people.member.id,
        )
    )
    for person, answer in [
        (people.chair, Rsvp.ACCEPTED),
        (people.assistant, Rsvp.ACCEPTED),
        (people.member, Rsvp.DECLINED),
        (people.observer, Rsvp.TENTATIVE),
    ]:
        db.session.add(
            Invitation(
                meeting=meeting,
                user_id=person.id,
                rsvp=answer,
                attendance=Attendance.PRESENT,
                role=ParticipantRole.OPTIONAL
                if person is people.observer
                else ParticipantRole.REQUIRED,
            )
        )
    db.session.add(
        Invitation(
            meeting=meeting,
            email="karel.host@example.org",
            name="Karel Host",
            organisation_id=organisation.id,
            rsvp=Rsvp.ACCEPTED,
            attendance=Attendance.PRESENT,
            locale="sk",
        )
    )
    minutes = Minutes(meeting=meeting, opening="Zahájení.")
    db.session.add(minutes)
    db.session.add(Decision(group=group, meeting=meeting, sequence=1, text="Schvaluje se."))
    db.session.flush()
    return Earlier(meeting, venue, organisation)


def _url(meeting) -> str:
    return f"/meetings/{meeting.id}/copy"


def _outbox() -> int:
    return db.session.scalar(select(func.count()).select_from(OutgoingMessage))


def test_meeting_page_offers_the_copy_to_those_who_schedule(earlier, login_as, people):
    page = login_as(people.assistant).get(f"/meetings/{earlier.meeting.id}").text
    assert f'href="{_url(earlier.meeting)}">Copy into a new meeting</a>' in page
    page = login_as(people.member).get(f"/meetings/{earlier.meeting.id}").text
    assert "Copy into a new meeting" not in page


def test_copy_form_is_prefilled_except_the_date(earlier, login_as, people):
    response = login_as(people.assistant).get(_url(earlier.meeting))
    assert response.status_code == 200
    form = form_values(response.text, action=_url(earlier.meeting))
    shown = {name: form[name].strip() for name in form if name not in ("csrf_token", "base")}
    assert shown == {
        "group_id": str(people.group.id),
        "kind": "regular",
        # The earlier meeting's numbered title becomes the next number's.
        "title": default_title(people.group, 11),
        "start_date": "",
        "start_time": "10:00",
        "end_time": "12:30",
        "end_date": "",
        "venue_id": str(earlier.venue.id),
        "room": "zasedací místnost 2. patro",
        "online_url": "https://meet.example.org/socialni-sluzby",
        "alarm": "",
        # The answer-by day belongs to the earlier date: the copy asks for a new one.
        "answer_by": "",
        "organiser_id": "",
        "description": "Příprava **kulatého stolu**.",
    }
    # What is copied besides the form: the agenda and the invitees.
    assert "3 agenda items" in response.text
    assert "5 invitees" in response.text
    assert "Karel Host" in response.text


def test_saved_copy_is_a_draft_with_agenda_and_invitees_and_nothing_sent(earlier, login_as, people):
    client = login_as(people.assistant)
    form = form_values(client.get(_url(earlier.meeting)).text, action=_url(earlier.meeting))
    sent_before = _outbox()
    response = client.post(_url(earlier.meeting), data=form | {"start_date": "2030-04-17"})
    assert response.status_code == 302
    copy = db.session.scalars(select(Meeting).order_by(Meeting.id.desc())).first()
    assert response.location == f"/meetings/{copy.id}"
    assert copy.id != earlier.meeting.id
    assert (copy.status, copy.number, copy.venue_id, copy.room, copy.online_url) == (
        MeetingStatus.DRAFT,
        None,
        earlier.venue.id,
        "zasedací místnost 2. patro",
        "https://meet.example.org/socialni-sluzby",
    )
    assert copy.starts_at == factories.local_time("Europe/Prague", 2030, 4, 17, 10)
    assert copy.ends_at - copy.starts_at == dt.timedelta(hours=2, minutes=30)
    assert copy.description == "Příprava **kulatého stolu**."

    items = db.session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == copy.id).order_by(AgendaItem.id)
    ).all()
    copied = [
        (i.title, i.duration_minutes, i.presenter_id, i.presenter_name, bool(i.parent_id))
        for i in items
    ]
    # The group's standard items come first, made for the new meeting.
    assert copied[0][0] == "Schválení zápisu z 10. setkání"
    assert copied[2:] == [
        ("Příprava rozšířeného jednání", 30, people.chair.id, None, False),
        ("Výběr účastníků", 10, people.member.id, None, True),
        ("Zajištění prostor", 15, None, "Karel Host", False),
    ]

    invitations = db.session.scalars(
        select(Invitation).where(Invitation.meeting_id == copy.id).order_by(Invitation.id)
    ).all()
    # The organiser (the assistant) is invited, as accepted, when the meeting is scheduled.
    assert sorted(
        (i.user_id or i.email, i.rsvp, i.attendance, i.role, i.sent_sequence)
        for i in invitations
        if i.user_id
    ) == sorted(
        (p.id, Rsvp.NEEDS_ACTION, None, role, None)
        for p, role in [
            (people.chair, ParticipantRole.REQUIRED),
            (people.member, ParticipantRole.REQUIRED),
            (people.observer, ParticipantRole.OPTIONAL),
        ]
    )
    [guest] = [i for i in invitations if not i.user_id]
    assert (guest.email, guest.name, guest.organisation_id, guest.locale, guest.rsvp) == (
        "karel.host@example.org",
        "Karel Host",
        earlier.guest_organisation.id,
        "sk",
        Rsvp.NEEDS_ACTION,
    )
    # Nothing of the minutes; no invitation sent yet.
    assert db.session.scalar(select(func.count()).where(Minutes.meeting_id == copy.id)) == 0
    assert db.session.scalar(select(func.count()).where(Decision.meeting_id == copy.id)) == 0
    assert _outbox() == sent_before
    page = client.get(response.location).text
    assert "Copied: 5 agenda items." in page
    assert "Copied: 4 invitees; the invitations are sent when you schedule the meeting." in page

    # Scheduling sends the invitations as for any meeting.
    schedule = client.post(f"/meetings/{copy.id}/schedule", data={})
    assert schedule.status_code == 302
    db.session.refresh(copy)
    assert copy.status == MeetingStatus.SCHEDULED
    assert _outbox() > sent_before


def test_copy_without_a_date_is_refused_and_keeps_what_was_typed(earlier, login_as, people):
    client = login_as(people.assistant)
    form = form_values(client.get(_url(earlier.meeting)).text, action=_url(earlier.meeting))
    count = db.session.scalar(select(func.count()).select_from(Meeting))
    response = client.post(_url(earlier.meeting), data=form | {"room": "velký sál"})
    assert response.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == count
    again = form_values(response.text, action=_url(earlier.meeting))
    assert (again["room"], again["start_date"]) == ("velký sál", "")
    assert re.search(r'class="field-error"[^>]*>[^<]+', response.text)


def test_copy_into_a_past_date_keeps_the_agenda_and_says_invitees_cannot_be(
    earlier, login_as, people
):
    client = login_as(people.assistant)
    form = form_values(client.get(_url(earlier.meeting)).text, action=_url(earlier.meeting))
    response = client.post(_url(earlier.meeting), data=form | {"start_date": "2018-04-17"})
    assert response.status_code == 302
    copy = db.session.scalars(select(Meeting).order_by(Meeting.id.desc())).first()
    assert db.session.scalar(select(func.count()).where(Invitation.meeting_id == copy.id)) == 0
    page = client.get(response.location).text
    assert "The meeting has passed: its invitations can no longer change." in page
    assert "Copied: 5 agenda items." in page


@pytest.mark.parametrize(
    ("role", "status"), [("member", 403), ("observer", 403), ("outsider", 404)]
)
def test_copy_is_refused_to_those_who_do_not_schedule(earlier, login_as, people, role, status):
    client = login_as(people.by_role[role])
    assert client.get(_url(earlier.meeting)).status_code == status
    count = db.session.scalar(select(func.count()).select_from(Meeting))
    assert client.post(_url(earlier.meeting), data={"start_date": "2030-04-17"}).status_code == (
        status
    )
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == count
