"""A group's export → this installation: its rows added with new ids, every reference
remapped through the ids given to the rows it points at.

People are found by e-mail: someone with an account here keeps it (their name and settings
stay as they are here); anyone else gets a pending account without a password, as a person
invited but not yet activated. Organisations are found by name and department, venues by
name and town; files are always added. The group keeps its short address unless one is
given (``as_slug``); a group of that address here already is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Table, delete, func, select, update

from ..groups.services import RESERVED_SLUGS
from ..ical.models import CalendarClock, CalendarEntry
from ..scheduling.models import new_uid
from ..storage import services as storage
from . import tables as t
from .archive import ArchiveError, ArchiveReader
from .loading import (
    ImportSummary,
    check_fits,
    insert_statement,
    rebuild_search_index,
    self_references,
    values_of,
)

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

#: Values that must be unique in the whole installation and that the group's rows may share
#: with rows here (the same group imported twice under two addresses): made anew then.
#: Calendar programs know a meeting by its UID, so it is kept wherever it can be.
REGENERATED: dict[tuple[str, str], Callable[[], Any]] = {
    ("meetings", "uid"): new_uid,
    ("meeting_series", "uid"): new_uid,
}

#: How rows of shared tables are found here: table → the columns that identify one, tried in
#: turn; a later, looser key finds a row only where exactly one has it.
MATCHED_BY: dict[str, tuple[tuple[str, ...], ...]] = {
    "users": (("email",),),
    "organisations": (("name", "department"), ("name",)),
    "venues": (("name", "city"), ("name",)),
}

_ITEM_KEY = re.compile(r"^(item|entry)-(\d+)$")


def _revision_keys(content: Any, ids: dict[str, dict[Any, Any]]) -> Any:
    """A revision of the minutes keys its texts by agenda item ("item-12") or, for an item
    removed since, by the minutes' entry ("entry-7"): the keys follow the new ids."""
    if not isinstance(content, dict):
        return content
    tables = {"item": "agenda_items", "entry": "minutes_entries"}

    def key(name: str) -> str:
        found = _ITEM_KEY.match(name)
        if not found:
            return name
        new = ids.get(tables[found[1]], {}).get(int(found[2]))
        return f"{found[1]}-{new}" if new is not None else name

    content = dict(content)
    for part in ("items", "item_labels"):
        if isinstance(content.get(part), dict):
            content[part] = {key(k): v for k, v in content[part].items()}
    return content


#: JSON values that hold ids of other rows, remapped once every row is in: (table, column)
#: → function(value, ids by table).
REMAPPED_JSON: dict[tuple[str, str], Callable[[Any, dict[str, dict[Any, Any]]], Any]] = {
    ("minutes_revisions", "content"): _revision_keys,
}


def merge(
    reader: ArchiveReader,
    connection: Connection,
    *,
    as_slug: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportSummary:
    """Add the group's export to the installation of ``connection``. Everything is checked
    first (checksums, migration, tables, the group's address); raises ArchiveError saying
    why when something does not fit, and then nothing has been written. Runs in the
    caller's transaction; never commits."""
    if reader.scope.get("kind") != t.GROUP:
        raise ArchiveError(
            "This is the export of a whole installation: it is restored into an empty "
            "database, without --merge."
        )
    reader.verify()
    tables = check_fits(reader, connection, t.GROUP)
    slug = as_slug or str(reader.scope.get("slug"))
    groups = t.group_roles()
    root = next(table for table in tables if table.name == t.ROOT)
    if not SLUG.match(slug) or len(slug) > 100:
        raise ArchiveError(
            f"“{slug}” is no short address: use only lower-case letters a–z, digits and "
            "hyphens, for example socialni-sluzby."
        )
    if (
        slug in RESERVED_SLUGS
        or connection.execute(select(root.c.id).where(root.c.slug == slug)).first()
    ):
        raise ArchiveError(
            f"A group with the short address “{slug}” exists here already: import this one "
            "under another address with --as NEW-ADDRESS."
        )

    summary = ImportSummary(scope=t.GROUP, slug=slug)
    records = {
        table.name: [
            values_of(table, t.columns_of(table, t.GROUP), record, number)
            for number, record in enumerate(reader.records(table.name), start=1)
        ]
        for table in tables
    }
    # First who and what is here already: those rows are not added, nor the files (an
    # organisation's logo) that only they refer to.
    ids: dict[str, dict[Any, Any]] = {}
    #: table → the source ids of rows found here rather than added.
    found_here: dict[str, set[Any]] = {}
    for table in tables:
        if table.name in MATCHED_BY:
            key = t.key_of(table)
            for row in records[table.name]:
                existing = _find(connection, table, row)
                if existing is not None:
                    ids.setdefault(table.name, {})[row[key.name]] = existing
                    found_here.setdefault(table.name, set()).add(row[key.name])
                    summary.count(table.name, matched=True)
    wanted_files = _files_referred_to(tables, records, found_here)

    remap_later: list[tuple[Table, str, Any, Any]] = []
    uids: list[str] = []
    for table in tables:
        columns = t.columns_of(table, t.GROUP)
        key = t.primary_key(table)
        table_ids = ids.setdefault(table.name, {})
        matched = found_here.setdefault(table.name, set())
        later = []
        for row in records[table.name]:
            old = row[key.name] if key is not None else None
            if old in matched:
                continue
            if table.name == t.FILES and old not in wanted_files:
                continue
            if groups.get(table.name) == t.DETAIL and _of_found_rows(table, row, found_here):
                continue  # an organisation found here keeps its own office hours
            if not _remap(table, row, ids):
                continue
            if table.name == t.ROOT:
                row["slug"] = slug
            for (name, column), make in REGENERATED.items():
                if name == table.name and _taken(connection, table, column, row[column]):
                    row[column] = make()
            if "uid" in row and isinstance(row["uid"], str):
                uids.append(row["uid"])
            deferred = {}
            for column in self_references(table, columns):
                deferred[column.name] = row[column.name]
                row[column.name] = None
            values = dict(row)
            if table.name == t.FILES:
                data = reader.file(row["sha256"])
                if len(data) != row["size"]:
                    raise ArchiveError(f"Stored file {old} is not {row['size']} bytes.")
                values.update(storage.place(data, row["content_type"], row["sha256"]))
                summary.files += 1
            if key is not None and key.autoincrement is not False:
                values.pop(key.name)
            statement = insert_statement(table, table.columns if table.name == t.FILES else columns)
            result = connection.execute(statement, values)
            new = result.inserted_primary_key[0] if key is not None else None
            if key is not None:
                table_ids[old] = new
            if deferred:
                later.append((new, deferred))
            for name, column in REMAPPED_JSON:
                if name == table.name and row[column] is not None:
                    remap_later.append((table, column, new, row[column]))
            summary.count(table.name)
        for new, deferred in later:
            values = {name: ids[table.name].get(value) for name, value in deferred.items()}
            if any(v is not None for v in values.values()):
                connection.execute(update(table).where(t.key_of(table) == new).values(values))
        if progress is not None:
            progress(
                f"{table.name}: {summary.added.get(table.name, 0)} added"
                + (f", {len(matched)} found here" if matched else "")
            )
    for table, column, new, value in remap_later:
        remapped = REMAPPED_JSON[(table.name, column)](value, ids)
        if remapped != value:
            connection.execute(
                update(table).where(t.key_of(table) == new).values({column: remapped})
            )
    # Calendar feeds show the new meetings at once; no cached entry of an earlier life of
    # these UIDs is served.
    if uids:
        for batch in range(0, len(uids), 500):
            connection.execute(
                delete(CalendarEntry).where(CalendarEntry.uid.in_(uids[batch : batch + 500]))
            )
    connection.execute(
        update(CalendarClock).where(CalendarClock.id == 1).values(value=CalendarClock.value + 1)
    )
    indexed = rebuild_search_index(connection)
    if progress is not None:
        progress(f"search index: {indexed}")
    return summary


def _files_referred_to(
    tables: list[Table], records: dict[str, list[dict[str, Any]]], found_here: dict[str, set]
) -> set[Any]:
    """The files referred to by rows that will be added (not by rows found here)."""
    wanted: set[Any] = set()
    for table in tables:
        key = t.primary_key(table)
        columns = [
            c.name
            for c in t.columns_of(table, t.GROUP)
            if (p := t.target(c)) is not None and p.name == t.FILES
        ]
        if not columns:
            continue
        skipped = found_here.get(table.name, set())
        for row in records[table.name]:
            if key is not None and row[key.name] in skipped:
                continue
            wanted.update(row[name] for name in columns if row[name] is not None)
    return wanted


def _find(connection: Connection, table: Table, row: dict[str, Any]) -> Any:
    """The id of the row here that the record stands for (the same e-mail, name …)."""
    key = t.key_of(table)
    for number, names in enumerate(MATCHED_BY[table.name]):
        conditions = []
        for name in names:
            value = row[name]
            if name == "email" and isinstance(value, str):
                value = value.strip().lower()
            column = table.c[name]
            conditions.append(column.is_(None) if value is None else column == value)
        found = connection.execute(select(key).where(*conditions).order_by(key).limit(2)).all()
        if found and (number == 0 or len(found) == 1):
            return found[0][0]
    return None


def _of_found_rows(table: Table, row: dict[str, Any], found_here: dict[str, set[Any]]) -> bool:
    for column in table.columns:
        parent = t.target(column)
        if parent is not None and row.get(column.name) in found_here.get(parent.name, ()):
            return True
    return False


def _remap(table: Table, row: dict[str, Any], ids: dict[str, dict[Any, Any]]) -> bool:
    """Point the row's references at the new ids; False when one that may not be empty
    points at nothing imported (the row is then left out)."""
    for name, value in list(row.items()):
        column = table.c[name]
        parent = t.target(column)
        if parent is None or parent is table or value is None:
            continue
        new = ids.get(parent.name, {}).get(value)
        if new is None and not column.nullable:
            return False
        row[name] = new
    return True


def _taken(connection: Connection, table: Table, column: str, value: Any) -> bool:
    if value is None:
        return False
    return bool(
        connection.execute(
            select(func.count()).select_from(table).where(table.c[column] == value)
        ).scalar_one()
    )
