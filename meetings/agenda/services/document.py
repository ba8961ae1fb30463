"""The agenda as a document: everything the agenda PDF shows, as plain values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ...documents.rendered import DocumentSource, document_source
from ...extensions import db
from ...groups.letterhead import letterhead_of
from ...i18n import force_locale, format_local_date, format_local_time
from ...scheduling.models import Meeting
from ...scheduling.online import shared_online_link
from .timetable import TimetableRow, build_timetable
from .visibility import agenda_is_published


@dataclass
class DocumentItem:
    number: str
    title: str
    time: str
    presenter: str
    duration: int | None
    responsible_group: str
    description: str
    children: list[DocumentItem] = field(default_factory=list)


@dataclass
class AgendaDocument:
    """Everything the agenda PDF shows, as plain values in the group's language."""

    lang: str
    group_name: str
    number: str
    title: str
    date: str
    time: str
    venue_name: str
    venue_address: str
    room: str
    online_url: str
    is_joint: bool
    groups: list[str]
    is_draft: bool
    items: list[DocumentItem]
    ends: str


def agenda_document(meeting: Meeting, now: dt.datetime | None = None) -> AgendaDocument:
    """Primitives for templates/print/agenda.html, formatted in the group's language."""
    lang = str(meeting.group.language)
    timetable = build_timetable(meeting)
    zone = meeting.timezone

    def doc_item(row: TimetableRow) -> DocumentItem:
        return DocumentItem(
            number=row.number,
            title=row.title,
            time=format_local_time(row.starts_at, zone) if row.starts_at else "",
            presenter=row.presenter or "",
            duration=row.duration_minutes,
            responsible_group=row.responsible_group or "",
            description=row.description or "",
            children=[doc_item(c) for c in row.children],
        )

    with force_locale(lang):
        venue = meeting.venue
        return AgendaDocument(
            lang=lang,
            group_name=meeting.group.name,
            number=f"{meeting.number}." if meeting.number else "",
            title=meeting.title,
            date=format_local_date(meeting.starts_at, zone),
            time=f"{format_local_time(meeting.starts_at, zone)}–"
            f"{format_local_time(meeting.ends_at, zone)}",
            venue_name=venue.name if venue else "",
            venue_address=venue.address if venue else "",
            room=meeting.room_name or "",
            # Made once for everyone who sees the meeting: see ``shared_online_link``.
            online_url=shared_online_link(meeting) or "",
            is_joint=bool(meeting.extra_groups),
            groups=[g.name for g in meeting.groups],
            is_draft=not agenda_is_published(meeting, now),
            items=[doc_item(r) for r in timetable.rows],
            ends=format_local_time(timetable.ends_at, zone) if timetable.ends_at else "",
        )


@document_source("agenda")
def agenda_pdf_source(meeting_id: int) -> DocumentSource | None:
    """What the meeting's agenda PDF is made from (rendered once per version, in the
    job queue: see documents/rendered.py); None when there is no such meeting."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        return None
    document = agenda_document(meeting)
    return DocumentSource(
        kind="agenda",
        subject_id=meeting.id,
        template="print/agenda.html",
        context={"doc": document, "letterhead": letterhead_of(meeting.group)},
        lang=document.lang,
        filename=f"agenda-{meeting.number or meeting.id}.pdf",
    )
