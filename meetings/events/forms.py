"""Forms of public events: the list's filters, registering for an event and the
organisers' registration settings. Unknown values give a message on the field."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length

from ..forms import (
    FIRST_YEAR,
    LAST_YEAR,
    WebForm,
    number_in,
    strip,
    strip_lower,
    whole_number,
)
from .services import MAX_CAPACITY, EventChoices, EventFilters

# --- public events ---------------------------------------------------------------------------

#: "2018-10": a month as the browser's month input sends it.
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class EventFilterForm(WebForm):
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
        filters=[strip],
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
            if match and 1 <= int(match[2]) <= 12 and FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
                filters.month = (int(match[1]), int(match[2]))
            else:
                self.month.errors = [
                    *self.month.errors,
                    _l("Enter a month as year and month, for example 2018-10."),
                ]
                valid = False
        self.filters_out = filters
        return valid


class RegistrationForm(WebForm):
    """An outside participant registers for a public event."""

    name = StringField(
        _l("Name"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Enter your name.")),
            Length(max=200, message=_l("At most %(num)d characters.", num=200)),
        ],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        _l("E-mail address"),
        filters=[strip_lower],
        validators=[
            DataRequired(message=_l("Enter your e-mail address.")),
            Email(message=_l("Enter an e-mail address like name@example.org.")),
            Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
        ],
        render_kw={"autocomplete": "email"},
    )
    organisation_name = StringField(
        _l("Organisation"),
        filters=[strip],
        validators=[Length(max=300, message=_l("At most %(num)d characters.", num=300))],
        render_kw={"autocomplete": "organization"},
    )


class RegistrationSettingsForm(WebForm):
    """The organisers switch registration on or off and set the number of places."""

    # An action, not a state: the state ("Registration open" / "closed") is shown above it.
    registration_open = BooleanField(_l("Accept registrations"))
    capacity = StringField(
        _l("Places (empty: no limit)"),
        filters=[strip],
        validators=[whole_number(1, MAX_CAPACITY)],
        render_kw={"inputmode": "numeric"},
    )

    @property
    def capacity_out(self) -> int | None:
        return number_in(self.capacity)
