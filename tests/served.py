"""The app served for real: gunicorn processes and huey consumers, and a visitor over HTTP.

Tests that need several processes (concurrency, several app servers) start them here. A
server listens on a socket this process opened on a free port and hands over
(``--bind fd://N``), so no port is guessed and none can be taken in between.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def app_environment(**settings: object) -> dict[str, str]:
    """This process's environment without any MEETINGS_ setting, plus ``settings``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("MEETINGS_")}
    env.update({f"MEETINGS_{key}": str(value) for key, value in settings.items()})
    return env


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_until_answered(url: str, process: subprocess.Popen, log: Path, seconds: int = 120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=30).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass  # still starting: the socket accepts before the server reads
        time.sleep(0.1)  # polling until the server answers, not standing in for it
    raise AssertionError(f"{url} did not answer in time:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str], log: Path, *, workers: int = 2, threads: int = 4
) -> Iterator[str]:
    """``wsgi:app`` under gunicorn with ``env``; yields its base URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(512)
    port = listener.getsockname()[1]
    with log.open("ab") as out:
        process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--bind",
                f"fd://{listener.fileno()}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--worker-class",
                "gthread",
                "--timeout",
                "120",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            pass_fds=[listener.fileno()],
            start_new_session=True,
        )
    listener.close()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answered(f"{base}/ping", process, log)
        yield base
    finally:
        stop(process)


@contextlib.contextmanager
def consumer(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """A huey consumer (the background worker) with ``env``."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            # -m: the project folder (cwd) comes first on sys.path, as for gunicorn
            [
                sys.executable,
                "-m",
                "huey.bin.huey_consumer",
                "meetings.worker.huey",
                "-w",
                "2",
                "-k",
                "thread",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        stop(process)


def csrf_token(page: str) -> str:
    match = CSRF.search(page)
    assert match, "no form with a CSRF token on the page"
    return match.group(1)


def signed_in(base: str, email: str, password: str) -> requests.Session:
    """A browser session signed in through the sign-in form."""
    visitor = requests.Session()
    page = visitor.get(f"{base}/auth/sign-in", timeout=30)
    response = visitor.post(
        f"{base}/auth/sign-in",
        data={"email": email, "password": password, "csrf_token": csrf_token(page.text)},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:2000]
    return visitor
