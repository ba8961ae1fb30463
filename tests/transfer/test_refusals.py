"""What ``flask import`` refuses, with a message that says why, a non-zero exit and nothing
written: not a zip, a damaged or altered one, another migration, a database that is not
empty, an export of the wrong kind for what was asked."""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile
from pathlib import Path

import pytest


@pytest.fixture
def exported(demo) -> tuple:
    return demo.installation, demo.full, demo.group


def _rewrite(source: Path, target: Path, change) -> Path:
    """A copy of the zip with ``change(entries)`` applied (entries: name → bytes)."""
    with zipfile.ZipFile(source) as archive:
        found = {name: archive.read(name) for name in archive.namelist()}
    change(found)
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in found.items():
            archive.writestr(name, data)
    return target


def _manifest(found: dict) -> dict:
    return json.loads(found["manifest.json"])


def _refused(installation, path: Path, *args: str) -> str:
    before = installation.counts()
    result = installation.cli("import", str(path), *args)
    assert result.exit_code != 0
    assert installation.counts() == before
    assert "nothing was imported" in result.output
    return result.output


def test_import_refuses_what_is_not_a_zip(installation, tmp_path):
    b = installation("b")
    path = tmp_path / "export.zip"
    path.write_bytes(b"%PDF-1.7 not an export at all")

    assert "not a readable zip file" in _refused(b, path)


def test_import_refuses_a_zip_without_a_manifest(installation, exported, tmp_path):
    _, full, _ = exported
    path = _rewrite(full, tmp_path / "bare.zip", lambda found: found.pop("manifest.json"))

    assert "no manifest.json" in _refused(installation("b"), path)


def test_import_refuses_records_changed_after_the_export(installation, exported, tmp_path):
    _, full, _ = exported

    def change(found):
        found["records/meetings.json"] = found["records/meetings.json"].replace(
            b"setk\xc3\xa1n\xc3\xad", b"jedn\xc3\xa1n\xc3\xad", 1
        )

    path = _rewrite(full, tmp_path / "changed.zip", change)

    output = _refused(installation("b"), path)
    assert "checksum of records/meetings.json does not match" in output


def test_import_refuses_a_damaged_zip(installation, exported, tmp_path):
    _, full, _ = exported
    data = bytearray(full.read_bytes())
    with zipfile.ZipFile(full) as archive:
        info = archive.getinfo("records/meetings.json")
    # Bytes in the middle of the compressed records overwritten (the local header gives
    # where they start: after its 30 bytes, the name and the extra field).
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length + info.compress_size // 2
    data[start : start + 16] = bytes(16)
    path = tmp_path / "damaged.zip"
    path.write_bytes(bytes(data))

    output = _refused(installation("b"), path)
    assert "records/meetings.json" in output


def test_import_refuses_an_entry_the_manifest_does_not_name(installation, exported, tmp_path):
    _, full, _ = exported
    path = _rewrite(
        full, tmp_path / "added.zip", lambda found: found.update({"records/extra.json": b"[]"})
    )

    assert "not named in the manifest" in _refused(installation("b"), path)


def test_import_refuses_an_export_of_another_migration(installation, exported, tmp_path):
    _, full, _ = exported

    def change(found):
        manifest = _manifest(found)
        manifest["alembic_revision"] = "0029"
        found["manifest.json"] = json.dumps(manifest).encode()

    path = _rewrite(full, tmp_path / "older.zip", change)

    output = _refused(installation("b"), path)
    assert "migration 0029" in output and "flask db upgrade" in output


def test_restore_refuses_a_database_that_is_not_empty(exported):
    a, full, _ = exported

    output = _refused(a, full)
    assert "The database is not empty" in output and "users" in output


def test_a_record_that_does_not_fit_undoes_the_whole_restore(installation, exported, tmp_path):
    """The checksums are right, but a value of the last table is wrong: the tables restored
    before it are rolled back too, files included."""
    _, full, _ = exported

    def change(found):
        name = "records/poll_answers.json"
        rows = json.loads(found[name])
        rows[-1]["value"] = "perhaps"
        found[name] = json.dumps(rows).encode()
        manifest = _manifest(found)
        manifest["checksums"][name] = hashlib.sha256(found[name]).hexdigest()
        found["manifest.json"] = json.dumps(manifest).encode()

    path = _rewrite(full, tmp_path / "wrong-value.zip", change)
    b = installation("b")

    output = _refused(b, path)
    assert "poll_answers" in output and "perhaps" in output
    assert b.counts()["users"] == 0 and b.counts()["stored_files"] == 0


def test_import_says_which_option_an_export_needs(installation, exported):
    a, full, group = exported

    assert "--merge" in _refused(installation("b"), group)
    assert "restored into an empty database" in _refused(a, full, "--merge")


def test_merge_refuses_an_address_that_is_no_short_address(installation, exported):
    _, _, group = exported

    output = _refused(installation("b"), group, "--merge", "--as", "Nová skupina")
    assert "no short address" in output


def test_export_of_an_unknown_group_says_so(exported, tmp_path):
    a, _, _ = exported
    target = tmp_path / "none.zip"

    result = a.cli("export", "--group", "no-such-group", "-o", str(target))

    assert result.exit_code != 0
    assert "There is no group with the short address “no-such-group”" in result.output
    assert not target.exists() and not list(tmp_path.glob(".export-*"))
