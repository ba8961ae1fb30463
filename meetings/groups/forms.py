"""Forms for organisations, working groups and their members."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from ..auth.forms import validate_time_zone
from ..auth.services import organisation_choices, time_zone_names
from ..documents.letterhead import LogoRefused, logo_type
from ..forms import ALARM_CHOICES, MergingForm, SubForm, WebForm, alarm_label, give_unique_ids
from ..i18n import HOME_ZONES, LANGUAGE_NAMES, WEEKDAY_NAMES, zone_choices
from . import services
from .enums import Language, QuorumRule, Role
from .labels import QUORUM_RULE_LABELS, ROLE_LABELS
from .minutes_sections import DEFAULT_HEADINGS, MAX_HEADING, SECTION_KEYS, sections_of
from .models import WorkingGroup

WEEKDAYS = WEEKDAY_NAMES


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _strip_lower(value: str | None) -> str | None:
    return value.strip().lower() if isinstance(value, str) else value


def _strip_upper(value: str | None) -> str | None:
    return value.strip().upper() if isinstance(value, str) else value


def _optional_id(value: Any) -> int | None:
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class _TimeField(TimeField):
    """A time of day (HH:MM) whose parse error speaks our words."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist and not any(v.strip() for v in valuelist):
            self.data = None
            return
        try:
            super().process_formdata([v.strip() for v in valuelist])
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a time like 7:30 or 15:30.")) from None


class _IntegerField(IntegerField):
    """A whole number whose parse error speaks our words."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist and not valuelist[0].strip():
            self.data = None
            return
        try:
            super().process_formdata([valuelist[0].strip()] if valuelist else valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a whole number, for example 5.")) from None


def _email_field(label, *, required: bool) -> EmailField:
    first = (
        DataRequired(message=_l("Enter an e-mail address."))
        if required
        else Optional(strip_whitespace=True)
    )
    return EmailField(
        label,
        filters=[_strip_lower],
        validators=[
            first,
            Email(message=_l("Enter an e-mail address like name@example.org.")),
            Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
        ],
    )


def _organisation_field(label) -> SelectField:
    return SelectField(
        label,
        coerce=_optional_id,
        choices=[],
        validate_choice=True,
        invalid_choice_message=_l("Choose an organisation from the list."),
    )


def _organisation_choices(current: int | None = None) -> list[SelectChoice]:
    return [
        SelectChoice("", str(_l("— none —"))),
        *(SelectChoice(str(id_), name) for id_, name in organisation_choices(current)),
    ]


def _role_choices() -> list[SelectChoice]:
    return [SelectChoice(r.value, str(ROLE_LABELS[r])) for r in Role]


def _language_choices() -> list[SelectChoice]:
    return [
        SelectChoice(lang.value, LANGUAGE_NAMES.get(lang.value, lang.value)) for lang in Language
    ]


# --- working groups ------------------------------------------------------------------------


#: The largest quorum a group may set: more people than any working group has, and a
#: number every database column holds.
MAX_QUORUM = 10_000
#: Highest number a group may give its next meeting.
MAX_MEETING_NUMBER = 100_000


class GroupForm(MergingForm):
    name = StringField(
        _l("Name"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Enter the name of the group.")),
            Length(max=300, message=_l("A name has at most 300 characters.")),
        ],
    )
    slug = StringField(
        _l("Short address"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Enter a short address for the group's page.")),
            Length(max=100, message=_l("The short address has at most 100 characters.")),
            Regexp(
                r"^[a-z0-9]+(-[a-z0-9]+)*$",
                message=_l(
                    "Use only lower-case letters a–z, digits and hyphens, "
                    "for example socialni-sluzby."
                ),
            ),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    description = TextAreaField(_l("Description"), filters=[_strip])
    goals = TextAreaField(_l("Goals"), filters=[_strip])
    parent_body = StringField(
        _l("Parent body"),
        filters=[_strip],
        validators=[Length(max=300, message=_l("At most 300 characters."))],
    )
    lead_organisation = _organisation_field(_l("Lead organisation"))
    language = SelectField(
        _l("Language of documents"),
        choices=[],
        validate_choice=True,
        invalid_choice_message=_l("Choose a language from the list."),
    )
    timezone = SelectField(
        _l("Time zone"),
        choices=[],
        filters=[_strip],
        validators=[DataRequired(message=_l("Choose a time zone.")), validate_time_zone],
        validate_choice=False,  # any zone known to the system (an old one kept as it was)
    )
    is_public = BooleanField(_l("Public group (its meetings and published minutes are public)"))
    shows_online_link_publicly = BooleanField(_l("Show the online link of its meetings publicly"))
    contact_email = _email_field(_l("Contact e-mail"), required=False)
    quorum = _IntegerField(
        _l("Quorum"),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=MAX_QUORUM,
                message=_l("The quorum is a whole number from 1 to %(max)d.", max=MAX_QUORUM),
            ),
        ],
    )
    quorum_rule = SelectField(
        _l("Quorum rule"),
        choices=[],
        default=QuorumRule.COUNT.value,
        validate_choice=True,
        invalid_choice_message=_l("Choose a quorum rule from the list."),
    )

    next_meeting_number = _IntegerField(
        _l("Number of the next meeting"),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=MAX_MEETING_NUMBER,
                message=_l(
                    "The number of the next meeting is a whole number from 1 to %(max)d.",
                    max=MAX_MEETING_NUMBER,
                ),
            ),
        ],
    )

    alarm_minutes = SelectField(
        _l("Reminder in invitations"),
        choices=[],
        default="1440",
        validate_choice=True,
        invalid_choice_message=_l("Choose a reminder from the list."),
    )

    def __init__(self, *args, group: WorkingGroup | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._group = group
        self.alarm_minutes.choices = [
            SelectChoice(str(m), alarm_label(m)) for m in (0, *ALARM_CHOICES)
        ]
        self.language.choices = _language_choices()
        self.quorum_rule.choices = [
            SelectChoice(r.value, str(QUORUM_RULE_LABELS[r])) for r in QuorumRule
        ]
        self.timezone.choices = zone_choices(
            time_zone_names(), first=(self.timezone.data or "", *HOME_ZONES)
        )
        self.lead_organisation.choices = _organisation_choices(
            group.lead_organisation_id if group is not None else None
        )

    def validate_slug(self, field: StringField) -> None:
        if field.data and services.slug_taken(field.data, exclude=self._group):
            raise ValidationError(
                _l(
                    "The short address “%(slug)s” is already used by another group. "
                    "Choose another one.",
                    slug=field.data,
                )
            )

    def fields(self) -> services.GroupFields:
        return services.GroupFields(
            name=self.name.data,
            slug=self.slug.data,
            description=self.description.data,
            goals=self.goals.data,
            parent_body=self.parent_body.data,
            lead_organisation_id=self.lead_organisation.data,
            language=Language(self.language.data),
            timezone=self.timezone.data,
            is_public=bool(self.is_public.data),
            contact_email=self.contact_email.data,
            # The number counts only under the "count" rule; a share needs none.
            quorum=self.quorum.data if self._rule() == QuorumRule.COUNT else None,
            quorum_rule=self._rule(),
            alarm_minutes=int(self.alarm_minutes.data or 0),
            next_meeting_number=self.next_meeting_number.data,
            shows_online_link_publicly=bool(self.shows_online_link_publicly.data),
        )

    def _rule(self) -> QuorumRule:
        return QuorumRule(self.quorum_rule.data or QuorumRule.COUNT.value)

    @staticmethod
    def data_of(group: WorkingGroup) -> dict[str, Any]:
        return {
            "name": group.name,
            "slug": group.slug,
            "description": group.description or "",
            "goals": group.goals or "",
            "parent_body": group.parent_body or "",
            "lead_organisation": group.lead_organisation_id,
            "language": group.language.value,
            "timezone": group.timezone,
            "is_public": group.is_public,
            "shows_online_link_publicly": group.shows_online_link_publicly,
            "contact_email": group.contact_email or "",
            "quorum": group.quorum,
            "quorum_rule": group.quorum_rule.value,
            "alarm_minutes": str(group.alarm_minutes),
            "next_meeting_number": group.meeting_counter + 1,
        }


class ConfirmForm(WebForm):
    """A button that changes something: only the CSRF token."""


# --- members -------------------------------------------------------------------------------


def _role_field(label=None, default: Role | None = Role.MEMBER) -> SelectField:
    return SelectField(
        label or _l("Role"),
        choices=[],
        default=default.value if default else None,
        invalid_choice_message=_l("Choose a role from the list."),
        validate_choice=True,
    )


class AddMemberForm(WebForm):
    email = _email_field(_l("E-mail address"), required=True)
    role = _role_field()
    organisation = _organisation_field(_l("Represents (if not their own organisation)"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = _role_choices()
        self.organisation.choices = _organisation_choices()
        give_unique_ids(self, "add")


class InviteMemberForm(WebForm):
    name = StringField(
        _l("Name"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Enter the person's name.")),
            Length(max=200, message=_l("A name has at most 200 characters.")),
        ],
    )
    email = _email_field(_l("E-mail address"), required=True)
    organisation = _organisation_field(_l("Organisation"))
    role = _role_field()
    language = SelectField(
        _l("Language of the invitation"),
        choices=[],
        validate_choice=True,
        invalid_choice_message=_l("Choose a language from the list."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = _role_choices()
        self.organisation.choices = _organisation_choices()
        self.language.choices = _language_choices()
        give_unique_ids(self, "invite")


class ChangeRoleForm(WebForm):
    role = _role_field(default=None)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = _role_choices()
        self.role.validators = [DataRequired(message=_l("Choose a role."))]


# --- organisations -------------------------------------------------------------------------


class OfficeHoursRow(SubForm):
    """One weekday: both times, or neither (closed)."""

    # No Optional(): it would stop the check of a half-filled day in validate_closes.
    opens = _TimeField(_l("Opens"))
    closes = _TimeField(_l("Closes"))

    def validate_closes(self, field: TimeField) -> None:
        opens, closes = self.opens.data, field.data
        if self.opens.errors or (opens is None and closes is None):
            return
        if opens is None:
            raise ValidationError(
                _l("Enter the opening time too, or leave both times empty for a closed day.")
            )
        if closes is None:
            raise ValidationError(
                _l("Enter the closing time too, or leave both times empty for a closed day.")
            )
        if closes <= opens:
            raise ValidationError(_l("The closing time must be after the opening time."))


def uploaded_logo(field: FileField) -> services.Logo | None:
    """The image chosen in a logo field, read and checked; None when none was chosen."""
    upload = field.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    data = upload.read()
    try:
        return services.Logo(data, logo_type(data))
    except LogoRefused as error:
        raise ValidationError(str(error)) from error


class OrganisationForm(WebForm):
    name = StringField(
        _l("Name"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Enter the name of the organisation.")),
            Length(max=300, message=_l("A name has at most 300 characters.")),
        ],
    )
    short_name = StringField(
        _l("Short name"),
        filters=[_strip],
        validators=[Length(max=50, message=_l("At most 50 characters."))],
    )
    department = StringField(
        _l("Department"),
        filters=[_strip],
        validators=[Length(max=300, message=_l("At most 300 characters."))],
    )
    street = StringField(
        _l("Street and number"),
        filters=[_strip],
        validators=[Length(max=300, message=_l("At most 300 characters."))],
    )
    postcode = StringField(
        _l("Postcode"),
        filters=[_strip],
        validators=[Length(max=20, message=_l("At most 20 characters."))],
    )
    city = StringField(
        _l("City"),
        filters=[_strip],
        validators=[Length(max=120, message=_l("At most 120 characters."))],
    )
    country = StringField(
        _l("Country code"),
        filters=[_strip_upper],
        validators=[
            Optional(),
            Regexp(r"^[A-Z]{2}$", message=_l("Use the two-letter country code, e.g. SK or CZ.")),
        ],
    )
    phone = StringField(
        _l("Phone"),
        filters=[_strip],
        validators=[Length(max=120, message=_l("At most 120 characters."))],
    )
    email = _email_field(_l("E-mail address"), required=False)
    website = StringField(
        _l("Web site"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=500, message=_l("At most 500 characters.")),
            URL(message=_l("Enter a web address like https://www.example.org.")),
            Regexp(
                r"^https?://",
                message=_l("Enter a web address like https://www.example.org."),
            ),
        ],
    )
    registration_number = StringField(
        _l("Registration number"),
        filters=[_strip],
        validators=[Length(max=50, message=_l("At most 50 characters."))],
    )
    logo = FileField(_l("Logo"))
    remove_logo = BooleanField(_l("Remove the logo"))
    description = TextAreaField(_l("Description"), filters=[_strip])
    hours = FieldList(
        FormField(OfficeHoursRow), label=_l("Office hours"), min_entries=7, max_entries=7
    )

    @property
    def errors(self) -> dict[Any, list[str]]:
        """Office-hours errors as readable lines ("Monday: …") for the error summary."""
        errors = dict(super().errors)
        if "hours" in errors:
            lines = []
            for weekday, row in enumerate(self.hours.entries):
                for message in [*row.opens.errors, *row.closes.errors]:
                    lines.append(f"{WEEKDAYS[weekday]}: {message}")
            errors["hours"] = lines
        return errors

    def validate_logo(self, field: FileField) -> None:
        self.logo_upload = uploaded_logo(field)

    def fields(self) -> services.OrganisationFields:
        hours = {}
        for weekday, row in enumerate(self.hours.entries):
            if row.opens.data is not None and row.closes.data is not None:
                hours[weekday] = (row.opens.data, row.closes.data)
        return services.OrganisationFields(
            name=self.name.data,
            short_name=self.short_name.data,
            department=self.department.data,
            street=self.street.data,
            postcode=self.postcode.data,
            city=self.city.data,
            country=self.country.data,
            phone=self.phone.data,
            email=self.email.data,
            website=self.website.data,
            registration_number=self.registration_number.data,
            logo=getattr(self, "logo_upload", None),
            remove_logo=bool(self.remove_logo.data),
            description=self.description.data,
            office_hours=hours,
        )

    @staticmethod
    def data_of(organisation: Any) -> dict[str, Any]:
        by_day: dict[int, tuple[dt.time, dt.time]] = services.office_hours_by_weekday(organisation)
        return {
            "name": organisation.name,
            "short_name": organisation.short_name or "",
            "department": organisation.department or "",
            "street": organisation.street or "",
            "postcode": organisation.postcode or "",
            "city": organisation.city or "",
            "country": organisation.country or "",
            "phone": organisation.phone or "",
            "email": organisation.email or "",
            "website": organisation.website or "",
            "registration_number": organisation.registration_number or "",
            "description": organisation.description or "",
            "hours": [
                {"opens": by_day[d][0], "closes": by_day[d][1]}
                if d in by_day
                else {"opens": None, "closes": None}
                for d in range(7)
            ],
        }


def validate_reference_pattern(form: WebForm, field: StringField) -> None:
    if field.data and "{number}" not in field.data:
        raise ValidationError(
            _l("Put {number} in the pattern: two meetings would otherwise share a number.")
        )


class DocumentsForm(MergingForm):
    """How the group's documents are filed and what stands at their foot: the minutes'
    reference number, the funding statement and its logos; whether the minutes are
    verified before approval and whether invitations carry the invitation letter."""

    reference_pattern = StringField(
        _l("Reference number of the minutes"),
        filters=[_strip],
        validators=[
            Length(max=100, message=_l("At most 100 characters.")),
            validate_reference_pattern,
        ],
    )
    funding_line = TextAreaField(
        _l("Funding statement"),
        filters=[_strip],
        validators=[Length(max=1000, message=_l("At most 1,000 characters."))],
    )
    funding_logo = FileField(_l("Funding logos"))
    remove_funding_logo = BooleanField(_l("Remove the funding logos"))
    requires_minutes_verification = BooleanField(
        _l("The minutes are verified before the chair approves them")
    )
    attaches_invitation_letter = BooleanField(
        _l("Attach the invitation letter (PDF) to the invitation e-mails")
    )

    @staticmethod
    def data_of(group: WorkingGroup) -> dict[str, Any]:
        sections = {}
        for key, section in sections_of(group).items():
            sections[f"shows_{key}"] = section.shown
            sections[f"heading_{key}"] = section.own_heading
        return sections | {
            "reference_pattern": group.minutes_reference_pattern or "",
            "funding_line": group.funding_line or "",
            "remove_funding_logo": False,
            "requires_minutes_verification": group.requires_minutes_verification,
            "attaches_invitation_letter": group.attaches_invitation_letter,
        }

    def validate_funding_logo(self, field: FileField) -> None:
        self.logo_upload = uploaded_logo(field)

    def minutes_sections(self) -> dict[str, tuple[bool, str]]:
        """Each section of the minutes: shown or not, and the group's own heading."""
        return {
            key: (bool(self[f"shows_{key}"].data), self[f"heading_{key}"].data or "")
            for key in SECTION_KEYS
        }

    def section_fields(self) -> list[tuple[Any, Any]]:
        """(shown, heading) per section, for the page."""
        return [(self[f"shows_{key}"], self[f"heading_{key}"]) for key in SECTION_KEYS]


# One checkbox and one heading per section of the minutes.
for _key, _heading in DEFAULT_HEADINGS.items():
    setattr(DocumentsForm, f"shows_{_key}", BooleanField(_heading))
    setattr(
        DocumentsForm,
        f"heading_{_key}",
        StringField(
            _l("Heading of “%(section)s”", section=_heading),
            filters=[_strip],
            validators=[
                Length(max=MAX_HEADING, message=_l("At most %(num)d characters.", num=MAX_HEADING))
            ],
        ),
    )
