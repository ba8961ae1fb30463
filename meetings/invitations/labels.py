"""The words of an invitee's attendance as the minutes record it, said of the person, so
gendered where the language is ("Přítomna", "Přítomen"): the minutes' register and PDF
and the export of answers and attendance say them alike."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from ..i18n import GenderedLabel
from .enums import Attendance

ATTENDANCE_LABELS = {
    Attendance.PRESENT: GenderedLabel(
        _l("Present"), lazy_pgettext("woman", "Present"), lazy_pgettext("man", "Present")
    ),
    Attendance.ONLINE: GenderedLabel(
        _l("Present online"),
        lazy_pgettext("woman", "Present online"),
        lazy_pgettext("man", "Present online"),
    ),
    Attendance.EXCUSED: GenderedLabel(
        _l("Excused"), lazy_pgettext("woman", "Excused"), lazy_pgettext("man", "Excused")
    ),
    Attendance.ABSENT: GenderedLabel(
        _l("Absent"), lazy_pgettext("woman", "Absent"), lazy_pgettext("man", "Absent")
    ),
    Attendance.REPRESENTED: GenderedLabel(
        _l("Represented by"),
        lazy_pgettext("woman", "Represented by"),
        lazy_pgettext("man", "Represented by"),
    ),
}
