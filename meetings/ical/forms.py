"""Forms: following a group by e-mail, and the buttons that change state (CSRF only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Email, Length

from ..forms import WebForm


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _strip_lower(value: str | None) -> str | None:
    return value.strip().lower() if isinstance(value, str) else value


class FollowForm(WebForm):
    """Anyone asks to receive a public group's new meetings by e-mail."""

    name = StringField(
        _l("Name"),
        filters=[_strip],
        validators=[Length(max=200, message=_l("At most %(num)d characters.", num=200))],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        _l("E-mail address"),
        filters=[_strip_lower],
        validators=[
            DataRequired(message=_l("Enter your e-mail address.")),
            Email(message=_l("Enter an e-mail address like name@example.org.")),
            Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
        ],
        render_kw={"autocomplete": "email"},
    )


class ConfirmForm(WebForm):
    """A button that changes state: only the CSRF token."""
