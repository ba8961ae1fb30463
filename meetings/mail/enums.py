from __future__ import annotations

import enum


class DeliveryStatus(enum.StrEnum):
    #: Waiting for its first attempt or for a retry after a failure.
    PENDING = "pending"
    SENT = "sent"
    #: Given up: refused permanently, or too many failed attempts.
    FAILED = "failed"
