"""The structure of the minutes: the agenda's items, each with the course of the meeting
under it."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ...agenda.services import build_timetable
from ...scheduling.models import Meeting
from ..models import Minutes


@dataclass
class ItemRow:
    """One agenda item as a section of the minutes: "2." or "2a", its title and text."""

    key: str
    agenda_item_id: int | None
    number: str
    title: str
    depth: int
    text: str = ""


def agenda_rows(meeting: Meeting) -> list[ItemRow]:
    """The agenda numbered as on the agenda page (1., 2., 2a …), both levels in order."""
    rows: list[ItemRow] = []
    for row in build_timetable(meeting).rows:
        rows.append(ItemRow(f"item-{row.id}", row.id, row.number, row.title, 0))
        for child in row.children:
            rows.append(ItemRow(f"item-{child.id}", child.id, child.number, child.title, 1))
    return rows


def item_rows(meeting: Meeting, minutes: Minutes | None) -> list[ItemRow]:
    """The agenda rows with the minutes' text under each; texts of items removed from the
    agenda since are kept at the end (numbered "–"), so nothing written is lost."""
    rows = agenda_rows(meeting)
    texts = {e.agenda_item_id: e for e in (minutes.entries if minutes is not None else [])}
    for row in rows:
        entry = texts.pop(row.agenda_item_id, None)
        row.text = entry.text if entry is not None else ""
    for entry in sorted(texts.values(), key=lambda e: e.id or 0):
        if entry.text:
            rows.append(ItemRow(f"entry-{entry.id}", None, "–", str(_l("Removed agenda item")), 0))
            rows[-1].text = entry.text
    return rows
