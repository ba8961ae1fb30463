"""An installation, or one group, → the zip (``archive``): records, files and manifest.

The records are read on one connection in one transaction (``snapshot``): on PostgreSQL
REPEATABLE READ, on SQLite a read transaction of the WAL, so that the export is the database
as it was at one moment however long it takes, while others keep working.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from sqlalchemy import Column, Connection, Table, select

from ..db import utcnow
from ..extensions import db
from ..storage import services as storage
from ..storage.models import StoredFile
from . import tables as t
from .archive import FORMAT, FORMAT_VERSION, ArchiveWriter
from .records import describe, to_json

#: Ids asked for in one ``IN (…)`` (SQLite allows some thousands of parameters).
CHUNK = 500


class ExportError(Exception):
    """The export cannot be made; the message says why."""


@dataclass
class Progress:
    """How far an export has come: tables of records written, then files."""

    tables_done: int = 0
    tables_total: int = 0
    files_done: int = 0
    files_total: int = 0


ProgressCallback = Callable[[Progress], None]


def app_version() -> str:
    try:
        return importlib.metadata.version("meetings")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - not installed
        return "unknown"


def current_revision(connection: Connection) -> str | None:
    """The database's migration (Alembic revision; several heads joined by commas)."""
    from alembic.migration import MigrationContext

    heads = MigrationContext.configure(connection).get_current_heads()
    return ",".join(sorted(heads)) or None


@contextmanager
def snapshot() -> Iterator[Connection]:
    """A connection of its own that reads the database as it was when it began."""
    options: dict[str, Any] = {"sqlite_immediate": False}
    if db.engine.dialect.name == "postgresql":
        options["isolation_level"] = "REPEATABLE READ"
    with db.engine.connect() as connection:
        connection = connection.execution_options(**options)
        with connection.begin():
            yield connection


def chunks(values: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def export_filename(scope: str, slug: str | None, at: dt.datetime) -> str:
    name = slug if scope == t.GROUP and slug else "installation"
    return f"meetings-export-{name}-{at.astimezone(dt.UTC):%Y%m%d-%H%M%S}.zip"


def write_export(
    target: IO[bytes],
    connection: Connection,
    *,
    group_slug: str | None = None,
    progress: ProgressCallback | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Write the export of the installation (or of the group ``group_slug``) to ``target``,
    reading through ``connection``; the manifest. Raises ExportError for an unknown group.
    Writes nothing to the database."""
    scope = t.GROUP if group_slug else t.INSTALLATION
    t.check(scope)
    created_at = now or utcnow()
    exported = t.exported_tables(scope)
    kept = {table.name for table in exported}
    state = Progress(tables_total=len(exported))
    if scope == t.GROUP:
        selection = GroupSelection(connection, group_slug or "")
        group = selection.group
        scope_entry = {"kind": scope, "slug": group["slug"], "name": group["name"]}
    else:
        selection = None
        scope_entry = {"kind": scope}

    def report() -> None:
        if progress is not None:
            progress(state)

    report()
    writer = ArchiveWriter(target, created_at)
    entries: dict[str, dict[str, Any]] = {}
    file_ids: set[int] = set()
    files_table = db.metadata.tables[t.FILES]
    for table in exported:
        if table.name == t.FILES:
            continue
        columns = t.columns_of(table, scope)
        rows = (
            selection.rows(table)
            if selection is not None
            else _table_rows(connection, table, columns, kept)
        )
        file_columns = [c.name for c in columns if t.target(c) is files_table]
        entries[table.name] = _entry(table, columns)
        entries[table.name]["rows"] = writer.write_records(
            table.name, _noting_files(rows, columns, file_columns, file_ids)
        )
        state.tables_done += 1
        report()

    # The files the records refer to: their rows, then their bytes (once per content).
    files: list[dict[str, Any]] = []
    if t.FILES in kept:
        columns = t.columns_of(files_table, scope)
        files = _rows_by_id(connection, files_table, columns, sorted(file_ids))
        entries[t.FILES] = _entry(files_table, columns)
        entries[t.FILES]["rows"] = writer.write_records(
            t.FILES, ({c.name: to_json(row[c.name]) for c in columns} for row in files)
        )
        state.tables_done += 1
    contents = list(dict.fromkeys((row["sha256"], row["id"]) for row in files))
    unique: dict[str, int] = {}
    for sha256, file_id in contents:
        unique.setdefault(sha256, file_id)
    state.files_total = len(unique)
    report()
    total_bytes = 0
    for sha256, file_id in unique.items():
        data = _file_bytes(connection, files_table, file_id)
        writer.write_file(sha256, data)
        total_bytes += len(data)
        state.files_done += 1
        report()

    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": app_version(),
        "alembic_revision": current_revision(connection),
        "database": connection.dialect.name,
        "created_at": created_at.astimezone(dt.UTC).isoformat(),
        "scope": scope_entry,
        "tables": [entries[table.name] for table in exported],
        "excluded": t.excluded(scope),
        "files": {"count": len(unique), "bytes": total_bytes},
    }
    return writer.finish(manifest)


def _entry(table: Table, columns: list[Column]) -> dict[str, Any]:
    return {
        "name": table.name,
        "file": f"records/{table.name}.json",
        "rows": 0,
        "columns": {c.name: describe(c) for c in columns},
    }


def _noting_files(
    rows: Iterable[dict[str, Any]],
    columns: list[Column],
    file_columns: list[str],
    file_ids: set[int],
) -> Iterator[dict[str, Any]]:
    """The rows as JSON, noting the files they refer to."""
    for row in rows:
        for name in file_columns:
            if row[name] is not None:
                file_ids.add(row[name])
        yield {c.name: to_json(row[c.name]) for c in columns}


def _table_rows(
    connection: Connection, table: Table, columns: list[Column], kept: set[str]
) -> Iterator[dict[str, Any]]:
    """Every row of the table in the order of its primary key; a reference to a table the
    export leaves out is left empty (``tables.check`` makes sure it may be)."""
    cleared = {c.name for c in columns if (p := t.target(c)) is not None and p.name not in kept}
    query = select(*columns).order_by(*table.primary_key.columns)
    result = connection.execute(query.execution_options(yield_per=1000))
    for values in result:
        row = dict(zip((c.name for c in columns), values, strict=True))
        for name in cleared:
            row[name] = None
        yield row


def _rows_by_id(
    connection: Connection, table: Table, columns: list[Column], ids: list[Any]
) -> list[dict[str, Any]]:
    key = t.key_of(table)
    rows: list[dict[str, Any]] = []
    for batch in chunks(ids):
        query = select(*columns).where(key.in_(batch))
        rows.extend(
            dict(zip((c.name for c in columns), values, strict=True))
            for values in connection.execute(query)
        )
    return sorted(rows, key=lambda row: row[key.name])


def _file_bytes(connection: Connection, files: Table, file_id: int) -> bytes:
    """The file's bytes, from the database or the object store, checked against their
    SHA-256 (``storage.read``: damaged bytes are never exported)."""
    row = connection.execute(
        select(files.c.id, files.c.sha256, files.c.data, files.c.location).where(
            files.c.id == file_id
        )
    ).one()
    try:
        return storage.read(
            StoredFile(id=row.id, sha256=row.sha256, data=row.data, location=row.location)
        )
    except storage.StorageError as error:
        raise ExportError(f"Stored file {file_id} cannot be read: {error.detail}") from error


class GroupSelection:
    """The rows of one group's export (``tables``' docstring says which), read once."""

    def __init__(self, connection: Connection, slug: str) -> None:
        self.connection = connection
        self.roles = t.group_roles()
        self.exported = t.exported_tables(t.GROUP)
        self.kept = {table.name for table in self.exported}
        #: table → its chosen rows (the exported columns), by primary key.
        self.chosen: dict[str, dict[Any, dict[str, Any]]] = {}
        root = db.metadata.tables[t.ROOT]
        found = (
            connection.execute(select(*t.columns_of(root, t.GROUP)).where(root.c.slug == slug))
            .mappings()
            .first()
        )
        if found is None:
            raise ExportError(f"There is no group with the short address “{slug}”.")
        self.group = dict(found)
        self.chosen[t.ROOT] = {self.group["id"]: self.group}
        self._choose()

    def rows(self, table: Table) -> list[dict[str, Any]]:
        chosen = self.chosen.get(table.name, {})
        return [chosen[key] for key in sorted(chosen)]

    # --- choosing ------------------------------------------------------------------------

    def _role(self, table: Table | None) -> str | None:
        return None if table is None else self.roles.get(table.name)

    def _ids(self, table: Table, column: str) -> set[Any]:
        return {row[column] for row in self.chosen.get(table.name, {}).values()}

    def _choose(self) -> None:
        for table in self.exported:
            if self.roles[table.name] == t.OWNED:
                self._choose_owned(table)
        self._choose_shared()
        for table in self.exported:
            if self.roles[table.name] == t.DETAIL:
                self._choose_details(table)

    def _fetch(self, table: Table, column: Column, values: set[Any]) -> list[dict[str, Any]]:
        columns = t.columns_of(table, t.GROUP)
        rows = []
        for batch in chunks(sorted(values)):
            query = select(*columns).where(column.in_(batch))
            rows.extend(
                dict(zip((c.name for c in columns), found, strict=True))
                for found in self.connection.execute(query)
            )
        return rows

    @staticmethod
    def _key(table: Table, row: dict[str, Any]) -> Any:
        names = [c.name for c in table.primary_key.columns]
        return row[names[0]] if len(names) == 1 else tuple(row[n] for n in names)

    def _choose_owned(self, table: Table) -> None:
        """The rows pointing at the group's rows; a link to a row outside the group is left
        empty where it may be, and the row is left out where it may not."""
        links = [
            c
            for c in table.columns
            if (p := t.target(c)) is not None
            and p is not table
            and self._role(p) in (t.ROOT_ROLE, t.OWNED)
        ]
        candidates: dict[Any, dict[str, Any]] = {}
        for column in links:
            referred = next(iter(column.foreign_keys)).column
            for row in self._fetch(table, column, self._ids(referred.table, referred.name)):
                candidates[self._key(table, row)] = row
        chosen = {key: row for key, row in candidates.items() if self._fits(table, row)}
        self.chosen[table.name] = chosen
        self._settle_self_references(table)

    def _fits(self, table: Table, row: dict[str, Any]) -> bool:
        for column in t.columns_of(table, t.GROUP):
            parent = t.target(column)
            value = row[column.name]
            if parent is None or parent is table or value is None:
                continue
            role = self._role(parent) if parent.name in self.kept else None
            if role == t.SHARED_ROLE:
                continue
            referred = next(iter(column.foreign_keys)).column.name
            if role in (t.ROOT_ROLE, t.OWNED) and value in self._ids(parent, referred):
                continue
            if not column.nullable:
                return False
            row[column.name] = None
        return True

    def _settle_self_references(self, table: Table) -> None:
        chosen = self.chosen[table.name]
        references = [c for c in t.columns_of(table, t.GROUP) if t.target(c) is table]
        changed = bool(references)
        while changed:
            changed = False
            for key, row in list(chosen.items()):
                for column in references:
                    referred = next(iter(column.foreign_keys)).column.name
                    value = row[column.name]
                    if value is None or value in self._ids(table, referred):
                        continue
                    if column.nullable:
                        row[column.name] = None
                    else:
                        del chosen[key]
                        changed = True
                        break

    def _needed(self) -> dict[str, set[Any]]:
        """The shared rows the chosen rows refer to (by the referred column's value)."""
        needed: dict[str, set[Any]] = {}
        for name, rows in self.chosen.items():
            table = db.metadata.tables[name]
            for column in t.columns_of(table, t.GROUP):
                parent = t.target(column)
                if parent is None or self._role(parent) != t.SHARED_ROLE:
                    continue
                values = {row[column.name] for row in rows.values()} - {None}
                needed.setdefault(parent.name, set()).update(values)
        return needed

    def _choose_shared(self) -> None:
        """People, organisations, venues and files the group's rows refer to, and those
        these refer to in turn (a person's organisation, an organisation's logo)."""
        while True:
            added = False
            for name, wanted in self._needed().items():
                table = db.metadata.tables[name]
                key = t.key_of(table)
                chosen = self.chosen.setdefault(name, {})
                missing = wanted - set(chosen)
                if not missing:
                    continue
                if name == t.FILES:
                    # Only the ids: the rows and bytes are read as the files are written.
                    chosen.update({file_id: {key.name: file_id} for file_id in missing})
                    continue
                for row in self._fetch(table, key, missing):
                    self._fits(table, row)
                    chosen[row[key.name]] = row
                added = True
            if not added:
                return

    def _choose_details(self, table: Table) -> None:
        """An organisation's office hours: the rows of a table that points at shared rows
        only, where every such link points at a chosen row."""
        links = {
            c: key.column.table.name for c in t.columns_of(table, t.GROUP) for key in c.foreign_keys
        }
        first, parent = next(iter(links.items()))
        rows = self._fetch(table, first, set(self.chosen.get(parent, {})))
        self.chosen[table.name] = {
            self._key(table, row): row
            for row in rows
            if all(
                row[c.name] is None or row[c.name] in self.chosen.get(name, {})
                for c, name in links.items()
            )
        }
