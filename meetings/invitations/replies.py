"""Answers from calendar programs: iMIP (RFC 6047) METHOD:REPLY mails to an invitation's
reply address.

A person who presses Accept, Decline or Tentative in Outlook, Gmail, Thunderbird or Apple
Calendar sends a REPLY to the event's ORGANIZER, which is the invitation's own reply
address (``addresses.py``). The receiver (``mail.receiver``: an SMTP server, or an IMAP
mailbox polled) hands each mail here with the addresses it was delivered to.

Real replies differ more than the RFCs suggest, and each genuine one must still land:

- Outlook and Exchange leave ORGANIZER out, and write the attendee in their own letter
  case; Google lower-cases the organizer; addresses are compared without case;
- the MIME ``method`` parameter may be missing (Apple Mail) and the calendar may come as an
  attachment (``application/ics``, ``*.ics``): METHOD is read from the calendar itself;
- times may be in UTC (Google) or under a Windows zone name (Outlook:
  "Central Europe Standard Time"), so RECURRENCE-ID is compared as an instant;
- the comment sits in COMMENT (Outlook, Apple) or in the attendee's X-RESPONSE-COMMENT
  parameter (Google); Thunderbird sends none.

What is forged or does not fit changes nothing and is recorded (``CalendarReply``) and
logged: an address that is not one of ours (bad check, revoked), another attendee than the
invitee, a UID that is not the invitation's meeting or series, a SEQUENCE older than the
current version (an answer to a time that has changed since), a meeting that takes no
answers, malformed or oversized data, a mail without a calendar part. Nothing here raises:
one bad mail never stops the receiver.
"""

from __future__ import annotations

import datetime as dt
import enum
import html
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr
from zoneinfo import ZoneInfo

from flask import current_app
from icalendar import Calendar

from ..db import utcnow
from ..extensions import db
from .addresses import invitation_for_reply_address, is_reply_address
from .enums import Rsvp
from .invitees import InvitationError, invitee_email
from .models import CalendarReply, Invitation
from .services import answers_closed, record_answer, same_person_in_series

log = logging.getLogger(__name__)

#: A calendar reply is a few kilobytes; anything far larger is refused unread.
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
#: PARTSTAT values that are an answer.
ANSWER_OF_PARTSTAT = {
    "ACCEPTED": Rsvp.ACCEPTED,
    "DECLINED": Rsvp.DECLINED,
    "TENTATIVE": Rsvp.TENTATIVE,
}
#: Media types of calendar parts.
CALENDAR_TYPES = {"text/calendar", "application/ics", "text/x-vcalendar"}


class Outcome(enum.StrEnum):
    APPLIED = "applied"
    #: The address is not a reply address of ours, or its check does not match.
    NOT_OURS = "not-ours"
    NO_CALENDAR = "no-calendar"
    MALFORMED = "malformed"
    TOO_LARGE = "too-large"
    #: A calendar, but not METHOD:REPLY (e.g. COUNTER, REQUEST).
    NOT_A_REPLY = "not-a-reply"
    #: The UID is not the invitation's meeting or series (or an occurrence it lacks).
    UNKNOWN_EVENT = "unknown-event"
    #: No ATTENDEE is the invitee.
    WRONG_ATTENDEE = "wrong-attendee"
    #: PARTSTAT is not an answer we take (NEEDS-ACTION, DELEGATED).
    NO_ANSWER = "no-answer"
    #: The reply is to an older version of the meeting (SEQUENCE).
    STALE = "stale"
    #: The meeting is cancelled or over.
    CLOSED = "closed"


@dataclass
class ReplyResult:
    recipient: str
    outcome: Outcome
    detail: str = ""
    invitation: Invitation | None = None


class _Refused(Exception):
    def __init__(self, outcome: Outcome, detail: str = "") -> None:
        super().__init__(detail)
        self.outcome = outcome
        self.detail = detail


def max_bytes() -> int:
    return int(current_app.config.get("REPLY_MAX_BYTES") or DEFAULT_MAX_BYTES)


def wants_recipient(address: str) -> bool:
    """Does the receiver take mail for this address (the form of our reply addresses)?"""
    return is_reply_address(address)


def recipients_in_headers(message: EmailMessage) -> list[str]:
    """Reply addresses a mail names in its headers (for a mailbox, where the envelope is
    gone): Delivered-To, X-Original-To, To, Cc."""
    found = []
    for header in ("Delivered-To", "X-Original-To", "To", "Cc"):
        for value in message.get_all(header) or []:
            for _name, address in getaddresses([str(value)]):
                if address and is_reply_address(address) and address.lower() not in found:
                    found.append(address.lower())
    return found


def handle_reply_mail(
    raw: bytes, recipients: Iterable[str] | None = None, sender: str | None = None
) -> list[ReplyResult]:
    """Apply a received mail to the invitation(s) whose reply address it was sent to
    (``recipients``: the envelope's; None: read from the headers). Records a
    ``CalendarReply`` per address and commits; never raises."""
    results: list[ReplyResult] = []
    message: EmailMessage | None = None
    message_id = None
    try:
        if len(raw) > max_bytes():
            raise _Refused(Outcome.TOO_LARGE, f"{len(raw)} bytes")
        message = message_from_bytes(raw, policy=policy.default)
        message_id = str(message.get("Message-ID", "") or "")[:500] or None
        sender = sender or parseaddr(str(message.get("From", "")))[1] or None
        addresses = list(recipients) if recipients is not None else []
        addresses = [a for a in addresses if is_reply_address(a)]
        if not addresses:
            addresses = recipients_in_headers(message)
        if not addresses:
            addresses = _organizers(message)
        if not addresses:
            raise _Refused(Outcome.NOT_OURS, "no reply address among the recipients")
        calendars = _calendars(message)
        for address in dict.fromkeys(a.lower() for a in addresses):
            results.append(_apply_to_address(address, calendars))
    except _Refused as refused:
        results.append(ReplyResult(", ".join(recipients or []), refused.outcome, refused.detail))
    except Exception as error:  # one bad mail never stops the receiver
        log.exception("calendar reply could not be read")
        results.append(ReplyResult(", ".join(recipients or []), Outcome.MALFORMED, repr(error)))
        db.session.rollback()
    _record(results, sender, message_id)
    return results


def _organizers(message: EmailMessage) -> list[str]:
    """ORGANIZER addresses in the calendar parts (a mailbox that lost the recipient)."""
    found = []
    try:
        for calendar in _calendars(message):
            for event in calendar.walk("VEVENT"):
                organizer = event.get("ORGANIZER")
                if organizer is not None:
                    address = _address_of(organizer)
                    if is_reply_address(address):
                        found.append(address)
    except _Refused:
        return []
    return found


def _calendars(message: EmailMessage) -> list[Calendar]:
    """Every calendar in the mail (inline part or attachment), parsed; the same calendar
    sent twice (inline and attached) counts once."""
    texts = []
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        filename = (part.get_filename() or "").lower()
        if kind not in CALENDAR_TYPES and not filename.endswith((".ics", ".ical", ".ifb")):
            continue
        payload = part.get_payload(decode=True) or b""
        charset = part.get_content_charset() or "utf-8"
        try:
            text = payload.decode(charset, errors="replace")
        except LookupError:
            text = payload.decode("utf-8", errors="replace")
        if text.strip() and text not in texts:
            texts.append(text)
    if not texts:
        raise _Refused(Outcome.NO_CALENDAR, "no calendar part")
    calendars = []
    for text in texts:
        try:
            calendars.append(Calendar.from_ical(text))
        except Exception as error:  # the library raises several kinds on bad input
            log.info("calendar part not readable: %s", error)
    if not calendars:
        raise _Refused(Outcome.MALFORMED, "no readable calendar")
    return calendars


def _address_of(value) -> str:
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.strip().lower()


def _apply_to_address(address: str, calendars: list[Calendar]) -> ReplyResult:
    invitation = invitation_for_reply_address(address)
    if invitation is None:
        return ReplyResult(address, Outcome.NOT_OURS, "unknown or revoked reply address")
    replies = [c for c in calendars if _method(c) == "REPLY"]
    if not replies:
        methods = ", ".join(sorted({_method(c) or "none" for c in calendars}))
        return ReplyResult(address, Outcome.NOT_A_REPLY, f"METHOD {methods}", invitation)
    events = [e for c in replies for e in c.walk("VEVENT")]
    if not events:
        return ReplyResult(address, Outcome.MALFORMED, "no VEVENT", invitation)
    results = []
    for event in events:
        try:
            applied = _apply_event(invitation, event)
        except _Refused as refused:
            results.append(ReplyResult(address, refused.outcome, refused.detail, invitation))
        else:
            results.append(ReplyResult(address, Outcome.APPLIED, applied, invitation))
    # Several components (a series and an occurrence): applied if any was.
    for result in results:
        if result.outcome == Outcome.APPLIED:
            return result
    return results[0]


def _method(calendar: Calendar) -> str:
    method = str(calendar.get("METHOD", "") or "").strip().upper()
    if method:
        return method
    # No METHOD at all: a calendar whose event carries an attendee's answer is a reply.
    for event in calendar.walk("VEVENT"):
        attendee = event.get("ATTENDEE")
        attendees = attendee if isinstance(attendee, list) else [attendee]
        if any(a is not None and "PARTSTAT" in a.params for a in attendees):
            return "REPLY"
    return ""


def _apply_event(invitation: Invitation, event) -> str:
    """Apply one VEVENT of a REPLY to the invitation (or its series); returns what was
    done in words; raises _Refused."""
    meeting = invitation.meeting
    series = meeting.series if meeting.recurrence_at is not None else None
    uid = str(event.get("UID", "")).strip()
    if uid not in {meeting.uid, series.uid if series else None}:
        raise _Refused(Outcome.UNKNOWN_EVENT, f"UID {uid[:100]!r}")
    address = invitee_email(invitation).lower()
    answer, comment = _answer_of(event, address)
    sequence = _integer(event.get("SEQUENCE"))
    recurrence = event.get("RECURRENCE-ID")
    if series is None or (uid == meeting.uid and uid != series.uid):
        if sequence < meeting.sequence:
            raise _Refused(Outcome.STALE, f"SEQUENCE {sequence} < {meeting.sequence}")
        _record_answer(invitation, answer, comment)
        return f"{answer.value} for meeting {meeting.id}"
    mine = same_person_in_series(invitation)
    if recurrence is not None:
        instant = _instant(recurrence, event, series.timezone)
        target = next(
            (
                i
                for i in mine
                if instant in (i.meeting.recurrence_at, i.meeting.starts_at)
                and i.meeting.series_id == series.id
            ),
            None,
        )
        if target is None:
            raise _Refused(Outcome.UNKNOWN_EVENT, f"no occurrence at {instant.isoformat()}")
        current = series.sequence + target.meeting.sequence
        if sequence < current:
            raise _Refused(Outcome.STALE, f"SEQUENCE {sequence} < {current}")
        _record_answer(target, answer, comment)
        return f"{answer.value} for meeting {target.meeting_id}"
    if sequence < series.sequence:
        raise _Refused(Outcome.STALE, f"SEQUENCE {sequence} < {series.sequence}")
    now = utcnow()
    targets = [i for i in mine if answers_closed(i.meeting, now) is None]
    if not targets:
        raise _Refused(Outcome.CLOSED, "no meeting of the series takes answers")
    for target in targets:
        _record_answer(target, answer, comment)
    return f"{answer.value} for {len(targets)} meetings of series {series.id}"


def _record_answer(invitation: Invitation, answer: Rsvp, comment: str | None) -> None:
    try:
        record_answer(invitation, answer, comment, via="calendar")
    except InvitationError as closed:
        raise _Refused(Outcome.CLOSED, str(closed.message)) from None


def _answer_of(event, address: str) -> tuple[Rsvp, str | None]:
    """The invitee's PARTSTAT and comment in the event; _Refused when no ATTENDEE is them."""
    value = event.get("ATTENDEE")
    attendees = value if isinstance(value, list) else [value] if value is not None else []
    mine = [a for a in attendees if _address_of(a) == address]
    if not mine:
        raise _Refused(
            Outcome.WRONG_ATTENDEE,
            "attendees: " + ", ".join(_address_of(a) for a in attendees)[:300],
        )
    attendee = mine[0]
    partstat = str(attendee.params.get("PARTSTAT", "")).upper()
    answer = ANSWER_OF_PARTSTAT.get(partstat)
    if answer is None:
        raise _Refused(Outcome.NO_ANSWER, f"PARTSTAT {partstat or 'missing'}")
    comments = []
    vendor = attendee.params.get("X-RESPONSE-COMMENT")
    if vendor:
        comments.append(html.unescape(str(vendor).replace("&#39", "&#39;")))
    value = event.get("COMMENT")
    for item in value if isinstance(value, list) else [value] if value is not None else []:
        comments.append(str(item))
    comment = "\n".join(c.strip() for c in comments if c and c.strip()) or None
    return answer, comment


def _integer(value) -> int:
    try:
        return int(str(value).strip()) if value is not None else 0
    except ValueError:
        return 0


def _instant(prop, event, default_zone: str) -> dt.datetime:
    """RECURRENCE-ID as a UTC instant: a UTC or IANA-zoned value as it is; a Windows zone
    name or an unknown one through icalendar's Windows table, else the meeting's zone."""
    value = getattr(prop, "dt", prop)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC)
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    zone = _zone_for(str(getattr(prop, "params", {}).get("TZID", "") or "")) or default_zone
    return value.replace(tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)


def _zone_for(tzid: str) -> str | None:
    if not tzid:
        return None
    try:
        ZoneInfo(tzid)
        return tzid
    except (KeyError, ValueError):
        pass
    try:
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
    except ImportError:  # pragma: no cover - older icalendar
        return None
    return WINDOWS_TO_OLSON.get(tzid.strip('"'))


def _record(results: list[ReplyResult], sender: str | None, message_id: str | None) -> None:
    """Keep what became of the mail, and log it."""
    try:
        for result in results:
            db.session.add(
                CalendarReply(
                    recipient=(result.recipient or "")[:320] or "?",
                    sender=(sender or "")[:320] or None,
                    message_id=message_id,
                    outcome=result.outcome.value,
                    detail=(result.detail or "")[:2000] or None,
                    invitation_id=result.invitation.id if result.invitation else None,
                )
            )
            level = logging.INFO if result.outcome == Outcome.APPLIED else logging.WARNING
            log.log(
                level,
                "calendar reply to %s from %s: %s %s",
                result.recipient,
                sender,
                result.outcome.value,
                result.detail,
            )
        db.session.commit()
    except Exception:
        log.exception("calendar reply outcome not recorded")
        db.session.rollback()


__all__ = ["Outcome", "ReplyResult", "handle_reply_mail", "recipients_in_headers"]
