"""A payload carries what the webhook's creator may see, and nothing more."""

from __future__ import annotations

from sqlalchemy import delete

from meetings.agenda.services import publish_agenda
from meetings.extensions import db
from meetings.invitations.enums import Rsvp
from meetings.models import AgendaItem, Invitation, Membership
from meetings.scheduling.enums import MeetingStatus
from meetings.scheduling.workflow import transition_meeting

from .. import factories
from .conftest import run_worker


def _joint_meeting(people):
    """A meeting hosted by the other (members-only) group, in which ours takes part, with
    an online link, invitees and an agenda."""
    meeting = factories.make_meeting(
        people.other_group,
        status=MeetingStatus.DRAFT,
        title="Společné jednání",
        extra_groups=[people.group],
        online_url="https://meet.example.org/spolecne",
    )
    db.session.add(AgendaItem(meeting=meeting, position=0, title="Zahájení"))
    db.session.add(
        Invitation(
            meeting=meeting,
            user=people.assistant,
            rsvp=Rsvp.DECLINED,
            rsvp_comment="Jsem na dovolené",
        )
    )
    db.session.add(Invitation(meeting=meeting, email="host@partner.example", name="Hana Hostová"))
    db.session.flush()
    return meeting


def test_a_joint_meeting_hosted_by_a_private_group_is_told_without_naming_that_group(
    people, receiver, group_webhook
):
    group_webhook("meeting.scheduled", "agenda.published")
    meeting = _joint_meeting(people)

    transition_meeting(meeting, MeetingStatus.SCHEDULED, actor=people.admin)
    publish_agenda(meeting, actor=people.admin)
    db.session.commit()
    run_worker()

    scheduled, agenda = receiver.requests
    data = scheduled.json["data"]["meeting"]
    assert (scheduled.json["group"], data["group"], data["groups"]) == (
        people.group.slug,
        None,
        [{"slug": people.group.slug, "name": people.group.name}],
    )
    # Our assistant takes part in it: the link is hers to see.
    assert data["online_url"] == "https://meet.example.org/spolecne"
    for request in (scheduled, agenda):
        body = request.body.decode()
        assert people.other_group.name not in body
        assert people.other_group.slug not in body
        assert "host@partner.example" not in body
        assert "Hana Hostová" not in body
        assert "Jsem na dovolené" not in body
        assert "my_invitation" not in body
    assert [item["title"] for item in agenda.json["data"]["meeting"]["agenda"]] == ["Zahájení"]


def test_the_other_groups_webhook_is_told_with_its_own_view(people, receiver, group_webhook):
    from meetings.groups.enums import Role

    stranger = factories.make_user("stranger@example.org", "Sára Cizí")
    factories.add_member(stranger, people.other_group, Role.ASSISTANT)
    group_webhook("meeting.scheduled", group=people.other_group, actor=stranger)
    meeting = _joint_meeting(people)

    transition_meeting(meeting, MeetingStatus.SCHEDULED, actor=people.admin)
    db.session.commit()
    run_worker()

    (request,) = receiver.requests
    data = request.json["data"]["meeting"]
    assert (request.json["group"], data["group"]["slug"]) == (
        people.other_group.slug,
        people.other_group.slug,
    )


def test_a_creator_who_left_the_group_sends_nothing_more(people, receiver, group_webhook):
    group_webhook("meeting.scheduled")
    db.session.execute(
        delete(Membership).where(
            Membership.user_id == people.assistant.id, Membership.group_id == people.group.id
        )
    )
    db.session.flush()
    meeting = factories.make_meeting(people.group, status=MeetingStatus.DRAFT)

    transition_meeting(meeting, MeetingStatus.SCHEDULED, actor=people.chair)
    db.session.commit()
    run_worker()

    assert receiver.requests == []


def test_a_vote_by_correspondence_closing_with_a_decision_is_recorded(
    people, receiver, group_webhook
):
    import datetime as dt

    from meetings.correspondence import services as votes
    from meetings.correspondence.enums import Channel, VoteState

    group_webhook("decision.recorded")
    now = dt.datetime.now(dt.UTC)
    vote = votes.start_vote(
        people.group,
        votes.VoteData(
            "Termín dubnového jednání",
            "Pracovní skupina schvaluje termín 17. 4.",
            None,
            now + dt.timedelta(days=7),
        ),
        actor=people.assistant,
        now=now,
    )
    for ballot in votes.ballots_of(vote):
        if vote.state == VoteState.OPEN:  # it closes once the result can no longer change
            votes.cast_ballot(ballot, "for", channel=Channel.PAGE, now=now)
    db.session.commit()
    run_worker()

    (request,) = receiver.requests
    decision = request.json["data"]["decision"]
    assert (
        decision["label"],
        decision["text"],
        decision["adopted"],
        decision["correspondence_vote_id"],
    ) == (vote.decision_label, "Pracovní skupina schvaluje termín 17. 4.", True, vote.id)
