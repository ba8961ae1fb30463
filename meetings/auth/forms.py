"""Sign-in, password and account forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SearchField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ..forms import WebForm
from ..i18n import HOME_ZONES, GrammaticalGender, language_names, zone_choices
from .enums import ApiScope
from .services import MIN_PASSWORD_LENGTH, organisation_choices, time_zone_names

#: Longer passwords are refused only to keep hashing cheap for the server.
MAX_PASSWORD_LENGTH = 1000


def _strip_lower(value: str | None) -> str | None:
    return value.strip().lower() if isinstance(value, str) else value


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _email_field() -> EmailField:
    return EmailField(
        _l("E-mail address"),
        filters=[_strip_lower],
        validators=[
            DataRequired(message=_l("Enter your e-mail address.")),
            Email(message=_l("Enter an e-mail address like name@example.org.")),
            Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
        ],
        render_kw={"autocomplete": "email"},
    )


def _new_password_fields() -> tuple[PasswordField, PasswordField]:
    new = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(message=_l("Enter a new password.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=_l("Use at least %(num)d characters.", num=MIN_PASSWORD_LENGTH),
            ),
            Length(
                max=MAX_PASSWORD_LENGTH,
                message=_l("Use at most %(num)d characters.", num=MAX_PASSWORD_LENGTH),
            ),
        ],
        render_kw={"autocomplete": "new-password", "minlength": MIN_PASSWORD_LENGTH},
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(message=_l("Enter the new password a second time.")),
            EqualTo("new_password", message=_l("The two new passwords do not match.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return new, confirm


class SignInForm(WebForm):
    email = EmailField(
        _l("E-mail address"),
        filters=[_strip_lower],
        validators=[DataRequired(message=_l("Enter your e-mail address."))],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class ChangePasswordForm(WebForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    new_password, confirm_password = _new_password_fields()


class ResetRequestForm(WebForm):
    email = _email_field()


class SetPasswordForm(WebForm):
    """A new password, twice: for a reset link and for activating an invited account."""

    new_password, confirm_password = _new_password_fields()


def validate_time_zone(form: FlaskForm, field: StringField) -> None:
    if field.data and field.data not in time_zone_names():
        raise ValidationError(_l("Choose a time zone from the list."))


class AccountForm(WebForm):
    name = StringField(
        _l("Name"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Enter your name.")),
            Length(max=200, message=_l("A name has at most 200 characters.")),
        ],
        render_kw={"autocomplete": "name"},
    )
    locale = SelectField(
        _l("Language"),
        choices=[],
        validate_choice=True,
    )
    timezone = SelectField(
        _l("Time zone"),
        choices=[],
        filters=[_strip],
        validators=[validate_time_zone],
        validate_choice=False,  # any zone known to the system (an old one kept as it was)
    )

    organisation_id = SelectField(_l("Organisation"), choices=[], default="", validate_choice=True)
    grammatical_gender = SelectField(
        _l("Role and attendance labels"),
        choices=[
            ("", _l("Neutral forms")),
            (GrammaticalGender.FEMININE.value, _l("Feminine forms")),
            (GrammaticalGender.MASCULINE.value, _l("Masculine forms")),
        ],
        default="",
        validate_choice=True,
    )
    notify_meeting_changes = BooleanField(_l("E-mail me changes to meetings"))
    notify_minutes = BooleanField(_l("E-mail me published minutes"))

    def __init__(self, *args, current_organisation_id: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.timezone.choices = [
            ("", _l("Automatic (the group's or the site's time zone)")),
            *zone_choices(time_zone_names(), first=(self.timezone.data or "", *HOME_ZONES)),
        ]
        self.locale.choices = [("", _l("Browser default")), *language_names()]
        self.organisation_id.choices = [
            ("", _l("None")),
            *((str(id_), name) for id_, name in organisation_choices(current_organisation_id)),
        ]

    @property
    def organisation(self) -> int | None:
        return int(self.organisation_id.data) if self.organisation_id.data else None


class ApiTokenForm(WebForm):
    """A new personal API token: its name, lifetime and scope."""

    name = StringField(
        _l("Token name"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Name the token after the program that will use it.")),
            Length(max=100, message=_l("At most %(num)d characters.", num=100)),
        ],
    )
    days = SelectField(
        _l("Valid for"),
        choices=[
            ("30", _l("30 days")),
            ("90", _l("90 days")),
            ("365", _l("365 days")),
        ],
        default="90",
        validate_choice=True,
    )
    scope = SelectField(
        _l("Access"),
        choices=[
            (ApiScope.READ.value, _l("Read only")),
            (ApiScope.WRITE.value, _l("Read and answer invitations")),
        ],
        default=ApiScope.READ.value,
        validate_choice=True,
    )


class UserSearchForm(WebForm):
    """The search box of the user list (a GET form: no CSRF token needed)."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Name or e-mail"),
        filters=[_strip],
        validators=[Length(max=200, message=_l("At most %(num)d characters.", num=200))],
    )
