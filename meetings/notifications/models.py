"""A notification waiting for one person, and what each person wants told."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, true
from sqlalchemy.orm import Mapped, mapped_column

from ..db import utcnow
from ..extensions import db


class Notification(db.Model):
    """Something that happened that one person should know of; read or not."""

    __tablename__ = "notifications"
    __table_args__ = (
        # The bell's count (unread of one person) and the list (one person's, newest first).
        Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
        Index("ix_notifications_user_id_id", "user_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: What happened (``kinds.Kind``).
    kind: Mapped[str] = mapped_column(String(40))
    #: The meeting it is about, if any (a notification goes with its meeting).
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    #: The address inside the app it leads to, e.g. "/meetings/12#agenda".
    link: Mapped[str] = mapped_column(String(500))
    #: The plain values its text is written with in the reader's language (title, actor …).
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    read_at: Mapped[dt.datetime | None]


class NotificationPreference(db.Model):
    """A person's choice for one kind; without a row, both channels are on."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    in_app: Mapped[bool] = mapped_column(default=True, server_default=true())
    #: Only for the kinds this package mails (``KindInfo.mail``).
    by_mail: Mapped[bool] = mapped_column(default=True, server_default=true())
