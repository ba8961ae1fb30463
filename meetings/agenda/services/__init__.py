"""The agenda of a meeting: items and sub-items, their order, the timetable, templates,
publishing and attachments.

Services flush, never commit: the view that calls them commits once. Refusals are raised
as ``AgendaError`` carrying a message in the user's language.

The package is split by what it does; the names others use are re-exported here, so
``from meetings.agenda import services; services.build_timetable(...)`` reads as before:

- ``reading``: the items in order, one item by id; ``AgendaError``;
- ``timetable``: numbering and planned times;
- ``visibility``: who may see the agenda and its attachments, the meeting page's section;
- ``editing``: adding, changing, deleting and ordering items;
- ``starting``: starting an agenda, the standard items (the open tasks come from the
  higher domains through ``agenda.signals.action_review_drafting``);
- ``publishing``: publishing now, scheduled or when due, and the chair's review;
- ``attachments``: checking, storing and removing uploaded files;
- ``document``: the agenda PDF's values.
"""

from __future__ import annotations

from .attachments import (
    ALLOWED_TYPES,
    MAX_ATTACHMENT_BYTES,
    delete_attachment,
    detect_content_type,
    get_attachment,
    max_attachment_bytes,
    meeting_attachments,
    sanitise_filename,
    store_attachment,
)
from .document import AgendaDocument, DocumentItem, agenda_document, agenda_pdf_source
from .editing import (
    ItemFields,
    add_agenda_item,
    delete_agenda_item,
    move_agenda_item,
    presenter_choices,
    reorder_agenda_items,
    update_agenda_item,
)
from .publishing import (
    agenda_publication_due,
    agenda_summary_time,
    announce_agenda,
    local_input_time,
    mark_agenda_reviewed,
    publish_agenda,
    publish_due_agendas,
    request_agenda_review,
    reviews_awaiting,
    schedule_agenda_publication,
    withdraw_agenda,
)
from .reading import AgendaError, agenda_items, get_item, sub_label
from .starting import (
    START_SOURCES,
    copy_agenda,
    previous_meeting,
    standard_items,
    start_agenda,
)
from .timetable import AttachmentInfo, Timetable, TimetableRow, build_timetable
from .visibility import (
    AgendaSection,
    agenda_is_locked,
    agenda_is_published,
    agenda_section,
    may_download,
    may_see_agenda,
    review_pending,
)

__all__ = [
    "ALLOWED_TYPES",
    "MAX_ATTACHMENT_BYTES",
    "START_SOURCES",
    "AgendaDocument",
    "AgendaError",
    "AgendaSection",
    "AttachmentInfo",
    "DocumentItem",
    "ItemFields",
    "Timetable",
    "TimetableRow",
    "add_agenda_item",
    "agenda_document",
    "agenda_is_locked",
    "agenda_is_published",
    "agenda_items",
    "agenda_pdf_source",
    "agenda_publication_due",
    "agenda_section",
    "agenda_summary_time",
    "announce_agenda",
    "build_timetable",
    "copy_agenda",
    "delete_agenda_item",
    "delete_attachment",
    "detect_content_type",
    "get_attachment",
    "get_item",
    "local_input_time",
    "mark_agenda_reviewed",
    "max_attachment_bytes",
    "may_download",
    "may_see_agenda",
    "meeting_attachments",
    "move_agenda_item",
    "presenter_choices",
    "previous_meeting",
    "publish_agenda",
    "publish_due_agendas",
    "reorder_agenda_items",
    "request_agenda_review",
    "review_pending",
    "reviews_awaiting",
    "sanitise_filename",
    "schedule_agenda_publication",
    "standard_items",
    "start_agenda",
    "store_attachment",
    "sub_label",
    "update_agenda_item",
    "withdraw_agenda",
]
