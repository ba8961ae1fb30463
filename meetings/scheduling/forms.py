"""Forms: a meeting, a series of meetings, cancelling a meeting; the public events'
filters, registering for an event and the organisers' registration settings.

Choices are filled by the view from services (the groups a person manages, the venues
offered); unknown ids give a message on the field, never an error page. Dates and times
are entered in the host group's time zone and turned into aware UTC instants here.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from ..extensions import db
from ..forms import ALARM_CHOICES, alarm_label
from ..groups.models import Organisation, WorkingGroup
from ..venues.models import Venue
from .enums import MeetingKind
from .models import Meeting
from .numbering import is_default_title
from .recurrence import (
    MAX_OCCURRENCES,
    ORDINAL_WORDS,
    WEEKDAY_LABELS,
    SeriesFrequency,
    build_rule,
)
from .series import Scope, SeriesChange, SeriesData
from .services import (
    MAX_CAPACITY,
    EventChoices,
    EventFilters,
    LocalTimeError,
    MeetingData,
    to_utc,
)
from .workflow import MAX_REASON

#: Date formats accepted: the browser's date input, and dates typed the Central European way.
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d. %m. %Y"]
TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _strip_lower(value: str | None) -> str | None:
    return value.strip().lower() if isinstance(value, str) else value


def _date_field(label, required: bool = True) -> DateField:
    return DateField(
        label,
        format=DATE_FORMATS,
        invalid_value_message=_l("Enter a date, for example 2018-03-20."),
        validators=[
            InputRequired(message=_l("Enter the date."))
            if required
            else Optional(strip_whitespace=True)
        ],
    )


def _time_field(label) -> TimeField:
    return TimeField(
        label,
        format=TIME_FORMATS,
        invalid_value_message=_l("Enter a time of day, for example 10:00."),
        validators=[InputRequired(message=_l("Enter the time."))],
    )


def _validate_web_address(form: FlaskForm, field: StringField) -> None:
    if not field.data:
        return
    parts = urlsplit(field.data)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in field.data:
        raise ValidationError(
            _l(
                "Enter a web address starting with https://, for example https://meet.example.org/room."
            )
        )


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _whole_number(low: int, high: int):
    """A validator for a number typed into a text field (what was typed stays on error)."""

    def check(form: FlaskForm, field: StringField) -> None:
        if not field.data:
            return
        if not field.data.isdigit() or not low <= int(field.data) <= high:
            raise ValidationError(
                _l("Enter a whole number from %(low)d to %(high)d.", low=low, high=high)
            )

    return check


def _number(field: StringField) -> int | None:
    return int(field.data) if field.data and field.data.isdigit() else None


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


class MeetingForm(FlaskForm):
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
        filters=[_strip],
        validators=[Length(max=300, message=_l("At most %(num)d characters.", num=300))],
    )
    start_date = _date_field(_l("Date"))
    start_time = _time_field(_l("Starts at"))
    end_date = _date_field(_l("Ends on (if another day)"), required=False)
    end_time = _time_field(_l("Ends at"))
    venue_id = SelectField(_l("Venue"), choices=[], validate_choice=False, default="")
    room = StringField(
        _l("Room"),
        filters=[_strip],
        validators=[Length(max=200, message=_l("At most %(num)d characters.", num=200))],
    )
    online_url = StringField(
        _l("Online meeting link"),
        filters=[_strip],
        validators=[
            Length(max=500, message=_l("At most %(num)d characters.", num=500)),
            _validate_web_address,
        ],
        render_kw={"inputmode": "url"},
    )
    organiser_id = SelectField(_l("Organiser"), choices=[], validate_choice=False, default="")
    description = TextAreaField(
        _l("Description"),
        filters=[_strip],
        validators=[Length(max=20000, message=_l("At most %(num)d characters.", num=20000))],
        render_kw={"rows": 6},
    )
    is_public = BooleanField(_l("Public: show it on the public events page"))
    alarm = SelectField(_l("Reminder in the invitation"), choices=[], validate_choice=False)
    #: Meetings of a series: what the new time and place apply to.
    scope = _scope_field(_l("Apply the time, venue, room and online link to"))

    def __init__(
        self,
        *args,
        groups: list[WorkingGroup],
        joinable: list[WorkingGroup],
        venues: list[Venue],
        organisations: list[tuple[int, str]],
        meeting: Meeting | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self._groups = {g.id: g for g in groups}
        if meeting is not None:
            joinable = [g for g in joinable if g.id != meeting.group_id]
        self._joinable = {g.id: g for g in joinable}
        self._venues = {v.id: v for v in venues}
        self._organisation_ids = {id_ for id_, _name in organisations}
        self.group_id.choices = [SelectChoice(str(g.id), g.name) for g in groups]
        self.extra_group_ids.choices = [SelectChoice(str(g.id), g.name) for g in joinable]
        self.venue_id.choices = [
            SelectChoice("", _l("— none (online or to be announced) —")),
            *(SelectChoice(str(v.id), self.venue_label(v)) for v in venues),
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

    @staticmethod
    def venue_label(venue: Venue) -> str:
        parts = [venue.name]
        if venue.city and venue.city != venue.name:
            parts.append(venue.city)
        label = ", ".join(parts)
        return f"{label} — {venue.room}" if venue.room else label

    @property
    def group_locked(self) -> bool:
        """A numbered meeting keeps its host group (the number belongs to it)."""
        return self.meeting is not None and self.meeting.number is not None

    def selected_group(self) -> WorkingGroup | None:
        if self.group_locked:
            return self.meeting.group
        return self._groups.get(_int_or_none(self.group_id.data))

    def zone_for(self, group: WorkingGroup | None) -> str | None:
        """Times are entered in the meeting's zone (edit) or the host group's (new)."""
        if self.meeting is not None and (group is None or group.id == self.meeting.group_id):
            return self.meeting.timezone
        return group.timezone if group else None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        group = self.selected_group()
        if group is None:
            self.group_id.errors = [*self.group_id.errors, _l("Choose a group you manage.")]
            valid = False

        try:
            kind = MeetingKind(self.kind.data)
        except ValueError:
            self.kind.errors = [*self.kind.errors, _l("Choose the kind of meeting.")]
            kind = None
            valid = False

        extra: list[WorkingGroup] = []
        for raw in self.extra_group_ids.data or []:
            other = self._joinable.get(_int_or_none(raw))
            if other is None:
                self.extra_group_ids.errors = [
                    *self.extra_group_ids.errors,
                    _l("Choose the other groups from the list."),
                ]
                valid = False
                break
            if group is None or other.id != group.id:
                extra.append(other)
        if kind == MeetingKind.JOINT and not extra and group is not None:
            self.extra_group_ids.errors = [
                *self.extra_group_ids.errors,
                _l("A joint meeting needs at least one other group."),
            ]
            valid = False
        if kind == MeetingKind.REGULAR and extra:
            self.kind.errors = [
                *self.kind.errors,
                _l("A meeting with other groups is a joint meeting: choose “Joint meeting”."),
            ]
            valid = False

        venue = None
        if self.venue_id.data:
            venue = self._venues.get(_int_or_none(self.venue_id.data))
            if venue is None:
                self.venue_id.errors = [
                    *self.venue_id.errors,
                    _l("Choose one of the venues in the list."),
                ]
                valid = False

        organiser = None
        if self.organiser_id.data:
            organiser_id = _int_or_none(self.organiser_id.data)
            if organiser_id not in self._organisation_ids:
                self.organiser_id.errors = [
                    *self.organiser_id.errors,
                    _l("Choose one of the organisations in the list."),
                ]
                valid = False
            else:
                organiser = db.session.get(Organisation, organiser_id)

        starts_at = ends_at = None
        zone = self.zone_for(group)
        if zone and self.start_date.data and self.start_time.data and self.end_time.data:
            try:
                starts_at = to_utc(self.start_date.data, self.start_time.data, zone)
            except LocalTimeError:
                self.start_time.errors = [*self.start_time.errors, _nonexistent(zone)]
                valid = False
            end_day = self.end_date.data or self.start_date.data
            try:
                ends_at = to_utc(end_day, self.end_time.data, zone)
            except LocalTimeError:
                self.end_time.errors = [*self.end_time.errors, _nonexistent(zone)]
                valid = False
            if starts_at and ends_at and ends_at <= starts_at:
                self.end_time.errors = [
                    *self.end_time.errors,
                    _l("The meeting must end after it starts."),
                ]
                valid = False

        alarm = None
        if self.alarm.data:
            alarm = _int_or_none(self.alarm.data)
            if alarm is None or (alarm != 0 and alarm not in ALARM_CHOICES):
                self.alarm.errors = [*self.alarm.errors, _l("Choose a reminder from the list.")]
                valid = False

        scope = Scope.THIS
        if self.in_series:
            try:
                scope = Scope(self.scope.data or Scope.THIS.value)
            except ValueError:
                self.scope.errors = [*self.scope.errors, _l("Choose what the change applies to.")]
                valid = False
            own_day = self.meeting.starts_at.astimezone(ZoneInfo(self.meeting.timezone)).date()
            if scope != Scope.THIS and self.start_date.data and self.start_date.data != own_day:
                self.start_date.errors = [
                    *self.start_date.errors,
                    _l(
                        "The date can be changed for this meeting only. For the series, "
                        "change the time, the venue, the room or the online link."
                    ),
                ]
                valid = False

        if not valid or group is None or kind is None or starts_at is None or ends_at is None:
            return False
        title = self.title.data or ""
        if title and not is_default_title(group, title):
            # The title prefilled for another group, whose choice was then changed: the
            # chosen group's own default title instead.
            others = (g for g in self._groups.values() if g.id != group.id)
            if any(is_default_title(other, title) for other in others):
                title = ""
        self.data_out = MeetingData(
            group=group,
            title=title,
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            timezone=zone,
            extra_groups=extra,
            venue=venue,
            room=self.room.data or None,
            online_url=self.online_url.data or None,
            organiser=organiser,
            description=self.description.data or None,
            is_public=bool(self.is_public.data),
            alarm_minutes=alarm,
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

    @classmethod
    def data_of(cls, meeting: Meeting) -> dict:
        """The meeting's values as the form shows them (times in the meeting's zone)."""
        from ..i18n import in_zone

        start = in_zone(meeting.starts_at, meeting.timezone)
        end = in_zone(meeting.ends_at, meeting.timezone)
        return {
            "group_id": str(meeting.group_id),
            "kind": meeting.kind.value,
            "extra_group_ids": [str(g.id) for g in meeting.extra_groups],
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
            "scope": Scope.THIS.value,
        }


def _nonexistent(zone: str):
    return _l(
        "This time does not exist on that day in %(zone)s: the clocks go forward then.",
        zone=zone,
    )


class CancelForm(FlaskForm):
    #: Meetings of a series: which of them are cancelled.
    scope = _scope_field(_l("Meetings to cancel"))
    reason = TextAreaField(
        _l("Reason for the cancellation"),
        filters=[_strip],
        validators=[
            InputRequired(message=_l("Give a reason for the cancellation; participants see it.")),
            Length(max=MAX_REASON, message=_l("At most %(num)d characters.", num=MAX_REASON)),
        ],
        render_kw={"rows": 3},
    )


class ConfirmForm(FlaskForm):
    """A button that changes state: only the CSRF token."""


ORDINAL_LABELS = [SelectChoice(value, label) for value, label in ORDINAL_WORDS.items()]


class SeriesForm(FlaskForm):
    group_id = SelectField(_l("Group"), choices=[], validate_choice=False)
    frequency = SelectField(
        _l("Repeats"),
        choices=[
            SelectChoice(SeriesFrequency.MONTHLY.value, _l("Monthly, on a weekday of the month")),
            SelectChoice(SeriesFrequency.WEEKLY.value, _l("Weekly, or every few weeks")),
        ],
        default=SeriesFrequency.MONTHLY.value,
        validate_choice=False,
    )
    ordinal = SelectField(
        _l("Which week of the month (monthly)"),
        choices=ORDINAL_LABELS,
        default="2",
        validate_choice=False,
    )
    weekday = SelectField(
        _l("Weekday"),
        choices=[SelectChoice(str(i), label) for i, label in enumerate(WEEKDAY_LABELS)],
        default="1",
        validate_choice=False,
    )
    interval = StringField(
        _l("Every how many weeks (weekly)"),
        default="1",
        filters=[_strip],
        validators=[_whole_number(1, 52)],
        render_kw={"inputmode": "numeric"},
    )
    first_day = _date_field(_l("From"))
    start_time = _time_field(_l("Starts at"))
    end_time = _time_field(_l("Ends at"))
    count = StringField(
        _l("Number of meetings"),
        filters=[_strip],
        validators=[_whole_number(1, MAX_OCCURRENCES)],
        render_kw={"inputmode": "numeric"},
    )
    until = _date_field(_l("Or until (date)"), required=False)
    title = StringField(
        _l("Title of every meeting"),
        filters=[_strip],
        validators=[Length(max=300, message=_l("At most %(num)d characters.", num=300))],
    )
    venue_id = SelectField(_l("Venue"), choices=[], validate_choice=False, default="")
    room = StringField(
        _l("Room"),
        filters=[_strip],
        validators=[Length(max=200, message=_l("At most %(num)d characters.", num=200))],
    )
    online_url = StringField(
        _l("Online meeting link"),
        filters=[_strip],
        validators=[
            Length(max=500, message=_l("At most %(num)d characters.", num=500)),
            _validate_web_address,
        ],
    )
    schedule = BooleanField(_l("Schedule them now (numbers them in date order)"), default=True)

    def __init__(self, *args, groups: list[WorkingGroup], venues: list[Venue], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._groups = {g.id: g for g in groups}
        self._venues = {v.id: v for v in venues}
        self.group_id.choices = [SelectChoice(str(g.id), g.name) for g in groups]
        self.venue_id.choices = [
            SelectChoice("", _l("— none (online or to be announced) —")),
            *(SelectChoice(str(v.id), MeetingForm.venue_label(v)) for v in venues),
        ]
        self.data_out: SeriesData | None = None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        group = self._groups.get(_int_or_none(self.group_id.data))
        if group is None:
            self.group_id.errors = [*self.group_id.errors, _l("Choose a group you manage.")]
            valid = False
        try:
            frequency = SeriesFrequency(self.frequency.data)
        except ValueError:
            self.frequency.errors = [*self.frequency.errors, _l("Choose how the meetings repeat.")]
            frequency = None
            valid = False
        weekday = _int_or_none(self.weekday.data)
        if weekday not in range(7):
            self.weekday.errors = [*self.weekday.errors, _l("Choose a weekday.")]
            valid = False
        ordinal = _int_or_none(self.ordinal.data)
        if ordinal not in (1, 2, 3, 4, -1):
            self.ordinal.errors = [*self.ordinal.errors, _l("Choose the week of the month.")]
            valid = False
        count = _number(self.count)
        if (
            count is None
            and self.until.data is None
            and not (self.count.errors or self.until.errors)
        ):
            self.count.errors = [
                *self.count.errors,
                _l("Give the number of meetings or the date of the last one."),
            ]
            valid = False
        if count is not None and self.until.data is not None:
            self.until.errors = [
                *self.until.errors,
                _l("Give either the number of meetings or the end date, not both."),
            ]
            valid = False
        if self.first_day.data and self.until.data and self.until.data < self.first_day.data:
            self.until.errors = [*self.until.errors, _l("The end date is before the first day.")]
            valid = False
        duration = None
        if self.start_time.data and self.end_time.data:
            start = dt.datetime.combine(dt.date(2000, 1, 1), self.start_time.data)
            end = dt.datetime.combine(dt.date(2000, 1, 1), self.end_time.data)
            if end <= start:
                self.end_time.errors = [
                    *self.end_time.errors,
                    _l("The meetings must end after they start."),
                ]
                valid = False
            else:
                duration = int((end - start).total_seconds() // 60)
        venue = None
        if self.venue_id.data:
            venue = self._venues.get(_int_or_none(self.venue_id.data))
            if venue is None:
                self.venue_id.errors = [
                    *self.venue_id.errors,
                    _l("Choose one of the venues in the list."),
                ]
                valid = False
        if not valid or group is None or frequency is None or duration is None:
            return False
        rule = build_rule(
            frequency,
            weekday,
            interval=_number(self.interval) or 1,
            ordinal=ordinal,
            count=count,
            until=self.until.data,
        )
        self.data_out = SeriesData(
            group=group,
            rule=rule,
            first_day=self.first_day.data,
            start_time=self.start_time.data,
            duration_minutes=duration,
            title=self.title.data or "",
            venue=venue,
            room=self.room.data or None,
            online_url=self.online_url.data or None,
            schedule=bool(self.schedule.data),
        )
        return True


# --- public events ---------------------------------------------------------------------------

#: "2018-10": a month as the browser's month input sends it.
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class EventFilterForm(FlaskForm):
    """The public events list's filters: a GET form, every value kept in the address.

    Choices come from ``services.event_filter_choices``; an unknown group, organisation or
    city, or a month not written as YYYY-MM, gets a message on its field and is not applied.
    """

    class Meta:
        csrf = False

    group = SelectField(_l("Group"), choices=[], validate_choice=False, default="")
    organisation = SelectField(_l("Organiser"), choices=[], validate_choice=False, default="")
    city = SelectField(_l("City"), choices=[], validate_choice=False, default="")
    month = StringField(
        _l("Month"),
        filters=[_strip],
        render_kw={"type": "month", "placeholder": "YYYY-MM", "pattern": r"\d{4}-\d{2}"},
    )

    def __init__(self, *args, choices: EventChoices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._groups = {g.slug: g for g in choices.groups}
        self._organisations = {str(o.id): o for o in choices.organisations}
        self._cities = set(choices.cities)
        self.group.choices = [
            SelectChoice("", _l("All groups")),
            *(SelectChoice(g.slug, g.name) for g in choices.groups),
        ]
        self.organisation.choices = [
            SelectChoice("", _l("All organisers")),
            *(SelectChoice(str(o.id), o.name) for o in choices.organisations),
        ]
        self.city.choices = [
            SelectChoice("", _l("All cities")),
            *(SelectChoice(c, c) for c in choices.cities),
        ]
        self.filters_out = EventFilters()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        filters = EventFilters()
        if self.group.data:
            filters.group = self._groups.get(self.group.data)
            if filters.group is None:
                self.group.errors = [*self.group.errors, _l("There is no such group.")]
                valid = False
        if self.organisation.data:
            filters.organisation = self._organisations.get(self.organisation.data)
            if filters.organisation is None:
                self.organisation.errors = [
                    *self.organisation.errors,
                    _l("Choose one of the organisers in the list."),
                ]
                valid = False
        if self.city.data:
            if self.city.data in self._cities:
                filters.city = self.city.data
            else:
                self.city.errors = [*self.city.errors, _l("Choose one of the cities in the list.")]
                valid = False
        if self.month.data:
            match = _MONTH.match(self.month.data)
            if match and 1 <= int(match[2]) <= 12 and 1900 <= int(match[1]) <= 2200:
                filters.month = (int(match[1]), int(match[2]))
            else:
                self.month.errors = [
                    *self.month.errors,
                    _l("Enter a month as year and month, for example 2018-10."),
                ]
                valid = False
        self.filters_out = filters
        return valid


class RegistrationForm(FlaskForm):
    """An outside participant registers for a public event."""

    name = StringField(
        _l("Name"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Enter your name.")),
            Length(max=200, message=_l("At most %(num)d characters.", num=200)),
        ],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        _l("E-mail address"),
        filters=[_strip_lower],
        validators=[
            DataRequired(message=_l("Enter your e-mail address.")),
            Email(message=_l("Enter an e-mail address like name@example.org.")),
            Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
        ],
        render_kw={"autocomplete": "email"},
    )
    organisation_name = StringField(
        _l("Organisation"),
        filters=[_strip],
        validators=[Length(max=300, message=_l("At most %(num)d characters.", num=300))],
        render_kw={"autocomplete": "organization"},
    )


class RegistrationSettingsForm(FlaskForm):
    """The organisers switch registration on or off and set the number of places."""

    registration_open = BooleanField(_l("Registration is open"))
    capacity = StringField(
        _l("Places (empty: no limit)"),
        filters=[_strip],
        validators=[_whole_number(1, MAX_CAPACITY)],
        render_kw={"inputmode": "numeric"},
    )

    @property
    def capacity_out(self) -> int | None:
        return _number(self.capacity)
