"""Keeping the search index in step with every change, and rebuilding it.

The domains know nothing of search (it sits above them). Instead every flush is inspected
(``after_flush``, registered when ``create_app`` imports this module): the meetings,
agenda items, minutes, decisions, tasks, attachments, groups, organisations and people it
added, changed or deleted get their index rows rewritten in the same transaction, from
the rows just written. So whatever a service changes is found by the next search, and a
rolled-back change leaves the index as it was.

A change reaches further where a row shows another's text: a venue renamed rewrites the
rows of the meetings held there; a meeting moved to another year (or renumbered) those of
everything in it; an agenda item renamed the minutes texts written under it; an
organisation renamed its people's; a person renamed the tasks they own. Deleting a meeting,
minutes or a group deletes their rows by the database's cascade.

Each kind of row is built by one query (``_SOURCES``), used alike for a few changed
objects and for the whole database by ``rebuild``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, event, func, insert, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from ..agenda.models import AgendaItem, Attachment
from ..auth.models import Organisation, User
from ..groups.models import WorkingGroup
from ..minutes.models import ActionItem, Decision, Minutes, MinutesEntry
from ..scheduling.models import Meeting
from ..venues.models import Venue
from .models import SearchDocument
from .words import MAX_INDEXED, index_terms

#: Rows written (or ids in one IN list) at a time.
BATCH = 1000

documents = SearchDocument.__table__


@lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _year(at: dt.datetime | None, zone: str | None) -> int | None:
    if at is None:
        return None
    try:
        return at.astimezone(_zone(zone)).year if zone else at.year
    except (KeyError, ValueError):
        return at.year


def _joined(*parts: str | None, sep: str = "\n") -> str:
    return sep.join(p.strip() for p in parts if p and p.strip())


def _document(kind: str, object_id: int, title: str | None, body: str | None, **keys) -> dict:
    title = (title or "")[:MAX_INDEXED]
    body = (body or "")[:MAX_INDEXED]
    return {
        "kind": kind,
        "object_id": object_id,
        "group_id": keys.get("group_id"),
        "meeting_id": keys.get("meeting_id"),
        "minutes_id": keys.get("minutes_id"),
        "agenda_item_id": keys.get("agenda_item_id"),
        "year": keys.get("year"),
        "title": title,
        "body": body,
        "label": (keys.get("label") or None) and keys["label"][:600],
        "terms": index_terms(title, body),
    }


# --- the rows of each kind -------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """How the rows of one kind are built: a query, the row → document function, and the
    columns a change may be selected by (``id``, ``meeting_id`` …)."""

    statement: Callable[[], Any]
    document: Callable[[Any], dict]
    columns: dict[str, Any]


def _meetings():
    return select(
        Meeting.id,
        Meeting.group_id,
        Meeting.title,
        Meeting.description,
        Meeting.room,
        Meeting.starts_at,
        Meeting.timezone,
        Venue.name.label("venue_name"),
        Venue.room.label("venue_room"),
        Venue.city.label("venue_city"),
    ).outerjoin(Venue, Venue.id == Meeting.venue_id)


def _meeting_document(r) -> dict:
    place = _joined(r.venue_name, r.room or r.venue_room, r.venue_city, sep=" · ")
    return _document(
        "meeting",
        r.id,
        r.title,
        _joined(place, r.description),
        group_id=r.group_id,
        meeting_id=r.id,
        year=_year(r.starts_at, r.timezone),
    )


def _agenda_items():
    return select(
        AgendaItem.id,
        AgendaItem.meeting_id,
        AgendaItem.title,
        AgendaItem.description,
        AgendaItem.presenter_name,
        Meeting.group_id,
        Meeting.starts_at,
        Meeting.timezone,
    ).join(Meeting, Meeting.id == AgendaItem.meeting_id)


def _agenda_item_document(r) -> dict:
    return _document(
        "agenda_item",
        r.id,
        r.title,
        _joined(r.description, r.presenter_name),
        group_id=r.group_id,
        meeting_id=r.meeting_id,
        agenda_item_id=r.id,
        year=_year(r.starts_at, r.timezone),
    )


def _minutes():
    return select(
        Minutes.id,
        Minutes.meeting_id,
        Minutes.edition,
        Minutes.opening,
        Minutes.closing,
        Minutes.next_meeting,
        Meeting.group_id,
        Meeting.starts_at,
        Meeting.timezone,
    ).join(Meeting, Meeting.id == Minutes.meeting_id)


def _minutes_document(r) -> dict:
    return _document(
        "minutes",
        r.id,
        "",
        _joined(r.opening, r.closing, r.next_meeting),
        group_id=r.group_id,
        meeting_id=r.meeting_id,
        minutes_id=r.id,
        year=_year(r.starts_at, r.timezone),
    )


def _minutes_entries():
    return (
        select(
            MinutesEntry.id,
            MinutesEntry.minutes_id,
            MinutesEntry.agenda_item_id,
            MinutesEntry.text,
            AgendaItem.title.label("item_title"),
            Minutes.meeting_id,
            Meeting.group_id,
            Meeting.starts_at,
            Meeting.timezone,
        )
        .join(Minutes, Minutes.id == MinutesEntry.minutes_id)
        .join(Meeting, Meeting.id == Minutes.meeting_id)
        .outerjoin(AgendaItem, AgendaItem.id == MinutesEntry.agenda_item_id)
    )


def _minutes_entry_document(r) -> dict:
    return _document(
        "minutes_entry",
        r.id,
        "",
        r.text,
        group_id=r.group_id,
        meeting_id=r.meeting_id,
        minutes_id=r.minutes_id,
        agenda_item_id=r.agenda_item_id,
        label=r.item_title,
        year=_year(r.starts_at, r.timezone),
    )


def _decisions():
    return select(
        Decision.id,
        Decision.group_id,
        Decision.meeting_id,
        Decision.sequence,
        Decision.text,
        Meeting.number,
        Meeting.starts_at,
        Meeting.timezone,
    ).join(Meeting, Meeting.id == Decision.meeting_id)


def _decision_document(r) -> dict:
    return _document(
        "decision",
        r.id,
        "",
        r.text,
        group_id=r.group_id,
        meeting_id=r.meeting_id,
        label=f"{r.number}/{r.sequence}",
        year=_year(r.starts_at, r.timezone),
    )


def _action_items():
    return (
        select(
            ActionItem.id,
            ActionItem.group_id,
            ActionItem.meeting_id,
            ActionItem.agenda_item_id,
            ActionItem.owner_id,
            ActionItem.text,
            ActionItem.created_at,
            User.name.label("owner_name"),
            Meeting.starts_at,
            Meeting.timezone,
        )
        .outerjoin(Meeting, Meeting.id == ActionItem.meeting_id)
        .outerjoin(User, User.id == ActionItem.owner_id)
    )


def _action_item_document(r) -> dict:
    return _document(
        "action_item",
        r.id,
        "",
        r.text,
        group_id=r.group_id,
        meeting_id=r.meeting_id,
        agenda_item_id=r.agenda_item_id,
        label=r.owner_name,
        year=_year(r.starts_at, r.timezone) if r.starts_at else _year(r.created_at, None),
    )


def _attachments():
    return select(
        Attachment.id,
        Attachment.meeting_id,
        Attachment.agenda_item_id,
        Attachment.filename,
        Meeting.group_id,
        Meeting.starts_at,
        Meeting.timezone,
    ).join(Meeting, Meeting.id == Attachment.meeting_id)


def _attachment_document(r) -> dict:
    return _document(
        "attachment",
        r.id,
        r.filename,
        "",
        group_id=r.group_id,
        meeting_id=r.meeting_id,
        agenda_item_id=r.agenda_item_id,
        year=_year(r.starts_at, r.timezone),
    )


def _groups():
    return select(
        WorkingGroup.id,
        WorkingGroup.name,
        WorkingGroup.parent_body,
        WorkingGroup.description,
        WorkingGroup.goals,
    )


def _group_document(r) -> dict:
    return _document(
        "group",
        r.id,
        r.name,
        _joined(r.parent_body, r.description, r.goals),
        group_id=r.id,
    )


def _organisations():
    return select(
        Organisation.id,
        Organisation.name,
        Organisation.short_name,
        Organisation.department,
        Organisation.city,
        Organisation.description,
    )


def _organisation_document(r) -> dict:
    place = _joined(r.short_name, r.department, r.city, sep=" · ")
    return _document("organisation", r.id, r.name, _joined(place, r.description))


def _people():
    return select(
        User.id, User.name, User.organisation_id, Organisation.name.label("organisation_name")
    ).outerjoin(Organisation, Organisation.id == User.organisation_id)


def _person_document(r) -> dict:
    return _document("person", r.id, r.name, r.organisation_name)


_SOURCES: dict[str, Source] = {
    "meeting": Source(
        _meetings, _meeting_document, {"id": Meeting.id, "venue_id": Meeting.venue_id}
    ),
    "agenda_item": Source(
        _agenda_items,
        _agenda_item_document,
        {"id": AgendaItem.id, "meeting_id": AgendaItem.meeting_id},
    ),
    "minutes": Source(
        _minutes, _minutes_document, {"id": Minutes.id, "meeting_id": Minutes.meeting_id}
    ),
    "minutes_entry": Source(
        _minutes_entries,
        _minutes_entry_document,
        {
            "id": MinutesEntry.id,
            "meeting_id": Minutes.meeting_id,
            "agenda_item_id": MinutesEntry.agenda_item_id,
        },
    ),
    "decision": Source(
        _decisions, _decision_document, {"id": Decision.id, "meeting_id": Decision.meeting_id}
    ),
    "action_item": Source(
        _action_items,
        _action_item_document,
        {"id": ActionItem.id, "meeting_id": ActionItem.meeting_id, "owner_id": ActionItem.owner_id},
    ),
    "attachment": Source(
        _attachments,
        _attachment_document,
        {"id": Attachment.id, "meeting_id": Attachment.meeting_id},
    ),
    "group": Source(_groups, _group_document, {"id": WorkingGroup.id}),
    "organisation": Source(_organisations, _organisation_document, {"id": Organisation.id}),
    "person": Source(
        _people, _person_document, {"id": User.id, "organisation_id": User.organisation_id}
    ),
}

#: The kinds whose rows belong to a meeting (rewritten when the meeting moves).
_IN_MEETING = ("agenda_item", "minutes", "minutes_entry", "decision", "action_item", "attachment")


def _chunks(values: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    iterator = iter(values)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _write(connection: Connection, rows: list[dict]) -> None:
    for chunk in _chunks(rows):
        connection.execute(insert(documents), chunk)


def refresh(connection: Connection, kind: str, column: str, ids: Iterable[int]) -> None:
    """Rewrite the rows of ``kind`` for the objects whose ``column`` is one of ``ids`` (by
    ``id``: also delete the rows of those that no longer exist; by ``meeting_id``: every
    row of the kind in those meetings)."""
    source = _SOURCES[kind]
    for chunk in _chunks(sorted(set(ids))):
        built = [
            source.document(r)
            for r in connection.execute(source.statement().where(source.columns[column].in_(chunk)))
        ]
        stale = documents.c.object_id.in_([d["object_id"] for d in built])
        if column == "id":
            stale = documents.c.object_id.in_(chunk)
        elif column == "meeting_id":
            stale = documents.c.meeting_id.in_(chunk)
        connection.execute(delete(documents).where(documents.c.kind == kind, stale))
        _write(connection, built)


# --- what a flush changed --------------------------------------------------------------------


def _attribute_changed(obj: Any, *names: str) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


class _Changes:
    """The rows to rewrite: (kind, column) → ids."""

    def __init__(self) -> None:
        self.wanted: dict[tuple[str, str], set[int]] = defaultdict(set)

    def add(self, kind: str, column: str, *ids: int | None) -> None:
        self.wanted[(kind, column)].update(i for i in ids if i is not None)

    def saved(self, obj: Any, changed: bool) -> None:
        """An object added (``changed`` False) or changed."""
        if isinstance(obj, Meeting):
            self.add("meeting", "id", obj.id)
            if changed and _attribute_changed(obj, "starts_at", "timezone", "group_id", "number"):
                for kind in _IN_MEETING:
                    self.add(kind, "meeting_id", obj.id)
        elif isinstance(obj, AgendaItem):
            self.add("agenda_item", "id", obj.id)
            if changed and _attribute_changed(obj, "title"):
                self.add("minutes_entry", "agenda_item_id", obj.id)
        elif isinstance(obj, Venue):
            if changed:
                self.add("meeting", "venue_id", obj.id)
        elif isinstance(obj, Organisation):
            self.add("organisation", "id", obj.id)
            if changed and _attribute_changed(obj, "name"):
                self.add("person", "organisation_id", obj.id)
        elif isinstance(obj, User):
            if not changed or _attribute_changed(obj, "name", "organisation_id"):
                self.add("person", "id", obj.id)
            if changed and _attribute_changed(obj, "name"):
                self.add("action_item", "owner_id", obj.id)
        else:
            kind = _KIND_OF.get(type(obj))
            if kind:
                self.add(kind, "id", obj.id)

    def deleted(self, obj: Any) -> None:
        # Read from the object's state: a deleted row loads nothing more.
        state = inspect(obj)
        object_id = state.identity[0] if state.identity else None
        # Rows of a deleted meeting, minutes or group go by the database's cascade.
        if isinstance(obj, AgendaItem):
            # Its sub-items and attachments may go by the database's cascade, unseen here:
            # the meeting's items and attachments are indexed again.
            for kind in ("agenda_item", "attachment"):
                self.add(kind, "meeting_id", state.dict.get("meeting_id"))
            self.add("agenda_item", "id", object_id)
        elif isinstance(obj, Organisation | User):
            kind = "organisation" if isinstance(obj, Organisation) else "person"
            self.add(kind, "id", object_id)
        else:
            kind = _KIND_OF.get(type(obj))
            if kind and kind not in ("meeting", "minutes", "group"):
                self.add(kind, "id", object_id)


_KIND_OF: dict[type, str] = {
    Meeting: "meeting",
    Minutes: "minutes",
    MinutesEntry: "minutes_entry",
    Decision: "decision",
    ActionItem: "action_item",
    Attachment: "attachment",
    WorkingGroup: "group",
}
_INDEXED = (AgendaItem, Venue, Organisation, User, *_KIND_OF)


@event.listens_for(Session, "after_flush")
def _index_changes(session: Session, flush_context: Any) -> None:
    """Rewrite the index rows of what this flush added, changed or deleted."""
    changes = _Changes()
    for obj in session.deleted:
        if isinstance(obj, _INDEXED):
            changes.deleted(obj)
    for obj in chain(session.new, session.dirty):
        if isinstance(obj, _INDEXED) and obj not in session.deleted:
            if obj in session.new:
                changes.saved(obj, changed=False)
            elif session.is_modified(obj, include_collections=False):
                changes.saved(obj, changed=True)
    if not changes.wanted:
        return
    connection = session.connection()
    for (kind, column), ids in changes.wanted.items():
        if ids:
            refresh(connection, kind, column, ids)


# --- the whole index -------------------------------------------------------------------------


def rebuild(connection: Connection, progress: Callable[[str], None] | None = None) -> int:
    """Empty the index and fill it again from every table; how many rows it holds.

    Side effects: deletes and inserts rows of search_documents (the database keeps its
    full-text index in step), in the caller's transaction; never commits."""
    connection.execute(delete(documents))
    total = 0
    for kind, source in _SOURCES.items():
        count = 0
        result = connection.execute(source.statement(), execution_options={"yield_per": BATCH})
        for rows in result.partitions():
            _write(connection, [source.document(r) for r in rows])
            count += len(rows)
        total += count
        if progress:
            progress(f"{kind}: {count}")
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    return total


def indexed_count(connection: Connection) -> int:
    return connection.execute(select(func.count()).select_from(documents)).scalar_one()
