"""Webhook subscriptions and their deliveries."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import enum_type, utcnow
from ..extensions import db
from .enums import DeliveryState, EventKind

if TYPE_CHECKING:
    from ..auth.models import User
    from ..groups.models import WorkingGroup


class Webhook(db.Model):
    """A URL told of a group's events (or, with no group, of every group's: a site
    admin's)."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: None: installation-wide (made by a site admin).
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("working_groups.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(2000))
    #: The chosen event kinds, separated by spaces ("meeting.scheduled minutes.published").
    events: Mapped[str] = mapped_column(String(500))
    #: The key of the HMAC signature of every delivery; made by the app, regenerable.
    secret: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(default=True)
    #: Whose view of the data the payloads carry (the policy decides for this person).
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    group: Mapped[WorkingGroup | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    deliveries: Mapped[list[WebhookDelivery]] = relationship(
        back_populates="webhook", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def kinds(self) -> list[EventKind]:
        chosen = set(self.events.split())
        return [kind for kind in EventKind if kind.value in chosen]

    def wants(self, kind: EventKind) -> bool:
        return kind == EventKind.PING or kind.value in self.events.split()


class WebhookDelivery(db.Model):
    """One event for one webhook: the outbox row the worker sends, and its log."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        CheckConstraint(
            "state <> 'delivered' OR delivered_at IS NOT NULL", name="delivered_has_time"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(
        ForeignKey("webhooks.id", ondelete="CASCADE"), index=True
    )
    #: The event's id (a UUID): the same in every webhook's delivery of one event.
    event_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[EventKind] = mapped_column(enum_type(EventKind, "kind"))
    #: The body as sent, byte for byte (UTF-8 JSON): a retry sends the same.
    payload: Mapped[str] = mapped_column(Text)
    state: Mapped[DeliveryState] = mapped_column(
        enum_type(DeliveryState, "state"), default=DeliveryState.PENDING, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    #: Earliest time of the next attempt; also holds a claim while a worker sends.
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    last_attempt_at: Mapped[dt.datetime | None]
    #: The HTTP status of the last answer (None: no answer, see last_error).
    last_status: Mapped[int | None]
    #: Why the last attempt failed: the status line or the network error.
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[dt.datetime | None]

    webhook: Mapped[Webhook] = relationship(back_populates="deliveries")
