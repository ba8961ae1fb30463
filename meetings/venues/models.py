"""Places where groups meet: a building with rooms, or an online meeting link."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import utcnow
from ..extensions import db

if TYPE_CHECKING:
    from ..auth.models import Organisation


class Venue(db.Model):
    __tablename__ = "venues"
    __table_args__ = (
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint("city IS NOT NULL OR online_url IS NOT NULL", name="has_place_or_link"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    street: Mapped[str | None] = mapped_column(String(300))
    postcode: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(120))
    #: ISO 3166-1 alpha-2 code.
    country: Mapped[str | None] = mapped_column(String(2))
    #: Default room or floor, e.g. "zasedací místnost 2. patro"; a meeting may override it.
    room: Mapped[str | None] = mapped_column(String(200))
    capacity: Mapped[int | None]
    access_notes: Mapped[str | None] = mapped_column(Text)
    #: For an online venue: the video meeting address.
    online_url: Mapped[str | None] = mapped_column(String(500))
    #: The organisation whose premises these are.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    archived_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation | None] = relationship()

    @property
    def is_online(self) -> bool:
        return self.city is None and self.online_url is not None

    @property
    def address(self) -> str:
        """One-line postal address, e.g. "U Nisy 362/6, 460 01 Liberec"."""
        town = " ".join(p for p in (self.postcode, self.city) if p)
        return ", ".join(p for p in (self.street, town) if p)

    def __repr__(self) -> str:
        return f"<Venue {self.name}>"
