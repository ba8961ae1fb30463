"""Which PDF the minutes page offers: a draft copy while the text may still change (draft,
submitted), nothing for approved minutes until they are published, then the published
record."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from meetings.extensions import db
from meetings.minutes import services
from meetings.minutes.enums import MinutesState

from .conftest import page


def _pdf_links(client, meeting) -> list[str]:
    """The PDF links of the minutes page, as "text → address"."""
    html = page(client.get(f"/meetings/{meeting.id}/minutes"))
    return [
        f"{text.strip()} → {href}"
        for href, text in re.findall(r'<a href="([^"]*minutes\.pdf[^"]*)">([^<]*)</a>', html)
    ]


def _in_state(liberec, state: MinutesState):
    minutes = services.minutes_for(liberec.meeting)
    minutes.state = state
    if state in (MinutesState.APPROVED, MinutesState.PUBLISHED):
        minutes.approved_at = dt.datetime(2018, 3, 27, 9, tzinfo=dt.UTC)
        minutes.approved_by_id = liberec.people.chair.id
    if state == MinutesState.PUBLISHED:
        minutes.published_at = dt.datetime(2018, 3, 28, 9, tzinfo=dt.UTC)
        minutes.pdf_sha256 = "0" * 64
    db.session.flush()
    return minutes


@pytest.mark.parametrize("role", ["assistant", "chair"])
@pytest.mark.parametrize("state", [MinutesState.DRAFT, MinutesState.SUBMITTED])
def test_draft_copy_offered_while_the_text_may_change(liberec, login_as, role, state):
    _in_state(liberec, state)
    client = login_as(liberec.people.by_role[role])
    url = f"/meetings/{liberec.meeting.id}/minutes.pdf?edition=1"
    assert _pdf_links(client, liberec.meeting) == [f"Draft as PDF → {url}"]


@pytest.mark.parametrize("role", ["assistant", "chair", "member", "admin"])
def test_approved_minutes_offer_no_pdf_until_published(liberec, login_as, role):
    _in_state(liberec, MinutesState.APPROVED)
    client = login_as(liberec.people.by_role[role])
    assert _pdf_links(client, liberec.meeting) == []


@pytest.mark.parametrize("role", ["assistant", "member"])
def test_published_minutes_offer_the_published_record(liberec, login_as, role):
    _in_state(liberec, MinutesState.PUBLISHED)
    client = login_as(liberec.people.by_role[role])
    url = f"/meetings/{liberec.meeting.id}/minutes.pdf?edition=1"
    assert _pdf_links(client, liberec.meeting) == [f"PDF → {url}"]


def test_members_get_no_draft_copy_of_submitted_minutes(liberec, login_as):
    _in_state(liberec, MinutesState.SUBMITTED)
    assert _pdf_links(login_as(liberec.people.member), liberec.meeting) == []
