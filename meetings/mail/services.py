"""Composing, queueing and delivering e-mail.

``send_message`` is the one way mail leaves the application: it stores the message in the
outbox (``OutgoingMessage``), in the same transaction as the change that caused it, so
nothing is lost when the mail server is down. The background worker (``mail/jobs.py``)
then calls ``deliver_due``, which hands each message to ``transmit``: SMTP when
``SMTP_HOST`` is configured, otherwise an ``.eml`` file in ``MAIL_DIR`` (the embedded
default). Failed attempts are retried with growing pauses; a permanent refusal (5xx) or
too many attempts mark the message failed, with the reason, for the admin to see.

A message may name an attachment that is made only when it is delivered, in the job
(``attach_when_delivered``): a PDF that takes seconds to render is then made by the
worker, once for all the messages of a delivery run that name it, never in the request
that queued them. If it cannot be made, the message goes without it (logged).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import smtplib
import ssl
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from email import message_from_bytes
from email import policy as email_policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid, parseaddr
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from jinja2 import TemplateNotFound

from ..db import claim_due
from ..extensions import db
from ..i18n import force_locale, site_name
from .enums import DeliveryStatus
from .models import OutgoingMessage

log = logging.getLogger(__name__)

#: Headers are not folded below RFC 5322's 998 characters: CPython's folding of encoded
#: words drops the space between them (gh-92081), so "Odborné pracovní" would arrive as
#: "Odbornépracovní" in a long Czech subject.
MAIL_POLICY = email_policy.default.clone(max_line_length=998)

Recipient = str | Address


def _mail_domain() -> str:
    """The domain of MAIL_FROM, used for Message-IDs (avoids a slow FQDN lookup)."""
    address = parseaddr(current_app.config["MAIL_FROM"])[1]
    return address.rpartition("@")[2] or "localhost"


def mailbox(email: str, name: str | None = None) -> Address | str:
    """ "Name <address>" for a To: or Reply-To: header; the bare address when the name
    cannot go with it (the header then still reaches the person)."""
    try:
        return Address(display_name=name or "", addr_spec=email)
    except (ValueError, IndexError):
        return email


def compose(
    to: Recipient | list[Recipient],
    subject: str,
    text: str,
    html: str | None = None,
    reply_to: Recipient | None = None,
) -> EmailMessage:
    """Build a message from MAIL_FROM: plain text, or multipart/alternative with ``html``."""
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = [str(r) for r in to] if isinstance(to, list) else str(to)
    # A subject is one line; a stray newline from a template would break the header.
    message["Subject"] = " ".join(subject.split())
    if reply_to:
        message["Reply-To"] = str(reply_to)
    message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    message["Message-ID"] = make_msgid(domain=_mail_domain())
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def render_email(template_base: str, locale: str | None, **context: Any) -> dict[str, Any]:
    """Render ``templates/email/<base>.subject.txt``, ``.txt`` and (if present) ``.html``.

    The templates are rendered in ``locale`` (the recipient's language) and should get
    plain values, not ORM objects. Returns keyword arguments for ``compose``:
    ``subject``, ``text`` and ``html`` (None when there is no HTML template).
    """
    with force_locale(locale):
        context.setdefault("site_name", site_name())
        subject = render_template(f"email/{template_base}.subject.txt", **context)
        text = render_template(f"email/{template_base}.txt", **context)
        try:
            html = render_template(f"email/{template_base}.html", **context)
        except TemplateNotFound:
            html = None
    return {"subject": " ".join(subject.split()), "text": text, "html": html}


def send_message(message: EmailMessage, kind: str = "message") -> OutgoingMessage:
    """Queue ``message`` for delivery by the worker.

    Side effects: fills in From, Date and Message-ID when missing; adds an
    ``OutgoingMessage`` to the session (flushed); after the transaction commits, the
    worker is woken up (see ``mail/jobs.py``). If the transaction rolls back, the message
    is never sent — mail only goes out for changes that happened.
    """
    config = current_app.config
    if message["From"] is None:
        message["From"] = config["MAIL_FROM"]
    if message["Date"] is None:
        message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    if message["Message-ID"] is None:
        message["Message-ID"] = make_msgid(domain=_mail_domain())
    recipients = getaddresses(message.get_all("To", []) + message.get_all("Cc", []))
    outgoing = OutgoingMessage(
        recipient=", ".join(address for _, address in recipients)[:254],
        subject=str(message["Subject"] or "")[:998],
        kind=kind,
        raw=message.as_bytes(policy=MAIL_POLICY),
        status=DeliveryStatus.PENDING,
        next_attempt_at=dt.datetime.now(dt.UTC),
    )
    db.session.add(outgoing)
    db.session.flush()
    db.session.info[OUTBOX_WOKEN] = True
    return outgoing


#: The header naming an attachment made at delivery: "<source> <reference>" (not sent).
LATE_ATTACHMENT = "X-Meetings-Late-Attachment"


@dataclass(frozen=True)
class Attachment:
    data: bytes
    maintype: str
    subtype: str
    filename: str


#: source → makes the attachment a reference names (None: there is none to attach).
_late_sources: dict[str, Callable[[str], Attachment | None]] = {}


def late_attachment_source(source: str):
    """Register the function that makes the ``source`` attachments named by reference (a
    service underneath, e.g. documents, registers it: mail knows no domain)."""

    def register(make: Callable[[str], Attachment | None]):
        _late_sources[source] = make
        return make

    return register


def attach_when_delivered(message: EmailMessage, source: str, reference: str) -> None:
    """Have the worker attach what ``source`` makes of ``reference`` when it delivers the
    message (see ``late_attachment_source``)."""
    message[LATE_ATTACHMENT] = f"{source} {reference}"


def _make_attachment(name: str) -> Attachment | None:
    source, _, reference = name.partition(" ")
    make = _late_sources.get(source)
    if make is None:
        log.error("attachment %r: no source %r registered, sent without it", name, source)
        return None
    try:
        return make(reference)
    except Exception:  # the message matters more than its attachment
        db.session.rollback()
        log.exception("attachment %r could not be made, sent without it", name)
        return None


def with_late_attachments(
    message: EmailMessage, made: dict[str, Attachment | None] | None = None
) -> EmailMessage:
    """The message with the attachments it names made and attached, after its other
    parts (a multipart/mixed message gets one more part); the naming headers removed.
    ``made``: the attachments made already (by name), filled in as they are made. May
    commit (a rendered document is stored)."""
    names = [str(name) for name in message.get_all(LATE_ATTACHMENT, [])]
    if not names:
        return message
    del message[LATE_ATTACHMENT]
    made = {} if made is None else made
    for name in names:
        if name not in made:
            made[name] = _make_attachment(name)
        attachment = made[name]
        if attachment is not None:
            message.add_attachment(
                attachment.data,
                maintype=attachment.maintype,
                subtype=attachment.subtype,
                filename=attachment.filename,
            )
    return message


#: Session flag: something was queued, so the worker should look at the outbox.
OUTBOX_WOKEN = "meetings.outbox.queued"
#: Attempts before a message is given up (the pauses grow to six hours: about two days).
MAX_ATTEMPTS = 12
#: How long a worker holds a message it is sending before another may try it.
CLAIM_SECONDS = 300


def retry_pause(attempts: int) -> dt.timedelta:
    """Pause after the n-th failed attempt: 1, 2, 4 … minutes, at most six hours."""
    return dt.timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), 6 * 60 * 60))


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def deliver_due(now: dt.datetime | None = None, limit: int = 200) -> DeliveryReport:
    """Send every queued message whose time has come; the worker's job. Commits.

    Each message is first claimed (a conditional UPDATE, committed), so two workers
    never send the same message; once the server has accepted it, it is marked sent and
    is never sent again.
    """
    now = now or dt.datetime.now(dt.UTC)
    report = DeliveryReport()
    made: dict[str, Attachment | None] = {}  # late attachments, once per run
    for message_id in claim_due(
        db.session,
        OutgoingMessage,
        OutgoingMessage.status == DeliveryStatus.PENDING,
        now=now,
        hold=dt.timedelta(seconds=CLAIM_SECONDS),
        limit=limit,
    ):
        outgoing = db.session.get(OutgoingMessage, message_id, populate_existing=True)
        message = with_late_attachments(message_from_bytes(outgoing.raw, policy=MAIL_POLICY), made)
        outgoing.attempts += 1
        try:
            transmit(message)
        except Exception as error:  # every failure is recorded: none is lost
            outgoing.last_error = _describe(error)[:2000]
            if _is_permanent(error) or outgoing.attempts >= MAX_ATTEMPTS:
                outgoing.status = DeliveryStatus.FAILED
                outgoing.next_attempt_at = None
                report.failed += 1
            else:
                outgoing.next_attempt_at = now + retry_pause(outgoing.attempts)
                report.retrying += 1
            log.warning(
                "mail %s to %s not delivered: %s",
                message_id,
                outgoing.recipient,
                outgoing.last_error,
            )
        else:
            outgoing.status = DeliveryStatus.SENT
            outgoing.sent_at = dt.datetime.now(dt.UTC)
            outgoing.next_attempt_at = None
            outgoing.last_error = None
            report.sent += 1
        db.session.commit()
    return report


def retry_message(outgoing: OutgoingMessage) -> None:
    """Put a failed message back in the queue (an admin's decision). Flushes."""
    outgoing.status = DeliveryStatus.PENDING
    outgoing.next_attempt_at = dt.datetime.now(dt.UTC)
    db.session.flush()
    db.session.info[OUTBOX_WOKEN] = True


def _is_permanent(error: Exception) -> bool:
    """A 5xx answer is the server's final word; network trouble and 4xx are worth a retry."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _describe(error: Exception) -> str:
    """The reason in the server's words, e.g. "550 5.1.1 No such user"."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {_text(text)}" for address, (code, text) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}"


def transmit(message: EmailMessage) -> None:
    """Hand one message over now: via SMTP when SMTP_HOST is set, else into MAIL_DIR.

    Raises ``smtplib`` exceptions or ``OSError`` when delivery fails.
    """
    config = current_app.config
    if config.get("SMTP_HOST"):
        _send_smtp(message)
    else:
        path = _write_eml(message, Path(config["MAIL_DIR"]))
        log.info("mail to %s written to %s", message["To"], path)


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    host, port, timeout = config["SMTP_HOST"], int(config["SMTP_PORT"]), config["SMTP_TIMEOUT"]
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if config.get("SMTP_SSL"):
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if config.get("SMTP_STARTTLS") and not config.get("SMTP_SSL"):
            smtp.starttls(context=context)
        if config.get("SMTP_USERNAME"):
            smtp.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD", ""))
        smtp.send_message(message)
    log.info("mail to %s sent via %s:%s", message["To"], host, port)


def _write_eml(message: EmailMessage, directory: Path) -> Path:
    """Write the message atomically; names sort by time and never collide."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = directory / f"{stamp}-{uuid.uuid4().hex[:12]}.eml"
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(message.as_bytes())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
