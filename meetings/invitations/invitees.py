"""Invitations: the words and codes shared by every part (roles, answers, their labels and
iCalendar spellings), who an invitation is for, and the answer links.

Everything else about invitations builds on this module: ``services`` (who is invited,
answers), ``messages`` (the e-mail of one meeting), ``series`` (the e-mail of a series)
and ``replies`` (answers that calendar programs send back).
"""

from __future__ import annotations

import datetime as dt
import enum
import hmac
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..auth.models import User
from ..db import utcnow
from ..extensions import db
from ..groups.enums import Role
from ..groups.models import Membership
from ..i18n import GenderedLabel
from ..links import external_url
from ..scheduling.enums import MeetingStatus
from ..scheduling.models import Meeting
from .enums import ParticipantRole, Rsvp
from .models import Invitation

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

#: A person's part in one meeting, said of them ("předsedkyně", "účastník").
ROLE_LABELS = {
    ParticipantRole.CHAIR: GenderedLabel(
        _l("chair"), lazy_pgettext("woman", "chair"), lazy_pgettext("man", "chair")
    ),
    ParticipantRole.REQUIRED: GenderedLabel(
        _l("participant"),
        lazy_pgettext("woman", "participant"),
        lazy_pgettext("man", "participant"),
    ),
    ParticipantRole.OPTIONAL: GenderedLabel(
        _l("optional participant"),
        lazy_pgettext("woman", "optional participant"),
        lazy_pgettext("man", "optional participant"),
    ),
    ParticipantRole.NON_PARTICIPANT: GenderedLabel(
        _l("for information"), _l("for information"), _l("for information")
    ),
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

#: An answer kept after a change of time or place asked the invitee again.
ANSWER_BEFORE_CHANGE_LABELS = {
    Rsvp.ACCEPTED: _l("Accepted before the change"),
    Rsvp.TENTATIVE: _l("Tentative before the change"),
    Rsvp.DECLINED: _l("Declined before the change"),
}
#: Where an answer came from.
ANSWERED_VIA_LABELS = {
    "calendar": _l("from the calendar"),
    "link": _l("from the e-mail"),
    "page": _l("on the meeting page"),
    "organiser": _l("organiser"),
}

#: Longest comment kept with an answer.
MAX_COMMENT = 2000
#: Salt of the signed answer links (a token for one purpose is useless for another).
ANSWER_SALT = "invitations.answer"


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


# --- answer links --------------------------------------------------------------------------


class AnswerScope(enum.StrEnum):
    """Which meetings an answer link answers for."""

    #: The invitation's meeting.
    ONE = "one"
    #: Every meeting of its series still to come (the invitation to a whole series).
    SERIES = "series"
    #: The invitation's meeting and the later ones of its series (an update of those).
    FOLLOWING = "following"


def answer_token(invitation: Invitation, answer: Rsvp, scope: AnswerScope = AnswerScope.ONE) -> str:
    """The signed part of an answer link: (invitation, its nonce, the answer[, scope])."""
    serializer = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=ANSWER_SALT)
    payload: list[Any] = [invitation.id, invitation.answer_nonce, answer.value]
    if scope != AnswerScope.ONE:
        payload.append(scope.value)
    return serializer.dumps(payload)


def answer_links(invitation: Invitation, scope: AnswerScope = AnswerScope.ONE) -> dict[str, str]:
    """answer value → the absolute link that gives that answer."""
    return {
        answer.value: external_url(
            "invitations.respond", token=answer_token(invitation, answer, scope)
        )
        for answer in ANSWERS
    }


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


def read_answer_token(
    token: str, now: dt.datetime | None = None
) -> tuple[Invitation, Rsvp, AnswerScope]:
    """The invitation, answer and scope an answer link stands for; AnswerLinkError if the
    link is not ours, revoked, or its meeting is cancelled or over (for a link to a whole
    series: when nothing of the series is still to come)."""
    serializer = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=ANSWER_SALT)
    try:
        invitation_id, nonce, value, *rest = serializer.loads(token)
        answer = Rsvp(value)
        scope = AnswerScope(rest[0]) if rest else AnswerScope.ONE
        if answer not in ANSWERS or not isinstance(invitation_id, int) or len(rest) > 1:
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
    if meeting.status == MeetingStatus.DRAFT:
        raise AnswerLinkError(LinkProblem.INVALID)
    if scope == AnswerScope.ONE or meeting.series is None:
        if meeting.status == MeetingStatus.CANCELLED:
            raise AnswerLinkError(LinkProblem.CANCELLED, invitation)
        if meeting.status == MeetingStatus.HELD or meeting.ends_at <= (now or utcnow()):
            raise AnswerLinkError(LinkProblem.PAST, invitation)
    return invitation, answer, scope


# --- the organiser -------------------------------------------------------------------------


def organiser_person(meeting: Meeting) -> User | None:
    """The person calendars show as the meeting's organiser: whoever created it, if they
    are the chair or an assistant of the host group; else the group's longest-standing
    assistant, else its chair. They are not sent their own meeting to answer. One query
    at most."""
    managers = (Role.ASSISTANT, Role.CHAIR)
    rows = db.session.execute(
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.group_id == meeting.group_id,
            Membership.role.in_(managers),
            User.is_enabled.is_(True),
        )
        .order_by(Membership.role != Role.ASSISTANT, Membership.created_at, Membership.id)
    ).all()
    for user, _role in rows:
        if user.id == meeting.created_by_id:
            return user
    return rows[0][0] if rows else None
