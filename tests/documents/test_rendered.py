"""Documents rendered once: the agenda and the draft minutes are made in the job queue per
version and then sent from storage; while one is being made, a page reloads itself."""

from __future__ import annotations

import hashlib
import io

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from meetings.agenda.models import AgendaItem
from meetings.documents.models import RenderedDocument
from meetings.extensions import db
from meetings.mail.jobs import huey
from meetings.models import Minutes, MinutesEntry, StoredFile
from meetings.scheduling.enums import MeetingStatus

from .. import factories
from ..conftest import get_document, render_queued_documents


@pytest.fixture
def queue():
    huey.flush()
    yield huey
    huey.flush()


@pytest.fixture
def meeting(people):
    meeting = factories.make_meeting(
        people.group,
        starts_at=factories.local_time("Europe/Prague", 2031, 3, 20, 10),
        title="11. setkání Odborné pracovní skupiny Sociální služby",
    )
    db.session.add(AgendaItem(meeting=meeting, position=0, title="Úvod a schválení programu"))
    db.session.add(AgendaItem(meeting=meeting, position=1, title="Komunitní plánování"))
    db.session.flush()
    return meeting


def _renders(queue) -> list[tuple]:
    return [t.args for t in queue.pending() if t.name.endswith("render_document_task")]


def _text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def _copies(meeting_id: int) -> list[RenderedDocument]:
    return db.session.scalars(
        sa.select(RenderedDocument).where(
            RenderedDocument.kind == "agenda", RenderedDocument.subject_id == meeting_id
        )
    ).all()


def test_first_request_gets_a_page_that_reloads_itself_and_queues_the_rendering(
    meeting, people, login_as, queue
):
    response = login_as(people.assistant).get(f"/meetings/{meeting.id}/agenda.pdf")
    page = response.get_data(as_text=True)

    assert response.status_code == 202
    assert response.headers["Retry-After"] == "2"
    assert response.headers["Cache-Control"] == "no-store"
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "The document is being prepared" in page
    assert _renders(queue) == [("agenda", meeting.id)]


def test_once_rendered_the_agenda_is_sent_from_storage_without_rendering_again(
    meeting, people, login_as, queue
):
    client = login_as(people.assistant)
    url = f"/meetings/{meeting.id}/agenda.pdf"
    first = get_document(client, url)

    again = client.get(url)
    not_modified = client.get(url, headers={"If-None-Match": first.headers["ETag"]})

    assert (first.status_code, first.mimetype) == (200, "application/pdf")
    assert "Komunitní plánování" in _text(first.data)
    assert (again.status_code, again.data) == (200, first.data)
    assert again.headers["ETag"] == f'"{hashlib.sha256(first.data).hexdigest()}"'
    assert again.headers["Content-Disposition"] == f"inline; filename=agenda-{meeting.number}.pdf"
    assert not_modified.status_code == 304
    assert _renders(queue) == []
    assert len(_copies(meeting.id)) == 1


def test_a_changed_agenda_is_rendered_anew_and_the_old_copy_removed(
    meeting, people, login_as, queue
):
    client = login_as(people.assistant)
    url = f"/meetings/{meeting.id}/agenda.pdf"
    before = get_document(client, url)
    old_file_id = _copies(meeting.id)[0].file_id
    item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.position == 1))
    item.title = "Komunitní plánování sociálních služeb 2031–2035"
    db.session.flush()

    waiting = client.get(url)
    render_queued_documents()
    after = client.get(url)

    assert waiting.status_code == 202
    assert after.status_code == 200
    assert after.data != before.data
    assert "sociálních služeb 2031–2035" in _text(after.data)
    assert len(_copies(meeting.id)) == 1
    assert db.session.get(StoredFile, old_file_id) is None


def test_the_version_is_the_same_whatever_the_readers_language(meeting, people, login_as, queue):
    people.assistant.locale = "en"
    people.chair.locale = "hu"
    db.session.flush()
    url = f"/meetings/{meeting.id}/agenda.pdf"
    rendered_for_assistant = get_document(login_as(people.assistant), url)

    for_chair = login_as(people.chair).get(url, headers={"Accept-Language": "hu"})

    assert (for_chair.status_code, for_chair.data) == (200, rendered_for_assistant.data)
    assert _renders(queue) == []


def test_two_workers_rendering_the_same_version_keep_one_copy(meeting, people, login_as, queue):
    from meetings.documents.rendered import render

    first = render("agenda", meeting.id)
    second = render("agenda", meeting.id)

    assert second.id == first.id
    assert len(_copies(meeting.id)) == 1


def test_the_queued_job_renders_in_the_worker(meeting, people, login_as, queue):
    login_as(people.assistant).get(f"/meetings/{meeting.id}/agenda.pdf")
    (task,) = [t for t in queue.pending() if t.name.endswith("render_document_task")]

    queue.execute(task)

    (copy,) = _copies(meeting.id)
    assert copy.error is None
    assert copy.file.content_type == "application/pdf"


def test_a_rendering_that_fails_ends_the_waiting_with_a_message(
    meeting, people, login_as, queue, monkeypatch
):
    import meetings.documents.pdf as pdf

    def broken(*args, **kwargs):
        raise OSError("no fonts")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    client = login_as(people.assistant)
    url = f"/meetings/{meeting.id}/agenda.pdf"

    response = get_document(client, url)

    assert response.status_code == 500
    assert "The document could not be prepared" in response.get_data(as_text=True)
    assert _copies(meeting.id)[0].error == "OSError: no fonts"


def test_draft_minutes_are_rendered_once_and_again_after_an_edit(people, login_as, queue):
    meeting = factories.make_meeting(
        people.group,
        starts_at=factories.local_time("Europe/Prague", 2026, 3, 20, 10),
        status=MeetingStatus.HELD,
        title="10. setkání",
    )
    item = AgendaItem(meeting=meeting, position=0, title="Zahájení")
    db.session.add(item)
    minutes = Minutes(meeting=meeting, opening="Setkání zahájila předsedkyně.")
    db.session.add(minutes)
    db.session.flush()
    entry = MinutesEntry(minutes=minutes, agenda_item_id=item.id, text="Přítomní byli přivítáni.")
    db.session.add(entry)
    db.session.flush()
    client = login_as(people.assistant)
    url = f"/meetings/{meeting.id}/minutes.pdf"

    first = get_document(client, url)
    again = client.get(url)
    entry.text = "Přítomní byli přivítáni a seznámeni s programem."
    db.session.flush()
    changed = client.get(url)
    render_queued_documents()
    edited = client.get(url)

    assert first.status_code == 200
    assert "KONCEPT" in _text(first.data)
    assert first.headers["Cache-Control"] == "private, no-store"
    assert (again.status_code, again.data) == (200, first.data)
    assert changed.status_code == 202
    assert "seznámeni s programem" in _text(edited.data)
