"""The rate limits' counters in the database (the embedded default): atomic under
concurrent hits from many threads, a window that starts again, keys cleared one by one."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from limits.storage import storage_from_string

from meetings.extensions import db
from meetings.throttle.models import RateCounter
from meetings.throttle.storage import DatabaseStorage


@pytest.fixture
def counters(app):
    """The storage as the app servers use it: each hit in a transaction of its own."""
    with app.app_context():
        storage = storage_from_string("meetings-db://")
        storage.reset()
        yield storage
        storage.reset()


def test_the_configured_limiter_counts_in_the_database(app):
    from meetings.extensions import limiter

    assert app.config["RATELIMIT_STORAGE_URI"] == "meetings-db://"
    assert isinstance(limiter.storage, DatabaseStorage)


def test_hits_from_many_threads_are_all_counted(app, counters):
    def hit(_n: int) -> int:
        with app.app_context():
            return counters.incr("form/192.0.2.1", 3600)

    with ThreadPoolExecutor(max_workers=8) as pool:
        returned = sorted(pool.map(hit, range(40)))
    # Every increment saw a different count: none was lost or doubled.
    assert returned == list(range(1, 41))
    assert counters.get("form/192.0.2.1") == 40


def test_a_window_that_ended_starts_from_zero(app, counters):
    counters.incr("sign-in/address/192.0.2.9", 900)
    counters.incr("sign-in/address/192.0.2.9", 900)
    assert counters.get("sign-in/address/192.0.2.9") == 2
    # The window ends (as if 15 minutes had passed).
    with db.engine.begin() as connection:
        connection.execute(
            RateCounter.__table__.update().values(expires_at=RateCounter.expires_at - 901)
        )
    assert counters.get("sign-in/address/192.0.2.9") == 0
    assert counters.incr("sign-in/address/192.0.2.9", 900) == 1


def test_clearing_one_key_leaves_the_others(counters):
    counters.incr("sign-in/account/a", 900)
    counters.incr("sign-in/account/b", 900)
    counters.clear("sign-in/account/a")
    assert (counters.get("sign-in/account/a"), counters.get("sign-in/account/b")) == (0, 1)
    assert counters.check() is True
