"""Calendar replies read from a mailbox: a real IMAP server (Debian's Dovecot, started for
the test on a free port) holds what the mail server delivered; ``flask replies poll``'s
function reads the unseen messages once, applies them and marks them seen."""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.invitations.enums import Rsvp
from meetings.invitations.models import CalendarReply, Invitation
from meetings.invitations.replies import handle_reply_mail
from meetings.mail.receiver import MailboxSettings, poll_mailbox

from ..conftest import free_port
from .conftest import fill, values_for

PASSWORD = "mailbox-secret"


def _mail_owner() -> tuple[int, int]:
    """Dovecot refuses to deliver as root: the dovecot user's ids then."""
    if os.getuid() != 0:
        return os.getuid(), os.getgid()
    entry = pwd.getpwnam("dovecot")
    return entry.pw_uid, entry.pw_gid


@pytest.fixture
def mailbox(tmp_path: Path) -> Iterator[MailboxSettings]:
    dovecot = shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
    )
    if dovecot is None:
        pytest.fail("Debian's dovecot-imapd is needed for the mailbox test")
    port = free_port()
    uid, gid = _mail_owner()
    (tmp_path / "base").mkdir()
    # The mail owner must reach the folder: pytest's own temporary tree is private to us.
    mail = Path(tempfile.mkdtemp(prefix="meetings-mailbox-"))
    mail.chmod(0o755)
    os.chown(mail, uid, gid)
    config = tmp_path / "dovecot.conf"
    config.write_text(
        f"""
protocols = imap
listen = 127.0.0.1
base_dir = {tmp_path}/base
state_dir = {tmp_path}/base/state
log_path = {tmp_path}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:{mail}/%u
passdb {{
  driver = static
  args = password={PASSWORD}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={mail}/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""
    )
    server = subprocess.Popen([dovecot, "-F", "-c", str(config)])
    deadline = time.monotonic() + 120  # a safety net: it starts in well under a second
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert server.poll() is None, (tmp_path / "dovecot.log").read_text()
            assert time.monotonic() < deadline, "Dovecot did not start"
            time.sleep(0.1)  # polling for the server's port, not standing in for it
    try:
        yield MailboxSettings("127.0.0.1", port, "replies", PASSWORD, use_ssl=False)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(mail, ignore_errors=True)


def _deliver(settings: MailboxSettings, raw: bytes) -> None:
    """Put a message in the mailbox, as the mail server delivering it would."""
    with imaplib.IMAP4(settings.host, settings.port) as imap:
        imap.login(settings.username, settings.password)
        status, data = imap.append(settings.folder, None, None, raw)
        assert status == "OK", data


def _unseen(settings: MailboxSettings) -> int:
    with imaplib.IMAP4(settings.host, settings.port) as imap:
        imap.login(settings.username, settings.password)
        imap.select(settings.folder)
        return len(imap.search(None, "UNSEEN")[1][0].split())


def test_replies_in_a_mailbox_are_applied_once_and_marked_seen(app, invited, mailbox):
    values = values_for(invited, COMMENT="Budu na místě v 9:50.")
    _deliver(mailbox, fill("google-accept-note.eml", values))
    _deliver(mailbox, b"From: x@example.org\r\nSubject: Hello\r\n\r\nNo calendar here.\r\n")
    member_id, meeting_id = invited.member.id, invited.meeting.id

    first = poll_mailbox(app, handle_reply_mail, mailbox)
    second = poll_mailbox(app, handle_reply_mail, mailbox)

    invitation = db.session.scalars(
        select(Invitation).where(
            Invitation.user_id == member_id, Invitation.meeting_id == meeting_id
        )
    ).one()
    outcomes = db.session.scalars(select(CalendarReply.outcome).order_by(CalendarReply.id)).all()
    assert (first, second, _unseen(mailbox)) == (2, 0, 0)
    assert (invitation.rsvp, invitation.rsvp_comment) == (Rsvp.ACCEPTED, "Budu na místě v 9:50.")
    assert outcomes == ["applied", "not-ours"]
