"""Joint meetings with groups the organiser does not run (issue 16): the host group's
assistant asks the pact's other groups; each takes part only once its assistant accepts.

A pact (one parent body) with three members-only groups, each with its own assistant and
member: the meeting appears in an asked group's page and calendar feed only after it has
accepted, and its members are then invited (read from the real SMTP server)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.groups.enums import Language, Role
from meetings.models import AuditEntry, JointMeetingProposal, Meeting, Notification
from meetings.scheduling.enums import MeetingKind, ProposalState

from .. import factories
from ..conftest import translated
from ..feeds.conftest import feed_path, read, uids
from ..invitations.conftest import attendees, event_of

PACT = "Pakt zaměstnanosti Libereckého kraje"


@dataclass
class Pact:
    social: object
    employment: object
    education: object
    assistants: dict
    members: dict


@pytest.fixture
def pact(db_session) -> Pact:
    groups, assistants, members = {}, {}, {}
    for key, name, locale in (
        ("social", "Sociální služby", "cs"),
        ("employment", "Zaměstnanost", "cs"),
        ("education", "Vzdělávání", "en"),
    ):
        group = factories.make_group(
            name,
            slug=f"pakt-{key}",
            language=Language.CS,
            parent_body=PACT,
            contact_email=f"{key}@pakt.example",
        )
        assistant = factories.make_user(f"assistant.{key}@pakt.example", f"Asistent {name}")
        assistant.locale = locale
        member = factories.make_user(f"member.{key}@pakt.example", f"Člen {name}")
        factories.add_member(assistant, group, Role.ASSISTANT)
        factories.add_member(member, group, Role.MEMBER)
        groups[key], assistants[key], members[key] = group, assistant, member
    db.session.flush()
    return Pact(**groups, assistants=assistants, members=members)


def _form(group, **values) -> dict:
    return {
        "group_id": str(group.id),
        "kind": "joint",
        "title": "Společné setkání pracovních skupin paktu",
        "start_date": "2030-03-19",
        "start_time": "10:00",
        "end_time": "12:00",
        "venue_id": "",
        "room": "",
        "online_url": "",
        "organiser_id": "",
        "description": "",
    } | values


def _propose_and_schedule(pact: Pact, login_as, smtp_server) -> Meeting:
    """The Liberec (host) assistant asks both other groups, then schedules the meeting."""
    client = login_as(pact.assistants["social"])
    response = client.post(
        "/meetings/new",
        data=_form(pact.social, extra_group_ids=[str(pact.employment.id), str(pact.education.id)]),
    )
    assert response.status_code == 302
    meeting = db.session.scalars(select(Meeting).where(Meeting.group_id == pact.social.id)).one()
    assert client.post(f"/meetings/{meeting.id}/schedule").status_code == 302
    return meeting


def _proposal(meeting: Meeting, group) -> JointMeetingProposal:
    return db.session.scalars(
        select(JointMeetingProposal).where(
            JointMeetingProposal.meeting_id == meeting.id,
            JointMeetingProposal.group_id == group.id,
        )
    ).one()


def _in_group_calendar(client, group, meeting: Meeting) -> tuple[bool, bool]:
    """(on the group page, in the group's calendar feed) as a member of the group sees it."""
    page = client.get(f"/groups/{group.slug}").text
    feed = read(client.get(feed_path(group)))
    return meeting.title in page, meeting.uid in uids(feed)


def _recipients(messages) -> set[str]:
    return {a.addr_spec for m in messages for a in m["To"].addresses}


def test_asked_groups_see_the_meeting_only_after_accepting(pact, login_as, smtp_server):
    meeting = _propose_and_schedule(pact, login_as, smtp_server)

    # The asked assistants are told by mail, in their language, with the link to answer.
    asked = smtp_server.wait_for_recipient(pact.assistants["education"].email)
    assert asked["Subject"] == (f"Joint meeting for Vzdělávání to accept: {meeting.title}")
    assert "/groups/pakt-education#joint-proposals" in asked.get_body(("plain",)).get_content()
    asked_cs = smtp_server.wait_for_recipient(pact.assistants["employment"].email)
    assert asked_cs["Subject"] == translated(
        "cs",
        "Joint meeting for %(group)s to accept: %(title)s",
        group="Zaměstnanost",
        title=meeting.title,
    )
    # Nobody of the asked groups is invited, nor sees the meeting in the group's calendar.
    assert meeting.extra_groups == []
    for key in ("employment", "education"):
        group = getattr(pact, key)
        member = login_as(pact.members[key])
        assert _in_group_calendar(member, group, meeting) == (False, False)
    before = _recipients(smtp_server.messages)
    assert pact.members["employment"].email not in before
    assert pact.members["education"].email not in before

    # The asked groups' assistants see the proposal on their group page, and accept.
    for key in ("employment", "education"):
        assistant = login_as(pact.assistants[key])
        page = assistant.get(f"/groups/{getattr(pact, key).slug}").text
        assert 'id="joint-proposals"' in page
        proposal = _proposal(meeting, getattr(pact, key))
        response = assistant.post(f"/joint-proposals/{proposal.id}/accept")
        assert response.status_code == 302
        assert proposal.state == ProposalState.ACCEPTED

    assert {g.slug for g in meeting.extra_groups} == {"pakt-employment", "pakt-education"}
    for key in ("employment", "education"):
        member = login_as(pact.members[key])
        assert _in_group_calendar(member, getattr(pact, key), meeting) == (True, True)
        # Invited the way a group's members are: the invitation with the meeting's UID.
        event = event_of(smtp_server.wait_for_recipient(pact.members[key].email))
        assert str(event["UID"]) == meeting.uid
        assert f"mailto:{pact.members[key].email}" in [str(a) for a in attendees(event)]
    # The host's page shows each asked group's answer.
    host_page = login_as(pact.assistants["social"]).get(f"/meetings/{meeting.id}").text
    assert translated("cs", "Groups asked to take part") in host_page
    accepted = translated("cs", "Accepted by the group")
    assert host_page.count(f'<span class="badge">{accepted}</span>') == 2
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.action.like("scheduling.joint_%"))
    ).all()
    assert sorted(actions) == sorted(
        ["scheduling.joint_proposed"] * 2 + ["scheduling.joint_accepted"] * 2
    )


def test_declining_keeps_the_meeting_out_and_tells_the_host(pact, login_as, smtp_server):
    meeting = _propose_and_schedule(pact, login_as, smtp_server)
    proposal = _proposal(meeting, pact.education)

    response = login_as(pact.assistants["education"]).post(
        f"/joint-proposals/{proposal.id}/decline"
    )

    assert response.status_code == 302
    assert (proposal.state, proposal.decided_by) == (
        ProposalState.DECLINED,
        pact.assistants["education"],
    )
    assert meeting.extra_groups == []
    member = login_as(pact.members["education"])
    assert _in_group_calendar(member, pact.education, meeting) == (False, False)
    smtp_server.wait_for_recipient(pact.assistants["social"].email)
    # Besides the invitations the scheduling sent: one mail, the refusal, to the host.
    host = pact.assistants["social"].email
    told = [
        m
        for m in smtp_server.wait_for(1)
        if _recipients([m]) == {host} and "Vzdělávání" in str(m["Subject"])
    ]
    assert len(told) == 1
    assert str(told[0]["Subject"]) == translated(
        "cs",
        "Joint meeting declined by %(group)s: %(title)s",
        group="Vzdělávání",
        title=meeting.title,
    )
    assert db.session.scalars(
        select(Notification.kind).where(Notification.user_id == pact.assistants["social"].id)
    ).all() == ["joint_declined"]
    host_page = login_as(pact.assistants["social"]).get(f"/meetings/{meeting.id}").text
    for state in ("Declined by the group", "Asked, no answer yet"):
        assert f'<span class="badge">{translated("cs", state)}</span>' in host_page


def test_only_managers_of_the_asked_group_may_answer(pact, login_as):
    factories.add_member(pact.members["social"], pact.employment, Role.OBSERVER)
    meeting = factories.make_meeting(pact.social, kind=MeetingKind.JOINT)
    proposal = JointMeetingProposal(meeting=meeting, group=pact.employment)
    db.session.add(proposal)
    db.session.flush()
    url = f"/joint-proposals/{proposal.id}/accept"

    # A member of the group asked, and the host's assistant: they know of it, refused.
    assert login_as(pact.members["employment"]).post(url).status_code == 403
    assert login_as(pact.assistants["social"]).post(url).status_code == 403
    # The assistant of the third group: it is none of theirs.
    assert login_as(pact.assistants["education"]).post(url).status_code == 404
    assert (proposal.state, meeting.extra_groups) == (ProposalState.PROPOSED, [])


def test_answering_twice_or_after_declining_gives_a_message(pact, login_as):
    meeting = factories.make_meeting(pact.social, kind=MeetingKind.JOINT)
    accepted = JointMeetingProposal(meeting=meeting, group=pact.employment)
    declined = JointMeetingProposal(meeting=meeting, group=pact.education)
    db.session.add_all([accepted, declined])
    db.session.flush()
    employment = login_as(pact.assistants["employment"])
    employment.post(f"/joint-proposals/{accepted.id}/accept")

    again = employment.post(f"/joint-proposals/{accepted.id}/accept", follow_redirects=True)

    assert again.status_code == 200
    assert translated("cs", "Your group has already accepted this joint meeting.") in again.text
    assert meeting.extra_groups == [pact.employment]

    education = login_as(pact.assistants["education"])
    education.post(f"/joint-proposals/{declined.id}/decline")
    late = education.post(f"/joint-proposals/{declined.id}/accept", follow_redirects=True)

    assert late.status_code == 200
    assert (
        translated(
            "en",
            "Your group has already declined this joint meeting; the host group may ask again.",
        )
        in late.text
    )
    assert (declined.state, meeting.extra_groups) == (ProposalState.DECLINED, [pact.employment])


def test_private_group_of_another_body_cannot_be_asked(pact, login_as):
    elsewhere = factories.make_group("Romské záležitosti", slug="jinde", parent_body="Jiný kraj")
    client = login_as(pact.assistants["social"])

    response = client.post(
        "/meetings/new", data=_form(pact.social, extra_group_ids=[str(elsewhere.id)])
    )

    assert response.status_code == 200
    assert translated("cs", "Choose the other groups from the list.") in response.text
    assert db.session.scalars(select(Meeting)).all() == []


def test_editing_keeps_the_asked_groups_chosen(pact, login_as, smtp_server):
    meeting = _propose_and_schedule(pact, login_as, smtp_server)

    form = login_as(pact.assistants["social"]).get(f"/meetings/{meeting.id}/edit").text

    for group in (pact.employment, pact.education):
        assert f'id="extra-group-{group.id}" value="{group.id}"\n                 checked' in form


def test_a_scheduled_public_meeting_is_proposed_with_a_link_to_its_page(
    pact, login_as, smtp_server
):
    host = login_as(pact.assistants["social"])
    host.post("/meetings/new", data=_form(pact.social, kind="regular", is_public="y"))
    meeting = db.session.scalars(select(Meeting).where(Meeting.group_id == pact.social.id)).one()
    host.post(f"/meetings/{meeting.id}/schedule")

    # Scheduled and public, then made joint: the asked managers may read it at once.
    response = host.post(
        f"/meetings/{meeting.id}/edit",
        data=_form(pact.social, is_public="y", extra_group_ids=[str(pact.education.id)]),
    )
    assert response.status_code == 302

    asked = smtp_server.wait_for_recipient(pact.assistants["education"].email)
    body = asked.get_body(("plain",)).get_content()
    assert f"/meetings/{meeting.id}\r\n" in body
    assert "Read it and accept or decline on its page:" in body
    notification = db.session.scalars(
        select(Notification).where(Notification.user_id == pact.assistants["education"].id)
    ).one()
    assert notification.link == f"/meetings/{meeting.id}"
    # The meeting's page offers the answer to the asked group's assistant.
    assistant = login_as(pact.assistants["education"])
    page = assistant.get(f"/meetings/{meeting.id}").text
    proposal = _proposal(meeting, pact.education)
    assert f'action="/joint-proposals/{proposal.id}/accept"' in page
    response = assistant.post(f"/joint-proposals/{proposal.id}/accept")
    assert response.headers["Location"] == f"/meetings/{meeting.id}"
    assert [g.slug for g in meeting.extra_groups] == ["pakt-education"]
