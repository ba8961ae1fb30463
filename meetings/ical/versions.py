"""Keeping ``calendar_version`` and the calendar clock in step with what feeds show.

A meeting's calendar entry (and a series' object) is cached by its version, and feed
ETags are derived from the versions. Rather than trusting every service to remember,
each flush is inspected: a changed meeting, agenda item, attachment, series, venue,
group, organisation or presenter raises the version of every meeting whose entry shows
it, and of its series (the whole series is one calendar object, so all its occurrences
move together). Bumps are SQL increments (``version = version + 1``), never values
computed from possibly stale loaded objects.

Any such change, and any change of who sees what in a feed (memberships, invitations, a
person's name or language), also advances the one-row calendar clock: feed validators
are kept per clock value, so a poll while nothing changed needs no aggregate.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

from sqlalchemy import event, inspect, or_, select, update
from sqlalchemy.orm import Session

from ..agenda.models import AgendaItem, Attachment
from ..auth.models import Organisation, User
from ..groups.models import Membership, WorkingGroup
from ..invitations.models import Invitation
from ..scheduling.models import Meeting, MeetingSeries, meeting_groups
from ..venues.models import Venue
from .models import CalendarClock, CalendarFeed

#: Attributes of a person an entry shows (an agenda item's presenter).
_USER_FIELDS = ("name",)
#: Attributes of a person their feed shows (its name, language) or depends on.
_FEED_OWNER_FIELDS = ("name", "locale", "is_enabled")
#: Who sees which meetings in feeds: these rows coming or going, or these attributes
#: changing (an invitation's answers and the versions sent to it change no feed).
_AUDIENCE = {
    Membership: ("user_id", "group_id"),
    Invitation: ("user_id", "meeting_id"),
    CalendarFeed: ("revoked_at", "user_id", "group_id"),
}


def _changed(session: Session, obj: Any) -> bool:
    return obj in session.new or obj in session.deleted or session.is_modified(obj)


@event.listens_for(Session, "after_flush")
def _bump_calendar_versions(session: Session, flush_context: Any) -> None:
    """Raise the calendar versions of the meetings and series this flush changed."""
    meeting_ids: set[int] = set()
    series_ids: set[int] = set()
    venue_ids: set[int] = set()
    group_ids: set[int] = set()
    organisation_ids: set[int] = set()
    presenter_ids: set[int] = set()
    audience_changed = False
    for obj in chain(session.new, session.dirty, session.deleted):
        if _changes_audience(session, obj):
            audience_changed = True
        if isinstance(obj, Meeting):
            if obj not in session.deleted and _changed(session, obj):
                meeting_ids.add(obj.id)
                if obj.series_id is not None:
                    series_ids.add(obj.series_id)
        elif isinstance(obj, AgendaItem | Attachment):
            if _changed(session, obj) and obj.meeting_id is not None:
                meeting_ids.add(obj.meeting_id)
        elif isinstance(obj, MeetingSeries):
            if obj not in session.deleted and obj not in session.new and _changed(session, obj):
                series_ids.add(obj.id)
        elif isinstance(obj, Venue):
            if obj in session.dirty and _changed(session, obj):
                venue_ids.add(obj.id)
        elif isinstance(obj, WorkingGroup):
            if obj in session.dirty and _changed(session, obj):
                group_ids.add(obj.id)
        elif isinstance(obj, Organisation):
            if obj in session.dirty and _changed(session, obj):
                organisation_ids.add(obj.id)
        elif (
            isinstance(obj, User)
            and obj in session.dirty
            and any(_attribute_changed(obj, name) for name in _USER_FIELDS)
        ):
            presenter_ids.add(obj.id)
    if not (
        meeting_ids or series_ids or venue_ids or group_ids or organisation_ids or presenter_ids
    ):
        if audience_changed:
            _advance_clock(session)
        return
    conditions = []
    if meeting_ids:
        conditions.append(Meeting.id.in_(meeting_ids))
    if venue_ids:
        conditions.append(Meeting.venue_id.in_(venue_ids))
    if organisation_ids:
        conditions.append(Meeting.organiser_id.in_(organisation_ids))
    if group_ids:
        conditions.append(Meeting.group_id.in_(group_ids))
        conditions.append(
            Meeting.id.in_(
                select(meeting_groups.c.meeting_id).where(meeting_groups.c.group_id.in_(group_ids))
            )
        )
    if presenter_ids:
        conditions.append(
            Meeting.id.in_(
                select(AgendaItem.meeting_id).where(AgendaItem.presenter_id.in_(presenter_ids))
            )
        )
    connection = session.connection()
    if conditions:
        # Series of the affected meetings move as a whole.
        series_ids.update(
            connection.execute(
                select(Meeting.series_id)
                .where(or_(*conditions), Meeting.series_id.is_not(None))
                .distinct()
            ).scalars()
        )
    if series_ids:
        conditions.append(Meeting.series_id.in_(series_ids))
        connection.execute(
            update(MeetingSeries)
            .where(MeetingSeries.id.in_(series_ids))
            .values(calendar_version=MeetingSeries.calendar_version + 1)
        )
    connection.execute(
        update(Meeting)
        .where(or_(*conditions))
        # Only the version: ``updated_at`` stays the time of the meeting's own last change.
        .values(calendar_version=Meeting.calendar_version + 1, updated_at=Meeting.updated_at)
        .execution_options(synchronize_session=False)
    )
    _advance_clock(session)


def _changes_audience(session: Session, obj: Any) -> bool:
    """Does the object change who sees which meeting in feeds, or a feed's name or
    language?"""
    if isinstance(obj, User):
        fields = _FEED_OWNER_FIELDS if obj in session.dirty else ()
    else:
        fields = _AUDIENCE.get(type(obj))
        if fields is None:
            return False
        if obj in session.new or obj in session.deleted:
            return True
    return any(_attribute_changed(obj, name) for name in fields)


def _advance_clock(session: Session) -> None:
    session.connection().execute(
        update(CalendarClock)
        .where(CalendarClock.id == 1)
        .values(value=CalendarClock.value + 1)
        .execution_options(synchronize_session=False)
    )


def _attribute_changed(obj: Any, name: str) -> bool:
    history = inspect(obj).attrs[name].history
    return bool(history.added or history.deleted)
