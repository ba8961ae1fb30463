"""Sign-in limits across processes: two gunicorn workers share the count (in the database
on the embedded default, in Redis when configured). Twelve wrong passwords sent at once
for one account let exactly ten be tried and block the account; a colleague behind the
same address still signs in with the right password."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from flask_migrate import upgrade

from bench.numbering import fresh_database
from meetings import create_app
from meetings.extensions import db
from meetings.mail.jobs import init_jobs

from .. import factories
from ..served import app_environment, csrf_token, gunicorn, signed_in

WRONG = 12


def _prepare(url: str, instance: str) -> None:
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": instance, "JOBS_BACKEND": "memory"})
    with app.app_context():
        upgrade()
        factories.make_user(email="clen@example.org", name="Petr Člen")
        factories.make_user(email="kolegyne@example.org", name="Eva Kolegyně")
        db.session.commit()
        db.engine.dispose()


@pytest.mark.parametrize("counters", ["database", "redis"])
def test_twelve_wrong_passwords_block_the_account_not_the_colleague(
    app, tmp_path, counters, request
):
    instance = tmp_path / "instance"
    settings = {}
    if counters == "redis":
        settings["RATELIMIT_STORAGE_URI"] = request.getfixturevalue("redis_url")
    with fresh_database(os.environ.get("TEST_DATABASE_URL"), tmp_path, "limits") as url:
        _prepare(url, str(instance))
        init_jobs(app)  # the job queue is one per process: back to the suite's app
        env = app_environment(
            DATABASE_URL=url,
            INSTANCE_PATH=instance,
            SECRET_KEY="limits-test",
            JOBS_BACKEND="memory",
            **settings,
        )
        with gunicorn(env, tmp_path / "gunicorn.log", workers=2, threads=4) as base:
            token_page = requests.get(f"{base}/auth/sign-in", timeout=60)
            token = csrf_token(token_page.text)
            cookies = token_page.cookies.get_dict()

            def wrong(_n: int) -> int:
                # A new connection each time: the attempts spread over both workers.
                return requests.post(
                    f"{base}/auth/sign-in",
                    data={"email": "clen@example.org", "password": "hádám", "csrf_token": token},
                    cookies=cookies,
                    headers={"Connection": "close"},
                    allow_redirects=False,
                    timeout=120,
                ).status_code

            with ThreadPoolExecutor(max_workers=WRONG) as pool:
                statuses = sorted(pool.map(wrong, range(WRONG)))
            # Ten were tried and refused; the rest were not even tried.
            assert statuses == [200] * 10 + [429] * (WRONG - 10)

            # Now even the right password is refused for that account...
            right = requests.Session()
            page = right.get(f"{base}/auth/sign-in", timeout=60)
            response = right.post(
                f"{base}/auth/sign-in",
                data={
                    "email": "clen@example.org",
                    "password": factories.PASSWORD,
                    "csrf_token": csrf_token(page.text),
                },
                allow_redirects=False,
                timeout=60,
            )
            assert response.status_code == 429
            assert "blocked until" in response.text
            # ...while the colleague at the same address signs in.
            colleague = signed_in(base, "kolegyne@example.org", factories.PASSWORD)
            assert colleague.get(f"{base}/auth/account", timeout=60).status_code == 200
