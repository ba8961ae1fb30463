"""Meeting series: creating one, and changing or cancelling "this meeting", "this and all
following" or "the whole series".

In the app every occurrence is a meeting of its own (number, agenda, minutes); in
calendars the series is one object (``calendar.objects``), sent to each invitee as one
invitation. Changes made here touch several meetings and then tell each invitee once
(``signals.series_changed``; the invitations domain sends them):

- this meeting: as any meeting (``services.update_meeting``, the status workflow); the
  invitees get one RECURRENCE-ID update or cancellation;
- this and all following: the time of day, venue, room and online link of this occurrence
  and every later one that is still to come; one update with those instances;
- the whole series: the same for every occurrence still to come, and the series' own
  time and place (the master in calendars), whose SEQUENCE then grows: the invitees get
  the whole series again;
- cancelling this and all following ends the series' rule before this occurrence, and
  cancelling the whole series cancels what is still to come (nothing held is touched).
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..db import utcnow
from ..extensions import db
from ..groups.models import WorkingGroup
from ..venues.models import Venue
from .enums import MeetingKind, MeetingStatus
from .listings import listing
from .models import Meeting, MeetingSeries
from .numbering import default_title
from .recurrence import MAX_OCCURRENCES, end_rule_before, series_occurrences
from .services import MeetingData, create_meeting, record_move
from .signals import series_changed
from .workflow import TransitionError, transition_meeting

log = logging.getLogger(__name__)

#: Occurrences still open to change.
_OPEN = (MeetingStatus.DRAFT, MeetingStatus.SCHEDULED)


class Scope(enum.StrEnum):
    """Which meetings of a series a change applies to."""

    THIS = "this"
    FOLLOWING = "following"
    ALL = "all"


@dataclass
class SeriesData:
    group: WorkingGroup
    rule: str
    first_day: dt.date
    start_time: dt.time
    duration_minutes: int
    #: Title of every meeting; empty: the group's numbered default title.
    title: str = ""
    venue: Venue | None = None
    room: str | None = None
    online_url: str | None = None
    #: Schedule the meetings at once (numbered in date order) rather than leave drafts.
    schedule: bool = True


def create_series(data: SeriesData, *, actor: Any) -> tuple[MeetingSeries, list[Meeting]]:
    """A regular schedule and one meeting per occurrence.

    Side effects: adds the series and its meetings (drafts, or scheduled and numbered in
    date order when ``data.schedule``: then every invitee gets one invitation to the whole
    series), flushes, logs. Never commits. Raises ValueError when the rule gives no
    occurrence or more than MAX_OCCURRENCES.
    """
    group = data.group
    occurrences = series_occurrences(
        data.rule, data.first_day, data.start_time, data.duration_minutes, group.timezone
    )
    if not occurrences or len(occurrences) > MAX_OCCURRENCES:
        raise ValueError(f"{len(occurrences)} occurrences")
    series = MeetingSeries(
        group=group,
        title=data.title.strip() or group.name,
        rule=data.rule,
        first_day=data.first_day,
        start_time=data.start_time,
        duration_minutes=data.duration_minutes,
        timezone=group.timezone,
        venue=data.venue,
        room=(data.room or "").strip() or None,
        online_url=(data.online_url or "").strip() or None,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(series)
    meetings = []
    for index, (starts_at, ends_at) in enumerate(occurrences):
        meeting = create_meeting(
            MeetingData(
                group=group,
                title=data.title.strip() or default_title(group, group.meeting_counter + 1 + index),
                kind=MeetingKind.REGULAR,
                starts_at=starts_at,
                ends_at=ends_at,
                timezone=group.timezone,
                venue=data.venue,
                room=data.room,
                online_url=data.online_url,
                organiser=group.lead_organisation,
            ),
            actor=actor,
        )
        meeting.series = series
        meeting.recurrence_at = starts_at
        meetings.append(meeting)
    db.session.flush()
    if data.schedule:
        schedule_series(series, actor=actor)
    log.info("series %s with %d meetings created", series.id, len(meetings))
    return series, meetings


def schedule_series(series: MeetingSeries, *, actor: Any) -> list[Meeting]:
    """Schedule every draft occurrence still to come (numbered in date order), then send
    each invitee the whole series at once.

    Side effects: numbers and schedules the meetings, makes their invitations, queues one
    message per invitee; the series' SEQUENCE grows when it had been sent before (its
    exceptions change). Flushes. Returns the meetings scheduled.
    """
    now = utcnow()
    drafts = [
        m for m in occurrences_of(series) if m.status == MeetingStatus.DRAFT and m.ends_at > now
    ]
    for meeting in drafts:
        transition_meeting(meeting, MeetingStatus.SCHEDULED, actor=actor, notify=False)
    if drafts:
        series_changed.send(series, exceptions_changed=True)
    return drafts


def get_series(series_id: int) -> MeetingSeries | None:
    return db.session.scalars(
        select(MeetingSeries)
        .options(joinedload(MeetingSeries.group), joinedload(MeetingSeries.venue))
        .where(MeetingSeries.id == series_id)
    ).first()


def series_meetings(series: MeetingSeries) -> list[Meeting]:
    """The series' meetings in date order, with what a list row shows. Two queries."""
    return list(
        db.session.scalars(
            listing().where(Meeting.series_id == series.id).order_by(Meeting.starts_at)
        ).unique()
    )


def occurrences_of(series: MeetingSeries) -> list[Meeting]:
    """Every meeting of the series, in the order of the rule."""
    return sorted(series.meetings, key=lambda m: (m.recurrence_at or m.starts_at, m.id))


def _targets(series: MeetingSeries, meeting: Meeting, scope: Scope, now: dt.datetime):
    """The meetings a change applies to: open and still to come, from ``meeting`` on (or
    every one for the whole series)."""
    start = meeting.recurrence_at or meeting.starts_at
    return [
        m
        for m in occurrences_of(series)
        if m.status in _OPEN
        and m.ends_at > now
        and (scope == Scope.ALL or (m.recurrence_at or m.starts_at) >= start)
    ]


@dataclass
class SeriesChange:
    """What "this and all following" and "the whole series" change: the time of day and
    the place. Titles, numbers and agendas stay each meeting's own."""

    start_time: dt.time
    end_time: dt.time
    #: The meeting ends the next day (an evening meeting past midnight).
    ends_next_day: bool
    venue: Venue | None
    room: str | None
    online_url: str | None


def change_series(
    meeting: Meeting, change: SeriesChange, scope: Scope, *, actor: Any, now=None
) -> list[Meeting]:
    """Apply the time and place to this meeting and every following one, or to the whole
    series (``Scope.FOLLOWING`` / ``Scope.ALL``); the meeting's other fields are saved by
    ``services.update_meeting`` first.

    Side effects: moves the meetings (each one's SEQUENCE grows and its invitees are asked
    again when its time or place changed); for the whole series also the series' own time
    and place, the rule's instants (RECURRENCE-IDs) and the series' SEQUENCE. Queues one
    message per invitee. Flushes, logs. Returns the meetings that changed.
    """
    series = meeting.series
    if series is None or scope == Scope.THIS:
        raise ValueError("not a change of several meetings of a series")
    now = now or utcnow()
    zone = ZoneInfo(series.timezone)
    room = (change.room or "").strip() or None
    online = (change.online_url or "").strip() or None
    changed = []
    for target in _targets(series, meeting, scope, now):
        day = target.starts_at.astimezone(zone).date()
        # As the rule does: on a day whose clocks skip that time, it moves forward by the gap
        # (the form checked the time only on this meeting's own date).
        starts_at = to_utc_lenient(day, change.start_time, series.timezone)
        end_day = day + dt.timedelta(days=1 if change.ends_next_day else 0)
        ends_at = to_utc_lenient(end_day, change.end_time, series.timezone)
        before = (target.starts_at, target.ends_at, target.venue_id, target.room)
        target.starts_at, target.ends_at = starts_at, ends_at
        target.venue = change.venue
        target.room = room
        target.online_url = online
        db.session.flush()
        after = (target.starts_at, target.ends_at, target.venue_id, target.room)
        if before != after and target.status != MeetingStatus.DRAFT:
            record_move(target, time_changed=before[:2] != after[:2])
            changed.append(target)
    if scope == Scope.ALL:
        _move_master(series, change, room, online)
    db.session.flush()
    series_changed.send(series, exceptions_changed=False)
    log.info(
        "series %s: %s from meeting %s changed by %s (%d meetings)",
        series.id,
        scope.value,
        meeting.id,
        getattr(actor, "id", None),
        len(changed),
    )
    return changed


def _move_master(series: MeetingSeries, change: SeriesChange, room, online) -> None:
    """The series' own time and place; each occurrence's place in the rule follows the new
    time of day on its own date."""
    zone = ZoneInfo(series.timezone)
    duration = dt.datetime.combine(dt.date(2000, 1, 1), change.end_time) - dt.datetime.combine(
        dt.date(2000, 1, 1), change.start_time
    )
    if change.ends_next_day:
        duration += dt.timedelta(days=1)
    series.start_time = change.start_time
    series.duration_minutes = max(1, int(duration.total_seconds() // 60))
    series.venue = change.venue
    series.room = room
    series.online_url = online
    for occurrence in series.meetings:
        if occurrence.recurrence_at is None:
            continue
        day = occurrence.recurrence_at.astimezone(zone).date()
        occurrence.recurrence_at = to_utc_lenient(day, change.start_time, series.timezone)
    series.sequence += 1


def to_utc_lenient(day: dt.date, time: dt.time, zone: str) -> dt.datetime:
    """The instant the rule gives a wall-clock time: as ``recurrence.series_occurrences``
    does, a time inside a skipped hour moves forward by the gap."""
    return dt.datetime.combine(day, time).replace(tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)


def cancel_series(
    meeting: Meeting, scope: Scope, *, actor: Any, reason: str, now=None
) -> list[Meeting]:
    """Cancel this meeting and every following one (``Scope.FOLLOWING``), or what is
    still to come of the whole series (``Scope.ALL``). Held meetings are never touched.

    Side effects: cancels the meetings (with the reason); ends the series' rule before the
    first of them and raises the series' SEQUENCE; queues one message per invitee: the
    shortened series, or a cancellation of the whole series when nothing of it remains in
    calendars. Flushes, logs. Raises TransitionError (nothing changed) for an empty reason
    or when nothing can be cancelled. Returns the cancelled meetings.
    """
    series = meeting.series
    if series is None or scope == Scope.THIS:
        raise ValueError("not a cancellation of several meetings of a series")
    now = now or utcnow()
    targets = _targets(series, meeting, scope, now)
    if not targets:
        raise TransitionError(_nothing_to_cancel())
    first = targets[0]
    for target in targets:
        transition_meeting(
            target, MeetingStatus.CANCELLED, actor=actor, reason=reason, notify=False
        )
    zone = ZoneInfo(series.timezone)
    first_day = (first.recurrence_at or first.starts_at).astimezone(zone).date()
    instants = series_occurrences(
        series.rule, series.first_day, series.start_time, series.duration_minutes, series.timezone
    )
    rule_starts = instants[0][0].astimezone(zone).date() if instants else series.first_day
    if first_day > rule_starts:
        # Meetings before this one stay: the rule ends the day before it. From the rule's
        # first meeting on, nothing of the series remains (a CANCEL of the whole object).
        series.rule = end_rule_before(series.rule, first_day)
    series.sequence += 1
    db.session.flush()
    series_changed.send(series, exceptions_changed=False)
    log.info(
        "series %s: %d meetings from %s cancelled by %s",
        series.id,
        len(targets),
        first.id,
        getattr(actor, "id", None),
    )
    return targets


def _nothing_to_cancel() -> Any:
    return _l("No meeting of the series that is still to come can be cancelled.")
