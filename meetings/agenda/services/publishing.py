"""Publishing: now, at a scheduled time, or when due; withdrawing; the chair's review; and
the publishing time as the assistant enters and reads it (in the meeting's zone)."""

from __future__ import annotations

import datetime as dt
import logging

from flask_babel import gettext as _
from sqlalchemy import select, update

from ... import audit
from ...auth.models import User
from ...auth.permissions import can, roles_by_group
from ...db import Bounded, bounded, utcnow
from ...extensions import db
from ...groups.enums import Role
from ...i18n import format_local_date, format_local_time
from ...scheduling.enums import MeetingStatus
from ...scheduling.listings import listing, with_joint_groups
from ...scheduling.models import Meeting
from ..signals import agenda_published, agenda_review_requested, agenda_reviewed
from .reading import AgendaError

log = logging.getLogger(__name__)


def publish_agenda(
    meeting: Meeting, now: dt.datetime | None = None, *, actor: User | None = None
) -> None:
    """Make the agenda visible to members now. Side effects: agenda_published_at set,
    a scheduled time cleared; flushed; the first time, the members are told
    (``announce_agenda``)."""
    meeting.agenda_published_at = now or utcnow()
    meeting.agenda_publish_at = None
    db.session.flush()
    audit.record("agenda.published", subject=meeting, group_id=meeting.group_id)
    announce_agenda(meeting, actor=actor)


def announce_agenda(meeting: Meeting, *, actor: User | None = None) -> bool:
    """Tell the members the agenda is published, once per meeting: sends
    ``agenda_published`` (mail and notifications, from the ``notifications`` package).

    The mark is set by a conditional UPDATE, so of two requests (or a request and the timed
    job) publishing at once only one announces. A draft meeting's agenda is not announced
    (its members do not see the meeting yet; the invitation carries the agenda), nor a
    cancelled one's, nor the agenda of a meeting that is over (put in for the record).
    Side effects: agenda_announced_at set; flushed. True when announced.
    """
    now = utcnow()
    if (
        meeting.status != MeetingStatus.SCHEDULED
        or meeting.ends_at <= now
        or meeting.agenda_announced_at is not None
    ):
        return False
    claimed = db.session.execute(
        update(Meeting)
        .where(Meeting.id == meeting.id, Meeting.agenda_announced_at.is_(None))
        .values(agenda_announced_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        db.session.refresh(meeting, ["agenda_announced_at"])
        return False
    meeting.agenda_announced_at = now
    db.session.flush()
    agenda_published.send(meeting, actor=actor)
    return True


def schedule_agenda_publication(
    meeting: Meeting, at: dt.datetime, now: dt.datetime | None = None
) -> None:
    """Publish the agenda automatically at ``at`` (aware). Side effects: agenda_publish_at
    set; flushed. Raises AgendaError for a time in the past."""
    if at <= (now or utcnow()):
        raise AgendaError(_("Choose a publishing time in the future."))
    meeting.agenda_publish_at = at
    meeting.agenda_published_at = None
    db.session.flush()


def withdraw_agenda(meeting: Meeting) -> None:
    """Back to a draft: hidden from members again. Side effects: both publishing times
    cleared; flushed."""
    meeting.agenda_published_at = None
    meeting.agenda_publish_at = None
    db.session.flush()


def publish_due_agendas(now: dt.datetime | None = None, meeting_id: int | None = None) -> int:
    """Publish every agenda whose scheduled time has come (or only ``meeting_id``'s).

    For the timed job (``agenda.jobs``), and cheaply from page views. Side effects:
    agenda_published_at set to the scheduled time, agenda_publish_at cleared; flushed;
    each agenda announced once (``announce_agenda``). Returns how many agendas were
    published.
    """
    now = now or utcnow()
    query = select(Meeting).where(
        Meeting.agenda_published_at.is_(None), Meeting.agenda_publish_at <= now
    )
    if meeting_id is not None:
        query = query.where(Meeting.id == meeting_id)
    due = db.session.scalars(query).all()
    for meeting in due:
        meeting.agenda_published_at = meeting.agenda_publish_at
        meeting.agenda_publish_at = None
    db.session.flush()
    for meeting in due:
        announce_agenda(meeting)
    if due:
        log.info("published %s agenda(s) due by %s", len(due), now.isoformat())
    return len(due)


def agenda_publication_due(meeting_id: int, now: dt.datetime | None = None) -> bool:
    """One cheap query: does this meeting's agenda wait for a time that has come?"""
    return (
        db.session.scalar(
            select(Meeting.id).where(
                Meeting.id == meeting_id,
                Meeting.agenda_published_at.is_(None),
                Meeting.agenda_publish_at <= (now or utcnow()),
            )
        )
        is not None
    )


def request_agenda_review(
    meeting: Meeting, now: dt.datetime | None = None, *, actor: User | None = None
) -> None:
    """Ask the chair to review the agenda. Side effects: agenda_review_requested_at (and
    _by) set, an earlier review cleared; flushed; ``agenda_review_requested`` sent (the
    chairs get a mail and a notification)."""
    meeting.agenda_review_requested_at = now or utcnow()
    meeting.agenda_review_requested_by_id = actor.id if actor is not None else None
    meeting.agenda_reviewed_at = None
    meeting.agenda_reviewed_by_id = None
    db.session.flush()
    agenda_review_requested.send(meeting, actor=actor)


def mark_agenda_reviewed(meeting: Meeting, reviewer: User, now: dt.datetime | None = None) -> None:
    """Record the chair's review. Side effects: agenda_reviewed_at/_by set; flushed;
    ``agenda_reviewed`` sent (the person who asked is notified)."""
    meeting.agenda_reviewed_at = now or utcnow()
    meeting.agenda_reviewed_by_id = reviewer.id
    db.session.flush()
    agenda_reviewed.send(
        meeting, actor=reviewer, requested_by_id=meeting.agenda_review_requested_by_id
    )


def reviews_awaiting(
    user: User, *, limit: int = 5, now: dt.datetime | None = None
) -> Bounded[Meeting]:
    """Meetings ahead whose agenda the assistant asked this chair to review and nobody has
    reviewed yet, soonest first. Two queries."""
    chaired = [g for g, role in roles_by_group(user).items() if role == Role.CHAIR]
    if not chaired:
        return Bounded([])
    meetings = db.session.scalars(
        listing(joint_groups=False)
        .where(
            Meeting.group_id.in_(chaired),
            Meeting.agenda_review_requested_at.is_not(None),
            Meeting.agenda_reviewed_at.is_(None),
            Meeting.status != MeetingStatus.CANCELLED,
            Meeting.ends_at >= (now or utcnow()),
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(limit + 1)
    ).all()
    with_joint_groups(meetings)
    return bounded([m for m in meetings if can(user, "agenda.review", m)], limit)


def local_input_time(meeting: Meeting, value: dt.datetime) -> dt.datetime:
    """A naive wall-clock time entered by the assistant, in the meeting's zone."""
    from zoneinfo import ZoneInfo

    return value.replace(tzinfo=ZoneInfo(meeting.timezone))


def agenda_summary_time(meeting: Meeting, value: dt.datetime | None) -> str:
    if value is None:
        return ""
    zone = meeting.timezone
    return f"{format_local_date(value, zone, 'medium')} {format_local_time(value, zone)}"
