"""The venue form."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from ..auth.services import organisation_choices
from ..forms import WebForm, strip, validate_web_address
from .services import MAX_CAPACITY, REGION_COUNTRIES, VenueData

#: Territory codes Babel knows that are no country of their own.
_NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}
)


def country_names() -> dict[str, str]:
    """Every country code with its name in the current language."""
    territories = get_locale().territories
    return {
        code: name
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }


def country_choices(current: str | None = None) -> list[SelectChoice]:
    """Country choices: "not given", the region's countries, then every other country
    (and a code stored earlier that is none of them, so that editing keeps it)."""
    names = country_names()
    region_label = str(_l("Countries of the region"))
    others_label = str(_l("Other countries"))
    choices = [SelectChoice("", str(_l("— not given —")))]
    choices += [
        SelectChoice(code, names.get(code, code), optgroup=region_label)
        for code in REGION_COUNTRIES
    ]
    others = sorted(
        ((code, name) for code, name in names.items() if code not in REGION_COUNTRIES),
        key=lambda pair: pair[1].casefold(),
    )
    if current and current not in names and current not in REGION_COUNTRIES:
        others.insert(0, (current, current))
    choices += [SelectChoice(code, name, optgroup=others_label) for code, name in others]
    return choices


def _validate_capacity(form: FlaskForm, field: StringField) -> None:
    if not field.data:
        return
    text = field.data.replace(" ", "").replace("\u00a0", "")
    if not text.isdecimal() or int(text) <= 0:
        raise ValidationError(_l("Capacity must be a positive number."))
    if int(text) > MAX_CAPACITY:
        raise ValidationError(_l("Capacity can be at most %(num)d.", num=MAX_CAPACITY))


class VenueForm(WebForm):
    name = StringField(
        _l("Name"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Enter the name of the venue.")),
            Length(max=300, message=_l("At most %(num)d characters.", num=300)),
        ],
    )
    street = StringField(
        _l("Street and number"),
        filters=[strip],
        validators=[Length(max=300, message=_l("At most %(num)d characters.", num=300))],
        render_kw={"autocomplete": "street-address"},
    )
    postcode = StringField(
        _l("Postcode"),
        filters=[strip],
        validators=[Length(max=20, message=_l("At most %(num)d characters.", num=20))],
        render_kw={"autocomplete": "postal-code"},
    )
    city = StringField(
        _l("City"),
        filters=[strip],
        validators=[Length(max=120, message=_l("At most %(num)d characters.", num=120))],
        render_kw={"autocomplete": "address-level2"},
    )
    country = SelectField(_l("Country"), choices=[], default="", validate_choice=True)
    room = StringField(
        _l("Room or floor"),
        filters=[strip],
        validators=[Length(max=200, message=_l("At most %(num)d characters.", num=200))],
    )
    capacity = StringField(
        _l("Capacity (seats)"),
        filters=[strip],
        validators=[_validate_capacity],
        render_kw={"inputmode": "numeric"},
    )
    access_notes = TextAreaField(
        _l("Access notes"),
        filters=[strip],
        validators=[Length(max=5000, message=_l("At most %(num)d characters.", num=5000))],
        render_kw={"rows": 4},
    )
    online_url = StringField(
        _l("Online meeting link"),
        filters=[strip],
        validators=[
            Length(max=500, message=_l("At most %(num)d characters.", num=500)),
            validate_web_address,
        ],
        render_kw={"inputmode": "url", "autocomplete": "url"},
    )
    organisation_id = SelectField(_l("Organisation"), choices=[], default="", validate_choice=True)

    def __init__(
        self,
        *args,
        current_organisation_id: int | None = None,
        current_country: str | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices(current_country)
        self.organisation_id.choices = [
            ("", _l("— none —")),
            *((str(id_), name) for id_, name in organisation_choices(current_organisation_id)),
        ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.city.data and not self.online_url.data:
            self.city.errors = [
                *self.city.errors,
                _l("Enter the city of the venue, or an online meeting link for an online venue."),
            ]
            valid = False
        return valid

    def to_data(self) -> VenueData:
        capacity = (self.capacity.data or "").replace(" ", "").replace("\u00a0", "")
        return VenueData(
            name=self.name.data,
            street=self.street.data or None,
            postcode=self.postcode.data or None,
            city=self.city.data or None,
            country=self.country.data or None,
            room=self.room.data or None,
            capacity=int(capacity) if capacity else None,
            access_notes=self.access_notes.data or None,
            online_url=self.online_url.data or None,
            organisation_id=int(self.organisation_id.data) if self.organisation_id.data else None,
        )

    @classmethod
    def data_of(cls, venue) -> dict:
        """The venue's values as the form shows them."""
        return {
            "name": venue.name,
            "street": venue.street or "",
            "postcode": venue.postcode or "",
            "city": venue.city or "",
            "country": venue.country or "",
            "room": venue.room or "",
            "capacity": str(venue.capacity) if venue.capacity is not None else "",
            "access_notes": venue.access_notes or "",
            "online_url": venue.online_url or "",
            "organisation_id": str(venue.organisation_id) if venue.organisation_id else "",
        }


class VenueSearchForm(WebForm):
    """The search box of the venue list (a GET form: no CSRF token needed)."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Name or city"),
        filters=[strip],
        validators=[Length(max=200, message=_l("At most %(num)d characters.", num=200))],
    )
