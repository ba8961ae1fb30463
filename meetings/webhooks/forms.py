"""The webhooks' forms: a subscription (address, events, active), and the buttons."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectMultipleField, StringField
from wtforms.validators import Length, ValidationError

from ..forms import WebForm, strip
from .enums import CHOOSABLE
from .services import url_problem


class ConfirmForm(WebForm):
    """A button: only the CSRF token is checked."""


class WebhookForm(WebForm):
    url = StringField(
        _l("Address (URL)"),
        filters=[strip],
        validators=[Length(max=2000)],
        description=_l("For example https://intranet.example.org/hooks/meetings"),
    )
    events = SelectMultipleField(_l("Events to send"))
    active = BooleanField(_l("Active: send the events"), default=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.events.choices = [(kind.value, kind.label) for kind in CHOOSABLE]

    def validate_url(self, field) -> None:
        problem = url_problem(field.data or "")
        if problem:
            raise ValidationError(problem)

    def validate_events(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one event."))
