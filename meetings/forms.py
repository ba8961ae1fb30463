"""Helpers shared by the forms of several domains."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import ValidationError


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


def whole_number(low: int, high: int):
    """A validator for a number typed into a text field (what was typed stays on error)."""

    def check(form: FlaskForm, field: StringField) -> None:
        if not field.data:
            return
        if not field.data.isdigit() or not low <= int(field.data) <= high:
            raise ValidationError(
                _l("Enter a whole number from %(low)d to %(high)d.", low=low, high=high)
            )

    return check


def number_in(field: StringField) -> int | None:
    """The whole number typed into a text field (checked by ``whole_number``), or None."""
    return int(field.data) if field.data and field.data.isdigit() else None


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
