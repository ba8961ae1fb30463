"""Receiving mail: an SMTP server (aiosmtpd) for mail delivered to the app, and a poller of
an IMAP mailbox for a production mail setup that keeps mail in a mailbox.

Both know nothing of what the mail is for: they hand each message's bytes, with the
addresses it was delivered to, to a handler (the calendar replies, ``invitations.replies``)
inside an app context. A handler's failure is logged and never stops the receiver.

The SMTP server accepts a recipient only when ``accepts(address)`` says so (550 otherwise:
no mail for others is taken in), refuses messages over ``REPLY_MAX_BYTES`` (552), and
answers 250 once the handler has run: the sender's mail server then forgets the message,
and what became of it is the handler's record.
"""

from __future__ import annotations

import asyncio
import imaplib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email import message_from_bytes, policy
from typing import Any

from flask import Flask

from ..db import writer_transactions

log = logging.getLogger(__name__)

#: Handler: (raw message, envelope recipients or None, envelope sender) → anything.
Handler = Callable[[bytes, Iterable[str] | None, str | None], Any]


def _in_app(app: Flask, handler: Handler, *args) -> Any:
    with app.app_context(), writer_transactions():
        return handler(*args)


@dataclass
class ReceivingHandler:
    """aiosmtpd's handler: checks recipients, passes each message to ``handler`` in a
    worker thread (database work must not block the server's event loop)."""

    app: Flask
    handler: Handler
    accepts: Callable[[str], bool]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.app.app_context():
            wanted = self.accepts(address)
        if not wanted:
            log.info("mail for %s refused: not a reply address", address)
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", errors="replace")
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(
                None,
                _in_app,
                self.app,
                self.handler,
                raw,
                list(envelope.rcpt_tos),
                envelope.mail_from,
            )
        except Exception:
            log.exception("received mail from %s could not be handled", envelope.mail_from)
        return "250 Message accepted"


def smtp_controller(
    app: Flask,
    handler: Handler,
    accepts: Callable[[str], bool],
    *,
    host: str,
    port: int,
    max_bytes: int,
):
    """An aiosmtpd Controller (not started) serving ``handler`` on host:port."""
    from aiosmtpd.controller import Controller

    return Controller(
        ReceivingHandler(app, handler, accepts),
        hostname=host,
        port=port,
        data_size_limit=max_bytes,
        server_hostname=host,
        ready_timeout=30,
    )


@dataclass
class MailboxSettings:
    host: str
    port: int
    username: str
    password: str
    use_ssl: bool = True
    folder: str = "INBOX"


def poll_mailbox(app: Flask, handler: Handler, settings: MailboxSettings) -> int:
    """Read every unseen message of the mailbox once, hand it to ``handler`` (recipients
    from its headers), then mark it seen. Returns how many were handled."""
    connection_class = imaplib.IMAP4_SSL if settings.use_ssl else imaplib.IMAP4
    handled = 0
    with connection_class(settings.host, settings.port) as mailbox:
        mailbox.login(settings.username, settings.password)
        status, data = mailbox.select(settings.folder)
        if status != "OK":
            raise OSError(f"mailbox folder {settings.folder!r}: {data}")
        status, data = mailbox.search(None, "UNSEEN")
        if status != "OK":
            return 0
        for number in data[0].split():
            status, parts = mailbox.fetch(number, "(BODY.PEEK[])")
            if status != "OK" or not parts or not isinstance(parts[0], tuple):
                continue
            raw = parts[0][1]
            try:
                sender = str(message_from_bytes(raw, policy=policy.default).get("From", ""))
                _in_app(app, handler, raw, None, sender or None)
            except Exception:
                log.exception("mailbox message %s could not be handled", number)
            # Seen either way: a message that cannot be read is not read again and again.
            mailbox.store(number, "+FLAGS", "\\Seen")
            handled += 1
    return handled
