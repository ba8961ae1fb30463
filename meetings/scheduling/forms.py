"""Forms: a meeting, cancelling a meeting, and a button that changes state; the series
form is in ``series_forms`` (the public events' forms are in ``events.forms``).

Choices are filled by the view from services (the groups a person manages, the venues
offered); unknown ids give a message on the field, never an error page. Dates and times
are entered in the host group's time zone and turned into aware UTC instants here.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from ..auth.models import Organisation
from ..db import utcnow
from ..extensions import db
from ..forms import ALARM_CHOICES, MergingForm, WebForm, alarm_label, strip
from ..groups.models import WorkingGroup
from ..i18n import zone_city
from ..venues.models import Venue
from .enums import MeetingKind
from .fields import CheckedForm, date_field, int_or_none, place_fields, time_field, venue_label
from .models import Meeting
from .numbering import is_default_title, number_taken
from .proposals import may_be_proposed, pending_groups
from .series import Scope, SeriesChange
from .series_forms import SeriesForm
from .services import LocalTimeError, MeetingData, to_utc
from .workflow import MAX_REASON

#: Highest number a meeting may be recorded with (as the group's next number).
MAX_MEETING_NUMBER = 100_000

__all__ = [
    "KIND_LABELS",
    "SCOPE_LABELS",
    "CancelForm",
    "ConfirmForm",
    "MeetingForm",
    "SeriesForm",
    "copy_data",
]


KIND_LABELS = {
    MeetingKind.REGULAR: _l("Regular meeting"),
    MeetingKind.EXTENDED: _l("Extended meeting / round table"),
    MeetingKind.JOINT: _l("Joint meeting"),
    MeetingKind.PUBLIC_EVENT: _l("Public event"),
}


#: What a change of a meeting of a series applies to.
SCOPE_LABELS = {
    Scope.THIS: _l("This meeting only"),
    Scope.FOLLOWING: _l("This meeting and all following ones of the series"),
    Scope.ALL: _l("Every meeting of the series still to come"),
}


def _scope_field(label) -> RadioField:
    return RadioField(
        label,
        choices=[SelectChoice(scope.value, text) for scope, text in SCOPE_LABELS.items()],
        default=Scope.THIS.value,
        validate_choice=False,
    )


class MeetingForm(CheckedForm, MergingForm):
    group_id = SelectField(_l("Host group"), choices=[], validate_choice=False)
    kind = SelectField(
        _l("Kind of meeting"),
        choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
        default=MeetingKind.REGULAR.value,
        validate_choice=False,
    )
    extra_group_ids = SelectMultipleField(
        _l("Other groups taking part"), choices=[], validate_choice=False
    )
    title = StringField(
        _l("Title"),
        filters=[strip],
        validators=[Length(max=300, message=_l("At most %(num)d characters.", num=300))],
    )
    start_date = date_field(_l("Date"))
    start_time = time_field(_l("Starts at"))
    end_date = date_field(_l("Ends on (if another day)"), required=False)
    end_time = time_field(_l("Ends at"))
    venue_id, room, online_url = place_fields()
    organiser_id = SelectField(_l("Organiser"), choices=[], validate_choice=False, default="")
    description = TextAreaField(
        _l("Description"),
        filters=[strip],
        validators=[Length(max=20000, message=_l("At most %(num)d characters.", num=20000))],
        render_kw={"rows": 6},
    )
    is_public = BooleanField(_l("Public: show it on the public events page"))
    alarm = SelectField(_l("Reminder in the invitation"), choices=[], validate_choice=False)
    answer_by = date_field(_l("Answer by"), required=False)
    #: Meetings of a series: what the new time and place apply to.
    scope = _scope_field(_l("Apply the time, venue, room and online link to"))
    #: A new meeting only: one held in the past, recorded with the number it had.
    held_number = StringField(
        _l("Number of a meeting held in the past"),
        filters=[strip],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )

    def __init__(
        self,
        *args,
        groups: list[WorkingGroup],
        joinable: list[WorkingGroup],
        venues: list[Venue],
        organisations: list[tuple[int, str]],
        meeting: Meeting | None = None,
        direct_ids: set[int] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        #: Groups that join directly (the person runs them, or they take part already);
        #: None: all of them (a site admin). Any other chosen is proposed to its managers.
        self._direct_ids = direct_ids
        self.groups_by_id = {g.id: g for g in groups}
        if meeting is not None:
            joinable = [g for g in joinable if g.id != meeting.group_id]
        self._joinable = {g.id: g for g in joinable}
        self._venues = {v.id: v for v in venues}
        self._organisation_ids = {id_ for id_, _name in organisations}
        self.group_id.choices = [SelectChoice(str(g.id), g.name) for g in groups]
        self.extra_group_ids.choices = [SelectChoice(str(g.id), g.name) for g in joinable]
        self.venue_id.choices = [
            SelectChoice("", _l("— none (online or to be announced) —")),
            *(SelectChoice(str(v.id), venue_label(v)) for v in venues),
        ]
        self.organiser_id.choices = [
            SelectChoice("", _l("— none —")),
            *(SelectChoice(str(id_), name) for id_, name in organisations),
        ]
        self.alarm.choices = [
            SelectChoice("", _l("As the group sets it")),
            SelectChoice("0", alarm_label(0)),
            *(SelectChoice(str(m), alarm_label(m)) for m in ALARM_CHOICES),
        ]
        self.data_out: MeetingData | None = None
        self.scope_out: Scope = Scope.THIS
        self.series_change: SeriesChange | None = None

    @property
    def in_series(self) -> bool:
        return (
            self.meeting is not None
            and self.meeting.series_id is not None
            and self.meeting.recurrence_at is not None
        )

    @property
    def group_locked(self) -> bool:
        """A numbered meeting keeps its host group (the number belongs to it)."""
        return self.meeting is not None and self.meeting.number is not None

    def selected_group(self) -> WorkingGroup | None:
        if self.group_locked:
            return self.meeting.group
        return self.groups_by_id.get(int_or_none(self.group_id.data))

    def zone_for(self, group: WorkingGroup | None) -> str | None:
        """Times are entered in the meeting's zone (edit) or the host group's (new)."""
        if self.meeting is not None and (group is None or group.id == self.meeting.group_id):
            return self.meeting.timezone
        return group.timezone if group else None

    @property
    def group_zones(self) -> dict[int, str]:
        """The time zone of each group offered, by id (the page shows the chosen one's)."""
        return {g.id: g.timezone for g in self.groups_by_id.values()}

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, then the choices, times, reminder and scope; when all
        pass, ``data_out`` (and ``scope_out``, ``series_change``) hold the meeting."""
        self.refused = False
        valid = super().validate(extra_validators)
        group = self._check_group()
        kind = self._check_kind()
        extra = self._check_extra_groups(group, kind)
        venue = self.chosen(
            self.venue_id, self._venues, _l("Choose one of the venues in the list.")
        )
        organiser = self._check_organiser()
        zone = self.zone_for(group)
        starts_at, ends_at = self._check_times(zone)
        alarm = self._check_alarm()
        answer_by = self._check_answer_by()
        scope = self._check_scope()
        held_number = self._check_held_number(group, starts_at)
        if (
            not valid
            or self.refused
            or group is None
            or kind is None
            or starts_at is None
            or ends_at is None
        ):
            return False
        self.data_out = MeetingData(
            group=group,
            title=self._title_for(group),
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            timezone=zone,
            extra_groups=[g for g in extra if self._joins_directly(g)],
            proposed_groups=[g for g in extra if not self._joins_directly(g)],
            venue=venue,
            room=self.room.data or None,
            online_url=self.online_url.data or None,
            organiser=organiser,
            description=self.description.data or None,
            is_public=bool(self.is_public.data),
            alarm_minutes=alarm,
            answer_by=answer_by,
            held_number=held_number,
        )
        self.scope_out = scope
        if scope != Scope.THIS:
            self.series_change = SeriesChange(
                start_time=self.start_time.data,
                end_time=self.end_time.data,
                ends_next_day=bool(
                    self.end_date.data and self.end_date.data > self.start_date.data
                ),
                venue=venue,
                room=self.room.data or None,
                online_url=self.online_url.data or None,
            )
        return True

    # --- the checks: each refuses what is wrong and returns the value it read ----------------

    def _check_group(self) -> WorkingGroup | None:
        group = self.selected_group()
        if group is None:
            self.refuse(self.group_id, _l("Choose a group you manage."))
        return group

    def _check_kind(self) -> MeetingKind | None:
        try:
            return MeetingKind(self.kind.data)
        except ValueError:
            self.refuse(self.kind, _l("Choose the kind of meeting."))
            return None

    def _check_extra_groups(
        self, group: WorkingGroup | None, kind: MeetingKind | None
    ) -> list[WorkingGroup]:
        """The other groups taking part: from the list, and as the kind of meeting wants."""
        extra: list[WorkingGroup] = []
        for raw in self.extra_group_ids.data or []:
            other = self._joinable.get(int_or_none(raw))
            if other is None:
                self.refuse(self.extra_group_ids, _l("Choose the other groups from the list."))
                break
            if group is None or other.id == group.id:
                continue
            if not self._joins_directly(other) and not may_be_proposed(group, other):
                self.refuse(
                    self.extra_group_ids,
                    _l(
                        "%(group)s can only be asked to a joint meeting of a group of the "
                        "same parent body, or if it is public.",
                        group=other.name,
                    ),
                )
                break
            extra.append(other)
        if kind == MeetingKind.JOINT and not extra and group is not None:
            self.refuse(self.extra_group_ids, _l("A joint meeting needs at least one other group."))
        if kind == MeetingKind.REGULAR and extra:
            self.refuse(
                self.kind,
                _l("A meeting with other groups is a joint meeting: choose “Joint meeting”."),
            )
        return extra

    def _joins_directly(self, group: WorkingGroup) -> bool:
        return self._direct_ids is None or group.id in self._direct_ids

    def _check_organiser(self) -> Organisation | None:
        if not self.organiser_id.data:
            return None
        organiser_id = int_or_none(self.organiser_id.data)
        if organiser_id not in self._organisation_ids:
            self.refuse(self.organiser_id, _l("Choose one of the organisations in the list."))
            return None
        return db.session.get(Organisation, organiser_id)

    def _check_times(self, zone: str | None) -> tuple[dt.datetime | None, dt.datetime | None]:
        """Start and end as aware instants: times that exist in ``zone``, the end after the
        start. (None, None) while the group, a date or a time is missing."""
        starts_at = ends_at = None
        if not (zone and self.start_date.data and self.start_time.data and self.end_time.data):
            return starts_at, ends_at
        try:
            starts_at = to_utc(self.start_date.data, self.start_time.data, zone)
        except LocalTimeError:
            self.refuse(self.start_time, _nonexistent(zone))
        end_day = self.end_date.data or self.start_date.data
        try:
            ends_at = to_utc(end_day, self.end_time.data, zone)
        except LocalTimeError:
            self.refuse(self.end_time, _nonexistent(zone))
        if starts_at and ends_at and ends_at <= starts_at:
            self.refuse(self.end_time, _l("The meeting must end after it starts."))
        return starts_at, ends_at

    def _check_answer_by(self) -> dt.date | None:
        answer_by = self.answer_by.data
        if answer_by and self.start_date.data and answer_by > self.start_date.data:
            self.refuse(
                self.answer_by, _l("Ask for the answers by the day of the meeting at the latest.")
            )
        return answer_by

    def _check_alarm(self) -> int | None:
        if not self.alarm.data:
            return None
        alarm = int_or_none(self.alarm.data)
        if alarm is None or (alarm != 0 and alarm not in ALARM_CHOICES):
            self.refuse(self.alarm, _l("Choose a reminder from the list."))
        return alarm

    def _check_scope(self) -> Scope:
        """What a change of a meeting of a series applies to; the date changes for this
        meeting only."""
        if not self.in_series:
            return Scope.THIS
        scope = Scope.THIS
        try:
            scope = Scope(self.scope.data or Scope.THIS.value)
        except ValueError:
            self.refuse(self.scope, _l("Choose what the change applies to."))
        own_day = self.meeting.starts_at.astimezone(ZoneInfo(self.meeting.timezone)).date()
        if scope != Scope.THIS and self.start_date.data and self.start_date.data != own_day:
            self.refuse(
                self.start_date,
                _l(
                    "The date can be changed for this meeting only. For the series, "
                    "change the time, the venue, the room or the online link."
                ),
            )
        return scope

    def _check_held_number(
        self, group: WorkingGroup | None, starts_at: dt.datetime | None
    ) -> int | None:
        """The number of a meeting held in the past (a new meeting only): a whole number
        no other meeting of the group bears, not above the numbers the group has given
        (later ones come with scheduling), for a meeting that has begun."""
        raw = self.held_number.data
        if self.meeting is not None or not raw:
            return None
        number = int_or_none(raw)
        if number is None or not 1 <= number <= MAX_MEETING_NUMBER:
            self.refuse(self.held_number, _l("Enter a whole number, for example 5."))
            return None
        if group is None or starts_at is None:
            return number
        if starts_at > utcnow():
            self.refuse(
                self.held_number,
                _l(
                    "Only a meeting held in the past is recorded with its number; a new "
                    "meeting gets its number when it is scheduled. Leave the number empty."
                ),
            )
            return None
        if number > group.meeting_counter:
            self.refuse(
                self.held_number,
                _l(
                    "Numbers from %(next)d on are given to meetings when they are scheduled. "
                    "To record an earlier meeting under this number, first set the number "
                    "of the group's next meeting above it (in the group's settings).",
                    next=group.meeting_counter + 1,
                ),
            )
            return None
        other = number_taken(group, number)
        if other is not None:
            self.refuse(
                self.held_number,
                _l(
                    "The group already has a meeting no. %(number)d: %(title)s.",
                    number=number,
                    title=other.title,
                ),
            )
            return None
        return number

    def _title_for(self, group: WorkingGroup) -> str:
        """The title typed; empty (the default title) when it is the default title prefilled
        for another group, whose choice was then changed."""
        title = self.title.data or ""
        if title and not is_default_title(group, title):
            others = (g for g in self.groups_by_id.values() if g.id != group.id)
            if any(is_default_title(other, title) for other in others):
                title = ""
        return title

    @classmethod
    def data_of(cls, meeting: Meeting) -> dict:
        """The meeting's values as the form shows them (times in the meeting's zone)."""
        from ..i18n import in_zone

        start = in_zone(meeting.starts_at, meeting.timezone)
        end = in_zone(meeting.ends_at, meeting.timezone)
        return {
            "group_id": str(meeting.group_id),
            "kind": meeting.kind.value,
            # The groups taking part, and those asked that have not answered yet.
            "extra_group_ids": [
                str(g.id) for g in (*meeting.extra_groups, *pending_groups(meeting))
            ],
            "title": meeting.title,
            "start_date": start.date(),
            "start_time": start.time().replace(tzinfo=None),
            "end_date": end.date() if end.date() != start.date() else None,
            "end_time": end.time().replace(tzinfo=None),
            "venue_id": str(meeting.venue_id) if meeting.venue_id else "",
            "room": meeting.room or "",
            "online_url": meeting.online_url or "",
            "organiser_id": str(meeting.organiser_id) if meeting.organiser_id else "",
            "description": meeting.description or "",
            "is_public": meeting.is_public,
            "alarm": "" if meeting.alarm_minutes is None else str(meeting.alarm_minutes),
            "answer_by": meeting.answer_by,
            "scope": Scope.THIS.value,
        }


def copy_data(meeting: Meeting, default_title: str) -> dict:
    """A new meeting's form prefilled from ``meeting``: its groups, kind, times of day
    (hence its duration), venue, room, online link, organiser, description, visibility and
    reminder; no date (the new one is chosen). A numbered default title becomes the next
    number's (``default_title``); a title of its own is kept."""
    data = MeetingForm.data_of(meeting)
    data.pop("scope")
    data["start_date"] = None
    # The answer-by day belongs to the earlier date.
    data["answer_by"] = None
    if data["end_date"] is not None:
        # A meeting over several days: its end day is chosen with the new date.
        data["end_date"] = None
    if is_default_title(meeting.group, meeting.title):
        data["title"] = default_title
    return data


def _nonexistent(zone: str):
    return _l(
        "This time does not exist on that day in %(zone)s: the clocks go forward then.",
        zone=zone_city(zone),
    )


class CancelForm(WebForm):
    #: Meetings of a series: which of them are cancelled.
    scope = _scope_field(_l("Meetings to cancel"))
    reason = TextAreaField(
        _l("Reason for the cancellation"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Give a reason for the cancellation; participants see it.")),
            Length(max=MAX_REASON, message=_l("At most %(num)d characters.", num=MAX_REASON)),
        ],
        render_kw={"rows": 3},
    )


class ConfirmForm(WebForm):
    """A button that changes state: only the CSRF token."""
