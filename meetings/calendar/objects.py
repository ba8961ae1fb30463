"""Calendar objects: what one UID holds in a calendar, built from the models.

A meeting on its own is one VEVENT with the meeting's UID. A series is one object with
the series' UID:

- the master: the series' title, time and place, its RRULE (UNTIL in UTC, as RFC 5545
  requires with a TZID start) and one EXDATE for every instant of the rule that has no
  visible occurrence (cancelled, still a draft, or removed), so that clients expand the
  rule to exactly the meetings the app shows;
- one instance (RECURRENCE-ID = the instant the rule gives the occurrence) for every
  scheduled or held occurrence, with that meeting's own title, time, place, agenda and
  link. Each occurrence is a meeting with its own number ("12. jednání …"), agenda and
  minutes; members cite meetings by that number, so every instance shows it in its
  SUMMARY rather than the series' common title. Bounded: a series has at most
  ``MAX_OCCURRENCES`` meetings.

SEQUENCE: the master carries the series' ``sequence``; an instance carries the series'
plus its meeting's own, so both a change of the whole series and a change of one
occurrence raise what clients compare.

Texts are in the active language: wrap calls in ``force_locale``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from icalendar import vRecur
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..agenda.models import AgendaItem
from ..extensions import db
from ..links import external_url
from ..scheduling.enums import MeetingStatus
from ..scheduling.models import Meeting, MeetingSeries
from ..scheduling.recurrence import series_occurrences
from .builder import EventData, event_data

#: Occurrences that appear in calendars; the others are excluded from the rule.
VISIBLE = (MeetingStatus.SCHEDULED, MeetingStatus.HELD)

ItemsOf = Callable[[Meeting], Sequence[AgendaItem] | None]


def alarm_minutes(meeting: Meeting) -> int:
    """The reminder of the meeting's invitations: its own setting, else its group's."""
    if meeting.alarm_minutes is not None:
        return meeting.alarm_minutes
    return meeting.group.alarm_minutes


def calendar_rule(series: MeetingSeries) -> str:
    """The series' RRULE as a calendar writes it: an UNTIL kept as a local wall-clock time
    in the app becomes the UTC instant (RFC 5545 §3.3.10, with DTSTART;TZID=…)."""
    recur = vRecur.from_ical(series.rule)
    until = recur.get("UNTIL")
    if until:
        value = until[0]
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=ZoneInfo(series.timezone)).astimezone(dt.UTC)
        elif not isinstance(value, dt.datetime):
            end_of_day = dt.datetime.combine(value, dt.time(23, 59, 59))
            value = end_of_day.replace(tzinfo=ZoneInfo(series.timezone)).astimezone(dt.UTC)
        recur["UNTIL"] = [value]
    return recur.to_ical().decode()


def rule_instants(series: MeetingSeries) -> list[tuple[dt.datetime, dt.datetime]]:
    """(start, end) of every instant of the series' rule, UTC."""
    return series_occurrences(
        series.rule, series.first_day, series.start_time, series.duration_minutes, series.timezone
    )


def series_link(series: MeetingSeries) -> str:
    return external_url("groups.detail", slug=series.group.slug)


def master_data(
    series: MeetingSeries, occurrences: Sequence[Meeting], *, public: bool = False
) -> EventData:
    """The series' master entry: its rule, its common title, time and place, and EXDATEs
    for the rule's instants without a visible occurrence. ``public``: for anyone, so
    without the online link unless the group shows it publicly (``event_data``)."""
    instants = rule_instants(series)
    shown = {m.recurrence_at for m in occurrences if m.status in VISIBLE}
    if not instants:
        # The rule was cut before its first instant (cancelling the whole series, or "this
        # and all following" from the first meeting, when the series' first day is before
        # its first meeting): the master keeps the first meeting's instant as its start,
        # excluded like the others, so that the CANCEL (or a feed) still names the object
        # and no client shows an occurrence.
        first = min(m.recurrence_at or m.starts_at for m in occurrences)
        instants = [(first, first + dt.timedelta(minutes=series.duration_minutes))]
    first_start, first_end = instants[0]
    group = series.group
    venue = series.venue
    place = [venue.name] if venue is not None else []
    if venue is not None and venue.address and venue.address != venue.name:
        place.append(venue.address)
    room = series.room or (venue.room if venue is not None else None)
    if room:
        place.append(room)
    online = series.online_url or (venue.online_url if venue is not None else None)
    if public and not series.group.shows_online_link_publicly:
        online = None
    if online and not place:
        place.append(online)
    description = [group.name]
    if group.lead_organisation is not None:
        description.append(_("Organiser: %(name)s", name=group.lead_organisation.name))
    if online:
        description.append(_("Online: %(link)s", link=online))
    return EventData(
        uid=series.uid,
        sequence=series.sequence,
        starts_at=first_start,
        ends_at=first_end,
        timezone=series.timezone,
        summary=series.title,
        location=", ".join(place),
        description="\n\n".join(description),
        url=series_link(series),
        conference_url=online or None,
        organizer_email=group.contact_email or None,
        organizer_name=group.name,
        created_at=series.created_at,
        rrule=calendar_rule(series),
        exdates=[start for start, _end in instants if start not in shown],
    )


def occurrence_data(
    series: MeetingSeries,
    meeting: Meeting,
    items: Sequence[AgendaItem] | None = None,
    *,
    public: bool = False,
) -> EventData:
    """One occurrence as an instance of the series' object."""
    data = event_data(meeting, items=items, public=public)
    data.uid = series.uid
    data.sequence = series.sequence + meeting.sequence
    data.recurrence_id = meeting.recurrence_at
    return data


def series_data(
    series: MeetingSeries,
    occurrences: Sequence[Meeting],
    *,
    items_of: ItemsOf | None = None,
    only: Sequence[Meeting] | None = None,
    public: bool = False,
) -> list[EventData]:
    """The series as calendar entries: the master, then an instance per visible occurrence
    (or only the instances of ``only``, whatever their status: an update or cancellation
    of single occurrences).

    An occurrence whose place is not among the rule's instants any more (data from before
    series were one object) is given as an event of its own, under its own UID.
    ``public``: for anyone (``event_data``).
    """
    if only is not None:
        # Updates and cancellations of single instances: each under the series' UID,
        # whatever its status (a CANCEL names the instance it removes).
        return [
            occurrence_data(series, m, items_of(m) if items_of else None, public=public)
            for m in only
            if m.recurrence_at is not None
        ]
    instants = {start for start, _end in rule_instants(series)}
    result = [master_data(series, occurrences, public=public)]
    for meeting in occurrences:
        if meeting.status not in VISIBLE:
            continue
        items = items_of(meeting) if items_of is not None else None
        if meeting.recurrence_at in instants:
            result.append(occurrence_data(series, meeting, items, public=public))
        else:
            result.append(event_data(meeting, items=items, public=public))
    return result


def load_occurrences(series: MeetingSeries) -> list[Meeting]:
    """The series' meetings in the order of its rule, each with its agenda loaded (a few
    queries however many meetings: ``items_of`` then reads no more)."""
    meetings = db.session.scalars(
        select(Meeting)
        .options(
            selectinload(Meeting.agenda_items).options(
                joinedload(AgendaItem.presenter),
                joinedload(AgendaItem.responsible_group),
                selectinload(AgendaItem.attachments),
            )
        )
        .where(Meeting.series_id == series.id)
    ).all()
    return sorted(meetings, key=lambda m: (m.recurrence_at or m.starts_at, m.id))


def items_of(meeting: Meeting) -> Sequence[AgendaItem]:
    """The agenda loaded with the meeting (``load_occurrences``)."""
    return meeting.agenda_items


def object_data(
    meeting: Meeting, items: Sequence[AgendaItem] | None = None, *, public: bool = False
) -> list[EventData]:
    """The calendar object a meeting belongs to: its series (all of it) when it is a
    visible occurrence of one, else the meeting alone. ``public``: for anyone
    (``event_data``)."""
    series = meeting.series
    if series is not None and meeting.status in VISIBLE and meeting.recurrence_at is not None:
        return series_data(series, load_occurrences(series), items_of=items_of, public=public)
    return [event_data(meeting, items=items, public=public)]
