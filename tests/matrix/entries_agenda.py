"""Agenda builder, publishing, attachments and the agenda PDF.

The world's meeting is a scheduled meeting of the members-only group with an unpublished
agenda: members see the meeting but not yet its agenda (PDF 404); the outsider sees nothing.
Items and attachments are made on demand by the row that needs them.
"""

import io

from meetings.agenda import services
from meetings.agenda.models import AgendaItem
from meetings.extensions import db

from .framework import Entry, expect, managers, signed_in

#: A real 1×1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082"
)


def _item(w) -> AgendaItem:
    if getattr(w, "agenda_item", None) is None:
        w.agenda_item = AgendaItem(meeting=w.meeting, position=0, title="Úvod")
        db.session.add(w.agenda_item)
        db.session.flush()
    return w.agenda_item


def _attachment(w):
    if getattr(w, "attachment", None) is None:
        w.attachment = services.store_attachment(
            w.meeting, io.BytesIO(PNG), "plan.png", w.people.assistant
        )
    return w.attachment


def _m(w) -> str:
    return f"/meetings/{w.meeting.id}"


#: Managers are redirected back to the builder; members 403; the outsider 404.
CHANGE = managers(302, outsider=404)

ENTRIES = [
    Entry("agenda.builder", lambda w: f"{_m(w)}/agenda", managers(200, outsider=404)),
    Entry(
        "agenda.add_item",
        lambda w: f"{_m(w)}/agenda/items",
        CHANGE,
        method="POST",
        data=lambda w: {"title": "Různé", "kind": "information"},
    ),
    Entry(
        "agenda.edit_item",
        lambda w: f"{_m(w)}/agenda/items/{_item(w).id}",
        managers(200, outsider=404),
    ),
    Entry(
        "agenda.edit_item",
        lambda w: f"{_m(w)}/agenda/items/{_item(w).id}",
        CHANGE,
        method="POST",
        data=lambda w: {"title": "Úvod a schválení programu", "kind": "information"},
    ),
    Entry(
        "agenda.delete_item",
        lambda w: f"{_m(w)}/agenda/items/{_item(w).id}/delete",
        CHANGE,
        method="POST",
    ),
    Entry(
        "agenda.move_item",
        lambda w: f"{_m(w)}/agenda/items/{_item(w).id}/move",
        CHANGE,
        method="POST",
        data=lambda w: {"direction": "down"},
        note="the only item cannot move down: a message, and back to the builder",
    ),
    Entry(
        "agenda.reorder",
        lambda w: f"{_m(w)}/agenda/order",
        CHANGE,
        method="POST",
        data=lambda w: {"parent_id": "", "order": str(_item(w).id)},
    ),
    Entry(
        "agenda.start",
        lambda w: f"{_m(w)}/agenda/start",
        CHANGE,
        method="POST",
        data=lambda w: {"source": "standard"},
    ),
    Entry(
        "agenda.publish",
        lambda w: f"{_m(w)}/agenda/publish",
        CHANGE,
        method="POST",
        data=lambda w: {"action": "now"},
    ),
    Entry(
        "agenda.unlock",
        lambda w: f"{_m(w)}/agenda/unlock",
        CHANGE,
        method="POST",
        note="the explicit step before changing a published agenda of a meeting that has begun",
    ),
    Entry(
        "agenda.request_review",
        lambda w: f"{_m(w)}/agenda/request-review",
        CHANGE,
        method="POST",
    ),
    Entry(
        "agenda.mark_reviewed",
        lambda w: f"{_m(w)}/agenda/reviewed",
        signed_in(403, outsider=404, chair=302, admin=302),
        method="POST",
        note="the chair reviews the agenda (and the site admin acts for any group)",
    ),
    Entry(
        "agenda.upload",
        lambda w: f"{_m(w)}/attachments",
        CHANGE,
        method="POST",
        data=lambda w: {"file": (io.BytesIO(PNG), "plan.png")},
    ),
    Entry(
        "agenda.download",
        lambda w: f"{_m(w)}/attachments/{_attachment(w).id}",
        expect(200, anonymous="sign-in", outsider=404),
        note="a document of the meeting itself: everyone who may see the meeting",
    ),
    Entry(
        "agenda.delete_attachment",
        lambda w: f"{_m(w)}/attachments/{_attachment(w).id}/delete",
        CHANGE,
        method="POST",
    ),
    Entry(
        "agenda.agenda_pdf",
        lambda w: f"{_m(w)}/agenda.pdf",
        managers(202, outsider=404, member=404, observer=404),
        note="the agenda is not published yet: for members it does not exist; for managers "
        "the first request finds it being prepared (202, a page that reloads itself)",
    ),
]
