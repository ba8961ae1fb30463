"""The reply address of an invitation: where calendar programs send their answer.

Outlook, Gmail, Thunderbird and Apple Calendar send the answer a person gives with their
Accept / Decline / Tentative buttons (iMIP, METHOD:REPLY) to the event's ORGANIZER
address; none of them uses the message's Reply-To for it, and a SENT-BY address could
take the answer away from us. So every invitation names as ORGANIZER an address the app
reads, one per invitation:

    reply+<invitation id>-<check>@<the mail domain>

``check`` is an HMAC of the invitation and its answer nonce under the secret key: it
cannot be guessed, and renewing the invitation's answer links revokes it too. It is in
lower-case base32, since some programs lower-case the addresses they reply to. The
local part stays within RFC 5321's 64 characters.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from email.utils import parseaddr

from flask import current_app

from ..extensions import db
from .models import Invitation

#: Bytes of the HMAC kept in the address (80 bits).
CHECK_BYTES = 10
_SALT = b"invitations.reply-address:"


def reply_base() -> tuple[str, str]:
    """(local part, domain) of the reply address: ``REPLY_ADDRESS`` when configured, else
    "reply" at the domain of ``MAIL_FROM``."""
    configured = current_app.config.get("REPLY_ADDRESS") or ""
    if not configured:
        sender = parseaddr(current_app.config["MAIL_FROM"])[1] or "meetings@localhost"
        configured = "reply@" + sender.rpartition("@")[2]
    local, _, domain = configured.rpartition("@")
    return local or "reply", domain.lower()


def _check(invitation_id: int, nonce: str) -> str:
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    digest = hmac.new(key, _SALT + f"{invitation_id}:{nonce}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:CHECK_BYTES]).decode().lower()


def reply_address(invitation: Invitation) -> str:
    """The invitation's own reply address (stable while its answer links are)."""
    local, domain = reply_base()
    return f"{local}+{invitation.id}-{_check(invitation.id, invitation.answer_nonce)}@{domain}"


_ADDRESS = re.compile(
    r"^(?P<local>[^+@]+)\+(?P<id>\d{1,12})-(?P<check>[a-z2-7]{16})@(?P<domain>.+)$"
)


def invitation_for_reply_address(address: str) -> Invitation | None:
    """The invitation a reply address stands for; None when it is not one of ours (wrong
    domain or local part, bad check, revoked, unknown). Case does not matter."""
    match = _ADDRESS.match((address or "").strip().strip("<>").lower())
    if match is None:
        return None
    local, domain = reply_base()
    if match["local"] != local.lower() or match["domain"] != domain:
        return None
    invitation = db.session.get(Invitation, int(match["id"]))
    if invitation is None:
        return None
    expected = _check(invitation.id, invitation.answer_nonce)
    if not hmac.compare_digest(expected, match["check"]):
        return None
    return invitation


def is_reply_address(address: str) -> bool:
    """Does the address have the form of a reply address of ours (not checked further)?"""
    match = _ADDRESS.match((address or "").strip().strip("<>").lower())
    if match is None:
        return False
    local, domain = reply_base()
    return match["local"] == local.lower() and match["domain"] == domain
