"""The receivers: what happens in the domains below becomes notifications (and, for the
agenda, mail). ``create_app`` imports this module (``meetings.signals.REACTING_DOMAINS``).

Each receiver runs inside the transaction of the change: what it adds commits with it.
The person who did the thing is never told of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import has_request_context, request

from ..agenda.signals import agenda_published, agenda_review_requested, agenda_reviewed
from ..auth.models import User
from ..auth.signals import person_page
from ..correspondence.models import CorrespondenceVote
from ..correspondence.signals import vote_closed, vote_started
from ..extensions import db
from ..groups.enums import Role
from ..invitations.models import Invitation
from ..invitations.signals import invitation_sent
from ..minutes.enums import MinutesState
from ..minutes.models import ActionItem, Minutes, MinutesComment
from ..minutes.signals import (
    minutes_commented,
    minutes_moved,
    minutes_verified,
    task_assigned,
)
from ..scheduling.enums import ProposalState
from ..scheduling.models import JointMeetingProposal, Meeting
from ..scheduling.signals import joint_meeting_decided, joint_meeting_proposed
from . import services
from .forms import PreferencesForm
from .kinds import Kind


def _others(people: Iterable[User], actor: Any) -> list[User]:
    actor_id = getattr(actor, "id", None)
    return [p for p in services.reachable(people) if p.id != actor_id]


def _values(meeting: Meeting, actor: Any = None, **more: Any) -> dict[str, Any]:
    values = {"title": meeting.title, "group": meeting.group.name}
    if actor is not None:
        values["actor"] = getattr(actor, "name", None) or "—"
    return values | more


# --- the agenda --------------------------------------------------------------------------------


@agenda_review_requested.connect
def ask_chairs_to_review(meeting: Meeting, *, actor: Any = None, **_: Any) -> None:
    """The host group's chairs: a notification and a mail, as each wants."""
    chairs = _others(services.group_people(meeting.group_id, (Role.CHAIR,)), actor)
    no_app, no_mail = services.refusals([c.id for c in chairs], Kind.AGENDA_REVIEW)
    services.notify(
        chairs,
        Kind.AGENDA_REVIEW,
        link=services.local_link("agenda.builder", meeting_id=meeting.id),
        values=_values(meeting, actor),
        meeting=meeting,
        refused=no_app,
    )
    services.mail_review_request(meeting, [c for c in chairs if c.id not in no_mail], actor)


@agenda_reviewed.connect
def tell_who_asked(
    meeting: Meeting, *, actor: Any = None, requested_by_id: int | None = None, **_: Any
) -> None:
    if requested_by_id is None:
        return
    asked = db.session.get(User, requested_by_id)
    services.notify(
        _others([asked] if asked else [], actor),
        Kind.AGENDA_REVIEWED,
        link=services.local_link("agenda.builder", meeting_id=meeting.id),
        values=_values(meeting, actor),
        meeting=meeting,
    )


@agenda_published.connect
def announce_agenda(meeting: Meeting, *, actor: Any = None, **_: Any) -> None:
    """The members (and invitees who may see it): a notification and a mail."""
    people = _others(services.meeting_audience(meeting), actor)
    no_app, no_mail = services.refusals([p.id for p in people], Kind.AGENDA_PUBLISHED)
    services.notify(
        people,
        Kind.AGENDA_PUBLISHED,
        link=services.local_link("scheduling.meeting", "agenda", meeting_id=meeting.id),
        values=_values(meeting),
        meeting=meeting,
        refused=no_app,
    )
    services.mail_agenda_published(meeting, [p for p in people if p.id not in no_mail])


# --- invitations -------------------------------------------------------------------------------


@invitation_sent.connect
def tell_invitee(invitation: Invitation, **_: Any) -> None:
    meeting = invitation.meeting
    person = invitation.user or db.session.get(User, invitation.user_id)
    services.notify(
        services.reachable([person] if person else []),
        Kind.INVITATION,
        link=services.local_link("scheduling.meeting", meeting_id=meeting.id),
        values=_values(meeting),
        meeting=meeting,
    )


# --- minutes and tasks -------------------------------------------------------------------------

#: Who hears of each step in the app, by their role in the host group (as by mail:
#: ``minutes.notifications``), and the kind.
#: Who hears of each step of the minutes (their role in the host group), in the app and
#: by mail: the chairs approve, the assistants (and a co-chair, of a return) write.
_STEPS: dict[MinutesState, tuple[tuple[Role, ...], Kind]] = {
    MinutesState.SUBMITTED: ((Role.CHAIR,), Kind.MINUTES_SUBMITTED),
    MinutesState.DRAFT: ((Role.ASSISTANT, Role.CHAIR), Kind.MINUTES_RETURNED),
    MinutesState.APPROVED: ((Role.ASSISTANT,), Kind.MINUTES_APPROVED),
}


@minutes_moved.connect
def tell_of_step(minutes: Minutes, *, state: MinutesState, actor: Any = None, **_: Any) -> None:
    meeting = minutes.meeting
    link = services.local_link("minutes.view", meeting_id=meeting.id)
    if state == MinutesState.PUBLISHED:
        services.notify(
            _others(services.meeting_audience(meeting), actor),
            Kind.MINUTES_PUBLISHED,
            link=services.local_link("scheduling.meeting", "minutes", meeting_id=meeting.id),
            values=_values(meeting),
            meeting=meeting,
        )
        return
    if state not in _STEPS:
        return
    roles, kind = _STEPS[state]
    extra = (
        {"comment": services.excerpt(minutes.return_comment)} if state == MinutesState.DRAFT else {}
    )
    people = _others(services.group_people(meeting.group_id, roles), actor)
    no_app, no_mail = services.refusals([p.id for p in people], kind)
    services.notify(
        people,
        kind,
        link=link,
        values=_values(meeting, actor, **extra),
        meeting=meeting,
        refused=no_app,
    )
    services.mail_minutes_step(minutes, state, [p for p in people if p.id not in no_mail], actor)
    if state == MinutesState.SUBMITTED and minutes.verified_by_id is not None:
        verifier = db.session.get(User, minutes.verified_by_id)
        services.notify(
            _others([verifier] if verifier else [], actor),
            Kind.MINUTES_TO_VERIFY,
            link=link,
            values=_values(meeting, actor),
            meeting=meeting,
        )


@minutes_verified.connect
def tell_chairs_of_verification(minutes: Minutes, *, actor: Any = None, **_: Any) -> None:
    meeting = minutes.meeting
    services.notify(
        _others(services.group_people(meeting.group_id, (Role.CHAIR,)), actor),
        Kind.MINUTES_VERIFIED,
        link=services.local_link("minutes.view", meeting_id=meeting.id),
        values=_values(meeting, actor),
        meeting=meeting,
    )


@minutes_commented.connect
def tell_assistants_of_comment(comment: MinutesComment, *, actor: Any = None, **_: Any) -> None:
    meeting = comment.minutes.meeting
    services.notify(
        _others(services.group_people(meeting.group_id, (Role.ASSISTANT,)), actor),
        Kind.MINUTES_COMMENTED,
        link=services.local_link("minutes.view", meeting_id=meeting.id),
        values=_values(meeting, actor),
        meeting=meeting,
    )


@task_assigned.connect
def tell_owner(action: ActionItem, *, actor: Any = None, **_: Any) -> None:
    owner = db.session.get(User, action.owner_id) if action.owner_id else None
    meeting = action.meeting
    values = {
        "task": services.excerpt(action.text),
        "title": meeting.title if meeting else action.group.name,
        "group": action.group.name,
        "actor": getattr(actor, "name", None) or "—",
    }
    services.notify(
        _others([owner] if owner else [], actor),
        Kind.TASK_ASSIGNED,
        # The person's tasks, where the task's meeting links to what they may read.
        link=services.local_link("minutes.tasks", anchor=f"task-{action.id}"),
        values=values,
        meeting=meeting,
    )


# --- joint meetings asked of other groups ------------------------------------------------------


@joint_meeting_proposed.connect
def ask_group_managers(proposal: JointMeetingProposal, *, actor: Any = None, **_: Any) -> None:
    """The assistants and chairs of the group asked: a notification and a mail, as each
    wants, pointing to the meeting's page when it is scheduled and they may see it
    (``meeting.view``: a public meeting), else to their group page, where they accept or
    decline (a draft is hidden from them)."""
    meeting = proposal.meeting
    people = _others(services.group_people(proposal.group_id, (Role.ASSISTANT, Role.CHAIR)), actor)
    no_app, no_mail = services.refusals([p.id for p in people], Kind.JOINT_PROPOSED)
    seeing = {p.id for p in people if services.sees_proposed_meeting(p, meeting)}
    to_meeting = services.local_link("scheduling.meeting", meeting_id=meeting.id)
    to_group = services.local_link("groups.detail", "joint-proposals", slug=proposal.group.slug)
    for link, told in (
        (to_meeting, [p for p in people if p.id in seeing]),
        (to_group, [p for p in people if p.id not in seeing]),
    ):
        services.notify(
            told,
            Kind.JOINT_PROPOSED,
            link=link,
            values=_values(meeting, actor, asked=proposal.group.name),
            meeting=meeting,
            refused=no_app,
        )
    services.mail_joint_proposal(
        proposal, [p for p in people if p.id not in no_mail], actor, seeing=seeing
    )


@joint_meeting_decided.connect
def tell_host_of_answer(proposal: JointMeetingProposal, *, actor: Any = None, **_: Any) -> None:
    """The host group's assistants (and whoever asked): in the app; a refusal by mail too."""
    meeting = proposal.meeting
    people = list(services.group_people(meeting.group_id, (Role.ASSISTANT,)))
    if proposal.proposed_by is not None:
        people.append(proposal.proposed_by)
    people = _others({p.id: p for p in people}.values(), actor)
    declined = proposal.state == ProposalState.DECLINED
    kind = Kind.JOINT_DECLINED if declined else Kind.JOINT_ACCEPTED
    no_app, no_mail = services.refusals([p.id for p in people], kind)
    services.notify(
        people,
        kind,
        link=services.local_link("scheduling.meeting", meeting_id=meeting.id),
        values=_values(meeting, actor, asked=proposal.group.name),
        meeting=meeting,
        refused=no_app,
    )
    if declined:
        services.mail_joint_declined(proposal, [p for p in people if p.id not in no_mail], actor)


# --- the account page ------------------------------------------------------------------------


@person_page.connect
def _preferences_on_account_page(person: Any, *, user: Any = None, **_: Any) -> dict[str, Any]:
    """The person's own account page shows their notification preferences."""
    if not has_request_context() or request.endpoint != "auth.account":
        return {}
    if getattr(user, "id", None) != person.id:
        return {}
    return {
        "notification_preferences": services.preferences_of(person),
        "notification_preferences_form": PreferencesForm(formdata=None),
    }


# --- votes by correspondence -------------------------------------------------------------------


def _vote_values(vote: CorrespondenceVote, actor: Any = None) -> dict[str, Any]:
    values = {"title": vote.title, "group": vote.group.name}
    if actor is not None:
        values["actor"] = getattr(actor, "name", None) or "—"
    return values


@vote_started.connect
def ask_to_vote(
    vote: CorrespondenceVote, *, actor: Any = None, voters: Iterable[User] = (), **_: Any
) -> None:
    """The voting members (they also get the proposal by mail, with their link)."""
    services.notify(
        _others(voters, actor),
        Kind.VOTE_STARTED,
        link=services.local_link("correspondence.vote", vote_id=vote.id, anchor="ballot"),
        values=_vote_values(vote, actor),
    )


@vote_closed.connect
def tell_the_result(vote: CorrespondenceVote, *, voters: Iterable[User] = (), **_: Any) -> None:
    services.notify(
        services.reachable(voters),
        Kind.VOTE_CLOSED,
        link=services.local_link("correspondence.vote", vote_id=vote.id, anchor="result"),
        values=_vote_values(vote),
    )
