"""Forms of the minutes: the editor (a grid of texts, decisions and tasks per agenda item),
the attendance register, workflow actions, review comments and task status.

The editor and the register have as many fields as the agenda has items and the meeting
invitees, so they are read by ``read_editor`` / ``read_attendance`` (every field checked,
every typed value kept for the page shown again); the small forms are WTForms. CSRF is
checked for every POST by the application's CSRFProtect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..forms import YEARS_MESSAGE, WebForm, year_in_range
from ..invitations.enums import Attendance
from .enums import ActionStatus, VoteChoice
from .models import ActionItem, Decision
from .services import (
    ACTION_STATUS_LABELS,
    ATTENDANCE_LABELS,
    MAX_COMMENT,
    MAX_TEXT,
    ActionChange,
    AttendanceChange,
    AttendanceRow,
    DecisionChange,
    ItemRow,
    MinutesTexts,
    Voter,
)
from .services.attendance import COUNTED, arrives_after_leaving

#: Longest decision or task text.
MAX_ITEM_TEXT = 5_000
#: Largest vote count accepted.
MAX_VOTES = 100_000

_NUMBER_MESSAGE = _l("Enter a whole number, 0 or more.")
_DATE_MESSAGE = _l("Enter the date as day, month and year (for example 2018-04-06).")
_CHOICE_MESSAGE = _l("Choose one of the offered options.")


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


# --- the editor --------------------------------------------------------------------------------


@dataclass
class EditorInput:
    """What the editor sent: the checked data, the raw values (to show again) and errors."""

    texts: MinutesTexts
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    version: int | None = None
    #: "decision-12" / "action-3": the row whose remove button was pressed.
    remove: str | None = None

    @property
    def valid(self) -> bool:
        return not self.errors and self.version is not None


def _int_or_error(raw: str, errors: dict[str, str], name: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        errors[name] = str(_NUMBER_MESSAGE)
        return None
    if not 0 <= value <= MAX_VOTES:
        errors[name] = str(_NUMBER_MESSAGE)
        return None
    return value


def _id_or_error(raw: str, allowed: set[int], errors: dict[str, str], name: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value not in allowed:
        errors[name] = str(_CHOICE_MESSAGE)
        return None
    return value


def _date_or_error(raw: str, errors: dict[str, str], name: str) -> dt.date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        errors[name] = str(_DATE_MESSAGE)
        return None
    if not year_in_range(value):
        errors[name] = str(YEARS_MESSAGE)
        return None
    return value


def _text_or_error(raw: str, limit: int, errors: dict[str, str], name: str) -> str:
    if len(raw) > limit:
        errors[name] = str(_l("At most %(num)d characters.", num=limit))
    return raw


def editor_values(
    texts: Mapping[str, str | None],
    rows: Iterable[ItemRow],
    decisions: Iterable[Decision],
    actions: Iterable[ActionItem],
) -> dict[str, str]:
    """The editor's fields filled from the saved minutes (field name → value)."""
    values = {name: texts.get(name) or "" for name in ("opening", "closing", "next_meeting")}
    for row in rows:
        values[row.key] = row.text
    for d in decisions:
        prefix = f"decision-{d.id}"
        values[f"{prefix}-text"] = d.text
        for name, number in (
            ("for", d.votes_for),
            ("against", d.votes_against),
            ("abstaining", d.votes_abstaining),
        ):
            values[f"{prefix}-{name}"] = "" if number is None else str(number)
    for a in actions:
        prefix = f"action-{a.id}"
        values[f"{prefix}-text"] = a.text
        values[f"{prefix}-owner"] = str(a.owner_id or "")
        values[f"{prefix}-organisation"] = str(a.owner_organisation_id or "")
        values[f"{prefix}-due"] = a.due_on.isoformat() if a.due_on else ""
        values[f"{prefix}-status"] = str(a.status)
    return values


def slot_keys(rows: Iterable[ItemRow]) -> list[str]:
    """Where new decisions and tasks may be added: each agenda item, and "0" for none."""
    return [str(r.agenda_item_id) for r in rows if r.agenda_item_id is not None] + ["0"]


def read_editor(
    formdata: Mapping[str, str],
    rows: list[ItemRow],
    decisions: list[Decision],
    actions: list[ActionItem],
    owner_ids: set[int],
    organisation_ids: set[int],
) -> EditorInput:
    """Check everything the editor sent; nothing typed is dropped from ``values``."""
    values = {name: formdata.get(name, "") for name in formdata}
    errors: dict[str, str] = {}
    texts = MinutesTexts()
    for name in ("opening", "closing", "next_meeting"):
        setattr(texts, name, _text_or_error(formdata.get(name, ""), MAX_TEXT, errors, name))
    for row in rows:
        if row.key not in formdata:
            continue
        text = _text_or_error(formdata.get(row.key, ""), MAX_TEXT, errors, row.key)
        if row.agenda_item_id is not None:
            texts.items[row.agenda_item_id] = text
        else:
            texts.orphans[int(row.key.removeprefix("entry-"))] = text

    remove = formdata.get("remove") or None
    item_of = {}
    for d in decisions:
        prefix = f"decision-{d.id}"
        item_of[prefix] = d.agenda_item_id
        if f"{prefix}-text" not in formdata:
            continue
        change = _read_decision(formdata, prefix, errors, d.id, d.agenda_item_id)
        change.remove = remove == prefix
        if change.remove:
            errors = {k: v for k, v in errors.items() if not k.startswith(prefix + "-")}
        elif not change.text.strip():
            errors[f"{prefix}-text"] = str(_l("Enter the decision's text, or remove it."))
        texts.decisions.append(change)
    for a in actions:
        prefix = f"action-{a.id}"
        if f"{prefix}-text" not in formdata:
            continue
        change = _read_action(
            formdata, prefix, errors, a.id, a.agenda_item_id, owner_ids, organisation_ids
        )
        change.remove = remove == prefix
        if change.remove:
            errors = {k: v for k, v in errors.items() if not k.startswith(prefix + "-")}
        elif not change.text.strip():
            errors[f"{prefix}-text"] = str(_l("Enter the task, or remove it."))
        texts.actions.append(change)

    for key in slot_keys(rows):
        item_id = int(key) or None
        prefix = f"new-decision-{key}"
        decision = _read_decision(formdata, prefix, errors, None, item_id)
        filled = _any_filled(formdata, prefix, ("for", "against", "abstaining"))
        if decision.text.strip():
            texts.decisions.append(decision)
        elif filled:
            errors[f"{prefix}-text"] = str(_l("Enter the decision's text."))
        prefix = f"new-action-{key}"
        action = _read_action(formdata, prefix, errors, None, item_id, owner_ids, organisation_ids)
        filled = _any_filled(formdata, prefix, ("owner", "organisation", "due"))
        if action.text.strip():
            texts.actions.append(action)
        elif filled:
            errors[f"{prefix}-text"] = str(_l("Enter the task."))

    try:
        version = int(formdata.get("version", ""))
    except ValueError:
        version = None
    return EditorInput(texts=texts, values=values, errors=errors, version=version, remove=remove)


def _any_filled(formdata: Mapping[str, str], prefix: str, names: Iterable[str]) -> bool:
    return any(formdata.get(f"{prefix}-{n}", "").strip() for n in names)


def _read_decision(
    formdata: Mapping[str, str],
    prefix: str,
    errors: dict[str, str],
    id: int | None,
    item_id: int | None,
) -> DecisionChange:
    def raw(name: str) -> tuple[str, dict[str, str], str]:
        return formdata.get(f"{prefix}-{name}", ""), errors, f"{prefix}-{name}"

    return DecisionChange(
        id=id,
        agenda_item_id=item_id,
        text=_text_or_error(
            formdata.get(f"{prefix}-text", ""), MAX_ITEM_TEXT, errors, f"{prefix}-text"
        ),
        votes_for=_int_or_error(*raw("for")),
        votes_against=_int_or_error(*raw("against")),
        votes_abstaining=_int_or_error(*raw("abstaining")),
    )


def _read_action(
    formdata: Mapping[str, str],
    prefix: str,
    errors: dict[str, str],
    id: int | None,
    item_id: int | None,
    owner_ids: set[int],
    organisation_ids: set[int],
) -> ActionChange:
    status_raw = formdata.get(f"{prefix}-status", ActionStatus.OPEN.value) or "open"
    try:
        status = ActionStatus(status_raw)
    except ValueError:
        errors[f"{prefix}-status"] = str(_CHOICE_MESSAGE)
        status = ActionStatus.OPEN

    def raw(name: str) -> str:
        return formdata.get(f"{prefix}-{name}", "")

    return ActionChange(
        id=id,
        agenda_item_id=item_id,
        text=_text_or_error(raw("text"), MAX_ITEM_TEXT, errors, f"{prefix}-text"),
        owner_id=_id_or_error(raw("owner"), owner_ids, errors, f"{prefix}-owner"),
        owner_organisation_id=_id_or_error(
            raw("organisation"), organisation_ids, errors, f"{prefix}-organisation"
        ),
        due_on=_date_or_error(raw("due"), errors, f"{prefix}-due"),
        status=status,
    )


# --- the attendance register ---------------------------------------------------------------


@dataclass
class AttendanceInput:
    #: The rows that are consistent (saved even when other rows are not).
    changes: list[AttendanceChange]
    values: dict[str, str]
    errors: dict[str, str]


def attendance_values(rows: Iterable[AttendanceRow]) -> dict[str, str]:
    values = {}
    for row in rows:
        values[f"attendance-{row.invitation_id}"] = str(row.attendance)
        values[f"represented-{row.invitation_id}"] = row.represented_by
        values[f"left-{row.invitation_id}"] = str(row.left_after_item_id or "")
        values[f"arrived-{row.invitation_id}"] = str(row.arrived_before_item_id or "")
    return values


def read_attendance(
    formdata: Mapping[str, str],
    rows: Iterable[AttendanceRow],
    item_ids: Iterable[int] = (),
    spans: Mapping[int, tuple[int, int]] | None = None,
) -> AttendanceInput:
    """Each row's attendance, substitute, the agenda item after which they left and the
    one before which they arrived (each one of ``item_ids``, or empty); a substitute needs
    "represented by"; only someone who took part arrives or leaves, and never arrives
    after leaving (``spans``: each item's place in the agenda, see ``item_spans``).

    A row is checked on its own: ``changes`` holds the consistent rows, ``errors`` the
    messages of the others (whose typed values stay in ``values``)."""
    items = set(item_ids)
    values = {name: formdata.get(name, "") for name in formdata}
    errors: dict[str, str] = {}
    changes = []
    for row in rows:
        name = f"attendance-{row.invitation_id}"
        if name not in formdata:
            continue
        try:
            attendance = Attendance(formdata.get(name, ""))
        except ValueError:
            errors[name] = str(_CHOICE_MESSAGE)
            continue
        substitute_name = f"represented-{row.invitation_id}"
        substitute = " ".join(formdata.get(substitute_name, "").split())
        if len(substitute) > 200:
            errors[substitute_name] = str(_l("At most %(num)d characters.", num=200))
        elif attendance == Attendance.REPRESENTED and not substitute:
            errors[substitute_name] = str(_l("Enter the name of the substitute."))
        elif substitute and attendance != Attendance.REPRESENTED:
            errors[substitute_name] = str(
                _l("A substitute is recorded with “Represented by”; choose it or clear the name.")
            )
        left_name = f"left-{row.invitation_id}"
        left = row.left_after_item_id
        if left_name in formdata:
            raw = formdata.get(left_name, "").strip()
            left = int(raw) if raw.isdigit() and int(raw) in items else None
            if raw and left is None:
                errors[left_name] = str(_l("Choose an item of the agenda from the list."))
            elif left is not None and attendance not in COUNTED:
                errors[left_name] = str(
                    _l("Only someone who took part can leave: clear the item or the attendance.")
                )
        arrived_name = f"arrived-{row.invitation_id}"
        arrived = row.arrived_before_item_id
        if arrived_name in formdata:
            raw = formdata.get(arrived_name, "").strip()
            arrived = int(raw) if raw.isdigit() and int(raw) in items else None
            if raw and arrived is None:
                errors[arrived_name] = str(_l("Choose an item of the agenda from the list."))
            elif arrived is not None and attendance not in COUNTED:
                errors[arrived_name] = str(
                    _l(
                        "Only someone who took part can arrive during the meeting: clear the "
                        "item or the attendance."
                    )
                )
            elif left_name not in errors and arrives_after_leaving(spans or {}, arrived, left):
                errors[arrived_name] = str(
                    _l(
                        "The arrival is after the item the person left after: correct one "
                        "of the two."
                    )
                )
        if substitute_name in errors or left_name in errors or arrived_name in errors:
            continue
        changes.append(
            AttendanceChange(row.invitation_id, attendance, substitute or None, left, arrived)
        )
    return AttendanceInput(changes=changes, values=values, errors=errors)


# --- the vote by name (roll-call) ----------------------------------------------------------


@dataclass
class RollCallInput:
    #: user id → choice, for every voter whose choice was valid.
    choices: dict[int, VoteChoice]
    values: dict[str, str]
    errors: dict[str, str]


def roll_call_values(saved: Mapping[int, VoteChoice]) -> dict[str, str]:
    """The vote by name's fields filled from what is saved (``vote-<user id>`` → choice)."""
    return {f"vote-{user_id}": str(choice) for user_id, choice in saved.items()}


def read_roll_call(formdata: Mapping[str, str], voters: Iterable[Voter]) -> RollCallInput:
    """One choice (for, against, abstain, not voting) for each voting member present at
    the decision. A choice for anyone else, an unknown choice or a member left without a
    choice is an error; nothing typed is dropped from ``values``."""
    voters = list(voters)
    allowed = {str(v.user_id) for v in voters}
    values = {name: formdata.get(name, "") for name in formdata if name.startswith("vote-")}
    errors: dict[str, str] = {}
    if any(name.removeprefix("vote-") not in allowed for name in values):
        errors["votes"] = str(
            _l("A vote can be recorded only for voting members present at the decision.")
        )
    choices = {}
    for voter in voters:
        name = f"vote-{voter.user_id}"
        raw = formdata.get(name, "").strip()
        if not raw:
            errors[name] = str(_l("Choose how %(name)s voted.", name=voter.name))
            continue
        try:
            choices[voter.user_id] = VoteChoice(raw)
        except ValueError:
            errors[name] = str(_CHOICE_MESSAGE)
    return RollCallInput(choices=choices, values=values, errors=errors)


def attendance_choices() -> list[tuple[str, str]]:
    return [(a.value, str(label)) for a, label in ATTENDANCE_LABELS.items()]


def action_status_choices() -> list[tuple[str, str]]:
    return [(s.value, str(label)) for s, label in ACTION_STATUS_LABELS.items()]


# --- small forms ---------------------------------------------------------------------------


class _ChoiceField(SelectField):
    """A select whose "not a valid choice" message speaks our words."""

    def pre_validate(self, form: Any) -> None:
        try:
            super().pre_validate(form)
        except ValidationError:
            raise ValidationError(_CHOICE_MESSAGE) from None


def _optional_id(value: Any) -> int | None:
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


class ConfirmForm(WebForm):
    """A button that changes something (submit, approve, publish): only the CSRF token."""


class ReturnForm(WebForm):
    comment = TextAreaField(
        _l("What should be changed"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Say what should be changed: the assistant sees your comment.")),
            Length(max=MAX_COMMENT),
        ],
    )


class CorrectionForm(WebForm):
    reason = TextAreaField(
        _l("Reason for the correction"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Give the reason for the correction; readers see it.")),
            Length(max=MAX_COMMENT),
        ],
    )


class CommentForm(WebForm):
    agenda_item_id = HiddenField()
    text = TextAreaField(
        _l("Your comment"),
        filters=[_strip],
        validators=[DataRequired(_l("Write the comment first.")), Length(max=MAX_COMMENT)],
    )


class GuestForm(WebForm):
    name = StringField(
        _l("Name"),
        filters=[_strip],
        validators=[DataRequired(_l("Enter the guest's name.")), Length(max=200)],
    )
    organisation_id = _ChoiceField(_l("Organisation"), coerce=_optional_id)
    email = StringField(
        _l("E-mail address (optional)"),
        filters=[_strip],
        validators=[Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=254)],
    )

    def __init__(self, *args: Any, organisations: Iterable[tuple[int, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = [
            SelectChoice(None, str(_l("— none —"))),
            *(SelectChoice(i, name) for i, name in organisations),
        ]


class TaskStatusForm(WebForm):
    status = _ChoiceField(
        _l("Status"),
        choices=[SelectChoice(s.value, label) for s, label in ACTION_STATUS_LABELS.items()],
    )


class SignatoriesForm(WebForm):
    """Who recorded the minutes and who verifies them, chosen among the members."""

    recorded_by = _ChoiceField(_l("Recorded by"), coerce=_optional_id)
    verified_by = _ChoiceField(_l("Verified by"), coerce=_optional_id)

    def __init__(self, *args: Any, people: Iterable[tuple[int, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [
            SelectChoice(None, str(_l("— none —"))),
            *(SelectChoice(i, name) for i, name in people),
        ]
        self.recorded_by.choices = list(choices)
        self.verified_by.choices = list(choices)
