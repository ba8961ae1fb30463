"""The data clock and the pages kept for it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import utcnow
from ..extensions import db


class DataClock(db.Model):
    """One row whose value grows with every committed write to a table that a page shows
    (``clock.UNSHOWN`` lists the others): a kept page is valid for one value of it."""

    __tablename__ = "data_clock"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class CachedPage(db.Model):
    """One person's page (its address, in one language) as built at one clock value.

    The CSRF token of the session it was built for is replaced by a placeholder; the
    token of the session asking is put back when it is served.
    """

    __tablename__ = "cached_pages"

    #: SHA-256 of the person, the language and the address with its query.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    clock: Mapped[int] = mapped_column(BigInteger)
    #: When the page goes stale by itself, even if nothing is written.
    fresh_until: Mapped[dt.datetime]
    body: Mapped[str] = mapped_column(Text)
    stored_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
