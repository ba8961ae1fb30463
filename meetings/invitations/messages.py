"""The invitation e-mail: one invitee's message about one meeting, or about a series.

Rendered in the invitee's language (their account's, a follower's chosen language, else
the group's): a plain-text and an HTML body with the date, venue, room and agenda, and
the event as an iTIP message — an inline ``text/calendar; method=REQUEST`` part and the
same ``invite.ics`` attached::

    multipart/mixed
      multipart/alternative
        text/plain
        text/html
        text/calendar; method=REQUEST; charset=UTF-8
      application/ics; name="invite.ics" (attachment)
      application/pdf; the invitation letter (attachment, see below)

When the host group wants it (``attaches_invitation_letter``), the invitation and its
updates (not a cancellation) carry the invitation letter (``letter``) as one more
attachment, after the calendar's parts, so that calendar programs read the event as
before. The request only names it: the worker renders it when it delivers the mailing,
once for all invitees, in the group's language; the invitation goes without it if it
cannot be rendered.

ORGANIZER is the invitation's own reply address (``addresses.reply_address``), named
after the organising assistant, so that the Accept button of any calendar program
answers the app; the message's Reply-To is the group's contact (a person reads it).
Every message goes through the outbox (``mail.services.send_message``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from sqlalchemy import select

from ..agenda.models import AgendaItem
from ..agenda.services import agenda_is_published, build_timetable
from ..auth.permissions import can
from ..calendar.builder import AttendeeData, EventData, calendar_bytes, event_data, organizer_for
from ..calendar.objects import alarm_minutes
from ..db import utcnow
from ..extensions import db
from ..i18n import force_locale, format_local_date, format_local_time, in_zone, zone_description
from ..links import external_url
from ..mail.services import compose, mailbox, render_email, send_message
from ..scheduling.enums import MeetingStatus
from ..scheduling.models import Meeting
from .addresses import reply_address
from .enums import ParticipantRole, Rsvp
from .following import unfollow_headers, unfollow_url
from .invitees import (
    ANSWER_ACTIONS,
    ANSWER_LABELS,
    ANSWERS,
    ICAL_PARTSTAT,
    ICAL_ROLE,
    OUTBOX_KIND,
    ROLE_LABELS,
    AnswerScope,
    MessageKind,
    answer_links,
    invitee_email,
    invitee_name,
    organiser_person,
)
from .letter import attach_letter
from .models import GroupFollower, Invitation
from .signals import invitation_sent

log = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class Organiser:
    """Who an invitation comes from: the reply address calendars answer to (ORGANIZER),
    the name they show, and the contact a person's e-mail reply reaches (Reply-To)."""

    reply_address: str
    name: str
    contact_email: str
    contact_name: str


#: Not looked up yet (``None`` is an answer: the group has no such person).
_UNKNOWN: Any = object()


def organiser_of(
    invitation: Invitation, contact: Any = _UNKNOWN, person: Any = _UNKNOWN
) -> Organiser | None:
    """The organiser of this invitation; None when the group has no contact address and
    no chair or assistant (then no invitation is sent: a question would reach nobody).
    ``contact`` (``organizer_for``) and ``person`` (``organiser_person``) may be given by a
    caller writing to many invitees, so that they are looked up once."""
    meeting = invitation.meeting
    if contact is _UNKNOWN:
        contact = organizer_for(meeting)
    if contact is None:
        return None
    if person is _UNKNOWN:
        person = organiser_person(meeting)
    return Organiser(
        reply_address=reply_address(invitation),
        name=person.name if person is not None else meeting.group.name,
        contact_email=contact[0],
        contact_name=contact[1],
    )


def _agenda_rows(
    meeting: Meeting, items: Sequence[AgendaItem] | None = None
) -> list[dict[str, Any]]:
    """The published agenda as plain rows for the e-mail; empty when not published.
    ``items``: the meeting's agenda items already loaded (else they are queried)."""
    if not agenda_is_published(meeting):
        return []
    timetable = build_timetable(meeting, items)

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


def meeting_link(meeting: Meeting) -> str:
    if can(None, "meeting.view", meeting):
        return external_url("events.event", meeting_id=meeting.id)
    return external_url("scheduling.meeting", meeting_id=meeting.id)


def _when(meeting: Meeting) -> dict[str, str]:
    zone = meeting.timezone
    return {
        "date": format_local_date(meeting.starts_at, zone),
        "time": f"{format_local_time(meeting.starts_at, zone)}–"
        f"{format_local_time(meeting.ends_at, zone)}",
    }


def mail_context(
    invitation: Invitation,
    kind: MessageKind,
    organiser: Organiser,
    follower: GroupFollower | None = None,
    scope: AnswerScope = AnswerScope.ONE,
    items: Sequence[AgendaItem] | None = None,
) -> dict[str, Any]:
    """Plain values for the invitation templates, in the active (the invitee's) language;
    ``items``: the meeting's agenda items if already loaded."""
    meeting = invitation.meeting
    zone = meeting.timezone
    venue = meeting.venue
    asks = kind in (MessageKind.REQUEST, MessageKind.UPDATE)
    return {
        "kind": kind.value,
        "name": invitee_name(invitation),
        "title": meeting.title,
        "group_name": ", ".join(g.name for g in meeting.groups),
        **_when(meeting),
        "zone": zone_description(zone),
        "venue_name": venue.name if venue else "",
        "venue_address": venue.address if venue and venue.address != venue.name else "",
        "room": meeting.room_name or "",
        "access_notes": venue.access_notes if venue else "",
        "online_url": meeting.online_url or (venue.online_url if venue else None) or "",
        "organiser": meeting.organiser.name if meeting.organiser else "",
        "contact_email": organiser.contact_email,
        "contact_name": organiser.contact_name,
        "role": ROLE_LABELS[invitation.role].of(
            invitation.user.grammatical_gender if invitation.user else None
        ),
        "agenda": _agenda_rows(meeting, items),
        "description": (meeting.description or "").strip(),
        "cancel_reason": meeting.cancel_reason or "",
        "meeting_link": meeting_link(meeting),
        "answers": [
            {"value": answer.value, "label": str(ANSWER_ACTIONS[answer]), "link": link}
            for answer, link in zip(ANSWERS, answer_links(invitation, scope).values(), strict=True)
        ]
        if asks
        else [],
        "current_answer": str(ANSWER_LABELS[invitation.rsvp])
        if invitation.rsvp != Rsvp.NEEDS_ACTION
        else "",
        # Asked again after a change of time or place: what they had answered before.
        "answer_before_change": str(ANSWER_LABELS[invitation.rsvp_before_change])
        if asks and invitation.rsvp_before_change and invitation.rsvp == Rsvp.NEEDS_ACTION
        else "",
        # Asked to answer by a day: said with the answer links, while it is still ahead.
        "answer_by": format_local_date(meeting.answer_by)
        if asks and meeting.answer_by and meeting.answer_by >= in_zone(utcnow(), zone).date()
        else "",
        "unfollow_link": unfollow_url(follower) if follower is not None else "",
        "followed_group": follower.group.name if follower is not None else "",
        "series": None,
    }


def occurrence_rows(meetings: Sequence[Meeting], changed: set[int]) -> list[dict[str, Any]]:
    """The meetings of a series as plain rows for the e-mail."""
    return [
        {
            "title": m.title,
            **_when(m),
            "cancelled": m.status == MeetingStatus.CANCELLED,
            "changed": m.id in changed,
            "link": meeting_link(m),
        }
        for m in meetings
    ]


def with_attendee(
    events: Sequence[EventData], attendee_for: dict[str, AttendeeData]
) -> list[EventData]:
    """The events, each with its ATTENDEE (``attendee_for``: RECURRENCE-ID text or "" for
    the master/single event → attendee)."""
    for data in events:
        key = data.recurrence_id.isoformat() if data.recurrence_id else ""
        data.attendees = [attendee_for.get(key) or attendee_for[""]]
    return list(events)


def calendar_message(
    invitation: Invitation,
    *,
    method: str,
    events: Sequence[EventData],
    context: dict[str, Any],
    locale: str,
    organiser: Organiser,
    follower: GroupFollower | None,
) -> EmailMessage:
    """The e-mail with the bodies and the iTIP calendar of ``events``."""
    for data in events:
        data.organizer_email = organiser.reply_address
        data.organizer_name = organiser.name
        if method == "CANCEL":
            data.status = "CANCELLED"
            data.alarm_minutes = None
    ics = calendar_bytes(events, method)
    message = compose(
        mailbox(invitee_email(invitation), invitee_name(invitation)),
        reply_to=mailbox(organiser.contact_email, organiser.contact_name),
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


def method_of(kind: MessageKind) -> str:
    return "CANCEL" if kind in (MessageKind.CANCEL, MessageKind.WITHDRAWN) else "REQUEST"


def invitation_message(
    invitation: Invitation,
    kind: MessageKind,
    items: Sequence[AgendaItem] | None = None,
    person: Any = _UNKNOWN,
) -> EmailMessage:
    """One invitee's message about one meeting, in their language. ``items`` (the agenda)
    and ``person`` (the organiser, ``organiser_person``) may be given by a caller writing
    to many invitees. Raises ValueError when the group has no organiser address."""
    meeting = invitation.meeting
    method = method_of(kind)
    organiser = organiser_of(invitation, person=person)
    if organiser is None:
        raise ValueError(f"meeting {meeting.id}: the group has no organiser address")
    follower = follower_of(invitation) if invitation.role == ParticipantRole.OPTIONAL else None
    locale = invitee_locale(invitation, follower)
    with force_locale(locale):
        data = event_data(meeting, items=items)
        data.attendees = [attendee_of(invitation, method)]
        data.alarm_minutes = alarm_minutes(meeting)
        context = mail_context(invitation, kind, organiser, follower, items=items)
    return calendar_message(
        invitation,
        method=method,
        events=[data],
        context=context,
        locale=locale,
        organiser=organiser,
        follower=follower,
    )


def send_invitation(
    invitation: Invitation,
    kind: MessageKind,
    items: Sequence[AgendaItem] | None = None,
    person: Any = _UNKNOWN,
) -> None:
    """Queue one invitee's message about one meeting and note the SEQUENCE they have
    (``items``, ``person``: see ``invitation_message``); an invitation or update names the
    invitation letter to attach when the group wants it."""
    message = invitation_message(invitation, kind, items, person)
    meeting = invitation.meeting
    if (
        kind in (MessageKind.REQUEST, MessageKind.UPDATE)
        and meeting.group.attaches_invitation_letter
    ):
        attach_letter(message, meeting)
    send_message(message, kind=OUTBOX_KIND[kind])
    invitation.sent_sequence = invitation.meeting.sequence
    if kind == MessageKind.REQUEST and invitation.user_id is not None:
        invitation_sent.send(invitation)
    log.info(
        "meeting %s: %s queued for invitation %s (SEQUENCE %s)",
        invitation.meeting_id,
        kind.value,
        invitation.id,
        invitation.meeting.sequence,
    )


__all__ = [
    "Organiser",
    "attendee_of",
    "calendar_message",
    "follower_of",
    "invitation_message",
    "invitee_locale",
    "mail_context",
    "meeting_link",
    "organiser_of",
    "send_invitation",
]
