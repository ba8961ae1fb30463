"""An installation's export → an empty database: every row with its own id, every file into
this installation's storage (database or object store), then the search index built and
PostgreSQL's sequences set above the ids."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, func, select, update

from ..storage import services as storage
from . import tables as t
from .archive import ArchiveError, ArchiveReader
from .loading import (
    ImportSummary,
    check_fits,
    insert_statement,
    rebuild_search_index,
    reset_sequences,
    self_references,
    values_of,
)

#: Rows inserted by one statement.
BATCH = 500


def restore(
    reader: ArchiveReader,
    connection: Connection,
    *,
    progress: Callable[[str], None] | None = None,
) -> ImportSummary:
    """Restore the installation's export into the database of ``connection``, which must be
    migrated and empty. Everything is checked first (checksums, migration, tables, an
    empty database); raises ArchiveError saying why when something does not fit, and then
    nothing has been written. Runs in the caller's transaction; never commits."""
    scope = reader.scope.get("kind")
    if scope != t.INSTALLATION:
        raise ArchiveError(
            f"This is the export of the group “{reader.scope.get('slug')}”, not of a whole "
            "installation: add it to this installation with --merge."
        )
    reader.verify()
    tables = check_fits(reader, connection, t.INSTALLATION)
    filled = [
        f"{table.name} ({count})"
        for table in tables
        if (count := connection.execute(select(func.count()).select_from(table)).scalar_one())
    ]
    if filled:
        raise ArchiveError(
            "The database is not empty: it has rows in "
            + ", ".join(filled[:6])
            + (f" and {len(filled) - 6} more tables" if len(filled) > 6 else "")
            + ". A whole installation is restored into an empty database only: create one "
            "and run `flask db upgrade` on it first (or add one group with --merge)."
        )
    summary = ImportSummary(scope=t.INSTALLATION)
    for table in tables:
        columns = t.columns_of(table, t.INSTALLATION)
        records = reader.records(table.name)
        rows = [values_of(table, columns, row, n) for n, row in enumerate(records, start=1)]
        later = []
        for column in self_references(table, columns):
            key = t.key_of(table)
            for row in rows:
                if row[column.name] is not None:
                    later.append((row[key.name], column.name, row[column.name]))
                    row[column.name] = None
        if table.name == t.FILES:
            for row in rows:
                data = reader.file(row["sha256"])
                if len(data) != row["size"]:
                    raise ArchiveError(f"Stored file {row['id']} is not {row['size']} bytes.")
                row.update(storage.place(data, row["content_type"], row["sha256"]))
                summary.files += 1
            columns = list(table.columns)
        statement = insert_statement(table, columns)
        for start in range(0, len(rows), BATCH):
            connection.execute(statement, rows[start : start + BATCH])
        for row_id, name, value in later:
            connection.execute(update(table).where(t.key_of(table) == row_id).values({name: value}))
        summary.added[table.name] = len(rows)
        if progress is not None:
            progress(f"{table.name}: {len(rows)}")
    reset_sequences(connection, tables)
    indexed = rebuild_search_index(connection)
    if progress is not None:
        progress(f"search index: {indexed}")
    return summary
