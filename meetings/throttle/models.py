"""The counters of the rate limits, when they live in the database."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class RateCounter(db.Model):
    """Hits of one limit's key (a sign-in address, an account, a form) in its window."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    hits: Mapped[int]
    #: Unix time at which the window ends and the count starts again from zero.
    expires_at: Mapped[float]
