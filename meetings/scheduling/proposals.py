"""Joint meetings with groups the organiser does not manage: proposals and their answers.

The host group's assistant or chair may ask any public group, or any group of the same
parent body (a pact's other groups), to take part in a joint meeting. A group the person
manages (or any group, for a site admin) joins directly, as it always did; any other is
*proposed*: a ``JointMeetingProposal`` waits for one of that group's managers to accept or
decline. Only on acceptance is the group added to ``Meeting.extra_groups``, so until then
its calendars, feeds, listings, invitations and quorum do not include the meeting.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import audit
from ..auth.permissions import MANAGERS, can, roles_by_group
from ..db import utcnow
from ..extensions import db
from ..groups.models import WorkingGroup
from .enums import MeetingStatus, ProposalState
from .models import JointMeetingProposal, Meeting
from .signals import joint_meeting_decided, joint_meeting_proposed

log = logging.getLogger(__name__)


def manages(user: Any, group: WorkingGroup) -> bool:
    """Does the person run the group (its chair or assistant, or a site admin)? Such a
    group joins a joint meeting directly; any other is proposed."""
    return can(user, "group.manage_members", group)


def managed_group_ids(user: Any) -> set[int]:
    """Ids of the groups the person runs (none listed for a site admin, who runs all)."""
    return {gid for gid, role in roles_by_group(user).items() if role in MANAGERS}


def may_be_proposed(host: WorkingGroup, other: WorkingGroup) -> bool:
    """May ``other`` be asked to a joint meeting ``host`` holds: a public group, or one of
    the same parent body."""
    if other.is_public:
        return True
    return bool(host.parent_body) and (
        (other.parent_body or "").strip().casefold() == host.parent_body.strip().casefold()
    )


class ProposalError(Exception):
    """An answer that cannot be given (any more); ``message`` is for the person."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def sync_proposals(meeting: Meeting, wanted: Iterable[WorkingGroup], *, actor: Any) -> list:
    """Bring the meeting's proposals in line with the groups the form proposes.

    A group newly wanted (or declined before and wanted again) is proposed; a pending or
    accepted proposal whose group is no longer wanted, nor taking part, is withdrawn
    (removed); a declined one is kept as the record of the answer.

    Side effects: adds, changes and deletes proposals; audit entries; sends
    ``joint_meeting_proposed`` for each new proposal; flushes. Returns the new proposals.
    """
    wanted_by_id = {g.id: g for g in wanted if g.id != meeting.group_id}
    taking_part = {g.id for g in meeting.extra_groups}
    existing = {p.group_id: p for p in meeting.joint_proposals}
    person = actor if getattr(actor, "is_authenticated", False) else None
    for group_id, proposal in existing.items():
        if group_id in taking_part and proposal.state == ProposalState.PROPOSED:
            # Added directly by someone who runs that group too (a site admin): answered.
            proposal.state = ProposalState.ACCEPTED
            proposal.decided_by = person
            proposal.decided_at = utcnow()
        elif (
            group_id not in wanted_by_id
            and group_id not in taking_part
            and proposal.state != ProposalState.DECLINED
        ):
            meeting.joint_proposals.remove(proposal)
    proposed: list[JointMeetingProposal] = []
    for group_id, group in wanted_by_id.items():
        if group_id in taking_part:
            continue
        proposal = existing.get(group_id)
        if proposal is not None and proposal.state == ProposalState.PROPOSED:
            continue
        if proposal is None:
            proposal = JointMeetingProposal(meeting=meeting, group=group)
            db.session.add(proposal)
        proposal.state = ProposalState.PROPOSED
        proposal.proposed_by = person
        proposal.proposed_at = utcnow()
        proposal.decided_by = None
        proposal.decided_at = None
        proposed.append(proposal)
    db.session.flush()
    for proposal in proposed:
        audit.record(
            "scheduling.joint_proposed",
            subject=meeting,
            group_id=proposal.group_id,
            detail=proposal.group.name,
        )
        joint_meeting_proposed.send(proposal, actor=person)
        log.info("meeting %s: group %s proposed", meeting.id, proposal.group_id)
    return proposed


def pending_groups(meeting: Meeting) -> list[WorkingGroup]:
    """The groups asked and not answered yet (the meeting form shows them chosen)."""
    return [p.group for p in meeting.joint_proposals if p.state == ProposalState.PROPOSED]


def proposals_of(meeting: Meeting) -> list[JointMeetingProposal]:
    """Every group asked to the meeting, with its answer, by name. One query."""
    return list(
        db.session.scalars(
            select(JointMeetingProposal)
            .where(JointMeetingProposal.meeting_id == meeting.id)
            .join(WorkingGroup, WorkingGroup.id == JointMeetingProposal.group_id)
            .options(
                joinedload(JointMeetingProposal.group),
                joinedload(JointMeetingProposal.decided_by),
            )
            .order_by(WorkingGroup.name, JointMeetingProposal.id)
        )
    )


def get_proposal(proposal_id: int) -> JointMeetingProposal | None:
    return db.session.scalars(
        select(JointMeetingProposal)
        .where(JointMeetingProposal.id == proposal_id)
        .options(
            joinedload(JointMeetingProposal.meeting).joinedload(Meeting.group),
            joinedload(JointMeetingProposal.group),
        )
    ).first()


def _check_open(proposal: JointMeetingProposal) -> None:
    if proposal.state == ProposalState.ACCEPTED:
        raise ProposalError(_l("Your group has already accepted this joint meeting."))
    if proposal.state == ProposalState.DECLINED:
        raise ProposalError(
            _l("Your group has already declined this joint meeting; the host group may ask again.")
        )
    if proposal.meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise ProposalError(
            _l("The meeting has been held or cancelled: the proposal can no longer be answered.")
        )


def accept_proposal(proposal: JointMeetingProposal, *, actor: Any) -> None:
    """The proposed group takes part: it is added to the meeting's groups.

    Side effects: the group joins ``extra_groups`` (the meeting's calendar version grows,
    so the group's feed shows it); the proposal is accepted by ``actor`` now; an audit
    entry; ``joint_meeting_decided`` (its members are invited if the meeting's invitations
    went out; the host is told); flushes. Raises ProposalError when already answered or
    the meeting is over.
    """
    _check_open(proposal)
    meeting = proposal.meeting
    if proposal.group not in meeting.extra_groups:
        meeting.extra_groups.append(proposal.group)
    _decide(proposal, ProposalState.ACCEPTED, actor)


def decline_proposal(proposal: JointMeetingProposal, *, actor: Any) -> None:
    """The proposed group does not take part; the decision is kept.

    Side effects: the proposal is declined by ``actor`` now; an audit entry;
    ``joint_meeting_decided`` (the host is told); flushes. Raises ProposalError when
    already answered or the meeting is over.
    """
    _check_open(proposal)
    _decide(proposal, ProposalState.DECLINED, actor)


def _decide(proposal: JointMeetingProposal, state: ProposalState, actor: Any) -> None:
    proposal.state = state
    proposal.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    proposal.decided_at = utcnow()
    db.session.flush()
    audit.record(
        "scheduling.joint_accepted"
        if state == ProposalState.ACCEPTED
        else "scheduling.joint_declined",
        subject=proposal.meeting,
        group_id=proposal.group_id,
        detail=proposal.group.name,
    )
    joint_meeting_decided.send(proposal, actor=proposal.decided_by)
    log.info("meeting %s: group %s %s", proposal.meeting_id, proposal.group_id, state.value)


def waiting_for(
    user: Any, group: WorkingGroup | None = None, *, limit: int | None = None
) -> list[JointMeetingProposal]:
    """Proposals the person may answer (of the groups they run; of ``group`` only when
    given), still open, meetings to come first, at most ``limit``. One query."""
    if not getattr(user, "is_authenticated", False):
        return []
    query = (
        select(JointMeetingProposal)
        .join(Meeting, Meeting.id == JointMeetingProposal.meeting_id)
        .where(
            JointMeetingProposal.state == ProposalState.PROPOSED,
            Meeting.status.in_([MeetingStatus.DRAFT, MeetingStatus.SCHEDULED]),
        )
        .options(
            joinedload(JointMeetingProposal.meeting).joinedload(Meeting.group),
            joinedload(JointMeetingProposal.meeting).joinedload(Meeting.venue),
            joinedload(JointMeetingProposal.group),
            joinedload(JointMeetingProposal.proposed_by),
        )
        .order_by(Meeting.starts_at, JointMeetingProposal.id)
    )
    if group is not None:
        if not manages(user, group):
            return []
        query = query.where(JointMeetingProposal.group_id == group.id)
    elif not can(user, "site.admin"):
        managed = managed_group_ids(user)
        if not managed:
            return []
        query = query.where(JointMeetingProposal.group_id.in_(managed))
    else:
        return []  # a site admin answers on each group's page, not for every group at once
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query).unique())
