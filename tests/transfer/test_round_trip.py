"""Export → import into an empty database → export again gives the same records and files,
on SQLite and on PostgreSQL (the suite's two passes), and the installation restored works."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import select

from meetings.auth.services import password_matches
from meetings.demo import DEMO_PASSWORD
from meetings.extensions import db
from meetings.models import Meeting, Minutes, StoredFile, User, WorkingGroup
from meetings.storage import services as storage
from meetings.transfer import tables

from .. import factories
from .conftest import entries, fill_with_demo, records


def _without_time(found: dict) -> dict:
    manifest = dict(found["manifest.json"])
    manifest.pop("created_at")
    return {**found, "manifest.json": manifest}


def test_export_import_export_gives_the_same_records_and_files(demo, installation):
    b, first = installation("b"), demo.full

    imported = b.cli("import", str(first))
    assert imported.exit_code == 0, imported.output
    second = b.export()

    before, after = _without_time(entries(first)), _without_time(entries(second))
    assert sorted(before) == sorted(after)
    assert before == after
    manifest = before["manifest.json"]
    counts = {table["name"]: table["rows"] for table in manifest["tables"]}
    # Realistic: every kind of file went along (attachments, the signed attendance sheet,
    # published minutes, the record of a vote by correspondence, logos).
    assert counts["meetings"] > 10
    assert counts["attachments"] == 2
    assert counts["minutes_revisions"] >= 1
    assert counts["correspondence_votes"] >= 1
    assert manifest["files"]["count"] >= 6
    # Each content once, under its SHA-256.
    assert {n for n in before if n.startswith("files/")} == {
        f"files/{row['sha256']}" for row in records(first, "stored_files")
    }
    assert "sign_ins" in manifest["excluded"] and "sign_ins" not in counts


def test_every_table_is_exported_or_left_out_with_a_reason(app, db_session):
    for scope in (tables.INSTALLATION, tables.GROUP):
        tables.check(scope)
        exported = {t.name for t in tables.exported_tables(scope)}
        left_out = tables.excluded(scope)
        assert exported.isdisjoint(left_out)
        assert exported | set(left_out) == set(db.metadata.tables)
        assert all(left_out.values())


def test_restored_installation_signs_in_serves_files_and_takes_new_rows(demo, installation):
    a, b = demo.installation, installation("b")
    result = b.cli("import", str(demo.full))
    assert result.exit_code == 0, result.output
    assert "Restored" in result.output

    with a.app.app_context():
        published = db.session.scalars(
            select(Minutes).where(Minutes.pdf_file_id.is_not(None)).order_by(Minutes.id)
        ).first()
        pdf = storage.read(published.pdf_file)
        minutes_id = published.id
    with b.app.app_context():
        chair = db.session.scalars(select(User).where(User.email == "chair@demo.example")).one()
        assert password_matches(chair.password_hash, DEMO_PASSWORD)
        assert storage.read(db.session.get(Minutes, minutes_id).pdf_file) == pdf
        # The ids go on above the restored ones (PostgreSQL's sequences were set).
        group = db.session.scalars(select(WorkingGroup).order_by(WorkingGroup.id)).first()
        highest = db.session.scalar(select(Meeting.id).order_by(Meeting.id.desc()))
        meeting = factories.make_meeting(group)
        kept = storage.store(b"new bytes", "text/plain")
        db.session.commit()
        assert meeting.id > highest
        others = db.session.scalars(select(StoredFile.id).where(StoredFile.id != kept.id))
        assert kept.id > max(others)

    client = b.app.test_client()
    page = client.post(
        "/auth/sign-in", data={"email": "chair@demo.example", "password": DEMO_PASSWORD}
    )
    assert (page.status_code, page.location) == (302, "/dashboard")
    assert client.get("/dashboard").status_code == 200
    # The search index was built by the import.
    found = client.get("/search?q=Sociální")
    assert found.status_code == 200
    assert "Sociální služby" in found.get_data(as_text=True)


def test_restore_keeps_the_files_in_the_object_store_of_the_new_installation(
    demo, installation, s3_endpoint
):
    import boto3

    settings = {
        "STORAGE_S3_BUCKET": "meetings-restored",
        "STORAGE_S3_ENDPOINT_URL": s3_endpoint,
        "STORAGE_S3_REGION": "eu-central-1",
        "STORAGE_S3_ACCESS_KEY": "test-access-key",
        "STORAGE_S3_SECRET_KEY": "test-secret-key",
        "STORAGE_S3_PREFIX": "restored/",
    }
    client = boto3.session.Session().client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="eu-central-1",
        aws_access_key_id="test-access-key",
        aws_secret_access_key="test-secret-key",
    )
    client.create_bucket(
        Bucket="meetings-restored",
        CreateBucketConfiguration={"LocationConstraint": "eu-central-1"},
    )
    b, first = installation("b", **settings), demo.full

    assert b.cli("import", str(first)).exit_code == 0
    second = b.export()

    assert _without_time(entries(first)) == _without_time(entries(second))
    with b.app.app_context():
        files = db.session.scalars(select(StoredFile)).all()
        assert files and all(f.location and f.data is None for f in files)
    keys = [o["Key"] for o in client.list_objects_v2(Bucket="meetings-restored")["Contents"]]
    assert len(keys) == len(files)


def test_the_downloadable_export_holds_what_the_command_writes(installation):
    from meetings.transfer.services import build_export, request_export

    a = installation("a")
    fill_with_demo(a)
    written = a.export()
    with a.app.app_context():
        job = request_export(None, actor=None)
        db.session.commit()
        assert build_export(job.id)
        job = db.session.get(type(job), job.id)
        made = storage.read(job.file)
    downloaded = a.folder / "downloaded.zip"
    downloaded.write_bytes(made)

    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        assert archive.testzip() is None
    first, second = _without_time(entries(written)), _without_time(entries(downloaded))
    # The export asked for is in the audit log, which the later export holds too.
    first.pop("records/audit_log.json"), second.pop("records/audit_log.json")
    first["manifest.json"].pop("checksums"), second["manifest.json"].pop("checksums")
    audit = next(t for t in first["manifest.json"]["tables"] if t["name"] == "audit_log")
    audit["rows"] += 1
    assert first == second
