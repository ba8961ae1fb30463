"""What restoring and merging share: checking that the zip fits this database, turning its
records back into values, and inserting rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, Column, Connection, Insert, Table, bindparam, func, insert, select

from . import tables as t
from .archive import ArchiveError, ArchiveReader
from .export import current_revision
from .records import RecordError, from_json


@dataclass
class ImportSummary:
    """What an import did, for the person who ran it."""

    scope: str
    slug: str | None = None
    #: table → rows added.
    added: dict[str, int] = field(default_factory=dict)
    #: table → rows found here already (people by e-mail, organisations, venues).
    matched: dict[str, int] = field(default_factory=dict)
    files: int = 0

    def count(self, table: str, *, matched: bool = False) -> None:
        counts = self.matched if matched else self.added
        counts[table] = counts.get(table, 0) + 1


def check_fits(reader: ArchiveReader, connection: Connection, scope: str) -> list[Table]:
    """The zip was made by this version of the schema, holds what an export of its scope
    holds, and each table's records have this schema's columns; its tables, in order.
    Raises ArchiveError saying what does not fit."""
    made_at = reader.manifest.get("alembic_revision")
    here = current_revision(connection)
    if made_at != here:
        raise ArchiveError(
            f"The export was made from a database at migration {made_at}; this database is "
            f"at {here}. Bring this one to the same version first (flask db upgrade, or the "
            "application's version the export was made with)."
        )
    expected = [table.name for table in t.exported_tables(scope)]
    named = [str(entry.get("name")) for entry in reader.tables()]
    if sorted(named) != sorted(expected):
        unknown = sorted(set(named) - set(expected))
        missing = sorted(set(expected) - set(named))
        raise ArchiveError(
            "The export's tables are not those of this version"
            + (f"; unknown: {', '.join(unknown)}" if unknown else "")
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + "."
        )
    described = {str(entry.get("name")): entry.get("columns") for entry in reader.tables()}
    found = []
    # In this version's order (parents first), whatever the manifest's.
    for table in t.exported_tables(scope):
        columns = {c.name for c in t.columns_of(table, scope)}
        if not isinstance(described[table.name], dict) or set(described[table.name]) != columns:
            raise ArchiveError(f"The columns of {table.name} are not those of this version.")
        found.append(table)
    return found


def values_of(table: Table, columns: list[Column], row: dict[str, Any], number: int) -> dict:
    """A record as the values of its columns (checked against their types)."""
    if set(row) != {c.name for c in columns}:
        raise ArchiveError(f"Record {number} of {table.name} does not have the table's columns.")
    try:
        return {c.name: from_json(c, row[c.name]) for c in columns}
    except RecordError as error:
        raise ArchiveError(f"Record {number} of {table.name}: {error}.") from error


def insert_statement(table: Table, columns: Iterable[Column]) -> Insert:
    """An INSERT of these columns whose empty JSON values are SQL NULL (not JSON null), as
    the application's own rows have them."""
    return insert(table).values(
        {
            c.name: bindparam(c.name, type_=JSON(none_as_null=True))
            for c in columns
            if isinstance(c.type, JSON)
        }
    )


def self_references(table: Table, columns: list[Column]) -> list[Column]:
    """Columns that point at rows of the same table (an agenda item's parent): inserted
    empty, then set once every row of the table is there."""
    return [c for c in columns if t.target(c) is table]


def reset_sequences(connection: Connection, tables: Iterable[Table]) -> None:
    """After rows were inserted with their ids, PostgreSQL's sequences continue above them
    (SQLite takes the highest id by itself)."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        key = t.primary_key(table)
        if key is None or key.autoincrement is False or key.type.python_type is not int:
            continue
        highest = select(func.coalesce(func.max(key), 0) + 1).scalar_subquery()
        sequence = func.pg_get_serial_sequence(table.name, key.name)
        connection.execute(select(func.setval(sequence, highest, False)))


def rebuild_search_index(connection: Connection) -> int:
    from ..search.indexing import rebuild

    return rebuild(connection)
