"""Helpers shared by the forms of several domains."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Request
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from werkzeug.datastructures import ImmutableMultiDict
from wtforms import StringField
from wtforms.validators import ValidationError


class _Values(ImmutableMultiDict):
    """Query and form values without NUL characters: nobody types one, PostgreSQL refuses
    them in text (a search or a name holding one answered 500), and SQLite would keep a
    string that other programs cut short there."""

    def __init__(self, mapping: Any = None) -> None:
        if mapping is not None and not isinstance(mapping, dict):
            # How Werkzeug parses an address or a form: an iterable of (name, value) pairs.
            mapping = [(_no_nul(name), _no_nul(value)) for name, value in mapping]
        super().__init__(mapping)


def _no_nul(value: Any) -> Any:
    return value.replace("\x00", "") if isinstance(value, str) else value


class InputRequest(Request):
    """The app's request: ``args`` and ``form`` (not files' bytes) without NUL characters."""

    parameter_storage_class = _Values


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
