"""Changing who is invited: removing one invitee (CANCEL to them only), adding a guest
later (the current version), members who joined later, followers; and a draft's
cancellation, which sends nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.invitations.enums import ParticipantRole, Rsvp
from meetings.invitations.invitees import answer_token, invitation_for
from meetings.models import GroupFollower, Invitation, OutgoingMessage

from .. import factories
from ..conftest import translated
from .conftest import (
    attendees,
    by_recipient,
    calendar_of,
    event_of,
    meeting_form,
    recipient,
    text_body,
)


@pytest.fixture
def published(setting, smtp_server, login_as):
    client = login_as(setting.assistant)
    client.post(f"/meetings/{setting.meeting.id}/schedule")
    smtp_server.wait_for(2)
    return setting


def test_removing_invitee_sends_cancel_to_that_person_only(
    published, smtp_server, login_as, client
):
    member = invitation_for(published.member, published.meeting)
    link = f"/invitations/{answer_token(member, Rsvp.ACCEPTED)}"

    response = login_as(published.assistant).post(
        f"/meetings/{published.meeting.id}/invitations/{member.id}/remove"
    )
    [cancel] = smtp_server.wait_for(3)[2:]

    assert response.status_code == 302
    assert recipient(cancel) == published.member.email
    assert str(calendar_of(cancel)[1]["METHOD"]) == "CANCEL"
    event = event_of(cancel)
    assert (str(event["UID"]), event["SEQUENCE"], str(event["STATUS"])) == (
        published.meeting.uid,
        0,
        "CANCELLED",
    )
    assert str(attendees(event)[0]) == f"mailto:{published.member.email}"
    assert invitation_for(published.member, published.meeting) is None
    assert published.meeting.status == "scheduled"
    login_as(None)
    assert client.get(link).status_code == 410
    assert len(smtp_server.wait_for(4, timeout=0.3)) == 3


def test_guest_added_after_moving_gets_request_with_current_sequence(
    published, smtp_server, login_as
):
    client = login_as(published.assistant)
    client.post(
        f"/meetings/{published.meeting.id}/edit",
        data=meeting_form(published.meeting, start_time="14:00", end_time="16:00"),
    )
    smtp_server.wait_for(4)

    response = client.post(
        f"/meetings/{published.meeting.id}/invitations",
        data={"name": "Anita Stirāne", "email": "Anita@SocialInnovation.lv", "role": "optional"},
    )
    [invitation] = smtp_server.wait_for(5)[4:]

    assert response.status_code == 302
    assert recipient(invitation) == "anita@socialinnovation.lv"
    event = event_of(invitation)
    assert str(calendar_of(invitation)[1]["METHOD"]) == "REQUEST"
    assert (event["SEQUENCE"], published.meeting.sequence) == (1, 1)
    [attendee] = attendees(event)
    assert (str(attendee.params["CN"]), attendee.params["ROLE"]) == (
        "Anita Stirāne",
        "OPT-PARTICIPANT",
    )
    assert text_body(invitation).startswith("Dobrý den, Anita Stirāne")  # the group's language
    guest = db.session.scalars(
        select(Invitation).where(Invitation.email == "anita@socialinnovation.lv")
    ).one()
    assert (guest.sent_sequence, guest.role) == (1, ParticipantRole.OPTIONAL)


def test_guest_gets_the_invitation_in_the_language_chosen_for_them(
    published, smtp_server, login_as
):
    smtp_server.wait_for(2)
    response = login_as(published.assistant).post(
        f"/meetings/{published.meeting.id}/invitations",
        data={
            "name": "Anita Stirāne",
            "email": "anita@socialinnovation.lv",
            "role": "required",
            "language": "lv",
        },
    )
    [invitation] = smtp_server.wait_for(3)[2:]

    assert response.status_code == 302
    assert text_body(invitation).startswith(
        translated("lv", "Hello %(name)s,", name="Anita Stirāne").rstrip(",!")
    )
    assert str(invitation["Subject"]).startswith(
        translated("lv", "Invitation: %(title)s, %(date)s", title="", date="").split(":")[0]
    )


def test_guest_invited_twice_is_refused_and_form_keeps_what_was_typed(published, login_as):
    client = login_as(published.assistant)
    data = {"name": "Anita Stirāne", "email": "anita@socialinnovation.lv", "role": "required"}
    client.post(f"/meetings/{published.meeting.id}/invitations", data=data)

    again = client.post(f"/meetings/{published.meeting.id}/invitations", data=data)
    member = client.post(
        f"/meetings/{published.meeting.id}/invitations",
        data={"name": "Péter", "email": "PETER@vas.example", "role": "required"},
    )

    assert again.status_code == 200
    assert (
        translated("cs", "%(email)s is invited already.", email="anita@socialinnovation.lv")
        in again.text
    )
    assert 'value="Anita Stirāne"' in again.text
    assert translated("cs", "%(email)s is invited already.", email="peter@vas.example") in (
        member.text
    )


def test_guest_added_to_draft_is_invited_when_the_meeting_is_scheduled(
    setting, smtp_server, login_as
):
    client = login_as(setting.assistant)
    client.post(
        f"/meetings/{setting.meeting.id}/invitations",
        data={"name": "Anita Stirāne", "email": "anita@socialinnovation.lv", "role": "required"},
    )
    queued_while_draft = db.session.scalars(select(OutgoingMessage)).all()

    client.post(f"/meetings/{setting.meeting.id}/schedule")
    messages = by_recipient(smtp_server.wait_for(3))

    assert queued_while_draft == []
    assert sorted(messages) == [
        "anita@socialinnovation.lv",
        "jana@annolk.example",
        "peter@vas.example",
    ]


def test_member_who_joined_later_is_invited_with_the_current_version(
    published, smtp_server, login_as
):
    newcomer = factories.make_user("novak@example.org", "Tomáš Novák", locale="cs")
    factories.add_member(newcomer, published.group, Role.MEMBER)
    client = login_as(published.assistant)
    page = client.get(f"/meetings/{published.meeting.id}").text

    client.post(f"/meetings/{published.meeting.id}/invitations/members")
    [message] = smtp_server.wait_for(3)[2:]

    assert (
        translated(
            "cs",
            "%(num)d member of the groups is not invited yet.",
            plural="%(num)d members of the groups are not invited yet.",
            num=1,
        )
        in page
    )
    assert recipient(message) == "novak@example.org"
    assert event_of(message)["SEQUENCE"] == 0


def test_confirmed_followers_of_a_public_group_are_invited_with_an_unfollow_link(
    setting, smtp_server, login_as
):
    setting.group.is_public = True
    db.session.add_all(
        [
            GroupFollower(
                group=setting.group,
                email="sledujici@example.org",
                name="Marie Sledující",
                locale="sk",
                confirmed_at=setting.meeting.created_at,
            ),
            GroupFollower(group=setting.group, email="pending@example.org"),
        ]
    )
    db.session.flush()

    login_as(setting.assistant).post(f"/meetings/{setting.meeting.id}/schedule")
    messages = by_recipient(smtp_server.wait_for(3))

    assert sorted(messages) == [
        "jana@annolk.example",
        "peter@vas.example",
        "sledujici@example.org",
    ]
    follower_mail = messages["sledujici@example.org"]
    assert attendees(event_of(follower_mail))[0].params["ROLE"] == "OPT-PARTICIPANT"
    assert follower_mail["List-Unsubscribe"].strip().startswith("<http://meetings.test/follow/")
    assert "19. marca 2030" in text_body(follower_mail)  # the follower's language (Slovak)
    assert "List-Unsubscribe" not in messages["jana@annolk.example"]


def test_cancelling_a_draft_sends_nothing(setting, smtp_server, login_as):
    login_as(setting.assistant).post(
        f"/meetings/{setting.meeting.id}/cancel", data={"reason": "Zrušeno."}
    )

    assert db.session.scalars(select(OutgoingMessage)).all() == []
    assert setting.meeting.sequence == 0


def test_held_meeting_invitees_cannot_change(published, login_as):
    published.meeting.status = "held"
    db.session.flush()
    member = invitation_for(published.member, published.meeting)

    response = login_as(published.assistant).post(
        f"/meetings/{published.meeting.id}/invitations/{member.id}/remove", follow_redirects=True
    )

    assert (
        translated("cs", "A held or cancelled meeting's invitations can no longer change.")
        in response.text
    )
    assert invitation_for(published.member, published.meeting) is not None


def test_guest_known_by_name_only_gets_nothing_when_the_meeting_moves(
    published, smtp_server, login_as
):
    """The attendance register may hold a guest with a name and no address."""
    db.session.add(Invitation(meeting=published.meeting, name="Host bez adresy"))
    db.session.flush()

    login_as(published.assistant).post(
        f"/meetings/{published.meeting.id}/edit",
        data=meeting_form(published.meeting, start_time="11:00", end_time="13:00"),
    )
    updates = smtp_server.wait_for(5, timeout=1)[2:]

    assert sorted(recipient(m) for m in updates) == [
        "jana@annolk.example",
        "peter@vas.example",
    ]
