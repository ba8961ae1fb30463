"""Forms of date polls: a new poll (title, deadline, up to ten slots, guests), and closing
it on a slot. The answer form has a radio group per slot and is read by ``read_answers``.

Dates and times are entered in the group's time zone and turned into aware UTC instants
here; every problem is a message on its field, and what was typed is shown again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import FieldList, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..forms import SubForm, WebForm, strip
from ..scheduling.fields import (
    DATE_FORMATS,
    TIME_FORMATS,
    date_field,
    int_or_none,
    place_fields,
    time_field,
)
from ..scheduling.services import LocalTimeError, to_utc
from ..venues.models import Venue
from .enums import PollAnswerValue
from .services import SlotData, check_deadline, check_slots

#: Rows of slots the form offers at first ("Add another slot" adds one, up to
#: ``MAX_SLOTS``); rows left empty are ignored.
SLOT_ROWS = 3
MAX_SLOTS = 10
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _optional_date(label):
    from wtforms import DateField

    return DateField(
        label,
        format=DATE_FORMATS,
        invalid_value_message=_l("Enter a date, for example 2018-03-20."),
        validators=[Optional(strip_whitespace=True)],
    )


def _optional_time(label):
    from wtforms import TimeField

    return TimeField(
        label,
        format=TIME_FORMATS,
        invalid_value_message=_l("Enter a time of day, for example 10:00."),
        validators=[Optional(strip_whitespace=True)],
    )


class SlotForm(SubForm):
    day = _optional_date(_l("Date"))
    start = _optional_time(_l("Starts at"))
    end = _optional_time(_l("Ends at"))
    venue_id, _room, online_url = place_fields()

    def is_blank(self) -> bool:
        raw = [self.day.raw_data, self.start.raw_data, self.end.raw_data]
        return (
            not any((r or [""])[0].strip() for r in raw)
            and not self.online_url.data
            and not (self.venue_id.data)
        )


class PollForm(WebForm):
    title = StringField(
        _l("Title"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Enter the title.")),
            Length(max=300, message=_l("At most %(num)d characters.", num=300)),
        ],
    )
    description = TextAreaField(
        _l("Note for those asked"),
        filters=[strip],
        validators=[Length(max=5000, message=_l("At most %(num)d characters.", num=5000))],
        render_kw={"rows": 3},
    )
    deadline_day = date_field(_l("Answers by (date)"))
    deadline_time = time_field(_l("Answers by (time)"))
    slots = FieldList(FormField(SlotForm), min_entries=SLOT_ROWS, max_entries=MAX_SLOTS)
    guests = TextAreaField(
        _l("Guests (e-mail addresses, one a line)"),
        filters=[strip],
        validators=[Length(max=10000, message=_l("At most %(num)d characters.", num=10000))],
        render_kw={"rows": 3},
    )
    action_item_id = HiddenField()

    def __init__(self, *args, venues: list[Venue], zone: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.venues = {v.id: v for v in venues}
        self._venue_choices = [("", "—")] + [(str(v.id), v.name) for v in venues]
        for entry in self.slots:
            entry.form.venue_id.choices = self._venue_choices
        self.slot_data: list[SlotData] = []
        self.closes_at: dt.datetime | None = None
        self.guest_emails: list[str] = []

    def add_slot(self) -> bool:
        """One more (empty) row of slots, up to ``MAX_SLOTS``: whether one was added."""
        if len(self.slots) >= MAX_SLOTS:
            return False
        self.slots.append_entry()
        self.slots[-1].form.venue_id.choices = self._venue_choices
        return True

    def validate(self, extra_validators: Mapping[str, Any] | None = None) -> bool:
        valid = super().validate(extra_validators)
        slots: list[tuple[Any, SlotData]] = []
        for entry in self.slots:
            sub = entry.form
            if sub.is_blank() or sub.day.errors or sub.start.errors or sub.end.errors:
                continue
            missing = False
            for f, message in (
                (sub.day, _l("Enter the date.")),
                (sub.start, _l("Enter the time.")),
                (sub.end, _l("Enter the time.")),
            ):
                if f.data is None:
                    f.errors = [*f.errors, message]
                    missing = True
            if missing:
                valid = False
                continue
            venue = None
            if sub.venue_id.data:
                venue = self.venues.get(int_or_none(sub.venue_id.data))
                if venue is None:
                    sub.venue_id.errors = [_l("Choose one of the offered venues.")]
                    valid = False
                    continue
            try:
                slot = SlotData(
                    to_utc(sub.day.data, sub.start.data, self.zone),
                    to_utc(sub.day.data, sub.end.data, self.zone),
                    venue,
                    sub.online_url.data or None,
                )
            except LocalTimeError:
                sub.start.errors = [_l("This time does not exist: the clocks go forward then.")]
                valid = False
                continue
            slots.append((sub, slot))
        now = dt.datetime.now(dt.UTC)
        if not slots and not any(e.form.errors for e in self.slots):
            self.slots.errors = [_l("Offer at least one slot.")]
            valid = False
        for index, (part, message) in check_slots([s for _, s in slots], now).items():
            sub = slots[index][0]
            target = sub.end if part == "end" else sub.day
            target.errors = [*target.errors, message]
            valid = False
        self.slot_data = [s for _, s in slots]
        if self.deadline_day.data and self.deadline_time.data:
            try:
                self.closes_at = to_utc(self.deadline_day.data, self.deadline_time.data, self.zone)
            except LocalTimeError:
                self.deadline_time.errors = [
                    _l("This time does not exist: the clocks go forward then.")
                ]
                valid = False
            else:
                if problem := check_deadline(self.slot_data, self.closes_at, now):
                    self.deadline_day.errors = [*self.deadline_day.errors, problem]
                    valid = False
        for line in (self.guests.data or "").replace(",", "\n").replace(";", "\n").splitlines():
            address = line.strip().lower()
            if not address:
                continue
            if not _EMAIL.match(address):
                self.guests.errors = [
                    *self.guests.errors,
                    _l("“%(address)s” is not an e-mail address.", address=line.strip()),
                ]
                valid = False
            else:
                self.guest_emails.append(address)
        return valid


class CloseForm(WebForm):
    option_id = SelectField(_l("The slot chosen"), choices=[], validate_choice=False)


def read_answers(form: Mapping[str, str], option_ids: list[int]) -> tuple[dict[int, str], dict]:
    """The answer per slot (``answer-<id>``) as sent, and the slots left without a valid
    answer (id → message); the raw values are shown again when refused."""
    values: dict[int, str] = {}
    problems: dict[int, Any] = {}
    allowed = {v.value for v in PollAnswerValue}
    for option_id in option_ids:
        value = (form.get(f"answer-{option_id}") or "").strip()
        if value in allowed:
            values[option_id] = value
        else:
            problems[option_id] = _l("Choose yes, if need be, or no.")
    return values, problems
