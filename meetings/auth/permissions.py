"""The one permission policy: ``can(user, action, obj)``.

Every view and template asks this module; nothing else decides who may do what.
The table in ``docs/permissions.md`` is the human-readable form of the rules below.

Roles come from memberships (chair, assistant, member, observer) in the group that owns
the object; the site admin manages the site and may act for any group, but approving
minutes stays the chair's act. Anonymous visitors see only what is public.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import g, has_request_context
from sqlalchemy import ColumnElement, and_, exists, false, or_, select, true, union

from ..correspondence.enums import VoteState
from ..correspondence.models import CorrespondenceBallot, CorrespondenceVote
from ..extensions import db
from ..groups.enums import Role
from ..groups.models import Membership, WorkingGroup
from ..invitations.models import Invitation
from ..minutes.enums import MinutesState
from ..minutes.models import ActionItem, Minutes
from ..polls.enums import PollState
from ..polls.models import Poll
from ..scheduling.enums import MeetingStatus
from ..scheduling.models import JointMeetingProposal, Meeting, MeetingSeries, meeting_groups
from ..transfer.models import ExportJob
from ..venues.models import Venue
from ..webhooks.models import Webhook
from .models import User

if TYPE_CHECKING:
    import datetime as dt

#: Roles that run a group's business.
MANAGERS = frozenset({Role.CHAIR, Role.ASSISTANT})
#: Roles that take part (and may answer, comment, vote); observers only read.
PARTICIPANTS = frozenset({Role.CHAIR, Role.ASSISTANT, Role.MEMBER})
#: Every role.
READERS = frozenset(Role)


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _is_admin(user: Any) -> bool:
    return _signed_in(user) and bool(user.is_admin)


def roles_by_group(user: Any) -> dict[int, Role]:
    """The person's role in each group, loaded once per request."""
    if not _signed_in(user):
        return {}
    key = f"_roles_{user.id}"
    if has_request_context() and key in g:
        return g.get(key)
    rows = db.session.execute(
        select(Membership.group_id, Membership.role).where(Membership.user_id == user.id)
    ).all()
    roles = {group_id: role for group_id, role in rows}
    if has_request_context():
        setattr(g, key, roles)
    return roles


def forget_roles(user: Any) -> None:
    """Drop the cached roles after a membership change in the same request."""
    if has_request_context():
        g.pop(f"_roles_{user.id}", None)


def role_in(user: Any, group: WorkingGroup | int | None) -> Role | None:
    """The person's role in the group; a site admin acts as at least an assistant."""
    if group is None:
        return None
    group_id = group if isinstance(group, int) else group.id
    role = roles_by_group(user).get(group_id)
    if _is_admin(user) and role not in MANAGERS:
        return Role.ASSISTANT
    return role


def _best_role(user: Any, meeting: Meeting) -> Role | None:
    """The strongest role the person holds in any group taking part in the meeting."""
    held = [r for r in (role_in(user, g) for g in meeting.groups) if r is not None]
    return min(held, key=list(Role).index) if held else None


def _host_role(user: Any, meeting: Meeting) -> Role | None:
    return role_in(user, meeting.group_id)


# --- the rules ------------------------------------------------------------------------
# Each rule gets the person (or None / the anonymous user) and the object. Site admins are
# seen through role_in() as at least assistants, so state checks still apply to them.


def _group_view(user: Any, group: WorkingGroup) -> bool:
    return group.is_public or role_in(user, group) is not None


def _group_members(user: Any, group: WorkingGroup) -> bool:
    return role_in(user, group) is not None


def _group_edit(user: Any, group: WorkingGroup) -> bool:
    return _is_admin(user) or role_in(user, group) == Role.CHAIR


def _group_manage(user: Any, group: WorkingGroup) -> bool:
    return role_in(user, group) in MANAGERS


def _group_participate(user: Any, group: WorkingGroup) -> bool:
    return role_in(user, group) in PARTICIPANTS


def _meeting_view(user: Any, meeting: Meeting) -> bool:
    if meeting.status == MeetingStatus.DRAFT:
        return _host_role(user, meeting) in MANAGERS
    if meeting.open_to_everyone:
        return True
    return _best_role(user, meeting) is not None


def _meeting_manage(user: Any, meeting: Meeting) -> bool:
    return _host_role(user, meeting) in MANAGERS


def _invited(user: Any, meeting: Meeting) -> bool:
    """Is the person invited to the meeting (as a member or a guest with an account)? One
    query per person and meeting, kept for the request."""
    if not _signed_in(user) or meeting.id is None:
        return False
    key = f"_invited_{user.id}_{meeting.id}"
    if has_request_context() and key in g:
        return g.get(key)
    found = bool(
        db.session.scalar(
            select(
                exists().where(Invitation.meeting_id == meeting.id, Invitation.user_id == user.id)
            )
        )
    )
    if has_request_context():
        setattr(g, key, found)
    return found


def _meeting_online_link(user: Any, meeting: Meeting) -> bool:
    """The meeting's online link: everyone who sees the meeting when its host group shows
    the link publicly; otherwise only the members of the groups taking part (site admins
    too) and the people invited to it. Public pages, public feeds and documents anyone may
    fetch therefore never carry it unless the group wants them to."""
    if meeting.group.shows_online_link_publicly and _meeting_view(user, meeting):
        return True
    if meeting.status == MeetingStatus.DRAFT:
        return _host_role(user, meeting) in MANAGERS
    return _best_role(user, meeting) is not None or _invited(user, meeting)


def _meeting_review_agenda(user: Any, meeting: Meeting) -> bool:
    return _is_admin(user) or _host_role(user, meeting) == Role.CHAIR


def _meeting_participate(user: Any, meeting: Meeting) -> bool:
    return meeting.status != MeetingStatus.DRAFT and _best_role(user, meeting) in PARTICIPANTS


def _proposal_decide(user: Any, proposal: JointMeetingProposal) -> bool:
    """Accepting or declining a joint meeting for a group: that group's managers."""
    return role_in(user, proposal.group_id) in MANAGERS


def _minutes_view(user: Any, minutes: Minutes) -> bool:
    meeting = minutes.meeting
    if minutes.state == MinutesState.PUBLISHED and _meeting_view(user, meeting):
        return True
    role = _best_role(user, meeting)
    if minutes.state == MinutesState.DRAFT:
        return _host_role(user, meeting) in MANAGERS
    return role is not None


def _minutes_edit(user: Any, minutes: Minutes) -> bool:
    # Approved minutes never change; while submitted the assistant waits for the chair.
    return minutes.state == MinutesState.DRAFT and _host_role(user, minutes.meeting) in MANAGERS


def _minutes_comment(user: Any, minutes: Minutes) -> bool:
    return (
        minutes.state == MinutesState.SUBMITTED
        and _best_role(user, minutes.meeting) in PARTICIPANTS
    )


def _minutes_decide(user: Any, minutes: Minutes) -> bool:
    return minutes.state == MinutesState.SUBMITTED and (
        _host_role(user, minutes.meeting) == Role.CHAIR
    )


def _minutes_verify(user: Any, minutes: Minutes) -> bool:
    # Only the person chosen as verifier, once, while the chair has not decided.
    return (
        minutes.state == MinutesState.SUBMITTED
        and minutes.verified_at is None
        and minutes.verified_by_id is not None
        and minutes.verified_by_id == getattr(user, "id", None)
        and _best_role(user, minutes.meeting) is not None
    )


def _minutes_publish(user: Any, minutes: Minutes) -> bool:
    return minutes.state == MinutesState.APPROVED and (
        _host_role(user, minutes.meeting) in MANAGERS
    )


def _minutes_correct(user: Any, minutes: Minutes) -> bool:
    return minutes.state in {MinutesState.APPROVED, MinutesState.PUBLISHED} and (
        _host_role(user, minutes.meeting) in MANAGERS
    )


def _action_view(user: Any, item: ActionItem) -> bool:
    return role_in(user, item.group_id) is not None


def _action_update(user: Any, item: ActionItem) -> bool:
    return role_in(user, item.group_id) in MANAGERS or (
        _signed_in(user) and item.owner_id == user.id
    )


def _poll_view(user: Any, poll: Poll) -> bool:
    # Anyone of the group; guests answer through their signed link, not by signing in.
    return role_in(user, poll.group_id) is not None or _poll_asked(user, poll)


def _poll_asked(user: Any, poll: Poll) -> bool:
    return _signed_in(user) and any(p.user_id == user.id for p in poll.participants)


def _poll_manage(user: Any, poll: Poll) -> bool:
    return role_in(user, poll.group_id) in MANAGERS


def _poll_answer(user: Any, poll: Poll) -> bool:
    return poll.state == PollState.OPEN and _poll_asked(user, poll)


def _poll_close(user: Any, poll: Poll) -> bool:
    return poll.state == PollState.OPEN and _poll_manage(user, poll)


def _correspondence_start(user: Any, group: WorkingGroup) -> bool:
    return group.archived_at is None and role_in(user, group) in MANAGERS


def _correspondence_view(user: Any, vote: CorrespondenceVote) -> bool:
    return role_in(user, vote.group_id) is not None


def _correspondence_manage(user: Any, vote: CorrespondenceVote) -> bool:
    # Reminding and cancelling: while the vote is open.
    return vote.state == VoteState.OPEN and role_in(user, vote.group_id) in MANAGERS


def _correspondence_vote(user: Any, vote: CorrespondenceVote) -> bool:
    """The voting members the vote was put to (a ballot each, fixed when it started), while
    it is open: not observers, not a site admin outside the group, not members who joined
    later."""
    if vote.state != VoteState.OPEN or not _signed_in(user):
        return False
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    CorrespondenceBallot.vote_id == vote.id,
                    CorrespondenceBallot.user_id == user.id,
                )
            )
        )
    )


def _venue_manage(user: Any, obj: Any = None) -> bool:
    # Assistants book rooms for their groups, so they may add venues.
    return _is_admin(user) or any(role in MANAGERS for role in roles_by_group(user).values())


def groups_using_venue(venue: Venue) -> frozenset[int]:
    """The groups that use the venue: those holding a meeting there (as host or taking part
    in a joint meeting) or a series whose meetings are held there. One query per venue,
    kept for the request."""
    key = f"_venue_groups_{venue.id}"
    if has_request_context() and key in g:
        return g.get(key)
    at_venue = select(Meeting.id).where(Meeting.venue_id == venue.id)
    rows = db.session.scalars(
        union(
            select(Meeting.group_id).where(Meeting.venue_id == venue.id),
            select(meeting_groups.c.group_id).where(meeting_groups.c.meeting_id.in_(at_venue)),
            select(MeetingSeries.group_id).where(MeetingSeries.venue_id == venue.id),
        )
    ).all()
    groups = frozenset(rows)
    if has_request_context():
        setattr(g, key, groups)
    return groups


def _venue_edit(user: Any, venue: Venue) -> bool:
    """Site admins; the chairs and assistants of the groups that use the venue, and those
    of any group who belong to the organisation whose premises it is. A venue no group
    uses yet stays editable by whoever may add venues (to correct it before booking)."""
    if _is_admin(user):
        return True
    managed = {group for group, role in roles_by_group(user).items() if role in MANAGERS}
    if not managed:
        return False
    if venue.organisation_id is not None and user.organisation_id == venue.organisation_id:
        return True
    users = groups_using_venue(venue)
    return not users or not users.isdisjoint(managed)


def _admin(user: Any, obj: Any = None) -> bool:
    return _is_admin(user)


def _webhook_manage(user: Any, webhook: Webhook) -> bool:
    """A group's webhook: the group's chair and assistants (site admins too); an
    installation-wide one: site admins."""
    if webhook.group_id is None:
        return _is_admin(user)
    return role_in(user, webhook.group_id) in MANAGERS


def _group_export(user: Any, group: WorkingGroup) -> bool:
    """A group's export (its records and files): its chair, and site admins."""
    return _is_admin(user) or role_in(user, group) == Role.CHAIR


def _export_view(user: Any, job: ExportJob) -> bool:
    """An export already made: whoever may now make one of its scope (a chair who has
    stepped down no longer sees the group's)."""
    if job.group_id is None:
        return _is_admin(user)
    return _is_admin(user) or role_in(user, job.group_id) == Role.CHAIR


def _user_view(user: Any, person: User) -> bool:
    """A profile: the person, site admins, and anyone sharing a working group with them."""
    if not _signed_in(user):
        return False
    if user.id == person.id or _is_admin(user):
        return True
    shared = set(roles_by_group(user))
    return any(m.group_id in shared for m in person.memberships)


def _signed_in_rule(user: Any, obj: Any = None) -> bool:
    return _signed_in(user)


def _everyone(user: Any, obj: Any = None) -> bool:
    return True


#: action → (type of object it applies to, rule).
RULES: dict[str, tuple[type | None, Callable[[Any, Any], bool]]] = {
    # Site administration.
    "site.admin": (None, _admin),
    "organisation.manage": (None, _admin),
    "user.manage": (None, _admin),
    "audit.view": (None, _admin),
    "site.webhooks": (None, _admin),
    "group.create": (None, _admin),
    "site.export": (None, _admin),
    "venue.manage": (None, _venue_manage),
    "venue.edit": (Venue, _venue_edit),
    "venue.archive": (Venue, _venue_edit),
    "public.view": (None, _everyone),
    "account.use": (None, _signed_in_rule),
    "user.view": (User, _user_view),
    # Working groups.
    "group.view": (WorkingGroup, _group_view),
    "group.view_members": (WorkingGroup, _group_members),
    "group.edit": (WorkingGroup, _group_edit),
    "group.archive": (WorkingGroup, _admin),
    "group.manage_members": (WorkingGroup, _group_manage),
    "group.create_meeting": (WorkingGroup, _group_manage),
    "group.answer_poll": (WorkingGroup, _group_participate),
    "group.create_poll": (WorkingGroup, _group_manage),
    "group.manage_webhooks": (WorkingGroup, _group_manage),
    # Webhooks.
    "webhook.manage": (Webhook, _webhook_manage),
    "group.export": (WorkingGroup, _group_export),
    "export.view": (ExportJob, _export_view),
    # Meetings and agendas.
    "meeting.view": (Meeting, _meeting_view),
    "meeting.online_link": (Meeting, _meeting_online_link),
    "meeting.edit": (Meeting, _meeting_manage),
    "meeting.invite": (Meeting, _meeting_manage),
    "agenda.edit": (Meeting, _meeting_manage),
    "agenda.review": (Meeting, _meeting_review_agenda),
    "meeting.answer": (Meeting, _meeting_participate),
    "proposal.decide": (JointMeetingProposal, _proposal_decide),
    # Minutes.
    "minutes.view": (Minutes, _minutes_view),
    "minutes.edit": (Minutes, _minutes_edit),
    "minutes.submit": (Minutes, _minutes_edit),
    "minutes.comment": (Minutes, _minutes_comment),
    "minutes.approve": (Minutes, _minutes_decide),
    "minutes.return": (Minutes, _minutes_decide),
    "minutes.verify": (Minutes, _minutes_verify),
    "minutes.publish": (Minutes, _minutes_publish),
    "minutes.correct": (Minutes, _minutes_correct),
    # Action items.
    "action.view": (ActionItem, _action_view),
    "action.update": (ActionItem, _action_update),
    # Date polls
    "poll.view": (Poll, _poll_view),
    "poll.export": (Poll, _poll_manage),
    "poll.answer": (Poll, _poll_answer),
    "poll.close": (Poll, _poll_close),
    # Decisions by correspondence (per rollam).
    "correspondence.start": (WorkingGroup, _correspondence_start),
    "correspondence.view": (CorrespondenceVote, _correspondence_view),
    "correspondence.manage": (CorrespondenceVote, _correspondence_manage),
    "correspondence.vote": (CorrespondenceVote, _correspondence_vote),
}


def can(user: Any, action: str, obj: Any = None) -> bool:
    """May ``user`` (a User, the anonymous user or None) do ``action`` on ``obj``?"""
    try:
        expected_type, rule = RULES[action]
    except KeyError:
        raise ValueError(f"unknown action {action!r}") from None
    if expected_type is not None and not isinstance(obj, expected_type):
        raise TypeError(f"{action} applies to {expected_type.__name__}, not {obj!r}")
    return rule(user, obj)


def allowed(user: Any, action: str, objects: Any) -> list[Any]:
    """The objects on which ``user`` may do ``action``, in their order: e.g. the groups of
    a meeting a visitor may see named (``group.view``)."""
    return [obj for obj in objects if can(user, action, obj)]


# --- the same rules as SQL conditions ----------------------------------------------------
# For lists filtered in the database before they are counted or paged (search). Each
# condition is true exactly where ``can`` says yes (tests/test_permissions.py checks them
# against ``can`` for every role and state); change a rule above, change its form here.
# They take the columns of the query (a table, or an alias of it), so the rows filtered
# need not be loaded. Their subqueries name the tables they read (``correlate_except``):
# every other table is the caller's, however deep the condition is nested (left to
# itself, SQLAlchemy correlates one level out only, and a condition inside an EXISTS
# quietly read every meeting instead of the one in hand).


def _sql_roles(user: Any) -> tuple[bool, list[int], list[int]]:
    """(site admin, groups the person belongs to, groups they manage)."""
    roles = roles_by_group(user)
    managed = [group_id for group_id, role in roles.items() if role in MANAGERS]
    return _is_admin(user), list(roles), managed


def _in(column: Any, ids: list[int]) -> ColumnElement[bool]:
    return column.in_(ids) if ids else false()


def sql_group_view(user: Any, group_id: Any, is_public: Any) -> ColumnElement[bool]:
    """``group.view`` of the group with these columns (its id, its is_public)."""
    admin, member, _managed = _sql_roles(user)
    if admin:
        return true()
    return or_(is_public.is_(True), _in(group_id, member))


def sql_takes_part(user: Any, meeting: Any) -> ColumnElement[bool]:
    """The person has a role in a group taking part in the meeting (the host, or a group of
    a joint meeting): ``_best_role(...) is not None``."""
    admin, member, _managed = _sql_roles(user)
    if admin:
        return meeting.c.id.is_not(None)
    return or_(
        _in(meeting.c.group_id, member),
        exists()
        .where(meeting_groups.c.meeting_id == meeting.c.id, _in(meeting_groups.c.group_id, member))
        .correlate_except(meeting_groups),
    )


def sql_manages_host(user: Any, meeting: Any) -> ColumnElement[bool]:
    """The person manages the meeting's host group (``meeting.edit``, ``agenda.edit``)."""
    admin, _member, managed = _sql_roles(user)
    if admin:
        return meeting.c.id.is_not(None)
    return _in(meeting.c.group_id, managed)


def sql_meeting_view(user: Any, meeting: Any) -> ColumnElement[bool]:
    """``meeting.view`` over a meetings table (or alias) ``meeting``."""
    public_groups = select(WorkingGroup.id).where(WorkingGroup.is_public.is_(True))
    open_to_everyone = or_(
        meeting.c.is_public.is_(True),
        meeting.c.group_id.in_(public_groups),
        exists()
        .where(
            meeting_groups.c.meeting_id == meeting.c.id,
            meeting_groups.c.group_id.in_(public_groups),
        )
        .correlate_except(meeting_groups),
    )
    return or_(
        and_(meeting.c.status == MeetingStatus.DRAFT, sql_manages_host(user, meeting)),
        and_(
            meeting.c.status != MeetingStatus.DRAFT,
            or_(open_to_everyone, sql_takes_part(user, meeting)),
        ),
    )


def sql_agenda_view(user: Any, meeting: Any, now: dt.datetime) -> ColumnElement[bool]:
    """Who sees a meeting's agenda (``agenda.services.may_see_agenda``): its managers
    always, whoever sees the meeting once the agenda is published (or due to be)."""
    published = or_(meeting.c.agenda_published_at.is_not(None), meeting.c.agenda_publish_at <= now)
    return or_(sql_manages_host(user, meeting), and_(sql_meeting_view(user, meeting), published))


def sql_minutes_view(user: Any, minutes: Any, meeting: Any) -> ColumnElement[bool]:
    """``minutes.view`` over a minutes table (or alias) and its meeting's."""
    return or_(
        and_(minutes.c.state == MinutesState.PUBLISHED, sql_meeting_view(user, meeting)),
        and_(minutes.c.state == MinutesState.DRAFT, sql_manages_host(user, meeting)),
        and_(minutes.c.state != MinutesState.DRAFT, sql_takes_part(user, meeting)),
    )


def sql_action_view(user: Any, group_id: Any) -> ColumnElement[bool]:
    """``action.view`` of a task of the group ``group_id`` (a column)."""
    admin, member, _managed = _sql_roles(user)
    if admin:
        return true()
    return _in(group_id, member)


def sql_user_view(user: Any, person_id: Any) -> ColumnElement[bool]:
    """``user.view`` of the person whose id is the column ``person_id``."""
    if not _signed_in(user):
        return false()
    admin, member, _managed = _sql_roles(user)
    if admin:
        return true()
    return or_(
        person_id == user.id,
        exists()
        .where(Membership.user_id == person_id, _in(Membership.group_id, member))
        .correlate_except(Membership),
    )


# --- refusals: what to answer when the policy says no ---------------------------------------

#: Sign in first: the answer for a visitor refused something a member might be allowed.
SIGN_IN = 401
#: The action that shows an object at all: refused it, a person learns nothing of it.
_SEEING = {
    Meeting: "meeting.view",
    Poll: "poll.view",
    CorrespondenceVote: "correspondence.view",
}


def knows_of(user: Any, obj: Any) -> bool:
    """May the person know the object exists, though refused it? A meeting is no secret to
    anyone of a group taking part (e.g. a draft of their own group); a vote by
    correspondence to anyone who may see its group."""
    if isinstance(obj, Meeting):
        roles = roles_by_group(user)
        return any(group.id in roles for group in obj.groups)
    if isinstance(obj, JointMeetingProposal):
        # Those of the group asked, and those of the host group, know of the proposal.
        roles = roles_by_group(user)
        return obj.group_id in roles or obj.meeting.group_id in roles
    if isinstance(obj, CorrespondenceVote):
        return _group_view(user, obj.group)
    if isinstance(obj, Webhook):
        # A group's webhooks are no secret to its members (they may not open them).
        return obj.group_id is not None and obj.group_id in roles_by_group(user)
    return False


def refusal(user: Any, action: str, obj: Any) -> int | None:
    """None when ``user`` may do ``action`` on ``obj``; else how to answer:
    ``SIGN_IN`` (a visitor refused what is not public), 403 (refused, but the object is no
    secret to them: they may see it, or belong to a group it concerns), or 404 (its very
    existence is private). The one rule every view applies (``auth.guard.guarded``)."""
    seeing = _SEEING.get(type(obj), action)
    if can(user, seeing, obj):
        return None if seeing == action or can(user, action, obj) else 403
    if not _signed_in(user):
        return SIGN_IN
    return 403 if knows_of(user, obj) else 404
