"""People with an account and the partner organisations they belong to."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..db import enum_type, utcnow
from ..extensions import db
from .enums import ApiScope

if TYPE_CHECKING:
    from ..groups.models import Membership
    from ..storage.models import StoredFile


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        # E-mail addresses are unique regardless of case: they are kept lower-case.
        CheckConstraint("email = lower(email)", name="email_lower_case"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: None for a pending account that has not been activated yet.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    #: Preferred interface language (cs, sk, hu, lv, en); None follows the browser.
    locale: Mapped[str | None] = mapped_column(String(8))
    #: IANA time zone name; None follows the group's or the site's zone.
    timezone: Mapped[str | None] = mapped_column(String(64))
    #: "feminine" or "masculine" when the person chose to say (GrammaticalGender): role
    #: and attendance labels then use their form ("Předsedkyně"); None gives the neutral.
    grammatical_gender: Mapped[str | None] = mapped_column(String(16))
    is_admin: Mapped[bool] = mapped_column(default=False)
    #: False for a deactivated person: cannot sign in, history stays.
    is_enabled: Mapped[bool] = mapped_column(default=True)
    #: Bumped on password change or sign-out everywhere; invalidates sessions and cookies.
    session_version: Mapped[int] = mapped_column(default=1)
    # What the person wants by e-mail (invitations themselves always go to invitees).
    notify_meeting_changes: Mapped[bool] = mapped_column(default=True, server_default=true())
    notify_minutes: Mapped[bool] = mapped_column(default=True, server_default=true())
    activated_at: Mapped[dt.datetime | None]
    last_sign_in_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation | None] = relationship(back_populates="people")
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    @validates("email")
    def _normalise_email(self, key: str, value: str) -> str:
        return value.strip().lower()

    @property
    def is_active(self) -> bool:  # Flask-Login: refuses sign-in when False
        return self.is_enabled

    @property
    def is_pending(self) -> bool:
        return self.password_hash is None

    def get_id(self) -> str:
        # "id:version:token": the session version ends every session at once (password
        # change, sign out everywhere, deactivation); the token names this sign-in, which
        # signing out ends on its own. Without a sign-in there is no token: nothing loads.
        token = getattr(self, "sign_in_token", None)
        return f"{self.id}:{self.session_version}" + (f":{token}" if token else "")

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class Organisation(db.Model):
    """A partner body: regional office, NGO, ministry, university."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    #: Abbreviation used in running text, e.g. "ANNOLK", "KSK".
    short_name: Mapped[str | None] = mapped_column(String(50))
    #: Department or unit within the body, e.g. "Odbor sociálnych vecí".
    department: Mapped[str | None] = mapped_column(String(300))
    street: Mapped[str | None] = mapped_column(String(300))
    postcode: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(120))
    #: ISO 3166-1 alpha-2 code.
    country: Mapped[str | None] = mapped_column(String(2))
    phone: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(500))
    #: The registration number on letterheads (IČO, IČ DPH, cégjegyzékszám, reģ. nr.).
    registration_number: Mapped[str | None] = mapped_column(String(50))
    #: The logo on the letterhead of documents of the groups it leads (PNG or JPEG).
    logo_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL")
    )
    description: Mapped[str | None] = mapped_column(Text)
    archived_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    logo: Mapped[StoredFile | None] = relationship()
    office_hours: Mapped[list[OfficeHours]] = relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(OfficeHours.weekday, OfficeHours.opens)",
    )
    people: Mapped[list[User]] = relationship(back_populates="organisation")

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"


class OfficeHours(db.Model):
    """Opening hours of an organisation on one weekday (several rows for split days)."""

    __tablename__ = "office_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("closes > opens", name="closes_after_opens"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    #: 0 = Monday … 6 = Sunday, as Python's ``date.weekday()``.
    weekday: Mapped[int]
    opens: Mapped[dt.time]
    closes: Mapped[dt.time]

    organisation: Mapped[Organisation] = relationship(back_populates="office_hours")


class SignIn(db.Model):
    """One signed-in browser: its session and remember-me cookies name it, and they work
    only while it is open. Signing out ends it; the token itself is never stored."""

    __tablename__ = "sign_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the token the cookies carry.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: When the cookies stop working even if nobody signs out.
    expires_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]
    remembered: Mapped[bool] = mapped_column(default=False)
    #: Where it was made, for the person's list of devices.
    address: Mapped[str | None] = mapped_column(String(45))
    device: Mapped[str | None] = mapped_column(String(200))

    user: Mapped[User] = relationship()


class ApiToken(db.Model):
    """A person's personal token for the JSON API: named, scoped, expiring and revocable.
    Only its SHA-256 is kept; the token itself is shown once, when it is created."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: What the person calls it ("Calendar sync at the regional office").
    name: Mapped[str] = mapped_column(String(100))
    #: SHA-256 (hex) of the whole token, prefix included.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[ApiScope] = mapped_column(enum_type(ApiScope, "api_scope"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.name!r}>"
