"""The Liberec group's 10th meeting (seed 001) with a short agenda, not yet published, and
helpers that read mail and pages as the recipient would."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from meetings.agenda.models import AgendaItem
from meetings.extensions import db

from .. import factories

ITEMS = [
    "Stanovení odborného obsahu rozšířeného setkání skupiny",
    "Výběr účastníků rozšířeného setkání",
]


@pytest.fixture
def meeting(people):
    """19 March 2030, 10:00–12:00 at ANNOLK; two agenda items; the agenda unpublished."""
    venue = factories.make_venue("ANNOLK", street="U Nisy 362/6", postcode="460 01", city="Liberec")
    meeting = factories.make_meeting(
        people.group,
        starts_at=factories.local_time("Europe/Prague", 2030, 3, 19, 10),
        hours=2,
        number=10,
        title="10. setkání Sociální služby",
        venue=venue,
    )
    for position, title in enumerate(ITEMS):
        db.session.add(AgendaItem(meeting=meeting, position=position, title=title))
    db.session.flush()
    return meeting


def addressed_to(messages, address: str):
    """The messages whose To: is ``address``."""
    return [m for m in messages if [a.addr_spec for a in m["To"].addresses] == [address]]


def body(message) -> str:
    return message.get_body(("plain",)).get_content()


def links(text: str) -> list[str]:
    return re.findall(r"https?://\S+", text)


def path_of(url: str) -> str:
    """What a browser asks the app for when the link is followed (the anchor stays home)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
