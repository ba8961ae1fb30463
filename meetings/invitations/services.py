"""Invitations to meetings and the answers to them (RSVP).

Who is invited. When a meeting is scheduled ("published"), every member of every group
taking part is invited (chair → ROLE=CHAIR, assistant and member → REQ-PARTICIPANT,
observer → OPT-PARTICIPANT), and so are the confirmed followers of those groups
(OPT-PARTICIPANT, from ``following.followers_to_invite``) and the guests the assistant
adds on the meeting page. One ``Invitation`` per person. The organiser (the assistant who
created the meeting, see ``invitees.organiser_person``) has an invitation too, for the
attendance register, but is not sent their own meeting to answer: it counts as accepted.

What they get (``messages``, ``series``): one e-mail per invitee in their language with
the event as an iTIP message. The event keeps the meeting's UID for its whole life; its
SEQUENCE is the meeting's. A change of time, venue or room sends every invitee an update
(same UID, the next SEQUENCE) and asks them again; cancelling the meeting sends
METHOD:CANCEL to everyone invited; removing one invitee sends CANCEL to that person only;
an invitee added later gets the current version. An occurrence of a series is part of the
series' calendar object: its messages are the series' (``series.send_series_messages``).
Every message goes through the outbox, in the same transaction as the change, so nothing
is lost while the mail server is down.

Answers. Accept, decline or tentative, with an optional comment: from the signed links in
the e-mail (no sign-in; valid until the meeting has ended; replacing the invitation's
``answer_nonce`` revokes them), on the meeting page when signed in (``meeting.answer``),
or with the calendar program's own buttons (``replies``: iMIP REPLY to the invitation's
reply address). The last answer counts. A change of the meeting's time or place asks
everyone again: each earlier answer is kept as "before the change" (``ask_again``).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import audit
from ..agenda.services import agenda_items
from ..auth.models import User
from ..auth.permissions import can, role_in
from ..calendar.builder import organizer_for
from ..db import utcnow
from ..extensions import db
from ..groups.enums import Role
from ..groups.models import Membership
from ..scheduling.enums import MeetingStatus
from ..scheduling.models import Meeting
from . import series as series_messages
from .enums import ParticipantRole, Rsvp
from .following import followers_to_invite
from .invitees import (
    ANSWERS,
    MAX_COMMENT,
    ROLE_OF_MEMBERSHIP,
    AnswerScope,
    InvitationError,
    MessageKind,
    invitation_for,
    invitations_of,
    invitee_email,
    invitee_name,
    organiser_person,
)
from .messages import send_invitation
from .models import Invitation, new_answer_nonce

log = logging.getLogger(__name__)


def _in_series(meeting: Meeting) -> bool:
    """Is the meeting an instance of its series' calendar object?"""
    return meeting.series_id is not None and meeting.recurrence_at is not None


def invite_participants(meeting: Meeting) -> list[Invitation]:
    """Invite whoever should be and is not yet: the members of every group taking part
    (their strongest role counts) and the groups' confirmed followers. Guests are added one
    by one (``add_guest``). Returns the new invitations.

    Side effects: adds Invitation rows (nothing is sent here); the organiser's counts as
    accepted; flushes. Three queries plus the followers'.
    """
    existing = invitations_of(meeting)
    organiser = organiser_person(meeting)
    invited_users = {i.user_id for i in existing if i.user_id is not None}
    by_address = {invitee_email(i).lower(): i for i in existing if invitee_email(i)}
    group_ids = [g.id for g in meeting.groups]
    rows = db.session.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.group_id.in_(group_ids), User.is_enabled.is_(True))
        .order_by(User.name, User.id)
    ).all()
    strongest: dict[int, tuple[Membership, User]] = {}
    order = list(Role)
    for membership, user in rows:
        held = strongest.get(user.id)
        if held is None or order.index(membership.role) < order.index(held[0].role):
            strongest[user.id] = (membership, user)
    created: list[Invitation] = []
    for membership, user in strongest.values():
        if user.id in invited_users:
            continue
        guest = by_address.get(user.email)
        if guest is not None and guest.user_id is None:
            # Invited as a guest by address before: it is the same person.
            guest.user_id = user.id
            invited_users.add(user.id)
            continue
        invitation = Invitation(
            meeting=meeting,
            user_id=user.id,
            user=user,
            role=ROLE_OF_MEMBERSHIP[membership.role],
            organisation_id=membership.organisation_id or user.organisation_id,
        )
        if organiser is not None and user.id == organiser.id:
            # The organiser is not asked whether they come to their own meeting.
            invitation.rsvp = Rsvp.ACCEPTED
            invitation.answered_via = "organiser"
        db.session.add(invitation)
        created.append(invitation)
        invited_users.add(user.id)
        by_address[user.email] = invitation
    for follower in followers_to_invite(meeting):
        if follower.user_id in invited_users or follower.email in by_address:
            continue
        invitation = Invitation(
            meeting=meeting,
            user_id=follower.user_id,
            email=None if follower.user_id else follower.email,
            name=None if follower.user_id else follower.name,
            role=ParticipantRole.OPTIONAL,
        )
        db.session.add(invitation)
        created.append(invitation)
        if follower.user_id:
            invited_users.add(follower.user_id)
        by_address[follower.email] = invitation
    db.session.flush()
    if created:
        log.info("meeting %s: %d people invited", meeting.id, len(created))
    return created


def invite_to_meeting(meeting: Meeting) -> list[Invitation]:
    """The meeting has been scheduled: invite everyone who should be (see
    ``invite_participants``) and send each invitee who has not got the current version
    their invitation. Sent on draft → scheduled (``reactions``).

    Side effects: adds Invitation rows; queues one e-mail per invitee in the outbox; sets
    ``sent_sequence``; flushes. Never commits.
    """
    created = invite_participants(meeting)
    send_invitations(meeting)
    return created


def send_invitations(meeting: Meeting) -> int:
    """Send the current version (REQUEST) to every invitee who does not have it yet (for
    an occurrence of a series: see ``series.send_series_messages``).

    Side effects: queues the e-mails, sets ``sent_sequence``; flushes. Returns how many
    were queued: none for a meeting that is not scheduled or is over, or whose group has
    no organiser address (logged).
    """
    if not _invitations_go_out(meeting):
        return 0
    if _in_series(meeting):
        return series_messages.send_series_messages(meeting.series)
    organiser = organiser_person(meeting)
    items = agenda_items(meeting)  # once for every invitee's message
    sent = 0
    for invitation in invitations_of(meeting):
        if not invitee_email(invitation):
            continue  # a guest known by name only (attendance register): nowhere to send
        if organiser is not None and invitation.user_id == organiser.id:
            continue
        if invitation.sent_sequence is None:
            send_invitation(invitation, MessageKind.REQUEST, items, organiser)
        elif invitation.sent_sequence < meeting.sequence:
            send_invitation(invitation, MessageKind.UPDATE, items, organiser)
        else:
            continue
        sent += 1
    db.session.flush()
    if sent:
        audit.record(
            "invitations.sent", subject=meeting, group_id=meeting.group_id, detail=str(sent)
        )
    return sent


def send_meeting_update(meeting: Meeting) -> int:
    """The meeting's time, venue or room changed (its SEQUENCE has grown, its invitees
    were asked again): send every invitee the current version. Called by
    the ``meeting_moved`` signal (``reactions``).

    Side effects: queues the e-mails, sets ``sent_sequence``; flushes. Returns how many
    were queued.
    """
    if meeting.status != MeetingStatus.SCHEDULED:
        return 0
    return send_invitations(meeting)


def ask_again(meeting: Meeting, now: dt.datetime | None = None) -> int:
    """The meeting's time or place changed: every invitee who had answered is asked
    again. Their answer is kept as the answer "before the change" and their comment stays;
    an invitee already asked again keeps the answer from before the first change. The
    organiser's own acceptance stands.

    Side effects: ``rsvp`` back to needs-action, ``rsvp_before_change``,
    ``asked_again_at``; flushes. Returns how many were asked again.
    """
    now = now or utcnow()
    organiser = organiser_person(meeting)
    asked = 0
    for invitation in invitations_of(meeting):
        if organiser is not None and invitation.user_id == organiser.id:
            continue
        if invitation.rsvp == Rsvp.NEEDS_ACTION:
            continue
        invitation.rsvp_before_change = invitation.rsvp
        invitation.rsvp = Rsvp.NEEDS_ACTION
        invitation.asked_again_at = now
        asked += 1
    db.session.flush()
    return asked


def send_cancellations(meeting: Meeting) -> int:
    """The meeting has been cancelled (the workflow has raised its SEQUENCE): send
    METHOD:CANCEL to everyone an invitation went to. For an occurrence of a series the
    invitees get one CANCEL with its RECURRENCE-ID.

    Side effects: queues the e-mails, sets ``sent_sequence``; flushes. Returns how many
    were queued.
    """
    if _in_series(meeting):
        return series_messages.send_series_messages(meeting.series)
    if organizer_for(meeting) is None:
        log.warning("meeting %s: no organiser address, cancellations not sent", meeting.id)
        return 0
    invitations = [
        i for i in invitations_of(meeting) if i.sent_sequence is not None and invitee_email(i)
    ]
    items, organiser = agenda_items(meeting), organiser_person(meeting)
    for invitation in invitations:
        send_invitation(invitation, MessageKind.CANCEL, items, organiser)
    db.session.flush()
    return len(invitations)


def _invitations_go_out(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    """Are invitations sent for this meeting now (scheduled, not over, an organiser)?"""
    if meeting.status != MeetingStatus.SCHEDULED or meeting.ends_at <= (now or utcnow()):
        return False
    if organizer_for(meeting) is None:
        log.warning("meeting %s: the group has no organiser address", meeting.id)
        return False
    return True


def invitees_changeable(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    """May invitees be added or removed (a draft or scheduled meeting not yet over)?"""
    return meeting.status in (
        MeetingStatus.DRAFT,
        MeetingStatus.SCHEDULED,
    ) and meeting.ends_at > (now or utcnow())


def _managed(meeting: Meeting, now: dt.datetime | None = None) -> None:
    """Invitees change only while the meeting is a draft or scheduled and not over."""
    if meeting.status not in (MeetingStatus.DRAFT, MeetingStatus.SCHEDULED):
        raise InvitationError(_l("A held or cancelled meeting's invitations can no longer change."))
    if meeting.ends_at <= (now or utcnow()):
        raise InvitationError(_l("The meeting has passed: its invitations can no longer change."))


def ensure_changeable(meeting: Meeting, now: dt.datetime | None = None) -> None:
    """Raise InvitationError (saying why) unless invitees may be added or removed now."""
    _managed(meeting, now)


def add_guest(
    meeting: Meeting,
    *,
    name: str,
    email: str,
    organisation_id: int | None = None,
    role: ParticipantRole = ParticipantRole.REQUIRED,
    locale: str | None = None,
) -> Invitation:
    """Invite someone by e-mail address (a guest; linked to their account if they have one,
    whose language then wins over ``locale``).
    A scheduled meeting's invitation goes out at once; a draft's when it is scheduled.

    Side effects: adds the Invitation; queues its e-mail; flushes, logs. Raises
    InvitationError when the address is invited already or the meeting is over.
    """
    _managed(meeting)
    address = email.strip().lower()
    user = db.session.scalars(select(User).where(User.email == address)).first()
    for other in invitations_of(meeting):
        if invitee_email(other).lower() == address or (user and other.user_id == user.id):
            raise InvitationError(_l("%(email)s is invited already.", email=address))
    invitation = Invitation(
        meeting=meeting,
        user_id=user.id if user else None,
        user=user,
        email=None if user else address,
        name=" ".join(name.split()) or None,
        organisation_id=organisation_id,
        role=role,
        locale=locale or None,
    )
    db.session.add(invitation)
    db.session.flush()
    log.info("meeting %s: guest invitation %s added", meeting.id, invitation.id)
    if _invitations_go_out(meeting):
        if _in_series(meeting):
            series_messages.send_series_messages(meeting.series)
        else:
            send_invitation(invitation, MessageKind.REQUEST)
        db.session.flush()
    return invitation


def copy_invitees(meeting: Meeting, source: Meeting) -> int:
    """Invite to ``meeting`` (a new meeting copied from ``source``) everyone ``source``
    invited, members and guests, with their role, organisation and language; the answers
    start anew. Nothing is sent to a draft: its invitations go out when it is scheduled, as
    for any meeting. The organiser is left out (invited on scheduling, as accepted), and so
    are disabled accounts and anyone invited already.

    Side effects: adds Invitation rows through ``add_guest``; flushes. Returns how many.
    Raises InvitationError when ``meeting``'s invitees cannot change (it is held or over).
    """
    _managed(meeting)
    organiser = organiser_person(meeting)
    invited = {invitee_email(i).lower() for i in invitations_of(meeting)}
    count = 0
    for invitation in invitations_of(source):
        user = invitation.user
        address = invitee_email(invitation).lower()
        if not address or address in invited:
            continue
        if user is not None and (not user.is_enabled or (organiser and user.id == organiser.id)):
            continue
        add_guest(
            meeting,
            name=invitation.name or "",
            email=address,
            organisation_id=invitation.organisation_id,
            role=invitation.role,
            locale=invitation.locale,
        )
        invited.add(address)
        count += 1
    log.info("meeting %s: %d invitees copied from meeting %s", meeting.id, count, source.id)
    return count


def remove_invitee(invitation: Invitation) -> None:
    """Withdraw an invitation: the person gets METHOD:CANCEL (if an invitation went out to
    them and the meeting is still to come), and their answer links stop working.

    Side effects: queues the e-mail; deletes the Invitation; flushes, logs. Raises
    InvitationError for a meeting that is held, cancelled or over.
    """
    meeting = invitation.meeting
    _managed(meeting)
    if (
        invitation.sent_sequence is not None
        and invitee_email(invitation)
        and _invitations_go_out(meeting)
    ):
        if _in_series(meeting):
            series_messages.send_withdrawal(invitation)
        else:
            send_invitation(invitation, MessageKind.WITHDRAWN)
    log.info("meeting %s: invitation %s removed", meeting.id, invitation.id)
    db.session.delete(invitation)
    db.session.flush()


def renew_answer_links(invitation: Invitation) -> None:
    """Revoke the invitee's answer links and send the invitation again with new ones.

    Side effects: a new ``answer_nonce``; queues the e-mail (a scheduled meeting); flushes.
    """
    meeting = invitation.meeting
    _managed(meeting)
    invitation.answer_nonce = new_answer_nonce()
    db.session.flush()
    if invitee_email(invitation) and _invitations_go_out(meeting):
        if _in_series(meeting):
            # The person's reply address changes too: their series is sent again.
            invitation.sent_sequence = None
            series_messages.send_series_messages(meeting.series)
        else:
            send_invitation(invitation, MessageKind.REQUEST)
        db.session.flush()
    log.info("meeting %s: answer links of invitation %s renewed", meeting.id, invitation.id)


def get_invitation(meeting: Meeting, invitation_id: int) -> Invitation | None:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.meeting_id != meeting.id:
        return None
    return invitation


# --- answers -------------------------------------------------------------------------------


def answers_closed(meeting: Meeting, now: dt.datetime | None = None) -> str | None:
    """Why the meeting takes no answers (in words), or None while it does."""
    if meeting.status == MeetingStatus.CANCELLED:
        return str(_l("The meeting has been cancelled."))
    if meeting.status == MeetingStatus.DRAFT:
        return str(_l("The meeting has not been scheduled yet."))
    if meeting.status == MeetingStatus.HELD or meeting.ends_at <= (now or utcnow()):
        return str(_l("The meeting has passed: answers are closed."))
    return None


def record_answer(
    invitation: Invitation,
    answer: Rsvp | str,
    comment: str | None = None,
    *,
    now: dt.datetime | None = None,
    via: str = "link",
) -> Invitation:
    """Record the invitee's answer; answering again replaces it (the last answer counts)
    and confirms a changed meeting (the answer from before the change is dropped).

    ``via``: "link" (the e-mail's answer links), "page" (the meeting page) or "calendar"
    (the calendar program's reply).

    Side effects: ``rsvp``, ``rsvp_comment`` (trimmed; empty → None), ``responded_at``,
    ``answered_via``; flushes, logs. Raises InvitationError when the meeting takes no
    answers.
    """
    answer = Rsvp(answer)
    if answer not in ANSWERS:
        raise ValueError(answer)
    closed = answers_closed(invitation.meeting, now)
    if closed:
        raise InvitationError(closed)
    invitation.rsvp = answer
    invitation.rsvp_comment = (comment or "").strip()[:MAX_COMMENT] or None
    invitation.responded_at = now or utcnow()
    invitation.answered_via = via
    invitation.rsvp_before_change = None
    invitation.asked_again_at = None
    db.session.flush()
    log.info("invitation %s answered %s (%s)", invitation.id, answer.value, via)
    return invitation


def same_person_in_series(invitation: Invitation) -> list[Invitation]:
    """The person's invitations to every meeting of the invitation's series, in the
    series' order (just this one for a meeting on its own). One query."""
    meeting = invitation.meeting
    if not _in_series(meeting):
        return [invitation]
    if invitation.user_id is not None:
        condition = Invitation.user_id == invitation.user_id
    else:
        condition = Invitation.email == invitation.email
    rows = db.session.scalars(
        select(Invitation)
        .join(Meeting, Meeting.id == Invitation.meeting_id)
        .where(Meeting.series_id == meeting.series_id, condition)
    ).all()
    return sorted(rows, key=lambda i: (i.meeting.recurrence_at or i.meeting.starts_at, i.id))


def answer_in_scope(
    invitation: Invitation,
    answer: Rsvp | str,
    comment: str | None = None,
    scope: AnswerScope = AnswerScope.ONE,
    *,
    via: str = "link",
    now: dt.datetime | None = None,
) -> list[Invitation]:
    """Record the answer for the invitation's meeting (``ONE``), for every meeting of its
    series still taking answers (``SERIES``), or for it and the later ones
    (``FOLLOWING``). Returns the invitations answered.

    Side effects: see ``record_answer``. Raises InvitationError when none of the
    meetings takes answers.
    """
    if scope == AnswerScope.ONE:
        return [record_answer(invitation, answer, comment, now=now, via=via)]
    start = invitation.meeting.recurrence_at or invitation.meeting.starts_at
    targets = [
        other
        for other in same_person_in_series(invitation)
        if answers_closed(other.meeting, now) is None
        and (
            scope == AnswerScope.SERIES
            or (other.meeting.recurrence_at or other.meeting.starts_at) >= start
        )
    ]
    if not targets:
        closed = answers_closed(invitation.meeting, now) or _l("No meeting takes answers.")
        raise InvitationError(closed)
    return [record_answer(other, answer, comment, now=now, via=via) for other in targets]


def answer_as_participant(
    user: User, meeting: Meeting, answer: Rsvp | str, comment: str | None = None
) -> Invitation:
    """A signed-in participant answers on the meeting page; someone who joined a group
    after the invitations went out gets an invitation of their own.

    Side effects: may add an Invitation; see ``record_answer``. Raises InvitationError.
    """
    closed = answers_closed(meeting)
    if closed:
        raise InvitationError(closed)
    invitation = invitation_for(user, meeting)
    if invitation is None:
        role = min(
            (r for r in (role_in(user, g) for g in meeting.groups) if r is not None),
            key=list(Role).index,
            default=Role.MEMBER,
        )
        invitation = Invitation(
            meeting=meeting,
            user_id=user.id,
            user=user,
            role=ROLE_OF_MEMBERSHIP[role],
            organisation_id=user.organisation_id,
        )
        db.session.add(invitation)
        db.session.flush()
    return record_answer(invitation, answer, comment, via="page")


# --- what the meeting page shows -------------------------------------------------------------


@dataclass
class AnswerRow:
    invitation_id: int
    name: str
    email: str
    organisation: str
    role: ParticipantRole
    rsvp: Rsvp
    comment: str
    responded_at: dt.datetime | None
    #: An invitation e-mail went out (False: waiting for the meeting to be scheduled).
    sent: bool
    is_guest: bool
    #: The answer given before the latest change of time or place (asked again since).
    before_change: Rsvp | None = None
    asked_again_at: dt.datetime | None = None
    #: "link", "page", "calendar" or "organiser".
    answered_via: str | None = None
    #: The person's GrammaticalGender when they gave one (for the role label).
    gender: str | None = None

    @property
    def is_organiser(self) -> bool:
        return self.answered_via == "organiser"


@dataclass
class AnswerSummary:
    rows: list[AnswerRow]
    #: answer value → how many; "total" → everyone invited; "unconfirmed" → asked again
    #: after a change and not answered since.
    counts: dict[str, int] = field(default_factory=dict)


def answer_summary(meeting: Meeting) -> AnswerSummary:
    """Everyone invited with their answer and comment, and the count of each answer."""
    rows = [
        AnswerRow(
            invitation_id=i.id,
            name=invitee_name(i),
            email=invitee_email(i),
            organisation=i.organisation.name if i.organisation else "",
            role=i.role,
            rsvp=i.rsvp,
            comment=i.rsvp_comment or "",
            responded_at=i.responded_at,
            sent=i.sent_sequence is not None,
            is_guest=i.user_id is None,
            before_change=i.rsvp_before_change if i.rsvp == Rsvp.NEEDS_ACTION else None,
            asked_again_at=i.asked_again_at,
            answered_via=i.answered_via,
            gender=i.user.grammatical_gender if i.user else None,
        )
        for i in invitations_of(meeting)
    ]
    counts = {answer.value: 0 for answer in Rsvp}
    for row in rows:
        counts[row.rsvp.value] += 1
    counts["total"] = len(rows)
    counts["unconfirmed"] = sum(1 for row in rows if row.before_change is not None)
    return AnswerSummary(rows=rows, counts=counts)


@dataclass
class InvitationSection:
    """What the meeting page's invitations section shows to one person."""

    my_invitation: Invitation | None
    #: The person may answer here (a participant, the meeting takes answers).
    may_answer: bool
    #: Why answering is closed, when it is.
    closed: str | None
    may_manage: bool
    #: Invitees may be added or removed now.
    may_change: bool
    summary: AnswerSummary | None
    #: The group has no address replies could go to: invitations are not sent.
    organizer_missing: bool
    #: Members of the groups not invited yet (e.g. joined after scheduling).
    uninvited_members: int = 0

    @property
    def visible(self) -> bool:
        return self.may_manage or self.may_answer or self.my_invitation is not None


def invitation_section(
    user: Any, meeting: Meeting, now: dt.datetime | None = None
) -> InvitationSection:
    may_manage = can(user, "meeting.invite", meeting)
    closed = answers_closed(meeting, now)
    mine = invitation_for(user, meeting)
    summary = answer_summary(meeting) if may_manage else None
    uninvited = 0
    if may_manage and meeting.status == MeetingStatus.SCHEDULED:
        uninvited = _uninvited_count(meeting)
    return InvitationSection(
        my_invitation=mine,
        may_answer=closed is None and can(user, "meeting.answer", meeting),
        closed=closed,
        may_manage=may_manage,
        may_change=may_manage and invitees_changeable(meeting, now),
        summary=summary,
        organizer_missing=may_manage and organizer_for(meeting) is None,
        uninvited_members=uninvited,
    )


def _uninvited_count(meeting: Meeting) -> int:
    invited = select(Invitation.user_id).where(
        Invitation.meeting_id == meeting.id, Invitation.user_id.is_not(None)
    )
    ids = db.session.scalars(
        select(Membership.user_id)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.group_id.in_([g.id for g in meeting.groups]),
            User.is_enabled.is_(True),
            Membership.user_id.not_in(invited),
        )
        .distinct()
    ).all()
    return len(ids)


def invite_missing_members(meeting: Meeting) -> list[Invitation]:
    """Invite members who joined after the invitations went out (and followers since).

    Side effects: see ``invite_to_meeting``. Raises InvitationError when over.
    """
    _managed(meeting)
    return invite_to_meeting(meeting)
