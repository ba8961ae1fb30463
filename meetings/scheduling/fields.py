"""What the scheduling forms (a meeting, a series of meetings) share: date and time fields
that accept dates typed the Central European way, choices by id, and named checks.

Choices are filled by the view from services; unknown ids give a message on the field,
never an error page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from wtforms import DateField, Field, SelectField, StringField, TimeField
from wtforms.validators import InputRequired, Length, Optional

from ..forms import WebForm, strip, validate_web_address, within_years
from ..venues.models import Venue

T = TypeVar("T")

#: Date formats accepted: the browser's date input, and dates typed the Central European way.
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d. %m. %Y"]
TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]


def place_fields() -> tuple[SelectField, StringField, StringField]:
    """Where a meeting or every meeting of a series takes place: venue (choices from the
    view), room, and the link of an online meeting."""
    venue = SelectField(_l("Venue"), choices=[], validate_choice=False, default="")
    room = StringField(
        _l("Room"),
        filters=[strip],
        validators=[Length(max=200, message=_l("At most %(num)d characters.", num=200))],
    )
    online_url = StringField(
        _l("Online meeting link"),
        filters=[strip],
        validators=[
            Length(max=500, message=_l("At most %(num)d characters.", num=500)),
            validate_web_address,
        ],
        render_kw={"inputmode": "url"},
    )
    return venue, room, online_url


def date_field(label, required: bool = True) -> DateField:
    return DateField(
        label,
        format=DATE_FORMATS,
        invalid_value_message=_l("Enter a date, for example 2018-03-20."),
        validators=[
            InputRequired(message=_l("Enter the date."))
            if required
            else Optional(strip_whitespace=True),
            within_years,
        ],
    )


def time_field(label) -> TimeField:
    return TimeField(
        label,
        format=TIME_FORMATS,
        invalid_value_message=_l("Enter a time of day, for example 10:00."),
        validators=[InputRequired(message=_l("Enter the time."))],
    )


def int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def venue_label(venue: Venue) -> str:
    """The venue as its choice reads: "Name, City — room"."""
    parts = [venue.name]
    if venue.city and venue.city != venue.name:
        parts.append(venue.city)
    label = ", ".join(parts)
    return f"{label} — {venue.room}" if venue.room else label


class CheckedForm(WebForm):
    """A form whose ``validate`` runs named checks after the fields' own validators.

    A check that refuses a value puts a message on its field (``refuse``); the form is then
    not valid (``refused``). ``validate`` sets ``refused`` back to False before the checks.
    """

    refused = False

    def refuse(self, field: Field, message: Any) -> None:
        field.errors = [*field.errors, message]
        self.refused = True

    def chosen(self, field: Field, options: Mapping[int, T], message: Any) -> T | None:
        """The option picked in a select field of ids; None when nothing is picked, and
        refused with ``message`` when the id is not one of ``options``."""
        if not field.data:
            return None
        found = options.get(int_or_none(field.data))
        if found is None:
            self.refuse(field, message)
        return found
