"""iCalendar (RFC 5545) calendars of meetings, built with the icalendar library.

One builder for every use: the "Add to calendar" download and the confirmation of a public
event registration (METHOD:PUBLISH), invitations (iTIP, RFC 5546: METHOD:REQUEST and
CANCEL, with ORGANIZER and the invitee's ATTENDEE) and subscription feeds. It works in two
steps, so that calendars get primitives:

- ``event_data(meeting)`` reads a meeting (and its published agenda) into ``EventData``,
  plain values with the text already in the active language (an invitation then adds
  its ORGANIZER and ATTENDEE, ``invitations.messages``);
- ``event_for(data)`` and ``build_calendar(events, method)`` turn those into components.

icalendar escapes commas, semicolons and newlines in text, keeps UTF-8 intact, folds lines
at 75 octets (never inside a character) and ends lines with CRLF. Times carry the TZID of
the meeting's zone, with a matching VTIMEZONE from ``timezones`` (one value per line, rules
as RRULEs) that every client reads alike over any span of years.

A series is one calendar object: its master (RRULE, EXDATE) and one RECURRENCE-ID instance
per occurrence; ``objects.py`` puts those together from the models.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from icalendar import Alarm, Calendar, Event, vCalAddress, vRecur, vText, vUri
from sqlalchemy import select

from ..agenda.models import AgendaItem
from ..agenda.services import agenda_is_published, build_timetable
from ..auth.models import User
from ..auth.permissions import can
from ..extensions import db
from ..groups.enums import Role
from ..groups.models import Membership
from ..links import external_url
from ..scheduling.enums import MeetingStatus
from ..scheduling.models import Meeting
from ..scheduling.online import public_online_link
from .timezones import vtimezone_for_years

#: Identifies the product that made the calendar (RFC 5545 §3.7.3).
PRODID = "-//Working group meetings//Meeting scheduler//EN"
#: Methods of iTIP (RFC 5546) the builder produces.
METHODS = frozenset({"PUBLISH", "REQUEST", "CANCEL"})
#: Methods that address attendees and so need an ORGANIZER (RFC 5546 §3.2).
ITIP_METHODS = frozenset({"REQUEST", "CANCEL"})


@dataclass
class AttendeeData:
    """One ATTENDEE of an invitation: plain values, as iCalendar spells them."""

    email: str
    name: str | None = None
    #: CHAIR, REQ-PARTICIPANT, OPT-PARTICIPANT or NON-PARTICIPANT.
    role: str = "REQ-PARTICIPANT"
    #: NEEDS-ACTION, ACCEPTED, DECLINED or TENTATIVE.
    partstat: str = "NEEDS-ACTION"
    #: The organiser asks for an answer (RSVP=TRUE).
    rsvp: bool = True


@dataclass
class EventData:
    """One meeting as a calendar entry: plain values, text in the active language."""

    uid: str
    sequence: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    #: IANA zone the times are written in (TZID), e.g. "Europe/Prague".
    timezone: str
    summary: str
    #: CONFIRMED, CANCELLED or TENTATIVE (a draft, seen only by its managers).
    status: str = "CONFIRMED"
    location: str = ""
    description: str = ""
    url: str | None = None
    #: The online link of a hybrid or online meeting (RFC 7986 CONFERENCE).
    conference_url: str | None = None
    organizer_email: str | None = None
    organizer_name: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    categories: list[str] = field(default_factory=list)
    #: Invitations (REQUEST / CANCEL): the people the message is about.
    attendees: list[AttendeeData] = field(default_factory=list)
    #: An instance of a series: the instant the series' rule gives it (RECURRENCE-ID).
    recurrence_id: dt.datetime | None = None
    #: A series' master: its RRULE (UNTIL already in UTC) and the excluded instants.
    rrule: str | None = None
    exdates: list[dt.datetime] = field(default_factory=list)
    #: A reminder this many minutes before the start (VALARM); None or 0: none.
    alarm_minutes: int | None = None


def location_text(meeting: Meeting, online: str | None = None) -> str:
    """ "ANNOLK, U Nisy 362/6, 460 01 Liberec, zasedací místnost 2. patro"; or the online
    link ``online`` (the link as the calendar's reader may see it) when there is no place."""
    venue = meeting.venue
    parts: list[str] = []
    if venue is not None:
        parts.append(venue.name)
        address = venue.address
        if address and address != venue.name:
            parts.append(address)
        elif venue.city and venue.city != venue.name:
            parts.append(venue.city)
    if meeting.room_name:
        parts.append(meeting.room_name)
    if online and not parts:
        parts.append(online)
    return ", ".join(parts)


def agenda_text(meeting: Meeting, items: Sequence[AgendaItem] | None = None) -> str:
    """The published agenda as plain text: "1. Title", sub-items "   2a Title"; empty when
    the agenda is not published or has no items. ``items``: already loaded agenda items
    (feeds load them for every meeting at once); otherwise they are queried."""
    if not agenda_is_published(meeting):
        return ""
    timetable = build_timetable(meeting, items)
    if not timetable:
        return ""
    lines = [_("Agenda") + ":"]
    for row in timetable:
        lines.append(_agenda_line(row, meeting.timezone, timetable.has_times))
        for child in row.children:
            lines.append("   " + _agenda_line(child, meeting.timezone, timetable.has_times))
    return "\n".join(lines)


def _agenda_line(row, zone: str, has_times: bool) -> str:
    text = f"{row.number} {row.title}"
    if row.presenter:
        text += f" ({row.presenter})"
    if has_times and row.starts_at is not None:
        text = f"{row.starts_at.astimezone(ZoneInfo(zone)):%H:%M} {text}"
    return text


def meeting_link(meeting: Meeting) -> str:
    """The page a calendar entry links to: the public event page when anyone may see the
    meeting, else the meeting page (which asks to sign in)."""
    if meeting.open_to_everyone:
        return external_url("events.event", meeting_id=meeting.id)
    return external_url("scheduling.meeting", meeting_id=meeting.id)


def named_group(meeting: Meeting) -> str | None:
    """The host group's name as the meeting's calendar data may give it. Data of a meeting
    open to everyone reaches anyone (the public feed, the event's download), so it names
    the group only if anyone may see the group: a members-only group is never named."""
    if meeting.open_to_everyone and not can(None, "group.view", meeting.group):
        return None
    return meeting.group.name


def event_data(
    meeting: Meeting,
    *,
    url: str | None = None,
    items: Sequence[AgendaItem] | None = None,
    public: bool = False,
) -> EventData:
    """The meeting as calendar values, its text in the active language (wrap the call in
    ``force_locale`` for a recipient). Reads the agenda when it is published, from
    ``items`` when given. ``public``: for anyone (a public feed, a visitor's download),
    so the online link is left out unless the group shows it publicly; else for the
    people invited and the members (invitations, personal feeds)."""
    group_name = named_group(meeting)
    description = [group_name] if group_name else []
    if meeting.status == MeetingStatus.CANCELLED:
        reason = f": {meeting.cancel_reason}" if meeting.cancel_reason else ""
        description.insert(0, _("Cancelled") + reason)
    if meeting.organiser is not None:
        description.append(_("Organiser: %(name)s", name=meeting.organiser.name))
    online = public_online_link(meeting) if public else meeting.online_link
    if online:
        description.append(_("Online: %(link)s", link=online))
    agenda = agenda_text(meeting, items)
    if agenda:
        description.append(agenda)
    if meeting.description:
        description.append(meeting.description.strip())
    status = {
        MeetingStatus.CANCELLED: "CANCELLED",
        MeetingStatus.DRAFT: "TENTATIVE",
    }.get(meeting.status, "CONFIRMED")
    group = meeting.group
    return EventData(
        uid=meeting.uid,
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        timezone=meeting.timezone,
        summary=meeting.title,
        status=status,
        location=location_text(meeting, online),
        description="\n\n".join(description),
        url=url if url is not None else meeting_link(meeting),
        conference_url=online or None,
        organizer_email=group.contact_email or None,
        organizer_name=group_name,
        created_at=meeting.created_at,
        updated_at=meeting.updated_at,
    )


def organizer_for(meeting: Meeting) -> tuple[str, str] | None:
    """(address, name) of the person or office an invitation comes from, so that a reply
    reaches someone: the host group's contact address (named after the group), else its
    first assistant's address, else its chair's. Never the site's no-reply sender. None
    when the group has none of these. One query at most."""
    group = meeting.group
    if group.contact_email:
        return group.contact_email, group.name
    row = db.session.execute(
        select(User.email, User.name, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.group_id == group.id,
            Membership.role.in_([Role.ASSISTANT, Role.CHAIR]),
            User.is_enabled.is_(True),
        )
        # Assistants before the chair, the longest-standing first.
        .order_by(Membership.role != Role.ASSISTANT, Membership.created_at, Membership.id)
        .limit(1)
    ).first()
    return (row.email, row.name) if row else None


def event_for(data: EventData | Meeting, *, stamp: dt.datetime | None = None) -> Event:
    """One VEVENT: UID, SEQUENCE, DTSTAMP, DTSTART/DTEND with the zone's TZID, SUMMARY,
    LOCATION, DESCRIPTION, URL, CONFERENCE (the online link), ORGANIZER (with CN),
    ATTENDEEs (CN, ROLE, PARTSTAT, RSVP) and STATUS."""
    if isinstance(data, Meeting):
        data = event_data(data)
    zone = ZoneInfo(data.timezone)
    event = Event()
    event.add("uid", data.uid)
    if data.recurrence_id is not None:
        event.add("recurrence-id", data.recurrence_id.astimezone(zone))
    event.add("sequence", data.sequence)
    event.add("dtstamp", (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC))
    event.add("dtstart", data.starts_at.astimezone(zone))
    event.add("dtend", data.ends_at.astimezone(zone))
    if data.rrule:
        event.add("rrule", vRecur.from_ical(data.rrule))
    for excluded in data.exdates:
        # One value per EXDATE line: parsers that read only the first value are common.
        event.add("exdate", excluded.astimezone(zone))
    event.add("summary", data.summary)
    if data.location:
        event.add("location", data.location)
    if data.description:
        event.add("description", data.description)
    if data.url:
        event.add("url", data.url)
    if data.conference_url:
        # Outlook and Google show the link as the way to join; others keep it in the text.
        event.add(
            "conference",
            vUri(data.conference_url),
            parameters={
                "VALUE": "URI",
                "FEATURE": ["AUDIO", "VIDEO"],
                "LABEL": _("Join online"),
            },
        )
    if data.organizer_email:
        organizer = vCalAddress(f"mailto:{data.organizer_email}")
        if data.organizer_name:
            organizer.params["cn"] = vText(data.organizer_name)
        event.add("organizer", organizer)
    for person in data.attendees:
        attendee = vCalAddress(f"mailto:{person.email}")
        if person.name:
            attendee.params["cn"] = vText(person.name)
        attendee.params["cutype"] = vText("INDIVIDUAL")
        attendee.params["role"] = vText(person.role)
        attendee.params["partstat"] = vText(person.partstat)
        attendee.params["rsvp"] = vText("TRUE" if person.rsvp else "FALSE")
        event.add("attendee", attendee)
    event.add("status", data.status)
    if data.created_at is not None:
        event.add("created", data.created_at.astimezone(dt.UTC))
    if data.updated_at is not None:
        event.add("last-modified", data.updated_at.astimezone(dt.UTC))
    if data.categories:
        event.add("categories", data.categories)
    if data.alarm_minutes:
        event.add_component(alarm_for(data.alarm_minutes, data.summary))
    return event


def alarm_for(minutes: int, text: str) -> Alarm:
    """A VALARM that shows ``text`` ``minutes`` before the start (RFC 5545 §3.6.6)."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", dt.timedelta(minutes=-minutes))
    return alarm


def build_calendar(
    events: Iterable[EventData | Meeting],
    method: str = "PUBLISH",
    *,
    name: str | None = None,
    stamp: dt.datetime | None = None,
) -> Calendar:
    """A VCALENDAR with METHOD, PRODID, VERSION 2.0, one VEVENT per entry, and a VTIMEZONE
    for every zone used (covering the years of the entries).

    REQUEST and CANCEL need an ORGANIZER on every entry (build those with
    ``invitations.messages``); ValueError otherwise."""
    if method not in METHODS:
        raise ValueError(f"unsupported iTIP method {method!r}")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
    spans: dict[str, list[int]] = {}
    components = []
    for entry in events:
        data = event_data(entry) if isinstance(entry, Meeting) else entry
        if method in ITIP_METHODS and not data.organizer_email:
            raise ValueError(f"METHOD:{method} needs an ORGANIZER ({data.uid})")
        components.append(event_for(data, stamp=stamp))
        moments = [data.starts_at, data.ends_at, *data.exdates]
        if data.recurrence_id is not None:
            moments.append(data.recurrence_id)
        if data.rrule:
            moments.append(rule_end(data))
        spans.setdefault(data.timezone, []).extend(m.year for m in moments)
    # The zones first, as calendar programs write them: some read a VTIMEZONE only when it
    # comes before the events that use it.
    for zone, years in sorted(spans.items()):
        first, last = timezone_span(years)
        calendar.add_component(vtimezone_for_years(zone, first, last))
    for component in components:
        calendar.add_component(component)
    return calendar


#: VTIMEZONEs start no later than this year. vobject uses a VTIMEZONE only when it differs
#: from UTC somewhere in 2000–2020, else it takes its own idea of the zone: one written from
#: a later year for a zone at UTC+0 in winter (Lisbon, London, Dublin) would be ignored
#: and its summer meetings read an hour off.
ZONE_RULES_FROM = 1999


def timezone_span(years: Iterable[int]) -> tuple[int, int]:
    """The years a VTIMEZONE covers for entries in ``years``: one more on each side, and
    from ``ZONE_RULES_FROM`` at the latest."""
    years = list(years)
    return min(min(years) - 1, ZONE_RULES_FROM), max(years) + 1


def rule_end(data: EventData) -> dt.datetime:
    """The last instant a series' rule can reach, for the span of its VTIMEZONE: its UNTIL,
    else a generous bound (a series has at most a few dozen occurrences)."""
    recur = vRecur.from_ical(data.rrule or "")
    until = recur.get("UNTIL")
    if until:
        value = until[0]
        if isinstance(value, dt.datetime):
            return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return dt.datetime.combine(value, dt.time(), dt.UTC)
    return data.starts_at + dt.timedelta(days=366 * 6)


def calendar_bytes(
    events: Iterable[EventData | Meeting], method: str = "PUBLISH", **kwargs
) -> bytes:
    """The calendar as an .ics file: UTF-8, CRLF line ends, lines folded at 75 octets."""
    return build_calendar(events, method, **kwargs).to_ical()


def ics_filename(meeting: Meeting) -> str:
    """ "pzlk-socialni-sluzby-10.ics"; a draft without a number: "<slug>-draft-<id>.ics"."""
    number = str(meeting.number) if meeting.number else f"draft-{meeting.id}"
    if named_group(meeting) is None:
        return f"event-{meeting.id}.ics"
    return f"{meeting.group.slug}-{number}.ics"
