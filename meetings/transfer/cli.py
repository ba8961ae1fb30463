"""``flask export`` and ``flask import``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from .. import audit
from ..db import begin_write, utcnow
from ..extensions import db
from . import tables as t
from .archive import ArchiveError, ArchiveReader
from .export import ExportError, export_filename, snapshot, write_export


@click.command("export")
@click.option("--group", "slug", metavar="SLUG", help="Only this group (its short address).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The zip to write (default: meetings-export-<scope>-<time>.zip here).",
)
def export_command(slug: str | None, output: Path | None) -> None:
    """Write every record (or one group's) as JSON and every file into one zip with a
    manifest and checksums (docs/export.md)."""
    now = utcnow()
    scope = t.GROUP if slug else t.INSTALLATION
    output = output or Path(export_filename(scope, slug, now))
    # Written beside the target and renamed once complete: no half-written zip is left.
    folder = output.resolve().parent
    try:
        handle, partial = tempfile.mkstemp(dir=folder, prefix=".export-", suffix=".zip")
    except OSError as error:
        raise click.ClickException(f"Cannot write into {folder}: {error.strerror}.") from error
    try:
        with os.fdopen(handle, "wb") as out, snapshot() as connection:
            manifest = write_export(out, connection, group_slug=slug, now=now)
        os.replace(partial, output)
    except ExportError as error:
        raise click.ClickException(str(error)) from error
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    rows = sum(table["rows"] for table in manifest["tables"])
    click.echo(
        f"Exported {rows} records in {len(manifest['tables'])} tables and "
        f"{manifest['files']['count']} files to {output}."
    )


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--merge",
    is_flag=True,
    help="Add the export of one group to this installation (people found by e-mail).",
)
@click.option(
    "--as",
    "as_slug",
    metavar="SLUG",
    help="With --merge: the group's short address here, if its own is taken.",
)
def import_command(path: Path, merge: bool, as_slug: str | None) -> None:
    """Restore an installation's export into this empty database, or (--merge) add a
    group's export to this installation. Everything is checked first; on any problem
    nothing is written."""
    from .merge import merge as merge_group
    from .restore import restore

    if as_slug and not merge:
        raise click.UsageError("--as goes with --merge.")
    try:
        with ArchiveReader(str(path)) as reader:
            kind = reader.scope.get("kind")
            if kind == t.GROUP and not merge:
                raise ArchiveError(
                    f"This is the export of the group “{reader.scope.get('slug')}”: add it to "
                    "this installation with --merge (a whole installation is restored "
                    "without it)."
                )
            begin_write(db.session)
            connection = db.session.connection()
            if merge:
                summary = merge_group(reader, connection, as_slug=as_slug, progress=click.echo)
                audit.record(
                    "transfer.group_imported",
                    group_id=_group_id(summary.slug),
                    detail=f"{path.name} as {summary.slug}",
                    actor=None,
                )
            else:
                summary = restore(reader, connection, progress=click.echo)
            db.session.commit()
    except ArchiveError as error:
        db.session.rollback()
        raise click.ClickException(f"{path}: nothing was imported. {error}") from error
    except Exception:
        db.session.rollback()
        raise
    rows = sum(summary.added.values())
    if summary.scope == t.GROUP:
        people = summary.matched.get("users", 0)
        click.echo(
            f"Added the group “{summary.slug}”: {rows} records and {summary.files} files; "
            f"{people} people were found here by their e-mail address."
        )
    else:
        click.echo(f"Restored {rows} records and {summary.files} files.")


def _group_id(slug: str | None) -> int | None:
    from sqlalchemy import select

    from ..groups.models import WorkingGroup

    return db.session.scalar(select(WorkingGroup.id).where(WorkingGroup.slug == slug))
