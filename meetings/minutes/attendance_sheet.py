"""The attendance sheet to sign (prezenční listina): every invitee with their organisation
and role and an empty cell for the signature, then blank rows for people who come
unannounced. Printed before the meeting; afterwards the assistant records in the
attendance register who signed."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from ..documents.rendered import DocumentSource, document_source
from ..extensions import db
from ..groups.enums import Role
from ..groups.labels import role_label
from ..groups.letterhead import letterhead_of
from ..groups.models import Membership
from ..i18n import force_locale, format_local_date, format_local_time, zone_city
from ..scheduling.models import Meeting
from .services import attendance_rows

#: Rows left empty for people who sign without having been invited.
BLANK_ROWS = 5
#: Strongest first: a person who chairs one taking part group and is a member of another is
#: listed as its chair.
_ROLE_ORDER = list(Role)


@dataclass
class SheetRow:
    number: int
    name: str
    organisation: str
    role: str


@dataclass
class AttendanceSheet:
    """Plain values for templates/print/attendance_sheet.html, in the group's language."""

    lang: str
    group_name: str
    title: str
    date: str
    time: str
    venue: str
    room: str
    rows: list[SheetRow]
    blank_numbers: list[int]


def attendance_sheet(meeting: Meeting) -> AttendanceSheet:
    lang = str(meeting.group.language)
    roles: dict[int, Role] = {}
    for user_id, role in db.session.execute(
        select(Membership.user_id, Membership.role).where(
            Membership.group_id.in_([g.id for g in meeting.groups])
        )
    ):
        if user_id not in roles or _ROLE_ORDER.index(role) < _ROLE_ORDER.index(roles[user_id]):
            roles[user_id] = role
    zone = meeting.timezone
    with force_locale(lang):
        rows = [
            SheetRow(
                number=n,
                name=r.name,
                organisation=r.organisation,
                role=_("guest")
                if r.user_id not in roles
                else role_label(roles[r.user_id], _Gender(r.gender)),
            )
            for n, r in enumerate(attendance_rows(meeting), start=1)
        ]
        venue = meeting.venue
        return AttendanceSheet(
            lang=lang,
            group_name=meeting.group.name,
            title=meeting.title,
            date=format_local_date(meeting.starts_at, zone),
            time=f"{format_local_time(meeting.starts_at, zone)}–"
            f"{format_local_time(meeting.ends_at, zone)} ({zone_city(zone)})",
            venue=", ".join(p for p in (venue.name, venue.address) if p) if venue else "",
            room=meeting.room_name or "",
            rows=rows,
            blank_numbers=list(range(len(rows) + 1, len(rows) + 1 + BLANK_ROWS)),
        )


@dataclass
class _Gender:
    grammatical_gender: str | None


@document_source("attendance-sheet")
def attendance_sheet_source(meeting_id: int) -> DocumentSource | None:
    """What the meeting's attendance sheet is made from (rendered once per version, in the
    job queue: see documents/rendered.py); None when there is no such meeting."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        return None
    sheet = attendance_sheet(meeting)
    return DocumentSource(
        kind="attendance-sheet",
        subject_id=meeting.id,
        template="print/attendance_sheet.html",
        context={"doc": sheet, "letterhead": letterhead_of(meeting.group)},
        lang=sheet.lang,
        filename=f"attendance-sheet-{meeting.number or meeting.id}.pdf",
    )
