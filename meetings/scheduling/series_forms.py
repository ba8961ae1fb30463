"""The form that plans a series of meetings: a recurrence rule (monthly on a weekday of the
month, or every few weeks), a time of day, and the place of every meeting
(``series.create_series`` makes them)."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from ..forms import number_in, strip, whole_number
from ..groups.models import WorkingGroup
from ..venues.models import Venue
from .fields import CheckedForm, date_field, int_or_none, place_fields, time_field, venue_label
from .recurrence import (
    MAX_OCCURRENCES,
    ORDINAL_WORDS,
    WEEKDAY_LABELS,
    SeriesFrequency,
    build_rule,
)
from .series import SeriesData

ORDINAL_LABELS = [SelectChoice(value, label) for value, label in ORDINAL_WORDS.items()]


class SeriesForm(CheckedForm):
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
        filters=[strip],
        validators=[whole_number(1, 52)],
        render_kw={"inputmode": "numeric"},
    )
    first_day = date_field(_l("From"))
    start_time = time_field(_l("Starts at"))
    end_time = time_field(_l("Ends at"))
    count = StringField(
        _l("Number of meetings"),
        filters=[strip],
        validators=[whole_number(1, MAX_OCCURRENCES)],
        render_kw={"inputmode": "numeric"},
    )
    until = date_field(_l("Or until (date)"), required=False)
    title = StringField(
        _l("Title of every meeting"),
        filters=[strip],
        validators=[Length(max=300, message=_l("At most %(num)d characters.", num=300))],
    )
    venue_id, room, online_url = place_fields()
    schedule = BooleanField(_l("Schedule them now (numbers them in date order)"), default=True)

    def __init__(self, *args, groups: list[WorkingGroup], venues: list[Venue], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.groups_by_id = {g.id: g for g in groups}
        self._venues = {v.id: v for v in venues}
        self.group_id.choices = [SelectChoice(str(g.id), g.name) for g in groups]
        self.venue_id.choices = [
            SelectChoice("", _l("— none (online or to be announced) —")),
            *(SelectChoice(str(v.id), venue_label(v)) for v in venues),
        ]
        self.data_out: SeriesData | None = None

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, then the group, the rule, the times and the venue; when
        all pass, ``data_out`` holds the series."""
        self.refused = False
        valid = super().validate(extra_validators)
        group = self.groups_by_id.get(int_or_none(self.group_id.data))
        if group is None:
            self.refuse(self.group_id, _l("Choose a group you manage."))
        frequency = self._check_frequency()
        weekday, ordinal = self._check_day()
        count = self._check_end()
        duration = self._check_duration()
        venue = self.chosen(
            self.venue_id, self._venues, _l("Choose one of the venues in the list.")
        )
        if not valid or self.refused or group is None or frequency is None or duration is None:
            return False
        rule = build_rule(
            frequency,
            weekday,
            interval=number_in(self.interval) or 1,
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

    # --- the checks: each refuses what is wrong and returns the value it read ----------------

    def _check_frequency(self) -> SeriesFrequency | None:
        try:
            return SeriesFrequency(self.frequency.data)
        except ValueError:
            self.refuse(self.frequency, _l("Choose how the meetings repeat."))
            return None

    def _check_day(self) -> tuple[int | None, int | None]:
        """The weekday (0 Monday … 6 Sunday) and the week of the month (1–4, -1 the last)."""
        weekday = int_or_none(self.weekday.data)
        if weekday not in range(7):
            self.refuse(self.weekday, _l("Choose a weekday."))
        ordinal = int_or_none(self.ordinal.data)
        if ordinal not in (1, 2, 3, 4, -1):
            self.refuse(self.ordinal, _l("Choose the week of the month."))
        return weekday, ordinal

    def _check_end(self) -> int | None:
        """The number of meetings, or else the date of the last one (``until``): one of them."""
        count = number_in(self.count)
        if (
            count is None
            and self.until.data is None
            and not (self.count.errors or self.until.errors)
        ):
            self.refuse(self.count, _l("Give the number of meetings or the date of the last one."))
        if count is not None and self.until.data is not None:
            self.refuse(
                self.until, _l("Give either the number of meetings or the end date, not both.")
            )
        if self.first_day.data and self.until.data and self.until.data < self.first_day.data:
            self.refuse(self.until, _l("The end date is before the first day."))
        return count

    def _check_duration(self) -> int | None:
        """Minutes from the start to the end time (the same day)."""
        if not (self.start_time.data and self.end_time.data):
            return None
        start = dt.datetime.combine(dt.date(2000, 1, 1), self.start_time.data)
        end = dt.datetime.combine(dt.date(2000, 1, 1), self.end_time.data)
        if end <= start:
            self.refuse(self.end_time, _l("The meetings must end after they start."))
            return None
        return int((end - start).total_seconds() // 60)
