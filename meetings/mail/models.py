"""The outbox: every message is stored before it is sent, so none is lost."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import enum_type, utcnow
from ..extensions import db
from .enums import DeliveryStatus


class OutgoingMessage(db.Model):
    __tablename__ = "outgoing_messages"
    __table_args__ = (
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        CheckConstraint("status <> 'sent' OR sent_at IS NOT NULL", name="sent_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The envelope recipient (one per message).
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(998))
    #: What the message is, for the admin page: "invitation", "activation", "minutes" …
    kind: Mapped[str] = mapped_column(String(50), default="message")
    #: The complete message as sent (RFC 5322 bytes).
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_type(DeliveryStatus, "status"), default=DeliveryStatus.PENDING, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    #: Why the last attempt failed, as the SMTP server or the network said it.
    last_error: Mapped[str | None] = mapped_column(Text)
    #: Earliest time of the next attempt (backoff after failures).
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]
