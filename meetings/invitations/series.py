"""Invitations to a series: one message per person for the whole series, then only what
changes.

Each occurrence has invitations of its own (answers and attendance are per meeting), but a
person invited to every visible occurrence gets the series as one calendar object
(``calendar.objects.series_data``: master with RRULE plus an instance per meeting), in one
message. After that:

- a change of one or more occurrences (moved, another room) sends one REQUEST with just
  those instances (RECURRENCE-ID);
- a cancelled occurrence sends one CANCEL with its RECURRENCE-ID;
- a change of the series as a whole (its SEQUENCE grows: the rule was shortened, its time
  or place changed, occurrences were scheduled) sends the whole series again; when
  nothing of it is left in calendars, one CANCEL of the whole series.

A person invited to only some occurrences (a guest of one meeting, a member who joined
later) gets those instances only. What each person has is kept per invitation:
``series_sequence_sent`` (the whole series) and ``sent_sequence`` (each instance, as
series SEQUENCE + meeting SEQUENCE).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..auth.models import User
from ..calendar.builder import AttendeeData, organizer_for
from ..calendar.objects import VISIBLE, alarm_minutes, items_of, load_occurrences, series_data
from ..db import utcnow
from ..extensions import db
from ..i18n import force_locale
from ..mail.services import send_message
from ..scheduling.enums import MeetingStatus
from ..scheduling.models import Meeting, MeetingSeries
from ..scheduling.recurrence import describe_rule
from .enums import ParticipantRole, Rsvp
from .invitees import (
    ICAL_PARTSTAT,
    OUTBOX_KIND,
    AnswerScope,
    MessageKind,
    invitee_email,
    organiser_person,
)
from .messages import (
    attendee_of,
    calendar_message,
    follower_of,
    invitee_locale,
    mail_context,
    occurrence_rows,
    organiser_of,
    with_attendee,
)
from .models import Invitation
from .signals import invitation_sent

log = logging.getLogger(__name__)


def instance_sequence(invitation: Invitation) -> int:
    """The SEQUENCE of the invitation's meeting as an instance of its series."""
    meeting = invitation.meeting
    return meeting.series.sequence + meeting.sequence


def series_invitations(series: MeetingSeries) -> list[Invitation]:
    """Every invitation to a meeting of the series, with the person. One query."""
    return list(
        db.session.scalars(
            select(Invitation)
            .join(Meeting, Meeting.id == Invitation.meeting_id)
            .options(joinedload(Invitation.user), joinedload(Invitation.meeting))
            .where(Meeting.series_id == series.id)
            .order_by(Invitation.id)
        )
    )


def note_exceptions_changed(series: MeetingSeries) -> None:
    """Occurrences joined or left the calendars (scheduled, cancelled): the series' master
    changes, so once the series has been sent its SEQUENCE grows.

    Side effects: may raise ``series.sequence``; flushes.
    """
    if any(i.series_sequence_sent is not None for i in series_invitations(series)):
        series.sequence += 1
        db.session.flush()


def _person_key(invitation: Invitation) -> tuple[str, Any]:
    if invitation.user_id is not None:
        return ("user", invitation.user_id)
    return ("email", invitee_email(invitation).lower())


def send_series_messages(series: MeetingSeries, now: dt.datetime | None = None) -> int:
    """Bring every invitee of the series up to date with one message each at most (two
    when instances both changed and were cancelled). Returns how many were queued.

    Side effects: queues the e-mails; sets ``sent_sequence`` and ``series_sequence_sent``;
    flushes. Nothing is sent for a group without an organiser address (logged), nor to the
    organiser, nor about meetings that are over.
    """
    now = now or utcnow()
    mail = _SeriesMail.of(series)
    if mail is None:
        return 0
    if mail.contact is None:
        log.warning("series %s: the group has no organiser address", series.id)
        return 0
    occurrences, organiser = mail.occurrences, mail.organiser
    visible = {m.id for m in occurrences if m.status in VISIBLE}
    upcoming = {m.id for m in occurrences if m.status in VISIBLE and m.ends_at > now}
    people: dict[tuple[str, Any], list[Invitation]] = {}
    for invitation in series_invitations(series):
        if not invitee_email(invitation):
            continue
        if organiser is not None and invitation.user_id == organiser.id:
            continue
        people.setdefault(_person_key(invitation), []).append(invitation)
    sent = 0
    for invitations in people.values():
        sent += _bring_up_to_date(mail, invitations, visible, upcoming)
    db.session.flush()
    return sent


@dataclass
class _SeriesMail:
    """What every invitee's message about a series shares, read once for all of them:
    the meetings in the rule's order with their agendas, the group's contact and the
    organiser."""

    series: MeetingSeries
    occurrences: list[Meeting]
    contact: tuple[str, str] | None
    organiser: User | None

    @classmethod
    def of(cls, series: MeetingSeries) -> _SeriesMail | None:
        """None for a series without meetings. A few queries, however many invitees."""
        occurrences = load_occurrences(series)
        if not occurrences:
            return None
        first = occurrences[0]
        return cls(series, occurrences, organizer_for(first), organiser_person(first))


def _bring_up_to_date(
    mail: _SeriesMail,
    invitations: list[Invitation],
    visible: set[int],
    upcoming: set[int],
) -> int:
    """One person's messages about the series."""
    series = mail.series
    mine = {i.meeting_id: i for i in invitations}
    # Their oldest invitation names the reply address: the same in every message.
    anchor = min(invitations, key=lambda i: i.id)
    ever_sent = any(i.sent_sequence is not None for i in invitations)
    if not visible:
        # Nothing of the series is left in calendars: cancel it as a whole, once.
        if ever_sent and any(i.series_sequence_sent != series.sequence for i in invitations):
            _send(mail, invitations, anchor, MessageKind.CANCEL, whole=True)
            return 1
        return 0
    whole = visible <= mine.keys()
    if whole and upcoming and any(mine[m].series_sequence_sent != series.sequence for m in visible):
        kind = MessageKind.UPDATE if ever_sent else MessageKind.REQUEST
        _send(mail, invitations, anchor, kind, whole=True)
        return 1
    count = 0
    changed = [
        i
        for i in invitations
        if i.meeting_id in upcoming and i.sent_sequence != instance_sequence(i)
    ]
    if changed:
        kind = (
            MessageKind.REQUEST
            if all(i.sent_sequence is None for i in changed)
            else MessageKind.UPDATE
        )
        _send(mail, changed, anchor, kind, whole=False)
        count += 1
    cancelled = [
        i
        for i in invitations
        if i.meeting.status == MeetingStatus.CANCELLED
        and i.sent_sequence is not None
        and i.sent_sequence != instance_sequence(i)
    ]
    if cancelled:
        _send(mail, cancelled, anchor, MessageKind.CANCEL, whole=False)
        count += 1
    return count


def _master_partstat(invitations: Sequence[Invitation], visible_ids: set[int]) -> str:
    answers = {i.rsvp for i in invitations if i.meeting_id in visible_ids}
    return ICAL_PARTSTAT[answers.pop()] if len(answers) == 1 else ICAL_PARTSTAT[Rsvp.NEEDS_ACTION]


def _send(
    mail: _SeriesMail,
    invitations: list[Invitation],
    anchor: Invitation,
    kind: MessageKind,
    *,
    whole: bool,
) -> None:
    """Compose and queue one person's message: the whole series (``whole``), or the
    instances of ``invitations``' meetings; REQUEST, or CANCEL for ``MessageKind.CANCEL``."""
    series, occurrences = mail.series, mail.occurrences
    now = utcnow()
    invitations = sorted(
        invitations, key=lambda i: (i.meeting.recurrence_at or i.meeting.starts_at, i.id)
    )
    visible_ids = {m.id for m in occurrences if m.status in VISIBLE}
    # The message is about the first meeting still to come (else the first one).
    lead = next(
        (i for i in invitations if i.meeting_id in visible_ids and i.meeting.ends_at > now),
        invitations[0],
    )
    method = "CANCEL" if kind in (MessageKind.CANCEL, MessageKind.WITHDRAWN) else "REQUEST"
    organiser = organiser_of(anchor, mail.contact, mail.organiser)
    if organiser is None:
        return
    optional = lead.role == ParticipantRole.OPTIONAL
    follower = follower_of(lead) if optional else None
    locale = invitee_locale(lead, follower)
    only = None if whole else [i.meeting for i in invitations]
    with force_locale(locale):
        events = series_data(series, occurrences, items_of=items_of, only=only)
        attendees: dict[str, AttendeeData] = {}
        for invitation in invitations:
            key = invitation.meeting.recurrence_at
            if key is not None:
                attendees[key.isoformat()] = attendee_of(invitation, method)
        master = attendee_of(lead, method)
        master.partstat = _master_partstat(invitations, visible_ids)
        attendees[""] = master
        events = with_attendee(events, attendees)
        for data in events:
            data.alarm_minutes = alarm_minutes(lead.meeting)
        if whole and method == "CANCEL":
            # One CANCEL of the whole object: the master alone, without RECURRENCE-ID.
            events = events[:1]
        if not events:
            return
        if whole:
            scope = AnswerScope.SERIES
        elif len(invitations) > 1:
            scope = AnswerScope.FOLLOWING
        else:
            scope = AnswerScope.ONE
        context = mail_context(lead, kind, organiser, follower, scope, items=items_of(lead.meeting))
        changed = {i.meeting_id for i in invitations if i.sent_sequence != instance_sequence(i)}
        shown = list(occurrences) if whole else [i.meeting for i in invitations]
        context["series"] = {
            "title": series.title,
            "repeats": describe_rule(series.rule),
            "whole": whole,
            "occurrences": occurrence_rows(shown, changed if not whole else set()),
        }
        if whole:
            context["title"] = series.title
    message = calendar_message(
        lead,
        method=method,
        events=events,
        context=context,
        locale=locale,
        organiser=organiser,
        follower=follower,
    )
    send_message(message, kind=OUTBOX_KIND[kind])
    if kind == MessageKind.REQUEST and lead.sent_sequence is None and lead.user_id is not None:
        invitation_sent.send(lead)
    for invitation in invitations:
        invitation.sent_sequence = instance_sequence(invitation)
        if whole:
            invitation.series_sequence_sent = series.sequence
    log.info(
        "series %s: %s (%s) queued for %s, %d meetings",
        series.id,
        kind.value,
        "whole series" if whole else "instances",
        invitee_email(lead),
        len(invitations),
    )


def send_withdrawal(invitation: Invitation) -> None:
    """The person is no longer invited to this occurrence: one CANCEL with its
    RECURRENCE-ID, to them only.

    Side effects: queues the e-mail; flushes.
    """
    mail = _SeriesMail.of(invitation.meeting.series)
    if mail is not None:
        _send(mail, [invitation], invitation, MessageKind.WITHDRAWN, whole=False)
        db.session.flush()
