"""The invitees of a meeting with their answers and attendance, as a spreadsheet: CSV and
XLSX, with the column headings in the reader's language.

CSV as Czech, Slovak, Hungarian and Latvian Excel open it with a double click: UTF-8 with
a BOM (without it Excel reads the bytes as Windows-1250 and "Nováková" becomes
"NovĂˇkovĂˇ"), separated by semicolons (the list separator of those locales, where the
comma is the decimal sign), lines ending in CRLF. A cell a spreadsheet would take for a
formula (starting with =, +, - or @) is written with a leading apostrophe, so that a
name typed by a guest can never run as one (CSV injection). The XLSX has the same rows,
the time of the answer as a date and time cell, and every text cell as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from ..documents.rendered import file_slug
from ..scheduling.models import Meeting
from .enums import Attendance
from .invitees import ANSWER_LABELS, ROLE_LABELS, invitations_of, invitee_email, invitee_name
from .labels import ATTENDANCE_LABELS

#: Separator of the CSV export (see the module's docstring).
CSV_DELIMITER = ";"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ExportRow:
    name: str
    organisation: str
    email: str
    role: str
    answer: str
    #: When the person answered, in the meeting's time zone (naive, local); None: not yet.
    answered_at: dt.datetime | None
    attendance: str
    comment: str


def headings() -> list[str]:
    """The column headings in the active language."""
    return [
        _("Name"),
        _("Organisation"),
        _("E-mail"),
        _("Invited as"),
        _("Answer"),
        _("Answered at"),
        _("Attendance"),
        _("Comment"),
    ]


def export_rows(meeting: Meeting) -> list[ExportRow]:
    """Everyone invited, by name, with the words of the active language. One query."""
    zone = ZoneInfo(meeting.timezone)
    rows = []
    for invitation in invitations_of(meeting):
        gender = invitation.user.grammatical_gender if invitation.user else None
        attendance = ""
        if invitation.attendance is not None:
            attendance = ATTENDANCE_LABELS[invitation.attendance].of(gender)
            if invitation.attendance == Attendance.REPRESENTED and invitation.represented_by:
                attendance = f"{attendance} {invitation.represented_by}"
        answered = invitation.responded_at
        rows.append(
            ExportRow(
                name=invitee_name(invitation),
                organisation=invitation.organisation.name if invitation.organisation else "",
                email=invitee_email(invitation),
                role=ROLE_LABELS[invitation.role].of(gender),
                answer=str(ANSWER_LABELS[invitation.rsvp]),
                answered_at=(
                    answered.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
                    if answered
                    else None
                ),
                attendance=attendance,
                comment=invitation.rsvp_comment or "",
            )
        )
    return rows


def _cells(row: ExportRow) -> list:
    return [
        row.name,
        row.organisation,
        row.email,
        row.role,
        row.answer,
        row.answered_at,
        row.attendance,
        row.comment,
    ]


def _as_text(value: str) -> str:
    """A text cell that no spreadsheet reads as a formula."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def export_csv(meeting: Meeting) -> bytes:
    """The CSV file (UTF-8 with BOM, ";" separated, CRLF)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(headings())
    for row in export_rows(meeting):
        writer.writerow(
            [
                f"{value:%Y-%m-%d %H:%M}"
                if isinstance(value, dt.datetime)
                else _as_text(value or "")
                for value in _cells(row)
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def export_xlsx(meeting: Meeting) -> bytes:
    """The XLSX workbook: one sheet, headings in bold, frozen and filterable."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    title = _("Answers") if meeting.number is None else f"{_('Answers')} {meeting.number}"
    sheet.title = title[:31]
    sheet.append(headings())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rows = export_rows(meeting)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(_cells(row), start=1):
            cell = sheet.cell(row=number, column=column)
            if isinstance(value, dt.datetime):
                cell.value = value
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif value:
                # Set as text: openpyxl would store a value starting with "=" as a formula.
                cell.value = value
                cell.data_type = "s"
    widths = [len(h) for h in headings()]
    for row in rows:
        for index, value in enumerate(_cells(row)):
            size = 16 if isinstance(value, dt.datetime) else len(value or "")
            widths[index] = max(widths[index], size)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 60)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_filename(meeting: Meeting, extension: str) -> str:
    """ "odpovedi-socialni-sluzby-11.csv": the word in the active language, the group and
    the meeting's number (a draft without one: "draft-<id>")."""
    number = str(meeting.number) if meeting.number else f"draft-{meeting.id}"
    words = " ".join([_("Answers"), meeting.group.slug, number])
    return f"{file_slug(words)}.{extension}"
