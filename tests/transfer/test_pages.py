"""The export pages: a group's chair (and a site admin) prepares an export, watches its
progress on a page that reloads itself, and downloads the zip; members cannot."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

from sqlalchemy import select

from meetings.audit.models import AuditEntry
from meetings.extensions import db
from meetings.mail.jobs import huey
from meetings.models import StoredFile
from meetings.storage import services as storage
from meetings.transfer.enums import ExportState
from meetings.transfer.models import ExportJob
from meetings.transfer.services import LOST_AFTER, STALLED_AFTER, build_export, tidy

from .. import factories


def _queued_exports() -> list[int]:
    return [t.args[0] for t in huey.pending() if t.name.endswith("build_export_task")]


def _run_worker() -> None:
    """What the worker does for the exports asked for (the session's connection reads, so
    that the test's rows are seen)."""
    for job_id in _queued_exports():
        build_export(job_id, connection=db.session.connection())
    huey.flush()


def _zip(response) -> dict:
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        return {
            name: json.loads(archive.read(name))
            for name in archive.namelist()
            if name.endswith(".json")
        }


def test_chair_prepares_watches_and_downloads_the_groups_export(people, login_as):
    huey.flush()
    meeting = factories.make_meeting(people.group, title="10. setkání")
    client = login_as(people.chair)

    page = client.get(f"/groups/{people.group.slug}/export")
    assert page.status_code == 200
    assert "Prepare an export" in page.get_data(as_text=True)

    asked = client.post(f"/groups/{people.group.slug}/export")
    job = db.session.scalars(select(ExportJob)).one()
    assert (asked.status_code, asked.location) == (303, f"/exports/{job.id}")
    assert _queued_exports() == [job.id]

    waiting = client.get(f"/exports/{job.id}")
    text = waiting.get_data(as_text=True)
    assert waiting.status_code == 200
    assert '<meta http-equiv="refresh" content="2">' in text
    assert "Waiting for the background worker." in text
    assert waiting.headers["Cache-Control"] == "no-store"

    _run_worker()

    ready = client.get(f"/exports/{job.id}")
    text = ready.get_data(as_text=True)
    assert "http-equiv" not in text
    assert f'href="/exports/{job.id}/download"' in text
    download = client.get(f"/exports/{job.id}/download")
    assert download.status_code == 200
    assert download.mimetype == "application/zip"
    assert "attachment" in download.headers["Content-Disposition"]
    found = _zip(download)
    assert found["manifest.json"]["scope"] == {
        "kind": "group",
        "slug": people.group.slug,
        "name": people.group.name,
    }
    assert [m["title"] for m in found["records/meetings.json"]] == [meeting.title]
    emails = {u["email"] for u in found["records/users.json"]}
    assert emails == {
        "chair@example.org",
        "assistant@example.org",
        "member@example.org",
        "observer@example.org",
    }
    assert all("password_hash" not in u for u in found["records/users.json"])
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["transfer.export_requested", "transfer.export_downloaded"]


def test_progress_page_shows_how_far_the_export_has_come(people, login_as):
    job = ExportJob(
        group=people.group,
        state=ExportState.RUNNING,
        tables_done=12,
        tables_total=31,
        files_done=0,
        files_total=0,
    )
    db.session.add(job)
    db.session.flush()

    text = login_as(people.chair).get(f"/exports/{job.id}").get_data(as_text=True)

    assert "Records: 12 of 31 tables." in text
    assert '<progress max="100" value="19">' in text
    assert 'http-equiv="refresh"' in text


def test_asking_twice_gives_the_export_being_prepared(people, login_as):
    client = login_as(people.chair)
    first = client.post(f"/groups/{people.group.slug}/export")
    second = client.post(f"/groups/{people.group.slug}/export")

    assert first.location == second.location
    assert len(db.session.scalars(select(ExportJob)).all()) == 1


def test_member_may_neither_prepare_nor_see_the_groups_export(people, login_as):
    job = ExportJob(group=people.group, state=ExportState.DONE)
    db.session.add(job)
    db.session.flush()
    client = login_as(people.member)

    assert client.get(f"/groups/{people.group.slug}/export").status_code == 403
    assert client.post(f"/groups/{people.group.slug}/export").status_code == 403
    assert client.get(f"/exports/{job.id}").status_code == 404
    assert client.get(f"/exports/{job.id}/download").status_code == 404
    group_page = client.get(f"/groups/{people.group.slug}").get_data(as_text=True)
    assert f"/groups/{people.group.slug}/export" not in group_page


def test_group_page_and_admin_page_link_to_their_export(people, login_as):
    chair_page = login_as(people.chair).get(f"/groups/{people.group.slug}").get_data(as_text=True)
    admin_page = login_as(people.admin).get("/admin").get_data(as_text=True)

    assert f'href="/groups/{people.group.slug}/export"' in chair_page
    assert 'href="/admin/export"' in admin_page


def test_admin_exports_the_whole_installation_with_password_hashes(people, login_as):
    huey.flush()
    client = login_as(people.admin)
    assert client.get("/admin/export").status_code == 200
    asked = client.post("/admin/export")
    _run_worker()

    download = client.get(asked.location + "/download")

    found = _zip(download)
    assert found["manifest.json"]["scope"] == {"kind": "installation"}
    assert {g["slug"] for g in found["records/working_groups.json"]} >= {
        people.group.slug,
        people.other_group.slug,
    }
    assert all(u["password_hash"] for u in found["records/users.json"] if u["activated_at"])
    assert "export_jobs" in found["manifest.json"]["excluded"]


def test_chair_deletes_a_finished_export_and_its_file(people, login_as):
    job = ExportJob(
        group=people.group,
        state=ExportState.DONE,
        file=storage.store(b"PK\x05\x06" + bytes(18), "application/zip"),
    )
    db.session.add(job)
    db.session.flush()
    file_id = job.file_id

    deleted = login_as(people.chair).post(f"/exports/{job.id}/delete")

    assert (deleted.status_code, deleted.location) == (303, f"/groups/{people.group.slug}/export")
    assert db.session.get(ExportJob, job.id) is None
    assert db.session.get(StoredFile, file_id) is None


def test_failed_export_says_why_and_offers_to_try_again(people, login_as):
    job = ExportJob(group=people.group, state=ExportState.FAILED, error="OperationalError")
    db.session.add(job)
    db.session.flush()

    text = login_as(people.chair).get(f"/exports/{job.id}").get_data(as_text=True)

    assert "The export could not be made: OperationalError" in text
    assert f'action="/groups/{people.group.slug}/export"' in text


def test_tidying_deletes_expired_exports_fails_stalled_ones_and_requeues_lost_ones(people):
    now = dt.datetime.now(dt.UTC)
    expired = ExportJob(
        group=people.group,
        state=ExportState.DONE,
        file=storage.store(b"old", "application/zip"),
        expires_at=now - dt.timedelta(minutes=1),
    )
    stalled = ExportJob(
        state=ExportState.RUNNING, updated_at=now - STALLED_AFTER - dt.timedelta(minutes=1)
    )
    lost = ExportJob(
        state=ExportState.QUEUED, updated_at=now - LOST_AFTER - dt.timedelta(seconds=1)
    )
    waiting = ExportJob(state=ExportState.QUEUED, updated_at=now)
    db.session.add_all([expired, stalled, lost, waiting])
    db.session.flush()
    expired_id, file_id = expired.id, expired.file_id

    requeued = tidy(now)

    assert requeued == [lost.id]
    assert db.session.get(ExportJob, expired_id) is None
    assert db.session.get(StoredFile, file_id) is None
    db.session.refresh(stalled)
    assert (stalled.state, stalled.error) == (ExportState.FAILED, "interrupted")
    assert tidy(now) == []  # queued again just now: not again at once


def test_export_of_a_deleted_job_or_one_made_already_is_not_made_twice(people):
    job = ExportJob(group=people.group, state=ExportState.DONE)
    db.session.add(job)
    db.session.flush()

    assert build_export(job.id, connection=db.session.connection()) is False
    assert build_export(job.id + 1000, connection=db.session.connection()) is False


def test_export_pages_speak_the_persons_language(people, login_as):
    from ..conftest import translated

    people.chair.locale = "cs"
    client = login_as(people.chair)
    page = client.get(f"/groups/{people.group.slug}/export").get_data(as_text=True)
    asked = client.post(f"/groups/{people.group.slug}/export")
    progress = client.get(asked.location).get_data(as_text=True)

    assert translated("cs", "Prepare an export") in page
    assert translated("cs", "Waiting for the background worker.") in progress
    assert translated("cs", "Prepare an export") != "Prepare an export"
