"""The export's zip: ``manifest.json``, ``records/<table>.json`` and ``files/<sha256>``.

The manifest names the format and its version, the application's version and the database's
migration (Alembic revision), when the export was made, its scope (the installation or one
group), each table with its columns and number of rows, the tables left out and why, and
the SHA-256 of every other entry of the zip. Reading checks all of it before anything is
written to a database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from typing import IO, Any

FORMAT = "meetings-export"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
RECORDS = "records/"
FILES = "files/"

#: How much of an entry is read at a time while its checksum is checked.
CHUNK = 1 << 20


class ArchiveError(Exception):
    """The zip cannot be imported here; the message says why, for the person importing."""


def records_name(table: str) -> str:
    return f"{RECORDS}{table}.json"


def file_name(sha256: str) -> str:
    return f"{FILES}{sha256}"


class ArchiveWriter:
    """Writes the entries of an export to ``target`` (a file open for writing in binary),
    keeping each one's SHA-256 for the manifest, which ``finish`` writes last."""

    def __init__(self, target: IO[bytes], created_at: dt.datetime) -> None:
        self.zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        self.checksums: dict[str, str] = {}
        # Every entry carries the export's time (zip times are local wall-clock times
        # without a zone; UTC here), not the moment each one happened to be written.
        self.date_time = created_at.astimezone(dt.UTC).timetuple()[:6]

    def _entry(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    def write_records(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        """``rows`` (JSON-ready dicts) as a JSON list, one row a line; how many."""
        name = records_name(table)
        digest = hashlib.sha256()
        count = 0
        with self.zip.open(self._entry(name), "w", force_zip64=True) as out:

            def emit(data: bytes) -> None:
                out.write(data)
                digest.update(data)

            emit(b"[")
            for row in rows:
                line = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
                emit((b"\n" if count == 0 else b",\n") + line.encode("utf-8"))
                count += 1
            emit(b"\n]\n" if count else b"]\n")
        self.checksums[name] = digest.hexdigest()
        return count

    def write_file(self, sha256: str, data: bytes) -> None:
        name = file_name(sha256)
        if name in self.checksums:
            return
        self.zip.writestr(self._entry(name), data)
        self.checksums[name] = hashlib.sha256(data).hexdigest()

    def finish(self, manifest: dict[str, Any]) -> dict[str, Any]:
        """Write the manifest (with the checksums) and close the zip; the manifest."""
        manifest = {**manifest, "checksums": dict(sorted(self.checksums.items()))}
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        self.zip.writestr(self._entry(MANIFEST), text.encode("utf-8"))
        self.zip.close()
        return manifest


class ArchiveReader:
    """An export opened for reading: ``verify`` checks it whole, then ``records`` and
    ``file`` read its entries."""

    def __init__(self, source: str | IO[bytes]) -> None:
        try:
            self.zip = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
            raise ArchiveError(f"This is not a readable zip file: {error}.") from error
        try:
            raw = self._read(MANIFEST)
        except KeyError as error:
            raise ArchiveError(
                "The zip has no manifest.json: it is no export of this application."
            ) from error
        try:
            manifest = json.loads(raw)
        except ValueError as error:
            raise ArchiveError(f"manifest.json is not valid JSON: {error}.") from error
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ArchiveError("manifest.json does not describe an export of this application.")
        if manifest.get("format_version") != FORMAT_VERSION:
            raise ArchiveError(
                f"The export is in version {manifest.get('format_version')} of the format; "
                f"this application reads version {FORMAT_VERSION}."
            )
        for key, kind in (("checksums", dict), ("tables", list), ("scope", dict)):
            if not isinstance(manifest.get(key), kind):
                raise ArchiveError(f"manifest.json has no valid {key!r}.")
        self.manifest: dict[str, Any] = manifest

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> ArchiveReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def scope(self) -> dict[str, Any]:
        return self.manifest["scope"]

    @property
    def checksums(self) -> dict[str, str]:
        return self.manifest["checksums"]

    def _read(self, name: str) -> bytes:
        try:
            return self.zip.read(name)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
            raise ArchiveError(f"{name} cannot be read from the zip: {error}.") from error

    def verify(self) -> None:
        """Every entry is named in the manifest with its SHA-256, and has it; every table's
        records are there. Raises ArchiveError saying what is wrong."""
        present = {info.filename for info in self.zip.infolist() if not info.is_dir()}
        present.discard(MANIFEST)
        listed = set(self.checksums)
        if missing := sorted(listed - present):
            raise ArchiveError(
                f"Entries named in the manifest are missing: {', '.join(missing[:5])}."
            )
        if unknown := sorted(present - listed):
            raise ArchiveError(
                f"Entries not named in the manifest: {', '.join(unknown[:5])}: the zip was changed."
            )
        for table in self.manifest["tables"]:
            if not isinstance(table, dict) or records_name(str(table.get("name"))) not in listed:
                raise ArchiveError(f"The records of {table!r} are not in the zip.")
        for name in sorted(listed):
            if self._digest(name) != self.checksums[name]:
                raise ArchiveError(
                    f"The checksum of {name} does not match the manifest: the zip is damaged "
                    "or was changed."
                )

    def _digest(self, name: str) -> str:
        digest = hashlib.sha256()
        try:
            with self.zip.open(name) as entry:
                while chunk := entry.read(CHUNK):
                    digest.update(chunk)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
            raise ArchiveError(f"{name} cannot be read from the zip: {error}.") from error
        return digest.hexdigest()

    def records(self, table: str) -> list[dict[str, Any]]:
        name = records_name(table)
        try:
            rows = json.loads(self._read(name))
        except KeyError as error:
            raise ArchiveError(f"{name} is not in the zip.") from error
        except ValueError as error:
            raise ArchiveError(f"{name} is not valid JSON: {error}.") from error
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ArchiveError(f"{name} is not a list of records.")
        return rows

    def file(self, sha256: str) -> bytes:
        name = file_name(sha256)
        try:
            data = self._read(name)
        except KeyError as error:
            raise ArchiveError(f"The file {name} is not in the zip.") from error
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ArchiveError(f"The bytes of {name} are not the file named so.")
        return data

    def tables(self) -> Iterator[dict[str, Any]]:
        yield from self.manifest["tables"]
