"""The reminders' forms: reminder times, the choices on the account page, the
unsubscribe button."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField
from wtforms.validators import Length, ValidationError

from ..forms import WebForm
from .planning import parse_offsets


class ConfirmForm(WebForm):
    """A button: only the CSRF token is checked."""


class ChoicesForm(WebForm):
    """The per-kind check boxes (``wanted``: a list of kinds) are read from the request."""


class TimesForm(WebForm):
    use_default = BooleanField(_l("Use the default reminder times"))
    offsets = StringField(
        _l("Reminder times before the meeting"),
        validators=[Length(max=100)],
        description=_l('For example "2d 2h": two days and two hours before. Empty: no reminders.'),
    )

    def validate_offsets(self, field) -> None:
        if not self.use_default.data and parse_offsets(field.data or "") is None:
            raise ValidationError(
                _l(
                    'Write the times as days, hours or minutes, e.g. "2d 2h" or "30m", '
                    "at most 14 days."
                )
            )
