"""Secret addresses of calendar subscriptions (feeds)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import utcnow
from ..extensions import db

if TYPE_CHECKING:
    from ..auth.models import User
    from ..groups.models import WorkingGroup


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(db.Model):
    """A feed address: a person's own calendar, or a members-only group's calendar.

    The token is the whole secret: whoever has the address can read the feed, so it is
    long and random, and regenerating it revokes the old address.
    """

    __tablename__ = "calendar_feeds"
    __table_args__ = (
        CheckConstraint("(user_id IS NULL) <> (group_id IS NULL)", name="for_person_or_group"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_feed_token)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("working_groups.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: Set when the address is regenerated or withdrawn: it then answers 404.
    revoked_at: Mapped[dt.datetime | None]

    user: Mapped[User | None] = relationship()
    group: Mapped[WorkingGroup | None] = relationship()


class CalendarEntry(db.Model):
    """A calendar object serialised once and joined into every feed that holds it.

    One row per object (a meeting, or a series with its instances) and language: the
    VEVENT text of ``version`` (the object's ``calendar_version``). Keyed by the object's
    UID, which is never reused, unlike a row id. A newer version overwrites the row.
    Kept in the database so that every app server shares it (in Redis instead when
    ``REDIS_URL`` is set).
    """

    __tablename__ = "calendar_entries"

    uid: Mapped[str] = mapped_column(String(255), primary_key=True)
    locale: Mapped[str] = mapped_column(String(8), primary_key=True)
    version: Mapped[int]
    #: The builder's format and site address the text was made with (``cache.entry_format``).
    format: Mapped[str] = mapped_column(String(16))
    #: The VEVENT components, CRLF line ends, folded: ready to be joined into a VCALENDAR.
    body: Mapped[str] = mapped_column(Text)
    built_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CalendarClock(db.Model):
    """One row whose value grows with every change any calendar feed may show: a meeting,
    its agenda, venue or groups, a series, a membership or an invitation (who sees what),
    a person's name. Feed validators are valid for one value of it (and one day, as the
    window moves), so a repeat poll is answered from one small query."""

    __tablename__ = "calendar_clock"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class FeedValidator(db.Model):
    """A feed's ETag, Last-Modified, size and time zones as computed at one value of the
    calendar clock on one day: valid while neither has moved."""

    __tablename__ = "feed_validators"

    #: The feed and everything its body depends on (kind, owner, language, reminder …).
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    clock: Mapped[int] = mapped_column(BigInteger)
    day: Mapped[dt.date]
    etag: Mapped[str] = mapped_column(String(64))
    last_modified: Mapped[dt.datetime]
    count: Mapped[int]
    #: "zone first-year last-year" per line: the VTIMEZONEs the body needs.
    zones: Mapped[str] = mapped_column(Text)


# Calendar versions follow every change of what an entry shows (a flush listener).
from . import versions as _versions  # noqa: E402, F401
