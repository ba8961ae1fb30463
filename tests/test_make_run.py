"""``make run`` on another port than 5000: every link the app writes — in a page, a feed
and a mailed invitation — points to the address actually served."""

from __future__ import annotations

import os
import re
import subprocess
import time
import urllib.error
import urllib.request
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from .conftest import free_port
from .served import stop

ROOT = Path(__file__).resolve().parent.parent
#: Absolute links (http, https, webcal) in HTML, iCalendar and mail text.
LINK = re.compile(r"""(?:https?|webcal)://[^\s"'<>\\]+""")


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _wait_until_served(url: str, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        assert process.poll() is None, "make run stopped"
        try:
            if _get(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)  # polling for the server to answer, not standing in for it
    raise AssertionError(f"{url} did not answer in time")


@pytest.fixture
def served(tmp_path: Path):
    """``make run`` with a fresh instance folder, on free ports."""
    port, reply_port = free_port(), free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MEETINGS_", "TEST_DATABASE_URL"))
    }
    env["MEETINGS_INSTANCE_PATH"] = str(tmp_path / "instance")
    log = (tmp_path / "make-run.log").open("wb")
    process = subprocess.Popen(
        ["make", "run", "HOST=127.0.0.1", f"PORT={port}", f"REPLY_PORT={reply_port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_served(f"{base}/ping", process, time.monotonic() + 300)
        yield base, tmp_path / "instance"
    finally:
        stop(process)
        log.close()


def _ours(links: list[str], base: str) -> list[str]:
    """Links to this installation (external ones, e.g. a map, are left out)."""
    return [link for link in links if "127.0.0.1" in link or "localhost" in link]


def test_make_run_on_another_port_puts_that_port_in_every_link(served):
    base, instance = served
    webcal = base.replace("http://", "webcal://")
    status, events_page = _get(f"{base}/events")
    page_links = _ours(LINK.findall(events_page.decode()), base)
    status_feed, feed = _get(f"{base}/events/calendar.ics")
    feed_text = feed.replace(b"\r\n ", b"").decode()
    feed_links = _ours(LINK.findall(feed_text), base)
    invitation = next(
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted((instance / "mail").glob("*.eml"))
        if b"text/calendar" in path.read_bytes()
    )
    text = invitation.get_body(preferencelist=("plain",)).get_content()
    calendar = next(
        part.get_payload(decode=True).replace(b"\r\n ", b"").decode()
        for part in invitation.walk()
        if part.get_content_type() == "text/calendar"
    )
    mail_links = _ours(LINK.findall(text) + LINK.findall(calendar), base)

    assert (status, status_feed) == (200, 200)
    assert page_links and feed_links and mail_links
    assert [link for link in page_links if not link.startswith((f"{base}/", f"{webcal}/"))] == []
    assert [link for link in feed_links if not link.startswith(f"{base}/")] == []
    assert [link for link in mail_links if not link.startswith(f"{base}/")] == []
    assert "127.0.0.1:5000" not in events_page.decode() + feed_text + text + calendar
