"""The reminders that go with meetings: before the meeting (to those who accepted, may
come or have not answered) and of an invitation still unanswered a few days before.

Planning reads the scheduled meetings of the coming ``LONGEST`` days and their sent
invitations in a few queries, whatever their number; composing reads the claimed rows'
meetings, invitations, agendas and materials in a few more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from email.message import EmailMessage
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..agenda.models import AgendaItem
from ..agenda.services import agenda_is_published, build_timetable
from ..extensions import db
from ..i18n import force_locale, format_local_date, format_local_time, zone_description
from ..invitations.enums import Rsvp
from ..invitations.invitees import (
    ANSWER_ACTIONS,
    ANSWERS,
    answer_links,
    invitee_email,
    invitee_name,
)
from ..invitations.messages import invitee_locale, meeting_link
from ..invitations.models import Invitation
from ..links import external_url
from ..mail.services import compose, mailbox, render_email
from ..scheduling.enums import MeetingStatus
from ..scheduling.models import Meeting
from ..venues.services import osm_search_url
from .choices import normalise, unsubscribe_headers, unsubscribe_url, wanting
from .enums import ReminderKind
from .models import PlannedMessage
from .planning import LONGEST, Plan, Planner, offsets_for, register

#: Who is reminded before a meeting: everyone not declined.
REMINDED = (Rsvp.ACCEPTED, Rsvp.TENTATIVE, Rsvp.NEEDS_ACTION)
#: Days before the meeting an unanswered invitation is recalled (``UNANSWERED_REMINDER_DAYS``).
UNANSWERED_DAYS = 3


def _upcoming(now: dt.datetime) -> list[Meeting]:
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.status == MeetingStatus.SCHEDULED,
                Meeting.starts_at > now,
                Meeting.starts_at <= now + LONGEST + dt.timedelta(days=1),
            )
            .order_by(Meeting.id)
        )
    )


def _sent_invitations(meetings: Sequence[Meeting], answers: Sequence[Rsvp]) -> list[Invitation]:
    if not meetings:
        return []
    return list(
        db.session.scalars(
            select(Invitation)
            .options(selectinload(Invitation.user))
            .where(
                Invitation.meeting_id.in_([m.id for m in meetings]),
                Invitation.rsvp.in_(answers),
                # Only those whose invitation went out.
                Invitation.sent_sequence.is_not(None),
            )
            .order_by(Invitation.id)
        )
    )


def _reachable(invitation: Invitation) -> str:
    """The invitee's address, lower case; "" for a disabled account (no mail)."""
    if invitation.user is not None and not invitation.user.is_enabled:
        return ""
    return normalise(invitee_email(invitation))


def _plans(
    kind: str, now: dt.datetime, answers: Sequence[Rsvp], times: dict[int, list[int]] | None
) -> list[Plan]:
    meetings = _upcoming(now)
    by_id = {m.id: m for m in meetings}
    offsets = offsets_for(meetings) if times is None else times
    invitations = _sent_invitations(meetings, answers)
    wanted = wanting([_reachable(i) for i in invitations], kind)
    plans = []
    for invitation in invitations:
        address = _reachable(invitation)
        if address not in wanted:
            continue
        meeting = by_id[invitation.meeting_id]
        for minutes in offsets.get(meeting.id, []):
            plans.append(
                Plan(
                    kind=kind,
                    object_id=meeting.id,
                    recipient=address,
                    due_at=meeting.starts_at - dt.timedelta(minutes=minutes),
                    meeting_id=meeting.id,
                    user_id=invitation.user_id,
                    invitation_id=invitation.id,
                )
            )
    return plans


def plan_meeting_reminders(now: dt.datetime) -> list[Plan]:
    return _plans(ReminderKind.MEETING, now, REMINDED, None)


def plan_unanswered_reminders(now: dt.datetime) -> list[Plan]:
    days = int(current_app.config.get("UNANSWERED_REMINDER_DAYS", UNANSWERED_DAYS))
    return _plans(
        ReminderKind.UNANSWERED,
        now,
        (Rsvp.NEEDS_ACTION,),
        {m.id: [days * 1440] for m in _upcoming(now)},
    )


# --- composing -----------------------------------------------------------------------------------


def _load(rows: Sequence[PlannedMessage]) -> tuple[dict[int, Meeting], dict[int, Invitation]]:
    """The rows' meetings (venue, groups, agenda, materials) and invitations. Six queries."""
    meetings = {
        m.id: m
        for m in db.session.scalars(
            select(Meeting)
            .options(
                selectinload(Meeting.venue),
                selectinload(Meeting.group),
                selectinload(Meeting.extra_groups),
                selectinload(Meeting.agenda_items),
                selectinload(Meeting.attachments),
            )
            .where(Meeting.id.in_({r.meeting_id for r in rows if r.meeting_id}))
        )
    }
    invitations = {
        i.id: i
        for i in db.session.scalars(
            select(Invitation)
            .options(selectinload(Invitation.user))
            .where(Invitation.id.in_({r.invitation_id for r in rows if r.invitation_id}))
        )
    }
    return meetings, invitations


def _agenda(meeting: Meeting, items: Sequence[AgendaItem]) -> list[dict[str, Any]]:
    if not agenda_is_published(meeting):
        return []
    timetable = build_timetable(meeting, items)

    def plain(row) -> dict[str, Any]:
        return {
            "number": row.number,
            "title": row.title,
            "time": format_local_time(row.starts_at, meeting.timezone)
            if timetable.has_times and row.starts_at
            else "",
            "children": [plain(child) for child in row.children],
        }

    return [plain(row) for row in timetable.rows]


def _materials(meeting: Meeting, since: dt.datetime | None) -> list[dict[str, Any]]:
    if not agenda_is_published(meeting):
        return []
    return [
        {
            "name": a.filename,
            "link": external_url("agenda.download", meeting_id=meeting.id, attachment_id=a.id),
            "new": since is not None and a.created_at > since,
        }
        for a in sorted(meeting.attachments, key=lambda a: (a.created_at, a.id))
    ]


def _changes(meeting: Meeting, invitation: Invitation, materials: list[dict]) -> list[str]:
    """What changed since the invitation, in the current language."""
    changes = []
    if invitation.asked_again_at is not None:
        changes.append(_("The time or place has changed since your invitation."))
    if (
        meeting.agenda_published_at is not None
        and meeting.agenda_published_at > invitation.created_at
    ):
        changes.append(_("The agenda has been published since your invitation."))
    new = [m["name"] for m in materials if m["new"]]
    if new:
        changes.append(_("New materials: %(names)s", names=", ".join(new)))
    return changes


def _context(meeting: Meeting, invitation: Invitation) -> dict[str, Any]:
    zone = meeting.timezone
    venue = meeting.venue
    materials = _materials(meeting, invitation.created_at)
    return {
        "name": invitee_name(invitation),
        "title": meeting.title,
        "group_name": ", ".join(g.name for g in meeting.groups),
        "date": format_local_date(meeting.starts_at, zone),
        "time": f"{format_local_time(meeting.starts_at, zone)}–"
        f"{format_local_time(meeting.ends_at, zone)}",
        "zone": zone_description(zone),
        "venue_name": venue.name if venue else "",
        "venue_address": venue.address if venue and venue.address != venue.name else "",
        "room": meeting.room_name or "",
        "map_link": (osm_search_url(venue) or "") if venue else "",
        "online_url": meeting.online_url or (venue.online_url if venue else None) or "",
        "agenda": _agenda(meeting, meeting.agenda_items),
        "materials": materials,
        "changes": _changes(meeting, invitation, materials),
        "meeting_link": meeting_link(meeting),
        "answers": [
            {"label": str(ANSWER_ACTIONS[answer]), "link": link}
            for answer, link in zip(ANSWERS, answer_links(invitation).values(), strict=True)
        ]
        if invitation.rsvp == Rsvp.NEEDS_ACTION
        else [],
    }


def _composer(kind: str, template: str):
    def compose_all(rows: Sequence[PlannedMessage]) -> list[EmailMessage | None]:
        meetings, invitations = _load(rows)
        messages: list[EmailMessage | None] = []
        for row in rows:
            meeting = meetings.get(row.meeting_id or 0)
            invitation = invitations.get(row.invitation_id or 0)
            if meeting is None or invitation is None or meeting.status != MeetingStatus.SCHEDULED:
                messages.append(None)
                continue
            address = invitee_email(invitation)
            locale = invitee_locale(invitation)
            with force_locale(locale):
                context = _context(meeting, invitation)
            content = render_email(
                template, locale, **context, unsubscribe_link=unsubscribe_url(address, kind)
            )
            message = compose(mailbox(address, invitee_name(invitation)), **content)
            for header, value in unsubscribe_headers(address, kind).items():
                message[header] = value
            messages.append(message)
        return messages

    return compose_all


register(
    Planner(
        ReminderKind.MEETING,
        plan_meeting_reminders,
        _composer(ReminderKind.MEETING, "meeting_reminder"),
    )
)
register(
    Planner(
        ReminderKind.UNANSWERED,
        plan_unanswered_reminders,
        _composer(ReminderKind.UNANSWERED, "unanswered_reminder"),
    )
)
