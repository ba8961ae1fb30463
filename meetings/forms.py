"""Helpers shared by the forms of several domains."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import request
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Field, HiddenField, StringField
from wtforms.validators import ValidationError

from . import merging


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


class MergingForm(FlaskForm):
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
        return [f for f in self if f.type not in ("CSRFTokenField", "SubmitField", "HiddenField")]

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
