"""Browser journeys: Debian's Chromium driven by Playwright against a live server.

The live server is a separate application instance with its own database (a SQLite file,
or a sibling PostgreSQL database when TEST_DATABASE_URL is set), migrated and loaded with
the demo data, and its own real SMTP server (aiosmtpd). It commits for real, so journeys
use addresses and names of their own.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

import pytest
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import make_server

from meetings import create_app
from meetings.db import writer_transactions
from meetings.demo import load_demo
from meetings.extensions import db
from meetings.mail.services import deliver_due

from ..conftest import MailCollector, SmtpServer, free_port, render_queued_documents

T = TypeVar("T")


def pytest_collection_modifyitems(config, items):
    """Every test in this folder is a browser journey (select with -m browser)."""
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _sibling_postgres_database(url: str) -> str:
    """Create (afresh) a database next to the test database, for the live server."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_browser"
    admin = urlunsplit((parts.scheme.split("+")[0], parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, "", ""))


@dataclass
class LiveServer:
    app: Flask
    url: str
    mail: SmtpServer


# Package scope: the server and its mail worker stop when the browser tests are done, so
# the worker never touches the sessions that the other tests swap into ``db.session``.
@pytest.fixture(scope="package")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    import os

    from aiosmtpd.controller import Controller

    instance = tmp_path_factory.mktemp("live-instance")
    test_url = os.environ.get("TEST_DATABASE_URL")
    database = (
        _sibling_postgres_database(test_url)
        if test_url
        else "sqlite:///" + str(instance / "live.sqlite")
    )
    handler = MailCollector()
    smtp_port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    app = create_app(
        {
            "INSTANCE_PATH": str(instance),
            "DATABASE_URL": database,
            "BASE_URL": base_url,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": smtp_port,
            "RATELIMIT_ENABLED": False,
            "JOBS_BACKEND": "memory",
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 64,
        }
    )
    with app.app_context():
        upgrade()
        load_demo()
        db.session.commit()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stop = threading.Event()
    worker = threading.Thread(target=_mail_worker, args=(app, stop), daemon=True)
    worker.start()
    try:
        yield LiveServer(
            app, base_url, SmtpServer("127.0.0.1", smtp_port, handler.messages, controller)
        )
    finally:
        stop.set()
        worker.join(timeout=5)
        server.shutdown()
        controller.stop()
        with app.app_context():
            db.engine.dispose()


def _mail_worker(app: Flask, stop: threading.Event) -> None:
    """The live server's background worker: delivers the outbox and renders the documents
    asked for, as huey's consumer would."""
    while not stop.wait(0.1):
        try:
            with app.app_context(), writer_transactions():
                deliver_due()
                render_queued_documents()
        except Exception:  # keep working, as the real worker's next sweep would
            logging.getLogger(__name__).exception("live server mail worker")


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import expect

    # Assertions retry until they hold; their limit (5 s by default) is only a safety net,
    # and a machine running both passes of .ci/run at once can be slower than that.
    expect.set_options(timeout=30_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(30_000)  # a safety net: actions go on as soon as they can
    yield page
    context.close()


def sign_in(page, email: str, password: str = "demo-password") -> None:
    """Sign in through the real form, as a person would, whatever the page's language."""
    page.goto("/auth/sign-in")
    form = page.locator("main form")
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()


def use_language(page, code: str) -> None:
    """Choose the interface language in the header (saved on the account): the account's
    disclosure is opened first, and on a narrow screen the menu before it."""
    page.wait_for_load_state()  # the menu's script is ready once the page has loaded
    _open_header(page)
    form = page.locator("form.language-form")
    form.locator("select").select_option(code)
    form.get_by_role("button").click()


def _open_header(page) -> None:
    """Open what a person opens to reach the account's things: the folded menu on a narrow
    screen, then the account's disclosure (when signed in)."""
    toggle = page.locator("button.nav-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    account = page.locator("details.account-menu")
    if account.count() and account.get_attribute("open") is None:
        account.locator("summary").click()


def wait_until(condition: Callable[[], T], *, what: str, timeout: float = 60.0) -> T:
    """Poll ``condition`` until it gives a true value, and return that value; fail after
    ``timeout`` seconds (generous: the deadline only matters when something is wrong)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        time.sleep(0.05)  # the next look, not a wait standing in for the condition


def wait_for_mail(
    mail: SmtpServer,
    matching: Callable[[EmailMessage], bool],
    *,
    what: str,
    timeout: float = 60.0,
) -> list[EmailMessage]:
    """The messages the live server's SMTP server received that match, once at least one
    has arrived (the live server's worker thread delivers the outbox on its own)."""
    return wait_until(
        lambda: [m for m in list(mail.messages) if matching(m)],
        what=f"no e-mail brought {what}",
        timeout=timeout,
    )


def sign_out(page) -> None:
    """Sign out from the header, as a person does: the account's disclosure, then its
    button (on a narrow screen the menu is opened first)."""
    page.wait_for_load_state()  # the menu's script is ready once the page has loaded
    _open_header(page)
    page.locator("details.account-menu form.inline-form button").click()
