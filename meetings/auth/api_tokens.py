"""Personal API tokens: created on the account page, shown once, sent by programs as
``Authorization: Bearer mtg_…``. Only their SHA-256 is stored; a token works until it
expires or its owner revokes it (or the account is deactivated)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select

from .. import audit
from ..db import utcnow
from ..extensions import db
from .enums import ApiScope
from .models import ApiToken, User

#: Every token starts so: secret scanners and people recognise one in a log or a paste.
PREFIX = "mtg_"
#: The lifetimes offered, in days.
LIFETIMES = (30, 90, 365)
#: A token used again within this time does not rewrite its "last used" (one write per
#: minute at most, not one per request).
LAST_USED_GRANULARITY = dt.timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class NewToken:
    token: ApiToken
    #: The secret itself, to show once; it is stored nowhere.
    secret: str


def create_token(user: User, *, name: str, scope: ApiScope | str, days: int) -> NewToken:
    """A new token for the person.

    Side effects: adds an ApiToken and an audit entry ("auth.api_token_created"); flushes.
    """
    if days not in LIFETIMES:
        raise ValueError(f"lifetime {days} not offered")
    secret = PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(
        user_id=user.id,
        name=name.strip()[:100],
        token_hash=_hash(secret),
        scope=ApiScope(scope),
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()
    audit.record(
        "auth.api_token_created",
        subject=token,
        actor=user,
        detail=f"{token.name} ({token.scope.value}, {days} d)",
    )
    return NewToken(token=token, secret=secret)


def tokens_of(user: User) -> list[ApiToken]:
    """The person's tokens that still work, newest first. One query."""
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(
                ApiToken.user_id == user.id,
                ApiToken.revoked_at.is_(None),
                ApiToken.expires_at > utcnow(),
            )
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_token(user: User, token_id: int) -> ApiToken | None:
    """Revoke one of the person's own tokens; None when it is not theirs or already
    revoked.

    Side effects: sets ``revoked_at``; adds an audit entry ("auth.api_token_revoked").
    """
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        return None
    token.revoked_at = utcnow()
    audit.record("auth.api_token_revoked", subject=token, actor=user, detail=token.name)
    return token


def revoke_all(user: User, *, reason: str) -> list[ApiToken]:
    """Revoke every token of the person that still works (their password changed: a
    program holding one must be given a new one by the person).

    Side effects: sets ``revoked_at``; one audit entry per token ("auth.api_token_revoked",
    the reason in its detail); flushes.
    """
    now = utcnow()
    revoked = list(
        db.session.scalars(
            select(ApiToken).where(
                ApiToken.user_id == user.id,
                ApiToken.revoked_at.is_(None),
                ApiToken.expires_at > now,
            )
        )
    )
    for token in revoked:
        token.revoked_at = now
        audit.record(
            "auth.api_token_revoked", subject=token, actor=user, detail=f"{token.name}: {reason}"
        )
    db.session.flush()
    return revoked


def user_for_token(secret: str) -> tuple[User, ApiToken] | None:
    """The person and token a ``Bearer`` secret names, if it works now: not expired, not
    revoked, the account enabled and active. One query (and one write a minute at most,
    for "last used").

    Side effects: may set ``last_used_at`` (the caller commits).
    """
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    found = db.session.execute(
        select(User, ApiToken)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == _hash(secret))
    ).first()
    if found is None:
        return None
    user, token = found
    now = utcnow()
    if (
        token.revoked_at is not None
        or token.expires_at <= now
        or not user.is_enabled
        or user.is_pending
    ):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
        token.last_used_at = now
    return user, token
