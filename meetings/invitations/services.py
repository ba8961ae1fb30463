"""Invitations to meetings and the answers to them (RSVP).

Who is invited. When a meeting is scheduled ("published"), every member of every group
taking part is invited (chair → ROLE=CHAIR, assistant and member → REQ-PARTICIPANT,
observer → OPT-PARTICIPANT), and so are the confirmed followers of those groups
(OPT-PARTICIPANT, from ``following.followers_to_invite``) and the guests the assistant
adds on the meeting page. One ``Invitation`` per person.

What they get. One e-mail per invitee, rendered in the invitee's language (their account's
language, a follower's chosen language, else the group's): a plain-text and an HTML body
with the date, venue, room and agenda, and the event as an iTIP message — an inline
``text/calendar; method=REQUEST`` part and the same ``invite.ics`` attached::

    multipart/mixed
      multipart/alternative
        text/plain
        text/html
        text/calendar; method=REQUEST; charset=UTF-8
      application/ics; name="invite.ics" (attachment)

The event keeps the meeting's UID for its whole life; its SEQUENCE is the meeting's. A
change of time, venue or room sends every invitee an update (same UID, the next SEQUENCE);
cancelling the meeting sends METHOD:CANCEL to everyone invited; removing one invitee sends
CANCEL to that person only; an invitee added later gets the current version. Every message
goes through the outbox (``mail.services.send_message``), in the same transaction as the
change, so nothing is lost while the mail server is down.

Answers. Accept, decline or tentative, with an optional comment: from the signed links in
the e-mail (no sign-in; valid until the meeting has ended; replacing the invitation's
``answer_nonce`` revokes them) or on the meeting page when signed in (``meeting.answer``:
participants, not observers — an observer invited as OPT-PARTICIPANT answers with the
links of their own invitation). The last answer counts. A change of the meeting's time
asks everyone again (their answers go back to "needs action"); a change of place only
informs.
"""

from __future__ import annotations

import datetime as dt
import enum
import hmac
import logging
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..agenda.services import agenda_is_published, build_timetable
from ..auth.models import User
from ..auth.permissions import can, role_in
from ..extensions import db
from ..groups.enums import Role
from ..groups.models import Membership
from ..i18n import force_locale, format_local_date, format_local_time, zone_label
from ..ical.builder import AttendeeData, calendar_bytes, itip_event_data, organizer_for
from ..links import external_url
from ..mail.services import compose, render_email, send_message
from ..scheduling.enums import MeetingStatus
from ..scheduling.models import Meeting
from .enums import ParticipantRole, Rsvp
from .following import followers_to_invite, unfollow_headers, unfollow_url
from .models import GroupFollower, Invitation, new_answer_nonce

log = logging.getLogger(__name__)

#: The invitation role of each membership role.
ROLE_OF_MEMBERSHIP = {
    Role.CHAIR: ParticipantRole.CHAIR,
    Role.ASSISTANT: ParticipantRole.REQUIRED,
    Role.MEMBER: ParticipantRole.REQUIRED,
    Role.OBSERVER: ParticipantRole.OPTIONAL,
}
#: iCalendar ROLE of each invitation role (RFC 5545 §3.2.16).
ICAL_ROLE = {
    ParticipantRole.CHAIR: "CHAIR",
    ParticipantRole.REQUIRED: "REQ-PARTICIPANT",
    ParticipantRole.OPTIONAL: "OPT-PARTICIPANT",
    ParticipantRole.NON_PARTICIPANT: "NON-PARTICIPANT",
}
#: iCalendar PARTSTAT of each answer (RFC 5545 §3.2.12).
ICAL_PARTSTAT = {
    Rsvp.NEEDS_ACTION: "NEEDS-ACTION",
    Rsvp.ACCEPTED: "ACCEPTED",
    Rsvp.DECLINED: "DECLINED",
    Rsvp.TENTATIVE: "TENTATIVE",
}
#: The answers a person can give, in the order they are offered.
ANSWERS = (Rsvp.ACCEPTED, Rsvp.TENTATIVE, Rsvp.DECLINED)

ROLE_LABELS = {
    ParticipantRole.CHAIR: _l("chair"),
    ParticipantRole.REQUIRED: _l("participant"),
    ParticipantRole.OPTIONAL: _l("optional participant"),
    ParticipantRole.NON_PARTICIPANT: _l("for information"),
}
#: What a person clicks.
ANSWER_ACTIONS = {
    Rsvp.ACCEPTED: _l("Accept"),
    Rsvp.TENTATIVE: _l("Tentative"),
    Rsvp.DECLINED: _l("Decline"),
}
#: The state of an answer.
ANSWER_LABELS = {
    Rsvp.NEEDS_ACTION: _l("No answer yet"),
    Rsvp.ACCEPTED: _l("Accepted"),
    Rsvp.TENTATIVE: _l("Tentative"),
    Rsvp.DECLINED: _l("Declined"),
}

#: Longest comment kept with an answer.
MAX_COMMENT = 2000
#: Salt of the signed answer links (a token for one purpose is useless for another).
ANSWER_SALT = "invitations.answer"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class MessageKind(enum.StrEnum):
    """Which message an invitee gets."""

    #: The first invitation (METHOD:REQUEST).
    REQUEST = "request"
    #: The meeting changed: the current version (REQUEST with a higher SEQUENCE).
    UPDATE = "update"
    #: The meeting is cancelled (METHOD:CANCEL to everyone).
    CANCEL = "cancel"
    #: This person is no longer invited (METHOD:CANCEL to them only).
    WITHDRAWN = "withdrawn"


#: The outbox's ``kind`` of each message, for the admin page.
OUTBOX_KIND = {
    MessageKind.REQUEST: "invitation",
    MessageKind.UPDATE: "invitation-update",
    MessageKind.CANCEL: "invitation-cancel",
    MessageKind.WITHDRAWN: "invitation-withdrawn",
}


class InvitationError(Exception):
    """A change to the invitations that cannot be made; ``message`` says why."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


# --- who is invited ------------------------------------------------------------------------


def invitee_email(invitation: Invitation) -> str:
    return invitation.user.email if invitation.user is not None else (invitation.email or "")


def invitee_name(invitation: Invitation) -> str:
    if invitation.user is not None:
        return invitation.user.name
    return invitation.name or invitation.email or ""


def invitations_of(meeting: Meeting) -> list[Invitation]:
    """Every invitation of the meeting with the person and organisation, by name. One query."""
    rows = db.session.scalars(
        select(Invitation)
        .options(joinedload(Invitation.user), joinedload(Invitation.organisation))
        .where(Invitation.meeting_id == meeting.id)
        .order_by(Invitation.id)
    ).all()
    return sorted(rows, key=lambda i: (invitee_name(i).casefold(), i.id))


def invitation_for(user: Any, meeting: Meeting) -> Invitation | None:
    """The person's own invitation to the meeting, if any."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalars(
        select(Invitation).where(Invitation.meeting_id == meeting.id, Invitation.user_id == user.id)
    ).first()


def invite_participants(meeting: Meeting) -> list[Invitation]:
    """Invite whoever should be and is not yet: the members of every group taking part
    (their strongest role counts) and the groups' confirmed followers. Guests are added one
    by one (``add_guest``). Returns the new invitations.

    Side effects: adds Invitation rows (nothing is sent here); flushes. Two queries plus
    the followers'.
    """
    existing = invitations_of(meeting)
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
    their invitation. Called by the workflow on draft → scheduled.

    Side effects: adds Invitation rows; queues one e-mail per invitee in the outbox; sets
    ``sent_sequence``; flushes. Never commits.
    """
    created = invite_participants(meeting)
    send_invitations(meeting)
    return created


def send_invitations(meeting: Meeting) -> int:
    """Send the current version (REQUEST) to every invitee who does not have it yet.

    Side effects: queues the e-mails, sets ``sent_sequence``; flushes. Returns how many
    were queued: none for a meeting that is not scheduled or is over, or whose group has
    no organiser address (logged).
    """
    if not _invitations_go_out(meeting):
        return 0
    sent = 0
    for invitation in invitations_of(meeting):
        if not invitee_email(invitation):
            continue  # a guest known by name only (attendance register): nowhere to send
        if invitation.sent_sequence is None:
            _send(invitation, MessageKind.REQUEST)
        elif invitation.sent_sequence < meeting.sequence:
            _send(invitation, MessageKind.UPDATE)
        else:
            continue
        sent += 1
    db.session.flush()
    return sent


def send_meeting_update(meeting: Meeting, *, time_changed: bool) -> int:
    """The meeting's time, venue or room changed (its SEQUENCE has grown): send every
    invitee the current version. A new time asks again: answers go back to "needs action"
    (comments stay). Called by ``update_meeting``.

    Side effects: resets answers when ``time_changed``; queues the e-mails, sets
    ``sent_sequence``; flushes. Returns how many were queued.
    """
    if meeting.status != MeetingStatus.SCHEDULED:
        return 0
    if time_changed:
        for invitation in invitations_of(meeting):
            invitation.rsvp = Rsvp.NEEDS_ACTION
    return send_invitations(meeting)


def send_cancellations(meeting: Meeting) -> int:
    """The meeting has been cancelled: raise its SEQUENCE (a change of STATUS) and send
    METHOD:CANCEL to everyone an invitation went to. Called by the workflow on
    scheduled → cancelled.

    Side effects: ``meeting.sequence`` + 1; queues the e-mails, sets ``sent_sequence``;
    flushes. Returns how many were queued.
    """
    invitations = [
        i for i in invitations_of(meeting) if i.sent_sequence is not None and invitee_email(i)
    ]
    meeting.sequence += 1
    db.session.flush()
    if organizer_for(meeting) is None:
        log.warning("meeting %s: no organiser address, cancellations not sent", meeting.id)
        return 0
    for invitation in invitations:
        _send(invitation, MessageKind.CANCEL)
    db.session.flush()
    return len(invitations)


def _invitations_go_out(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    """Are invitations sent for this meeting now (scheduled, not over, an organiser)?"""
    if meeting.status != MeetingStatus.SCHEDULED or meeting.ends_at <= (now or _now()):
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
    ) and meeting.ends_at > (now or _now())


def _managed(meeting: Meeting, now: dt.datetime | None = None) -> None:
    """Invitees change only while the meeting is a draft or scheduled and not over."""
    if meeting.status not in (MeetingStatus.DRAFT, MeetingStatus.SCHEDULED):
        raise InvitationError(_l("A held or cancelled meeting's invitations can no longer change."))
    if meeting.ends_at <= (now or _now()):
        raise InvitationError(_l("The meeting has passed: its invitations can no longer change."))


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
        _send(invitation, MessageKind.REQUEST)
        db.session.flush()
    return invitation


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
        _send(invitation, MessageKind.WITHDRAWN)
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
        _send(invitation, MessageKind.REQUEST)
        db.session.flush()
    log.info("meeting %s: answer links of invitation %s renewed", meeting.id, invitation.id)


def get_invitation(meeting: Meeting, invitation_id: int) -> Invitation | None:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.meeting_id != meeting.id:
        return None
    return invitation


# --- the e-mail ----------------------------------------------------------------------------


def follower_of(invitation: Invitation) -> GroupFollower | None:
    """The confirmed following (of a group taking part) that brought the invitee, if any:
    their messages then carry the link to stop following. One query."""
    meeting = invitation.meeting
    address = invitee_email(invitation)
    if not address:
        return None
    return db.session.scalars(
        select(GroupFollower)
        .where(
            GroupFollower.group_id.in_([g.id for g in meeting.groups]),
            GroupFollower.email == address.lower(),
            GroupFollower.confirmed_at.is_not(None),
        )
        .order_by(GroupFollower.id)
        .limit(1)
    ).first()


def invitee_locale(invitation: Invitation, follower: GroupFollower | None = None) -> str:
    """The language the invitee reads: their account's, the one chosen for a guest, a
    follower's, else the group's."""
    if invitation.user is not None and invitation.user.locale:
        return invitation.user.locale
    if invitation.locale:
        return invitation.locale
    if follower is not None and follower.locale:
        return follower.locale
    return str(invitation.meeting.group.language)


def attendee_of(invitation: Invitation, method: str = "REQUEST") -> AttendeeData:
    """The invitee as an ATTENDEE: ROLE, their current PARTSTAT, RSVP=TRUE on a REQUEST."""
    return AttendeeData(
        email=invitee_email(invitation),
        name=invitee_name(invitation),
        role=ICAL_ROLE[invitation.role],
        partstat=ICAL_PARTSTAT[invitation.rsvp],
        rsvp=method == "REQUEST",
    )


def answer_token(invitation: Invitation, answer: Rsvp) -> str:
    """The signed part of an answer link: (invitation, its nonce, the answer)."""
    serializer = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=ANSWER_SALT)
    return serializer.dumps([invitation.id, invitation.answer_nonce, answer.value])


def answer_links(invitation: Invitation) -> dict[str, str]:
    """answer value → the absolute link that gives that answer."""
    return {
        answer.value: external_url("invitations.respond", token=answer_token(invitation, answer))
        for answer in ANSWERS
    }


def _agenda_rows(meeting: Meeting) -> list[dict[str, Any]]:
    """The published agenda as plain rows for the e-mail; empty when not published."""
    if not agenda_is_published(meeting):
        return []
    timetable = build_timetable(meeting)

    def plain(row) -> dict[str, Any]:
        return {
            "number": row.number,
            "title": row.title,
            "presenter": row.presenter or "",
            "time": format_local_time(row.starts_at, meeting.timezone)
            if timetable.has_times and row.starts_at
            else "",
            "children": [plain(child) for child in row.children],
        }

    return [plain(row) for row in timetable]


def _mail_context(
    invitation: Invitation, kind: MessageKind, follower: GroupFollower | None = None
) -> dict[str, Any]:
    """Plain values for the invitation templates, in the active (the invitee's) language."""
    meeting = invitation.meeting
    zone = meeting.timezone
    venue = meeting.venue
    organizer = organizer_for(meeting) or ("", "")
    return {
        "kind": kind.value,
        "site_name": current_app.config["SITE_NAME"],
        "name": invitee_name(invitation),
        "title": meeting.title,
        "group_name": ", ".join(g.name for g in meeting.groups),
        "date": format_local_date(meeting.starts_at, zone),
        "time": f"{format_local_time(meeting.starts_at, zone)}–"
        f"{format_local_time(meeting.ends_at, zone)}",
        "zone": f"{zone_label(meeting.starts_at, zone)}, {zone}",
        "venue_name": venue.name if venue else "",
        "venue_address": venue.address if venue and venue.address != venue.name else "",
        "room": meeting.room_name or "",
        "access_notes": venue.access_notes if venue else "",
        "online_url": meeting.online_url or (venue.online_url if venue else None) or "",
        "organiser": meeting.organiser.name if meeting.organiser else "",
        "contact_email": organizer[0],
        "contact_name": organizer[1],
        "role": str(ROLE_LABELS[invitation.role]),
        "agenda": _agenda_rows(meeting),
        "description": (meeting.description or "").strip(),
        "cancel_reason": meeting.cancel_reason or "",
        "meeting_link": _meeting_link(meeting),
        "answers": [
            {"value": answer.value, "label": str(ANSWER_ACTIONS[answer]), "link": link}
            for answer, link in zip(ANSWERS, answer_links(invitation).values(), strict=True)
        ]
        if kind in (MessageKind.REQUEST, MessageKind.UPDATE)
        else [],
        "current_answer": str(ANSWER_LABELS[invitation.rsvp])
        if invitation.rsvp != Rsvp.NEEDS_ACTION
        else "",
        "unfollow_link": unfollow_url(follower) if follower is not None else "",
        "followed_group": follower.group.name if follower is not None else "",
    }


def _meeting_link(meeting: Meeting) -> str:
    if can(None, "meeting.view", meeting):
        return external_url("scheduling.event", meeting_id=meeting.id)
    return external_url("scheduling.meeting", meeting_id=meeting.id)


def _address(email: str, name: str | None) -> Address | str:
    try:
        return Address(display_name=name or "", addr_spec=email)
    except (ValueError, IndexError):
        return email


def invitation_message(invitation: Invitation, kind: MessageKind) -> EmailMessage:
    """One invitee's message, in their language: text and HTML bodies and the iTIP event
    (inline text/calendar with METHOD, and the same invite.ics attached). Reply-To is the
    organiser's address. Raises ValueError when the group has no organiser address."""
    meeting = invitation.meeting
    method = "CANCEL" if kind in (MessageKind.CANCEL, MessageKind.WITHDRAWN) else "REQUEST"
    follower = follower_of(invitation) if invitation.role == ParticipantRole.OPTIONAL else None
    locale = invitee_locale(invitation, follower)
    with force_locale(locale):
        data = itip_event_data(meeting, [attendee_of(invitation, method)], method)
        ics = calendar_bytes([data], method)
        context = _mail_context(invitation, kind, follower)
    message = compose(
        _address(invitee_email(invitation), invitee_name(invitation)),
        reply_to=_address(data.organizer_email or "", data.organizer_name),
        **render_email("invitation", locale, **context),
    )
    if follower is not None:
        for header, value in unfollow_headers(follower).items():
            message[header] = value
    message.add_alternative(
        ics, maintype="text", subtype="calendar", params={"method": method, "charset": "UTF-8"}
    )
    message.add_attachment(ics, maintype="application", subtype="ics", filename="invite.ics")
    return message


def _send(invitation: Invitation, kind: MessageKind) -> None:
    send_message(invitation_message(invitation, kind), kind=OUTBOX_KIND[kind])
    invitation.sent_sequence = invitation.meeting.sequence
    log.info(
        "meeting %s: %s queued for invitation %s (SEQUENCE %s)",
        invitation.meeting_id,
        kind.value,
        invitation.id,
        invitation.meeting.sequence,
    )


# --- answers -------------------------------------------------------------------------------


class LinkProblem(enum.StrEnum):
    """Why an answer link cannot be used."""

    #: Not a link we made (mistyped, cut off, tampered with).
    INVALID = "invalid"
    #: Revoked: new links were sent, or the person is no longer invited.
    REVOKED = "revoked"
    #: The meeting is over.
    PAST = "past"
    CANCELLED = "cancelled"


class AnswerLinkError(Exception):
    def __init__(self, problem: LinkProblem, invitation: Invitation | None = None) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.invitation = invitation


def read_answer_token(token: str, now: dt.datetime | None = None) -> tuple[Invitation, Rsvp]:
    """The invitation and the answer an answer link stands for; AnswerLinkError if the
    link is not ours, revoked, or its meeting is cancelled or over."""
    serializer = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=ANSWER_SALT)
    try:
        invitation_id, nonce, value = serializer.loads(token)
        answer = Rsvp(value)
        if answer not in ANSWERS or not isinstance(invitation_id, int):
            raise ValueError(value)
        nonce = str(nonce)
    except (BadSignature, TypeError, ValueError):
        raise AnswerLinkError(LinkProblem.INVALID) from None
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or not hmac.compare_digest(
        invitation.answer_nonce.encode(), nonce.encode()
    ):
        raise AnswerLinkError(LinkProblem.REVOKED)
    meeting = invitation.meeting
    if meeting.status == MeetingStatus.CANCELLED:
        raise AnswerLinkError(LinkProblem.CANCELLED, invitation)
    if meeting.status == MeetingStatus.DRAFT:
        raise AnswerLinkError(LinkProblem.INVALID)
    if meeting.status == MeetingStatus.HELD or meeting.ends_at <= (now or _now()):
        raise AnswerLinkError(LinkProblem.PAST, invitation)
    return invitation, answer


def answers_closed(meeting: Meeting, now: dt.datetime | None = None) -> str | None:
    """Why the meeting takes no answers (in words), or None while it does."""
    if meeting.status == MeetingStatus.CANCELLED:
        return str(_l("The meeting has been cancelled."))
    if meeting.status == MeetingStatus.DRAFT:
        return str(_l("The meeting has not been scheduled yet."))
    if meeting.status == MeetingStatus.HELD or meeting.ends_at <= (now or _now()):
        return str(_l("The meeting has passed: answers are closed."))
    return None


def record_answer(
    invitation: Invitation,
    answer: Rsvp | str,
    comment: str | None = None,
    *,
    now: dt.datetime | None = None,
) -> Invitation:
    """Record the invitee's answer; answering again replaces it (the last answer counts).

    Side effects: ``rsvp``, ``rsvp_comment`` (trimmed; empty → None), ``responded_at``;
    flushes, logs. Raises InvitationError when the meeting takes no answers.
    """
    answer = Rsvp(answer)
    if answer not in ANSWERS:
        raise ValueError(answer)
    closed = answers_closed(invitation.meeting, now)
    if closed:
        raise InvitationError(closed)
    invitation.rsvp = answer
    invitation.rsvp_comment = (comment or "").strip()[:MAX_COMMENT] or None
    invitation.responded_at = now or _now()
    db.session.flush()
    log.info("invitation %s answered %s", invitation.id, answer.value)
    return invitation


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
    return record_answer(invitation, answer, comment)


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


@dataclass
class AnswerSummary:
    rows: list[AnswerRow]
    #: answer value → how many; "total" → everyone invited.
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
        )
        for i in invitations_of(meeting)
    ]
    counts = {answer.value: 0 for answer in Rsvp}
    for row in rows:
        counts[row.rsvp.value] += 1
    counts["total"] = len(rows)
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
