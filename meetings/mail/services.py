"""Composing and sending e-mail.

``send_message`` is the one place mail leaves the application: through SMTP when
``SMTP_HOST`` is configured, otherwise as an ``.eml`` file in ``MAIL_DIR`` (the embedded
default, handy in development). Delivery is synchronous for now; a durable queue with
retries comes later and will call ``send_message`` from its worker.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import smtplib
import ssl
import tempfile
import uuid
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from jinja2 import TemplateNotFound

from ..i18n import force_locale

log = logging.getLogger(__name__)

Recipient = str | Address


def _mail_domain() -> str:
    """The domain of MAIL_FROM, used for Message-IDs (avoids a slow FQDN lookup)."""
    address = parseaddr(current_app.config["MAIL_FROM"])[1]
    return address.rpartition("@")[2] or "localhost"


def compose(
    to: Recipient | list[Recipient],
    subject: str,
    text: str,
    html: str | None = None,
    reply_to: Recipient | None = None,
) -> EmailMessage:
    """Build a message from MAIL_FROM: plain text, or multipart/alternative with ``html``."""
    message = EmailMessage()
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
        subject = render_template(f"email/{template_base}.subject.txt", **context)
        text = render_template(f"email/{template_base}.txt", **context)
        try:
            html = render_template(f"email/{template_base}.html", **context)
        except TemplateNotFound:
            html = None
    return {"subject": " ".join(subject.split()), "text": text, "html": html}


def send_message(message: EmailMessage) -> None:
    """Deliver ``message`` now: via SMTP when SMTP_HOST is set, else into MAIL_DIR.

    Fills in From, Date and Message-ID when they are missing. Raises ``smtplib``
    exceptions or ``OSError`` when delivery fails.
    """
    config = current_app.config
    if message["From"] is None:
        message["From"] = config["MAIL_FROM"]
    if message["Date"] is None:
        message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    if message["Message-ID"] is None:
        message["Message-ID"] = make_msgid(domain=_mail_domain())

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
