"""Helpers shared by the forms of several domains."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm


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
