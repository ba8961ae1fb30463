"""Forms: answering an invitation, adding a guest, and the confirm-only actions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from ..forms import WebForm
from ..i18n import language_names
from .enums import ParticipantRole
from .invitees import ANSWER_ACTIONS, ANSWERS, MAX_COMMENT, ROLE_LABELS


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _strip_lower(value: str | None) -> str | None:
    return value.strip().lower() if isinstance(value, str) else value


class AnswerForm(WebForm):
    """Accept, tentative or decline, with an optional comment. On the meeting page each
    answer is a submit button named ``answer``; on the link's page, radio buttons."""

    answer = RadioField(
        _l("Your answer"),
        choices=[SelectChoice(a.value, ANSWER_ACTIONS[a]) for a in ANSWERS],
        validators=[InputRequired(message=_l("Choose an answer."))],
    )
    comment = TextAreaField(
        _l("Comment (optional)"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=MAX_COMMENT, message=_l("At most %(num)d characters.", num=MAX_COMMENT)),
        ],
        render_kw={"rows": 3},
    )


def _invited_as() -> SelectField:
    """As whom a guest is invited: a participant, or optional."""
    return SelectField(
        _l("Invited as"),
        choices=[
            SelectChoice(r.value, ROLE_LABELS[r].neutral)
            for r in (ParticipantRole.REQUIRED, ParticipantRole.OPTIONAL)
        ],
        default=ParticipantRole.REQUIRED.value,
    )


class _OrganisationChoice:
    """A form's ``organisation_id`` menu: "— none —" (or ``no_organisation``) and the
    organisations offered; a posted id must be one of them."""

    organisation_id: SelectField
    #: The first choice of the organisation menu.
    no_organisation = _l("— none —")

    def _offer_organisations(self, organisations: list[tuple[int, str]] | None) -> None:
        self._organisation_ids = {oid for oid, _ in organisations or []}
        self.organisation_id.choices = [SelectChoice("", self.no_organisation)] + [
            SelectChoice(str(oid), name) for oid, name in organisations or []
        ]

    def validate_organisation_id(self, field) -> None:
        if field.data and (
            not field.data.isdecimal() or int(field.data) not in self._organisation_ids
        ):
            raise ValidationError(_l("Choose an organisation from the list."))

    @property
    def organisation_out(self) -> int | None:
        return int(self.organisation_id.data) if self.organisation_id.data else None


class GuestForm(_OrganisationChoice, WebForm):
    """The assistant invites a guest by e-mail address."""

    name = StringField(
        _l("Name"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Enter the guest's name.")),
            Length(max=200, message=_l("At most %(num)d characters.", num=200)),
        ],
    )
    email = EmailField(
        _l("E-mail address"),
        filters=[_strip_lower],
        validators=[
            DataRequired(message=_l("Enter the guest's e-mail address.")),
            Email(message=_l("Enter an e-mail address like name@example.org.")),
            Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
        ],
    )
    organisation_id = SelectField(_l("Organisation"), choices=[], validate_choice=False)
    role = _invited_as()
    language = SelectField(
        _l("Language of the invitation"),
        choices=[],
        default="",
        validate_choice=True,
        invalid_choice_message=_l("Choose a language from the list."),
    )

    def __init__(self, *args, organisations: list[tuple[int, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [
            SelectChoice("", _l("the group's language")),
            *(SelectChoice(code, name) for code, name in language_names()),
        ]
        self._offer_organisations(organisations)


class ConfirmForm(WebForm):
    """A button that changes something: only the CSRF token."""


class _ManyForm(_OrganisationChoice, WebForm):
    """What every way of inviting many people asks besides the people: the organisation
    (of those a list names none for) and as whom they are invited."""

    organisation_id = SelectField(_l("Organisation"), choices=[], validate_choice=False)
    role = _invited_as()

    def __init__(self, *args, organisations: list[tuple[int, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_organisations(organisations)

    @property
    def role_out(self) -> ParticipantRole:
        return ParticipantRole(self.role.data)


class OrganisationInviteForm(_ManyForm):
    """Invite everyone with an account at an organisation (each in their own language)."""

    no_organisation = _l("— choose —")

    def validate_organisation_id(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Choose an organisation."))
        super().validate_organisation_id(field)


class _ListForm(_ManyForm):
    """A list of addresses: guests without an account get the invitation in a language."""

    language = SelectField(
        _l("Language of the invitation"),
        choices=[],
        default="",
        validate_choice=True,
        invalid_choice_message=_l("Choose a language from the list."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [
            SelectChoice("", _l("the group's language")),
            *(SelectChoice(code, name) for code, name in language_names()),
        ]


class PastedListForm(_ListForm):
    """A list of addresses pasted from a mail program or a spreadsheet."""

    addresses = TextAreaField(
        _l("Addresses, one per line"),
        validators=[DataRequired(message=_l("Paste the addresses to invite."))],
        render_kw={"rows": 10, "spellcheck": "false"},
    )


class CsvListForm(_ListForm):
    """A CSV file with the columns name, e-mail address and organisation (optional)."""

    file = FileField(_l("CSV file"))

    def validate_file(self, field) -> None:
        if not field.data or not getattr(field.data, "filename", None):
            raise ValidationError(_l("Choose a CSV file."))


class ConfirmListForm(_ListForm):
    """The preview's confirm button: the rows shown and the choices made with the list."""

    rows = HiddenField()
