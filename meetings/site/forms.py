"""The filters of the audit log page (a GET form: no CSRF token needed)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SearchField, SelectField
from wtforms.validators import Length, Optional, ValidationError

from .. import audit
from ..forms import WebForm, strip, within_years


class AuditFilterForm(WebForm):
    class Meta:
        csrf = False

    action = SelectField(_l("What"), choices=[], default="")
    person = SearchField(
        _l("Who (name, e-mail or detail)"),
        filters=[strip],
        validators=[Length(max=200, message=_l("At most %(num)d characters.", num=200))],
    )
    group = SelectField(_l("Working group"), choices=[], default="")
    since = DateField(
        _l("From"),
        validators=[Optional(), within_years],
        format="%Y-%m-%d",
    )
    until = DateField(_l("Until"), validators=[Optional(), within_years], format="%Y-%m-%d")

    def __init__(self, *args, groups: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.action.choices = [("", _l("All acts"))] + [
            (key, audit.action_label(key)) for key in audit.ACTIONS
        ]
        self.group.choices = [("", _l("All groups"))] + [(str(i), name) for i, name in groups]

    def validate_until(self, field: DateField) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end comes before the start."))
