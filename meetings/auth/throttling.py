"""Sign-in limits that stop attackers, not colleagues.

Wrong passwords are counted per account and per network address, in the rate limits'
shared storage (the database, or Redis), so every worker and server counts together.
Successful sign-ins are not counted. An account blocked after too many wrong passwords
still lets its owner in through a password reset; the address limit is high, as a whole
office may sign in from one address.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from flask import current_app

from ..extensions import limiter


@dataclass(frozen=True)
class Block:
    """Sign-in refused until ``until``; ``account`` when the account (not the address) is
    blocked."""

    until: dt.datetime
    account: bool

    @property
    def minutes(self) -> int:
        seconds = (self.until - dt.datetime.now(dt.UTC)).total_seconds()
        return max(1, -(-int(seconds) // 60))


def _account_key(email: str) -> str:
    # Hashed: the storage (Redis, a table) need not hold addresses people typed.
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return f"sign-in/account/{digest}"


def _address_key(address: str | None) -> str:
    return f"sign-in/address/{address or 'unknown'}"


def _limits() -> tuple[tuple[str, int, bool], ...]:
    config = current_app.config
    return (
        ("account", config["SIGN_IN_ACCOUNT_LIMIT"], True),
        ("address", config["SIGN_IN_ADDRESS_LIMIT"], False),
    )


def _block(key: str, is_account: bool) -> Block:
    until = dt.datetime.fromtimestamp(limiter.storage.get_expiry(key), dt.UTC)
    return Block(until=until, account=is_account)


def attempt(email: str, address: str | None) -> Block | None:
    """Count a sign-in attempt before the password is checked; a Block when the account or
    the address has used up its attempts (then the password is not even tried).

    Counting first and checking the count the increment returned is atomic: attempts sent
    at once to several workers cannot slip past the limit together. A successful attempt
    is taken back (``succeeded``), so only failures count.
    """
    if not limiter.enabled:
        return None
    storage = limiter.storage
    window = current_app.config["SIGN_IN_BLOCK_SECONDS"]
    keys = {"account": _account_key(email), "address": _address_key(address)}
    for kind, limit, _is_account in _limits():
        if storage.get(keys[kind]) >= limit:  # blocked already: do not count on
            return _block(keys[kind], _is_account)
    counts = {kind: storage.incr(key, window) for kind, key in keys.items()}
    for kind, limit, is_account in _limits():
        if counts[kind] > limit:
            return _block(keys[kind], is_account)
    return None


def succeeded(email: str, address: str | None) -> None:
    """The attempt was right: it does not count."""
    if not limiter.enabled:
        return
    window = current_app.config["SIGN_IN_BLOCK_SECONDS"]
    limiter.storage.incr(_account_key(email), window, amount=-1)
    limiter.storage.incr(_address_key(address), window, amount=-1)


def forgive_account(email: str) -> None:
    """The owner proved who they are (a password reset): the account is open again."""
    if limiter.enabled:
        limiter.storage.clear(_account_key(email))
