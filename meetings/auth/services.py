"""Accounts: password hashing, sign-in checks and signed tokens for e-mailed links."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app


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
