"""Forms of the agenda builder: items, moving, starting, publishing and attachments."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..forms import MergingForm, WebForm, within_years
from .enums import ItemKind
from .services import ItemFields

KIND_LABELS = {
    ItemKind.INFORMATION: _l("Information"),
    ItemKind.DISCUSSION: _l("Discussion"),
    ItemKind.DECISION: _l("Decision"),
}

_DURATION_MESSAGE = _l("Enter the duration as a whole number of minutes, 0 or more.")


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _optional_id(value: Any) -> int | None:
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # refused by the choices check with the field's message


def _choices(empty: Any, options: Any) -> list[SelectChoice]:
    """An empty choice (None) first, then (id, label) pairs."""
    return [SelectChoice(None, str(empty)), *(SelectChoice(v, label) for v, label in options)]


class _MinutesField(IntegerField):
    """A number of minutes whose parse error speaks our words; empty means "not planned"."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist and not valuelist[0].strip():
            self.data = None
            return
        try:
            super().process_formdata([valuelist[0].strip()] if valuelist else valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_DURATION_MESSAGE) from None


class _ChoiceField(SelectField):
    """A select whose "not a valid choice" message speaks our words."""

    def __init__(self, *args: Any, invalid_message: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message or _l("Choose one of the offered options.")

    def pre_validate(self, form: Any) -> None:
        try:
            super().pre_validate(form)
        except ValidationError:
            raise ValidationError(self.invalid_message) from None


class ItemForm(MergingForm):
    title = StringField(
        _l("Title"),
        filters=[_strip],
        validators=[DataRequired(_l("Enter the item's title.")), Length(max=500)],
    )
    description = TextAreaField(_l("Description"), filters=[_strip], validators=[Optional()])
    parent_id = _ChoiceField(
        _l("Position"),
        coerce=_optional_id,
        invalid_message=_l("Choose an item of the first level (a sub-item cannot have sub-items)."),
    )
    presenter_id = _ChoiceField(
        _l("Presenter (member)"),
        coerce=_optional_id,
        invalid_message=_l("Choose a presenter from the groups taking part."),
    )
    presenter_name = StringField(
        _l("Presenter (other person)"), filters=[_strip], validators=[Length(max=200)]
    )
    kind = _ChoiceField(
        _l("Kind"),
        choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
        default="information",
    )
    duration_minutes = _MinutesField(
        _l("Planned duration (minutes)"),
        validators=[Optional(), NumberRange(min=0, max=24 * 60, message=_DURATION_MESSAGE)],
    )
    responsible_group_id = _ChoiceField(
        _l("Responsible group"),
        coerce=_optional_id,
        invalid_message=_l("Choose one of the groups taking part in the meeting."),
    )

    def __init__(
        self,
        *args: Any,
        parents: list[tuple[int, str]] = (),
        presenters: list[tuple[int, str]] = (),
        groups: list[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.parent_id.choices = _choices(_l("Item of the first level"), parents)
        self.presenter_id.choices = _choices(_l("— nobody from the groups —"), presenters)
        self.responsible_group_id.choices = _choices(_l("— not set —"), groups)

    def validate_presenter_name(self, field: StringField) -> None:
        if field.data and self.presenter_id.data:
            raise ValidationError(_l("Choose a member or type a name, not both."))

    def fields(self) -> ItemFields:
        return ItemFields(
            title=self.title.data or "",
            description=self.description.data or None,
            presenter_id=self.presenter_id.data,
            presenter_name=self.presenter_name.data or None,
            kind=ItemKind(self.kind.data),
            duration_minutes=self.duration_minutes.data,
            responsible_group_id=self.responsible_group_id.data,
            parent_id=self.parent_id.data,
        )

    @staticmethod
    def data_of(item: Any) -> dict[str, Any]:
        return {
            "title": item.title,
            "description": item.description,
            "parent_id": item.parent_id,
            "presenter_id": item.presenter_id,
            "presenter_name": item.presenter_name,
            "kind": item.kind.value,
            "duration_minutes": item.duration_minutes,
            "responsible_group_id": item.responsible_group_id,
        }


class MoveForm(WebForm):
    direction = HiddenField()


class StartForm(WebForm):
    source = HiddenField()


class _LocalDateTimeField(DateTimeLocalField):
    """A wall-clock date and time whose parse error speaks our words."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist and not valuelist[0].strip():
            self.data = None
            return
        try:
            super().process_formdata([valuelist[0].strip()] if valuelist else valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a date and time, for example 2030-03-20 09:00.")) from None


class PublishForm(WebForm):
    publish_at = _LocalDateTimeField(
        _l("Publish automatically at"),
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        validators=[Optional(), within_years],
    )


class AttachmentForm(WebForm):
    file = FileField(_l("File"))
    agenda_item_id = _ChoiceField(
        _l("Attach to"),
        coerce=_optional_id,
        invalid_message=_l("That agenda item does not exist (any more)."),
    )

    def __init__(self, *args: Any, items: list[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agenda_item_id.choices = _choices(_l("The meeting as a whole"), items)

    def validate_file(self, field: FileField) -> None:
        if not field.data or not getattr(field.data, "filename", None):
            raise ValidationError(_l("Choose a file to attach."))


class ConfirmForm(WebForm):
    """A bare form for buttons that only need the CSRF token."""
