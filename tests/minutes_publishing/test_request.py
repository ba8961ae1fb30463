"""Asking for publication: who may, what is noted, and the job queued after the commit."""

from __future__ import annotations

import datetime as dt

import pytest

from meetings.extensions import db
from meetings.mail.jobs import huey
from meetings.minutes.enums import MinutesState
from meetings.minutes.jobs import republish_lost_requests
from meetings.minutes.models import Minutes
from meetings.minutes.publishing import LOST_AFTER, failed_publications, request_publication
from meetings.minutes.workflow import TransitionError

NOW = dt.datetime(2018, 3, 28, 8, tzinfo=dt.UTC)


@pytest.fixture
def queue():
    """The in-memory job queue, emptied before and after the test."""
    huey.flush()
    yield huey
    huey.flush()


def _queued_publications(queue) -> list[tuple]:
    return [t.args for t in queue.pending() if t.name.endswith("publish_minutes_task")]


def test_request_publication_notes_the_time_and_clears_the_last_error(seed_minutes, queue):
    minutes = seed_minutes.minutes
    minutes.publish_error = "Signing the PDF failed."

    request_publication(minutes, actor=seed_minutes.people.assistant, now=NOW)

    assert (minutes.publish_requested_at, minutes.publish_error) == (NOW, None)
    assert minutes.state == MinutesState.APPROVED


def test_request_publication_queues_the_job_only_after_the_commit(seed_minutes, queue):
    minutes = seed_minutes.minutes

    request_publication(minutes, actor=seed_minutes.people.chair)
    before_commit = _queued_publications(queue)
    db.session.commit()

    assert before_commit == []
    assert _queued_publications(queue) == [(minutes.id,)]


def test_request_publication_rolled_back_queues_nothing(seed_minutes, queue):
    db.session.commit()
    request_publication(seed_minutes.minutes, actor=seed_minutes.people.chair)
    db.session.rollback()

    assert _queued_publications(queue) == []


def test_request_publication_refuses_a_member(seed_minutes, queue):
    with pytest.raises(TransitionError):
        request_publication(seed_minutes.minutes, actor=seed_minutes.people.member)

    assert seed_minutes.minutes.publish_requested_at is None


def test_request_publication_refuses_submitted_minutes(seed_minutes, queue):
    minutes = seed_minutes.minutes
    minutes.state = MinutesState.SUBMITTED

    with pytest.raises(TransitionError):
        request_publication(minutes, actor=seed_minutes.people.assistant)


def test_lost_request_is_published_by_the_sweep(seed_minutes, queue):
    minutes = seed_minutes.minutes
    minutes.publish_requested_at = NOW
    db.session.commit()

    published = republish_lost_requests(now=NOW + LOST_AFTER + dt.timedelta(seconds=1))

    assert published == 1
    assert db.session.get(Minutes, minutes.id).state == MinutesState.PUBLISHED


def test_recent_request_is_left_to_its_job(seed_minutes, queue):
    minutes = seed_minutes.minutes
    minutes.publish_requested_at = NOW
    db.session.commit()

    assert republish_lost_requests(now=NOW + dt.timedelta(minutes=1)) == 0
    assert minutes.state == MinutesState.APPROVED


def test_failed_publications_lists_minutes_with_an_error_for_the_admin(seed_minutes):
    minutes = seed_minutes.minutes
    minutes.publish_requested_at = NOW
    minutes.publish_error = (
        "Signing the PDF failed. The minutes stay approved and unpublished; the details are "
        "in the server log."
    )
    db.session.flush()

    failed = failed_publications()

    assert [(f.minutes_id, f.meeting_title, f.group_name) for f in failed] == [
        (minutes.id, seed_minutes.meeting.title, "Sociální služby")
    ]
    assert failed[0].message.startswith("Signing the PDF failed.")
