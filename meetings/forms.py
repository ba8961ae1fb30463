"""Helpers shared by the forms of several domains."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import wtforms
from flask import request
from flask_babel import get_translations, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Field, HiddenField, StringField
from wtforms.validators import ValidationError

from . import merging


def N_(message: str) -> str:
    """Marks a message for extraction only (pybabel's default keyword); translated later."""
    return message


#: WTForms' own messages a person can meet (a choice not offered, a number or date that is
#: no number or date, a required field …). WTForms ships no Latvian and its Czech is not
#: found under "cs", so they are translated in our catalog like every other message.
WTFORMS_MESSAGES = (
    N_("Not a valid choice."),
    N_("Invalid Choice: could not coerce."),
    N_("Choices cannot be None."),
    N_("Invalid choice(s): one or more data inputs could not be coerced."),
    N_("This field is required."),
    N_("Invalid input."),
    N_("Not a valid datetime value."),
    N_("Not a valid date value."),
    N_("Not a valid time value."),
    N_("Not a valid week value."),
    N_("Not a valid integer value."),
    N_("Not a valid decimal value."),
    N_("Not a valid float value."),
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Date must be at least %(min)s."),
    N_("Date must be at most %(max)s."),
    N_("Date must be between %(min)s and %(max)s."),
    N_("Invalid email address."),
    N_("Invalid URL."),
    N_("Field must be equal to %(other_name)s."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    N_("Invalid value, must be one of: %(values)s."),
    N_("Invalid value, can't be any of: %(values)s."),
    N_("This field cannot be edited."),
    N_("This field is disabled and cannot have a value."),
)


def _wtforms_plurals() -> None:  # pragma: no cover - never called: marks the plural forms
    ngettext(
        "'%(value)s' is not a valid choice for this field.",
        "'%(value)s' are not valid choices for this field.",
        1,
    )
    ngettext(
        "Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long.",
        1,
    )
    ngettext(
        "Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters.",
        1,
    )
    ngettext(
        "Field must be exactly %(max)d character long.",
        "Field must be exactly %(max)d characters long.",
        1,
    )


class _WTFormsTranslations:
    """WTForms' messages in the request's language, from the app's catalog. WTForms fills
    in the numbers itself, so the text is returned unformatted."""

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


class _Meta:
    def get_translations(self, form):
        return _WTFORMS_TRANSLATIONS


class WebForm(FlaskForm):
    """The base of every form: Flask-WTF's (CSRF), with WTForms' own messages in all our
    languages (see ``WTFORMS_MESSAGES``)."""

    Meta = _Meta


class SubForm(wtforms.Form):
    """The base of a form repeated inside another (``FormField``): same messages."""

    Meta = _Meta


_WTFORMS_TRANSLATIONS = _WTFormsTranslations()


def give_unique_ids(form: FlaskForm, prefix: str) -> None:
    """Prefix the HTML ids (not the field names) of a form's fields.

    Two forms on one page (add a member, invite a member) must not both have id="email":
    a label would point to the wrong input. Submitted names stay as they are.
    """
    for field in form:
        field.id = f"{prefix}-{field.id}"
        field.label.field_id = field.id


#: Reminders offered for invitations, in minutes before the meeting.
ALARM_CHOICES = (15, 60, 120, 1440, 2880, 10080)


def alarm_label(minutes: int) -> str:
    """ "No reminder", "2 hours before", "1 day before" in the active language."""
    if minutes == 0:
        return str(_l("No reminder"))
    if minutes % 1440 == 0:
        return str(ngettext("%(num)d day before", "%(num)d days before", minutes // 1440))
    if minutes % 60 == 0:
        return str(ngettext("%(num)d hour before", "%(num)d hours before", minutes // 60))
    return str(ngettext("%(num)d minute before", "%(num)d minutes before", minutes))


def strip(value: str | None) -> str | None:
    """Field filter: surrounding spaces go (what people paste often carries them)."""
    return value.strip() if isinstance(value, str) else value


def strip_lower(value: str | None) -> str | None:
    """Field filter for e-mail addresses: no surrounding spaces, lower case."""
    return value.strip().lower() if isinstance(value, str) else value


#: The years a date typed by a person may fall in: a date far outside is a typing mistake,
#: and the calendar data of year 1 or 9999 cannot be written (time zones, recurrences).
FIRST_YEAR, LAST_YEAR = 1900, 2199

YEARS_MESSAGE = _l("Enter a date between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR)


def year_in_range(value: dt.date | None) -> bool:
    """Whether a date (or datetime) falls in the years a form accepts; None does."""
    return value is None or FIRST_YEAR <= value.year <= LAST_YEAR


def within_years(form: FlaskForm, field: Field) -> None:
    """Validator of a date or date-and-time field: the year between 1900 and 2199."""
    if not year_in_range(field.data):
        raise ValidationError(YEARS_MESSAGE)


def whole_number(low: int, high: int):
    """A validator for a number typed into a text field (what was typed stays on error)."""

    def check(form: FlaskForm, field: StringField) -> None:
        if not field.data:
            return
        if not field.data.isdecimal() or not low <= int(field.data) <= high:
            raise ValidationError(
                _l("Enter a whole number from %(low)d to %(high)d.", low=low, high=high)
            )

    return check


def number_in(field: StringField) -> int | None:
    """The whole number typed into a text field (checked by ``whole_number``), or None."""
    return int(field.data) if field.data and field.data.isdecimal() else None


def validate_web_address(form: FlaskForm, field: StringField) -> None:
    """Validator of an optional web address (an online meeting link): http(s), a host, no
    spaces."""
    if not field.data:
        return
    parts = urlsplit(field.data)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in field.data:
        raise ValidationError(
            _l(
                "Enter a web address starting with https://, for example https://meet.example.org/room."
            )
        )


class MergingForm(WebForm):
    """A form editing a record two people may edit at once: a field only the other person
    changed since the form was shown takes their value; a field both changed waits for the
    person's choice (see ``meetings.merging``)."""

    base = HiddenField()

    def merge_with(self, saved: Mapping[str, Any]) -> bool:
        """Base the form on the record as saved now (``saved`` as the form's ``data``).

        A submitted form is first merged with it; False when fields both people changed
        wait for a choice: each then carries ``conflict`` (the saved value, as shown) and an
        error, and nothing may be saved.
        """
        submitted = self.is_submitted()
        posted = self._posted() if submitted else {}
        self.process(formdata=None, data=dict(saved))
        current = {f.name: _as_sent(f) for f in self._merged_fields()}
        shown = {f.name: _as_shown(f) for f in self._merged_fields()}
        conflicts: list[str] = []
        if submitted:
            form = request.form
            conflicts = merging.apply_choices(form, posted, current)
            if not conflicts:
                base = merging.read_base(form.get(merging.BASE_FIELD))
                if base is not None:
                    result = merging.merge(posted, base, current)
                    posted, conflicts = result.values, result.conflicts
            self.process(formdata=self._formdata(posted))
        self.base.data = merging.base_of(current)
        for name in conflicts:
            field = self[name]
            field.conflict = shown[name]
            field.errors = [
                str(_l("Someone else changed this meanwhile. Choose which value to keep."))
            ]
        self._errors = None
        return not conflicts

    def _merged_fields(self) -> list[Field]:
        # An uploaded file is new by nature: nothing to merge, it is read as sent.
        return [f for f in self if f.type not in _NOT_MERGED]

    def _posted(self) -> dict[str, str]:
        form = request.form
        posted = {}
        for f in self._merged_fields():
            if f.type == "BooleanField":
                posted[f.name] = "y" if form.get(f.name) else ""
            elif f.name in form:
                values = form.getlist(f.name)
                posted[f.name] = ",".join(sorted(values)) if _is_multiple(f) else values[0]
        return posted

    def _formdata(self, posted: Mapping[str, str]) -> MultiDict:
        formdata = MultiDict(request.form)
        for name, upload in request.files.items(multi=True):
            formdata.add(name, upload)
        for f in self._merged_fields():
            if f.name not in posted:
                continue
            value = posted[f.name]
            formdata.poplist(f.name)
            if f.type == "BooleanField":
                if value:
                    formdata[f.name] = "y"
            elif _is_multiple(f):
                formdata.setlist(f.name, [v for v in value.split(",") if v])
            else:
                formdata[f.name] = value
        return formdata


_NOT_MERGED = ("CSRFTokenField", "SubmitField", "HiddenField", "FileField", "MultipleFileField")


def _is_multiple(field: Field) -> bool:
    return field.type in ("SelectMultipleField", "QuerySelectMultipleField")


def _as_sent(field: Field) -> str:
    """The field's value as the browser sends it."""
    if field.type == "BooleanField":
        return "y" if field.data else ""
    if _is_multiple(field):
        return ",".join(sorted(str(v) for v in field.data or []))
    if hasattr(field, "_value"):
        return str(field._value())
    return "" if field.data is None else str(field.data)


def _as_shown(field: Field) -> str:
    """The field's value as a person reads it: a choice by its label."""
    if field.type == "BooleanField":
        return str(_l("Yes") if field.data else _l("No"))
    value = _as_sent(field)
    choices = getattr(field, "choices", None)
    if choices and not callable(choices):
        labels = {}
        for choice in choices:
            key, label = (
                (choice[0], choice[1])
                if isinstance(choice, tuple | list)
                else (
                    getattr(choice, "value", choice),
                    getattr(choice, "label", choice),
                )
            )
            labels[str(key)] = str(label)
        picked = [labels.get(v, v) for v in value.split(",")] if value else []
        return ", ".join(picked) or "—"
    return value or "—"
