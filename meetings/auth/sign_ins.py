"""Signed-in browsers: each sign-in is a row its cookies name, so that signing out ends it
on the server, and a password change, a deactivation or "sign out everywhere" ends them
all (the user's session version)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import current_app, has_request_context, request
from sqlalchemy import bindparam, select, update

from ..db import utcnow
from ..extensions import db
from .models import SignIn, User


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_sign_in(user: User, *, remember: bool = False) -> str:
    """Start a sign-in for this browser; returns the id its cookies carry (``get_id``).

    Side effects: adds a SignIn (from the request: address and browser); sets the user's
    ``sign_in_token`` for this request; flushes.
    """
    token = secrets.token_urlsafe(32)
    now = utcnow()
    lifetime = current_app.config[
        "REMEMBER_COOKIE_DURATION" if remember else "SIGNED_IN_SESSION_DURATION"
    ]
    if isinstance(lifetime, dt.timedelta):
        lifetime = lifetime.total_seconds()
    db.session.add(
        SignIn(
            user_id=user.id,
            token_hash=_hash(token),
            created_at=now,
            expires_at=now + dt.timedelta(seconds=lifetime),
            remembered=remember,
            address=request.remote_addr if has_request_context() else None,
            device=(request.user_agent.string or "")[:200] or None
            if has_request_context()
            else None,
        )
    )
    db.session.flush()
    user.sign_in_token = token
    return user.get_id()


# Built once: every signed-in request runs it, and building it costs about as much as
# running it.
_SESSION_USER = (
    select(User, SignIn)
    .join(SignIn, SignIn.user_id == User.id)
    .where(User.id == bindparam("user_id"), SignIn.token_hash == bindparam("token_hash"))
)


def load_session_user(user_id: str) -> User | None:
    """Flask-Login's user loader: ``"id:version:token"`` → the user, if still valid.

    None when malformed, when the sign-in was ended or has expired, when the session
    version is stale (password changed, signed out everywhere, deactivated), or when the
    account is deactivated or pending. One query.
    """
    parts = (user_id or "").split(":")
    if len(parts) != 3 or not parts[0].isdecimal() or not parts[1].isdecimal() or not parts[2]:
        return None
    found = db.session.execute(
        _SESSION_USER, {"user_id": int(parts[0]), "token_hash": _hash(parts[2])}
    ).first()
    if found is None:
        return None
    user, sign_in = found
    if (
        user.session_version != int(parts[1])
        or sign_in.ended_at is not None
        or sign_in.expires_at <= utcnow()
        or not user.is_enabled
        or user.is_pending
    ):
        return None
    user.sign_in_token = parts[2]
    return user


def current_sign_in(user: User) -> SignIn | None:
    token = getattr(user, "sign_in_token", None)
    if not token:
        return None
    return db.session.scalars(select(SignIn).where(SignIn.token_hash == _hash(token))).first()


def end_sign_in(user: User) -> None:
    """Sign this browser out: its cookies stop working, also if kept and sent again.

    Side effects: sets ``ended_at`` of the user's current sign-in; flushes.
    """
    token = getattr(user, "sign_in_token", None)
    if token:
        db.session.execute(
            update(SignIn)
            .where(SignIn.token_hash == _hash(token), SignIn.ended_at.is_(None))
            .values(ended_at=utcnow())
        )
        db.session.flush()
    user.sign_in_token = None


def end_other_sign_in(user: User, sign_in_id: int) -> bool:
    """Sign out one of the person's other browsers; False when it is not theirs or open."""
    ended = db.session.execute(
        update(SignIn)
        .where(SignIn.id == sign_in_id, SignIn.user_id == user.id, SignIn.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    db.session.flush()
    return bool(ended.rowcount)


def end_all_sign_ins(user: User) -> None:
    """End every session and remember-me cookie of the person, on every device.

    Side effects: ``session_version`` + 1; ``ended_at`` on every open sign-in; flushes.
    """
    user.session_version = (user.session_version or 0) + 1
    db.session.execute(
        update(SignIn)
        .where(SignIn.user_id == user.id, SignIn.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
    db.session.flush()
    user.sign_in_token = None


def open_sign_ins(user: User) -> list[SignIn]:
    """The browsers where the person is signed in now, newest first."""
    return list(
        db.session.scalars(
            select(SignIn)
            .where(
                SignIn.user_id == user.id,
                SignIn.ended_at.is_(None),
                SignIn.expires_at > utcnow(),
            )
            .order_by(SignIn.created_at.desc(), SignIn.id.desc())
        )
    )


def forget_old_sign_ins(days: int = 90) -> int:
    """Delete sign-ins ended or expired more than ``days`` ago (the audit log keeps who
    signed in). Returns how many."""
    cutoff = utcnow() - dt.timedelta(days=days)
    result = db.session.execute(
        SignIn.__table__.delete().where((SignIn.expires_at < cutoff) | (SignIn.ended_at < cutoff))
    )
    db.session.commit()
    return result.rowcount
