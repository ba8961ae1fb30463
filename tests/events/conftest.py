"""Public events: the demo data, and a public group with a public event to register for."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import Meeting, WorkingGroup
from meetings.scheduling.enums import MeetingKind

from .. import factories


def demo_meeting(slug: str, number: int) -> Meeting:
    return db.session.scalars(
        select(Meeting)
        .join(Meeting.group)
        .where(WorkingGroup.slug == slug, Meeting.number == number)
    ).one()


@pytest.fixture
def event(people):
    """An upcoming public event of the members-only group, open for registration."""
    organisation = factories.make_organisation("ANNOLK", city="Liberec")
    venue = factories.make_venue(
        "ANNOLK",
        street="U Nisy 362/6",
        postcode="460 01",
        room="zasedací místnost 2. patro",
    )
    meeting = factories.make_meeting(
        people.group,
        factories.local_time("Europe/Prague", 2030, 5, 14, 10),
        title="Kulatý stůl: Sociální podnikání v Libereckém kraji",
        kind=MeetingKind.PUBLIC_EVENT,
        is_public=True,
        venue=venue,
        organiser=organisation,
        description="Rozšířené jednání **s partnery**.",
        registration_open=True,
        registration_capacity=2,
    )
    return SimpleNamespace(meeting=meeting, venue=venue, organisation=organisation)
