"""Accounts: password hashing, sign-in checks and signed tokens for e-mailed links."""

from __future__ import annotations

import enum
import hashlib
import hmac
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_request_context
from flask_babel import get_locale
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from .. import audit
from ..db import contains_text, utcnow
from ..extensions import db
from ..links import external_url, is_local_path
from ..mail.services import compose, mailbox, render_email, send_message
from . import api_tokens
from .models import Organisation, User
from .sign_ins import end_all_sign_ins

log = logging.getLogger(__name__)


@cache
def _hasher(time_cost: int, memory_cost: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost)


def _current_hasher() -> PasswordHasher:
    # The cost is configurable so that the test suite can hash quickly.
    return _hasher(current_app.config["ARGON2_TIME_COST"], current_app.config["ARGON2_MEMORY_COST"])


def hash_password(password: str) -> str:
    return _current_hasher().hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    """Check a password against a stored argon2 hash; False for pending accounts."""
    if not password_hash:
        return False
    try:
        return _current_hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# --- sign-in ------------------------------------------------------------------------------


@cache
def _dummy_hash(time_cost: int, memory_cost: int) -> str:
    return _hasher(time_cost, memory_cost).hash("not a password of anyone")


def find_user_by_email(email: str) -> User | None:
    email = (email or "").strip().lower()
    if not email:
        return None
    return db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()


def authenticate(email: str, password: str) -> User | None:
    """The person with this e-mail and password, if they may sign in; else None.

    Unknown addresses, wrong passwords, pending and deactivated accounts all give None,
    and take about as long, so that the answer reveals nothing about who has an account.
    """
    user = find_user_by_email(email)
    if user is None or user.password_hash is None:
        password_matches(
            _dummy_hash(
                current_app.config["ARGON2_TIME_COST"], current_app.config["ARGON2_MEMORY_COST"]
            ),
            password,
        )
        return None
    if not password_matches(user.password_hash, password) or not user.is_enabled:
        return None
    return user


def record_sign_in(user: User) -> None:
    """Side effects: sets ``last_sign_in_at``; flushes."""
    user.last_sign_in_at = utcnow()
    db.session.flush()


# --- passwords ----------------------------------------------------------------------------

#: Shortest password we accept.
MIN_PASSWORD_LENGTH = 10


def set_password(user: User, password: str) -> None:
    """Store a new password and end every other session and remember-me cookie.

    Side effects: new ``password_hash``; ``session_version`` + 1; every API token of the
    person revoked (and audited: a program holding one must get a new one); flushes.
    """
    user.password_hash = hash_password(password)
    end_all_sign_ins(user)
    api_tokens.revoke_all(user, reason="password changed")


def activate_account(user: User, password: str) -> None:
    """Set the first password of an invited person.

    Side effects: ``password_hash``, ``activated_at``, ``session_version`` + 1; flushes.
    """
    set_password(user, password)
    user.activated_at = utcnow()
    db.session.flush()


def update_profile(
    user: User,
    *,
    name: str,
    locale: str | None,
    timezone: str | None,
    organisation_id: int | None = None,
    grammatical_gender: str | None = None,
) -> None:
    """Side effects: name, organisation, preferred language and time zone, the form of
    role labels (None: neutral); flushes."""
    user.name = name.strip()
    user.grammatical_gender = grammatical_gender or None
    user.locale = locale or None
    user.timezone = timezone or None
    user.organisation_id = organisation_id
    db.session.flush()


def update_notifications(user: User, *, meeting_changes: bool, minutes: bool) -> None:
    """What the person wants by e-mail (invitations always go out; reminders, task
    reminders included, are chosen in ``reminders.choices``).

    Side effects: the two ``notify_*`` columns; flushes.
    """
    user.notify_meeting_changes = bool(meeting_changes)
    user.notify_minutes = bool(minutes)
    db.session.flush()


def organisation_choices(keep: Iterable[int | None] | int | None = ()) -> list[tuple[int, str]]:
    """Organisations a person, venue, task or guest may belong to, as (id, name) by name:
    those not archived, and the ones in ``keep`` (chosen already, archived since). One
    query."""
    if keep is None or isinstance(keep, int):
        keep = [keep]
    keep_ids = [k for k in keep if k is not None]
    condition = Organisation.archived_at.is_(None)
    if keep_ids:
        condition = condition | Organisation.id.in_(keep_ids)
    rows = db.session.execute(
        select(Organisation.id, Organisation.name).where(condition).order_by(Organisation.name)
    )
    return [(row.id, row.name) for row in rows]


# --- people: profiles, the user list, deactivation ------------------------------------------


class AccountStatus(enum.StrEnum):
    ACTIVE = "active"
    PENDING = "pending"
    DEACTIVATED = "deactivated"


def status_of(user: User) -> AccountStatus:
    if not user.is_enabled:
        return AccountStatus.DEACTIVATED
    if user.is_pending:
        return AccountStatus.PENDING
    return AccountStatus.ACTIVE


@dataclass
class UserRow:
    user: User
    group_count: int
    status: AccountStatus


@dataclass
class UserPage:
    rows: list[UserRow]
    total: int
    page: int
    pages: int


def search_users(query: str | None = None, *, page: int = 1, per_page: int = 50) -> UserPage:
    """People whose name or e-mail contains ``query``, by name, a page at a time, with
    their organisation and number of groups. Three queries however many people."""
    condition = None
    text = (query or "").strip()
    if text:
        condition = or_(contains_text(User.email, text), contains_text(User.name, text))
    counted = select(func.count()).select_from(User)
    statement = select(User).options(joinedload(User.organisation)).order_by(User.name, User.id)
    if condition is not None:
        counted = counted.where(condition)
        statement = statement.where(condition)
    total = db.session.scalar(counted) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    users = db.session.scalars(statement.limit(per_page).offset((page - 1) * per_page)).all()
    counts: dict[int, int] = {}
    if users:
        counts = dict(
            db.session.execute(
                select(User.id, func.count())
                .join(User.memberships)
                .where(User.id.in_([u.id for u in users]))
                .group_by(User.id)
            ).all()
        )
    rows = [UserRow(u, counts.get(u.id, 0), status_of(u)) for u in users]
    return UserPage(rows=rows, total=total, page=page, pages=pages)


class CannotDeactivateSelf(Exception):
    """An admin tried to deactivate their own account."""


def deactivate_user(user: User, *, actor: User) -> None:
    """Stop the person from signing in and end their sessions; their history stays
    (memberships, meetings, minutes are untouched).

    Side effects: ``is_enabled`` False, ``session_version`` + 1 (ends every session and
    remember-me cookie); flushes. Raises ``CannotDeactivateSelf`` for the actor themself.
    """
    if user.id == actor.id:
        raise CannotDeactivateSelf()
    if user.is_enabled:
        user.is_enabled = False
        end_all_sign_ins(user)
        audit.record("auth.user_deactivated", subject=user, detail=user.email, actor=actor)
        log.info("user %s deactivated by %s", user.id, actor.id)


def reactivate_user(user: User, *, actor: User) -> None:
    """Let a deactivated person sign in again (with their old password).

    Side effects: ``is_enabled`` True; flushes.
    """
    if not user.is_enabled:
        user.is_enabled = True
        audit.record("auth.user_reactivated", subject=user, detail=user.email, actor=actor)
        db.session.flush()
        log.info("user %s reactivated by %s", user.id, actor.id)


@cache
def time_zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


# --- signed links: password reset and activation -------------------------------------------

RESET_SALT = "meetings.auth.password-reset"
ACTIVATION_SALT = "meetings.auth.activation"


class LinkProblem(enum.Enum):
    EXPIRED = "expired"
    INVALID = "invalid"
    USED = "used"


class LinkError(Exception):
    """A signed link that cannot be used; ``problem`` says why."""

    def __init__(self, problem: LinkProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _password_fingerprint(user: User) -> str:
    """Changes whenever the password does, so that a reset link works once only."""
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def _load(token: str, salt: str, max_age: int) -> dict[str, Any]:
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkError(LinkProblem.EXPIRED) from None
    except BadSignature:
        raise LinkError(LinkProblem.INVALID) from None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        raise LinkError(LinkProblem.INVALID)
    return data


def make_reset_token(user: User) -> str:
    return _serializer(RESET_SALT).dumps({"user": user.id, "pw": _password_fingerprint(user)})


def user_for_reset_token(token: str) -> User:
    """The person a reset link is for; raises ``LinkError`` if it cannot be used."""
    data = _load(token, RESET_SALT, current_app.config["RESET_TOKEN_MAX_AGE"])
    user = db.session.get(User, data["user"])
    if user is None or not user.is_enabled or user.is_pending:
        raise LinkError(LinkProblem.INVALID)
    if not hmac.compare_digest(str(data.get("pw", "")), _password_fingerprint(user)):
        raise LinkError(LinkProblem.USED)
    return user


def make_activation_token(user: User, next_path: str | None = None) -> str:
    payload: dict[str, Any] = {"user": user.id}
    if next_path and is_local_path(next_path):
        payload["next"] = next_path
    return _serializer(ACTIVATION_SALT).dumps(payload)


def user_for_activation_token(token: str) -> tuple[User, str | None]:
    """The invited person and where to go afterwards; raises ``LinkError``."""
    data = _load(token, ACTIVATION_SALT, current_app.config["ACTIVATION_TOKEN_MAX_AGE"])
    user = db.session.get(User, data["user"])
    if user is None or not user.is_enabled:
        raise LinkError(LinkProblem.INVALID)
    if not user.is_pending:
        raise LinkError(LinkProblem.USED)
    next_path = data.get("next")
    return user, next_path if isinstance(next_path, str) and is_local_path(next_path) else None


def _mail_locale(user: User) -> str | None:
    if user.locale:
        return user.locale
    return str(get_locale()) if has_request_context() else None


def send_password_reset(user: User) -> None:
    """E-mail a one-time password reset link in the person's language. Side effect: mail."""
    locale = _mail_locale(user)
    link = external_url("auth.reset_password", token=make_reset_token(user))
    hours = current_app.config["RESET_TOKEN_MAX_AGE"] // 3600
    content = render_email(
        "password_reset",
        locale,
        name=user.name,
        link=link,
        hours=max(hours, 1),
    )
    message = compose(mailbox(user.email, user.name), **content)
    send_message(message, kind="password_reset")


def send_activation(user: User, next_path: str | None = None) -> None:
    """E-mail an invited (pending) person a link to set their password and sign in.

    ``next_path`` (a local path, e.g. the group they were invited to) is where they land
    afterwards. Side effect: mail.
    """
    locale = _mail_locale(user)
    link = external_url("auth.activate", token=make_activation_token(user, next_path))
    days = current_app.config["ACTIVATION_TOKEN_MAX_AGE"] // 86400
    content = render_email(
        "activation",
        locale,
        name=user.name,
        email=user.email,
        link=link,
        days=max(days, 1),
    )
    message = compose(mailbox(user.email, user.name), **content)
    send_message(message, kind="activation")


def request_password_reset(email: str) -> None:
    """Answer a "forgot password" request for ``email``, whoever it belongs to.

    An enabled account gets a reset link; a pending (invited) one gets its activation link
    instead; anything else gets nothing. The mail is queued (delivered by the worker), so
    the answer takes the same time and never tells whether the address has an account.
    Side effect: mail.
    """
    user = find_user_by_email(email)
    if user is None or not user.is_enabled:
        return
    if user.is_pending:
        send_activation(user)
    else:
        send_password_reset(user)
