"""Venues: finding, creating, editing and archiving them, and the meetings held there."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from ..db import contains_text, utcnow
from ..extensions import db
from .models import Venue

#: Countries offered first in the venue form: where the groups using this site meet.
REGION_COUNTRIES = (
    "CZ",
    "SK",
    "HU",
    "LV",
    "AT",
    "BG",
    "PL",
    "DE",
    "HR",
    "IT",
    "PT",
    "RO",
    "RS",
    "SI",
)

#: The largest capacity a form accepts: keeps numbers within an ordinary integer column.
MAX_CAPACITY = 100_000

#: The fields a venue form edits, in the order of the form.
VENUE_FIELDS = (
    "name",
    "street",
    "postcode",
    "city",
    "country",
    "room",
    "capacity",
    "access_notes",
    "online_url",
    "organisation_id",
)

OSM_SEARCH_URL = "https://www.openstreetmap.org/search?query="


def osm_search_url(venue: Venue) -> str | None:
    """A plain OpenStreetMap search link for the venue's address; None without an address."""
    address = venue.address
    if not address:
        return None
    return OSM_SEARCH_URL + quote(address, safe="")


def find_venues(query: str | None = None, *, include_archived: bool = False) -> list[Venue]:
    """Venues by name, optionally only those whose name or city contains ``query``."""
    statement = (
        select(Venue).options(joinedload(Venue.organisation)).order_by(Venue.name, Venue.city)
    )
    if not include_archived:
        statement = statement.where(Venue.archived_at.is_(None))
    text = (query or "").strip()
    if text:
        statement = statement.where(
            or_(contains_text(Venue.name, text), contains_text(Venue.city, text))
        )
    return list(db.session.scalars(statement).all())


def venue_choices() -> list[Venue]:
    """Venues a new meeting may be held at: every venue that is not archived."""
    return find_venues()


def get_venue(venue_id: int) -> Venue | None:
    return db.session.get(Venue, venue_id)


@dataclass
class VenueData:
    """What a venue form submits, cleaned: empty text is None."""

    name: str
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    country: str | None = None
    room: str | None = None
    capacity: int | None = None
    access_notes: str | None = None
    online_url: str | None = None
    organisation_id: int | None = None


def _apply(venue: Venue, data: VenueData) -> None:
    for name in VENUE_FIELDS:
        value = getattr(data, name)
        if isinstance(value, str):
            value = value.strip() or None
        setattr(venue, name, value)
    if venue.country:
        venue.country = venue.country.upper()


def create_venue(data: VenueData) -> Venue:
    """Add a venue. Side effects: a new ``Venue`` row; flushes."""
    venue = Venue(name=data.name)
    _apply(venue, data)
    db.session.add(venue)
    db.session.flush()
    return venue


def update_venue(venue: Venue, data: VenueData) -> None:
    """Change a venue's details. Side effects: the venue's columns; flushes."""
    _apply(venue, data)
    db.session.flush()


def archive_venue(venue: Venue) -> None:
    """Hide the venue from lists and from the choices for new meetings; its page and past
    meetings stay. Side effects: sets ``archived_at`` (if not set yet); flushes."""
    if venue.archived_at is None:
        venue.archived_at = utcnow()
        db.session.flush()


def restore_venue(venue: Venue) -> None:
    """Offer an archived venue again. Side effects: clears ``archived_at``; flushes."""
    venue.archived_at = None
    db.session.flush()
