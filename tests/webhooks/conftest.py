"""A real HTTP receiver for webhook deliveries: http.server in a thread, on a port the
system chose, on 127.0.0.1. It records every request and answers with the statuses it is
told (200 once those are used up)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from meetings.db import writer_transactions
from meetings.webhooks import services
from meetings.webhooks.delivery import deliver_due


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    #: The statuses of the next answers, in order.
    statuses: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def of_kind(self, kind: str) -> list[Received]:
        return [r for r in self.requests if r.headers["X-Meetings-Event"] == kind]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with state.lock:
                state.requests.append(Received(self.path, dict(self.headers.items()), body))
                status = state.statuses.pop(0) if state.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/meetings"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def run_worker(now=None):
    """What the worker does after the commit (and every minute): send what is due."""
    with writer_transactions():
        return deliver_due(now)


@pytest.fixture
def group_webhook(people, receiver):
    """The group's webhook for every event, registered by its assistant."""

    def make(*kinds: str, group=None, site=False, actor=None, url=None):
        """A webhook of ``group`` (the people's group), or with ``site`` the installation's."""
        from meetings.webhooks.enums import CHOOSABLE

        return services.create_webhook(
            group=None if site else (group or people.group),
            url=url or receiver.url,
            kinds=kinds or [k.value for k in CHOOSABLE],
            actor=actor or people.assistant,
        )

    return make
