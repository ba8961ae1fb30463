"""Publishing approved minutes: the PDF/A, its signature, the stored file and the e-mail.

The cycle. The chair approves the minutes (``workflow.transition``); a manager presses
"Publish", which calls ``request_publication``: it notes the request and, once the request's
transaction has committed, queues ``publish_minutes_task`` in the job queue (huey). The job
(``publish_minutes``) then, in one transaction:

1. builds the document's plain values (``minutes_document``) in the group's language;
2. renders them as PDF/A-3b (templates/print/minutes.html) with title, author and language
   in the metadata and every font embedded;
3. signs it (PAdES B-B, pyHanko) when the organisation has a signing certificate configured
   (``SIGNING_PKCS12_PATH`` / ``SIGNING_PKCS12_PASSPHRASE``), the signature field placed over
   the box the template leaves in the approval block;
4. moves the minutes to "published" with the file's SHA-256 and its path, and queues one
   e-mail per member of the groups taking part and per invitee with an address, in the
   group's language, with the PDF attached;
5. writes the file to ``instance/minutes/<group>/<number>-<edition>-<sha8>.pdf`` (atomically)
   and commits.

When anything fails (the certificate, the rendering, the disk) nothing is published: the
minutes stay approved, ``publish_error`` holds a message for the managers and the admin
(stored in English, shown translated: ``publish_error_text``) and the details go to the log.
Pressing "Publish" again retries. A request whose job was lost (a worker restart) is picked
up again by the minute sweep after ``LOST_AFTER``.

Draft, submitted and approved minutes can be downloaded by managers as a freshly rendered,
unsigned copy watermarked "draft" (``render_draft``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from email.headerregistry import Address
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import event, select
from sqlalchemy.orm import Session, joinedload

from ..agenda.services import build_timetable
from ..auth.models import User
from ..auth.permissions import can
from ..db import utcnow
from ..documents.pdf import render_document
from ..documents.signing import SignatureField, SigningError, SigningKey, sign_pdf, signer_name
from ..extensions import db
from ..groups.models import Membership
from ..i18n import force_locale, format_local_date, format_local_time, zone_label
from ..invitations.enums import Attendance
from ..invitations.models import Invitation
from ..links import external_url
from ..mail.jobs import _in_app_context, huey, run_periodically
from ..mail.services import compose, render_email, send_message
from ..scheduling.models import Meeting
from ..text import render_markdown
from .enums import MinutesState
from .models import ActionItem, Decision, Minutes
from .services import ACTION_STATUS_LABELS, ATTENDANCE_LABELS, STATE_LABELS, owner_label
from .workflow import TransitionError, refusal, transition

log = logging.getLogger(__name__)

TEMPLATE = "print/minutes.html"
#: The id of the box in the approval block that the signature field covers.
SIGNATURE_ANCHOR = "approval-signature"
SIGNATURE_FIELD = "ApprovalSignature"
#: Where the published files live, inside the instance folder.
STORAGE_FOLDER = "minutes"
#: A request still unpublished (and without an error) after this long is queued again.
LOST_AFTER = dt.timedelta(minutes=10)
OUTBOX_KIND = "minutes_published"


# --- what went wrong, for the managers and the admin ---------------------------------------

#: Stored in ``Minutes.publish_error`` in English (the catalogs' source language) and shown
#: in the reader's language by ``publish_error_text``.
ERRORS = {
    SigningError.MISSING: _l(
        "The signing certificate named in the configuration was not found. The minutes stay "
        "approved and unpublished; publish them again once the certificate is in place."
    ),
    SigningError.UNREADABLE: _l(
        "The signing certificate could not be opened: the passphrase is wrong or the file is "
        "damaged. The minutes stay approved and unpublished; publish them again once the "
        "configuration is corrected."
    ),
    SigningError.EXPIRED: _l(
        "The signing certificate has expired or is not yet valid. The minutes stay approved "
        "and unpublished; publish them again once a valid certificate is configured."
    ),
    SigningError.FAILED: _l(
        "Signing the PDF failed. The minutes stay approved and unpublished; the details are "
        "in the server log."
    ),
    "render": _l(
        "The PDF of the minutes could not be generated. The minutes stay approved and "
        "unpublished; the details are in the server log."
    ),
    "storage": _l(
        "The PDF could not be stored in the instance folder. The minutes stay approved and "
        "unpublished; the details are in the server log."
    ),
    "unexpected": _l(
        "Publishing failed unexpectedly. The minutes stay approved and unpublished; the "
        "details are in the server log."
    ),
}


class PublishingFailed(Exception):
    """Publishing stopped; ``problem`` is a key of ERRORS, ``detail`` goes to the log."""

    def __init__(self, problem: str, detail: str) -> None:
        super().__init__(f"{problem}: {detail}")
        self.problem = problem
        self.detail = detail

    @property
    def stored_message(self) -> str:
        with force_locale("en"):
            return str(ERRORS.get(self.problem, ERRORS["unexpected"]))


def publish_error_text(minutes: Minutes) -> str:
    """Why the last publishing attempt failed, in the reader's language ("" when it did not)."""
    if not minutes.publish_error:
        return ""
    return _(minutes.publish_error)


@dataclass
class FailedPublication:
    minutes_id: int
    meeting_id: int
    meeting_title: str
    group_name: str
    message: str
    requested_at: dt.datetime | None


def failed_publications() -> list[FailedPublication]:
    """Approved minutes whose publishing failed, newest request first (the admin's list)."""
    rows = db.session.scalars(
        select(Minutes)
        .options(joinedload(Minutes.meeting).joinedload(Meeting.group))
        .where(Minutes.state == MinutesState.APPROVED, Minutes.publish_error.is_not(None))
        .order_by(Minutes.publish_requested_at.desc(), Minutes.id)
    ).all()
    return [
        FailedPublication(
            m.id,
            m.meeting_id,
            m.meeting.title,
            m.meeting.group.name,
            publish_error_text(m),
            m.publish_requested_at,
        )
        for m in rows
    ]


# --- the document's values -------------------------------------------------------------------


@dataclass
class AttendanceRow:
    name: str
    organisation: str
    attendance: str


@dataclass
class ItemSection:
    number: str
    title: str
    #: The course of the meeting under this item: Markdown rendered and sanitised.
    text: Markup
    children: list[ItemSection] = field(default_factory=list)


@dataclass
class DecisionRow:
    label: str
    item: str
    text: str
    votes: str


@dataclass
class ActionRow:
    text: str
    item: str
    owner: str
    due: str
    status: str


@dataclass
class MinutesDocument:
    """Everything the minutes PDF shows, as plain values in the group's language."""

    lang: str
    #: For the PDF's metadata: "Minutes – 10. setkání …", and the group as its author.
    document_title: str
    author: str
    group_name: str
    parent_body: str
    number: str
    title: str
    date: str
    time: str
    zone: str
    venue_name: str
    venue_address: str
    room: str
    online_url: str
    groups: list[str]
    is_joint: bool
    edition: int
    correction_reason: str
    opening: Markup
    closing: Markup
    next_meeting: Markup
    attendance: list[AttendanceRow]
    items: list[ItemSection]
    decisions: list[DecisionRow]
    decisions_have_votes: bool
    actions: list[ActionRow]
    chair_name: str
    approved_at: str
    published_at: str
    #: The signing certificate's holder when the copy is signed, else "".
    signed_by: str
    is_draft: bool
    #: The watermark of a draft copy, e.g. "KONCEPT".
    watermark: str
    state: str
    link: str


def attendance_label(attendance: Attendance | None, represented_by: str | None = None) -> str:
    if attendance is None:
        return "—"
    label = str(ATTENDANCE_LABELS[attendance])
    if attendance == Attendance.REPRESENTED and represented_by:
        return f"{label} {represented_by}"
    return label


_ATTENDANCE_ORDER = {
    Attendance.PRESENT: 0,
    Attendance.REPRESENTED: 1,
    Attendance.EXCUSED: 2,
    Attendance.ABSENT: 3,
    None: 4,
}


def _attendance(meeting: Meeting) -> list[AttendanceRow]:
    invitations = db.session.scalars(
        select(Invitation)
        .options(
            joinedload(Invitation.user).joinedload(User.organisation),
            joinedload(Invitation.organisation),
        )
        .where(Invitation.meeting_id == meeting.id)
    ).all()

    def name(inv: Invitation) -> str:
        return inv.user.name if inv.user is not None else (inv.name or inv.email or "")

    def organisation(inv: Invitation) -> str:
        body = inv.organisation or (inv.user.organisation if inv.user is not None else None)
        return body.name if body is not None else ""

    ordered = sorted(
        invitations, key=lambda i: (_ATTENDANCE_ORDER[i.attendance], name(i).casefold())
    )
    return [
        AttendanceRow(name(i), organisation(i), attendance_label(i.attendance, i.represented_by))
        for i in ordered
    ]


def _votes(decision: Decision) -> str:
    parts = []
    if decision.votes_for is not None:
        parts.append(_("for: %(num)d", num=decision.votes_for))
    if decision.votes_against is not None:
        parts.append(_("against: %(num)d", num=decision.votes_against))
    if decision.votes_abstaining is not None:
        parts.append(_("abstaining: %(num)d", num=decision.votes_abstaining))
    return ", ".join(parts)


def _when(value: dt.datetime | None, zone: str) -> str:
    if value is None:
        return ""
    return f"{format_local_date(value, zone)} {format_local_time(value, zone)}"


def minutes_pdf_filename(minutes: Minutes) -> str:
    meeting = minutes.meeting
    number = meeting.number or f"m{meeting.id}"
    suffix = f"-{minutes.edition}" if minutes.edition > 1 else ""
    return f"minutes-{_slug(meeting.group.slug)}-{number}{suffix}.pdf"


def minutes_document(
    minutes: Minutes,
    *,
    draft: bool,
    signed_by: str = "",
    published_at: dt.datetime | None = None,
) -> MinutesDocument:
    """Primitives for templates/print/minutes.html, formatted in the group's language.

    A few queries: the agenda, the attendance register, the decisions and the tasks.
    """
    meeting = minutes.meeting
    group = meeting.group
    lang = str(group.language)
    zone = meeting.timezone
    timetable = build_timetable(meeting)
    texts = {e.agenda_item_id: e.text for e in minutes.entries}
    numbers: dict[int, str] = {}
    decisions = db.session.scalars(
        select(Decision).where(Decision.meeting_id == meeting.id).order_by(Decision.sequence)
    ).all()
    actions = db.session.scalars(
        select(ActionItem)
        .options(joinedload(ActionItem.owner), joinedload(ActionItem.owner_organisation))
        .where(ActionItem.meeting_id == meeting.id)
        .order_by(ActionItem.id)
    ).all()

    def section(row: Any) -> ItemSection:
        numbers[row.id] = row.number
        return ItemSection(
            number=row.number,
            title=row.title,
            text=render_markdown(texts.get(row.id)),
            children=[section(c) for c in row.children],
        )

    with force_locale(lang):
        items = [section(r) for r in timetable.rows]
        # Text kept for an agenda item that was removed afterwards is not lost.
        orphans = [
            t for item_id, t in texts.items() if (item_id is None or item_id not in numbers) and t
        ]
        if orphans:
            items.append(ItemSection("", _("Other matters"), render_markdown("\n\n".join(orphans))))
        venue = meeting.venue
        number = f"{meeting.number}." if meeting.number else ""
        decision_rows = [
            DecisionRow(
                label=f"{meeting.number}/{d.sequence}" if meeting.number else str(d.sequence),
                item=numbers.get(d.agenda_item_id or 0, ""),
                text=d.text,
                votes=_votes(d),
            )
            for d in decisions
        ]
        return MinutesDocument(
            lang=lang,
            document_title=_("Minutes: %(title)s", title=meeting.title),
            author=group.name,
            group_name=group.name,
            parent_body=group.parent_body or "",
            number=number,
            title=meeting.title,
            date=format_local_date(meeting.starts_at, zone),
            time=f"{format_local_time(meeting.starts_at, zone)}–"
            f"{format_local_time(meeting.ends_at, zone)}",
            zone=zone_label(meeting.starts_at, zone),
            venue_name=venue.name if venue else "",
            venue_address=venue.address if venue else "",
            room=meeting.room_name or "",
            online_url=meeting.online_url or (venue.online_url if venue else None) or "",
            groups=[g.name for g in meeting.groups],
            is_joint=bool(meeting.extra_groups),
            edition=minutes.edition,
            correction_reason=minutes.correction_reason or "",
            opening=render_markdown(minutes.opening),
            closing=render_markdown(minutes.closing),
            next_meeting=render_markdown(minutes.next_meeting),
            attendance=_attendance(meeting),
            items=items,
            decisions=decision_rows,
            decisions_have_votes=any(r.votes for r in decision_rows),
            actions=[
                ActionRow(
                    text=a.text,
                    item=numbers.get(a.agenda_item_id or 0, ""),
                    owner=owner_label(a),
                    due=format_local_date(a.due_on) if a.due_on else "",
                    status=str(ACTION_STATUS_LABELS[a.status]),
                )
                for a in actions
            ],
            chair_name=minutes.approved_by.name if minutes.approved_by else "",
            approved_at=_when(minutes.approved_at, zone),
            published_at=_when(published_at, zone),
            signed_by=signed_by,
            is_draft=draft,
            watermark=_("draft").upper(),
            state=str(STATE_LABELS[minutes.state]),
            link=external_url("scheduling.meeting", meeting_id=meeting.id),
        )


def render_draft(minutes: Minutes) -> bytes:
    """A fresh, unsigned copy watermarked "draft" (for managers, at any state)."""
    document = minutes_document(minutes, draft=True)
    return render_document(TEMPLATE, {"doc": document}, document.lang).data


# --- reading what is published ---------------------------------------------------------------


def published_edition(meeting: Meeting) -> Minutes | None:
    """The newest published edition of the meeting's minutes."""
    return db.session.scalars(
        select(Minutes)
        .where(Minutes.meeting_id == meeting.id, Minutes.state == MinutesState.PUBLISHED)
        .order_by(Minutes.edition.desc())
        .limit(1)
    ).first()


def stored_file(minutes: Minutes) -> Path | None:
    """The published PDF on disk (None before publishing)."""
    if not minutes.pdf_path:
        return None
    return Path(current_app.instance_path) / minutes.pdf_path


@dataclass
class PublishedPdf:
    """A link to published minutes, for the meeting and event pages."""

    url: str
    published_on: str
    sha256: str
    edition: int


def published_pdf_for(user: Any, meeting: Meeting) -> PublishedPdf | None:
    """The newest published minutes of the meeting, if ``user`` may read them."""
    minutes = published_edition(meeting)
    if minutes is None or not can(user, "minutes.view", minutes):
        return None
    from flask import url_for

    return PublishedPdf(
        url=url_for("documents.minutes_pdf", meeting_id=meeting.id),
        published_on=format_local_date(minutes.published_at, meeting.timezone, "medium"),
        sha256=minutes.pdf_sha256 or "",
        edition=minutes.edition,
    )


# --- asking for publication ------------------------------------------------------------------

#: Session flag: minutes whose publishing job is to be queued once the transaction commits.
PUBLICATIONS_QUEUED = "meetings.minutes.publish"


def request_publication(minutes: Minutes, *, actor: Any, now: dt.datetime | None = None) -> None:
    """Ask for the approved minutes to be published (PDF, signature, e-mail) in the background.

    Side effects: sets ``publish_requested_at``, clears ``publish_error`` (flushed); after the
    transaction commits, queues ``publish_minutes_task``. Raises ``workflow.TransitionError``
    (its message in the user's language) unless ``actor`` may publish these minutes
    (approved, the group's chair or assistant).
    """
    if not can(actor, "minutes.publish", minutes):
        raise TransitionError(refusal("minutes.publish", minutes))
    minutes.publish_requested_at = now or utcnow()
    minutes.publish_error = None
    db.session.flush()
    db.session.info.setdefault(PUBLICATIONS_QUEUED, set()).add(minutes.id)
    log.info("minutes %s: publication requested by user %s", minutes.id, getattr(actor, "id", None))


@event.listens_for(Session, "after_commit")
def _queue_publications(session: Session) -> None:
    for minutes_id in sorted(session.info.pop(PUBLICATIONS_QUEUED, ())):
        try:
            publish_minutes_task(minutes_id)
        except Exception:  # the minute sweep picks the request up after LOST_AFTER
            log.exception("could not queue the publishing of minutes %s", minutes_id)


@event.listens_for(Session, "after_rollback")
def _forget_publications(session: Session) -> None:
    session.info.pop(PUBLICATIONS_QUEUED, None)


# --- publishing ------------------------------------------------------------------------------

#: ``publish(key=CONFIGURED)`` signs with the key named in the configuration, if any.
CONFIGURED: Any = object()


def _slug(value: str) -> str:
    ascii_only = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]+", "-", ascii_only.lower()).strip("-") or "group"


def _relative_path(minutes: Minutes, sha256: str) -> str:
    meeting = minutes.meeting
    number = meeting.number or f"m{meeting.id}"
    name = f"{number}-{minutes.edition}-{sha256[:8]}.pdf"
    return f"{STORAGE_FOLDER}/{_slug(meeting.group.slug)}/{name}"


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def publish(
    minutes: Minutes,
    *,
    key: SigningKey | None = CONFIGURED,
    notify: bool = True,
    now: dt.datetime | None = None,
) -> Path:
    """Render, sign, store and announce approved minutes; returns the stored file.

    Side effects: the minutes become "published" with ``pdf_path``, ``pdf_sha256`` and
    ``published_at`` (flushed); with ``notify``, one e-mail per recipient is queued in the
    outbox; the file is written under the instance folder. Raises PublishingFailed (and
    changes nothing in the database) when the certificate, the rendering or the disk fails;
    the caller rolls back and records the error (``publish_minutes`` does).
    """
    if minutes.state != MinutesState.APPROVED:
        raise PublishingFailed("unexpected", f"minutes {minutes.id} are {minutes.state}")
    now = now or utcnow()
    if key is CONFIGURED:
        key = SigningKey.from_config()
    try:
        signer = key.load() if key is not None else None
    except SigningError as error:
        raise PublishingFailed(error.problem, error.detail) from error

    meeting = minutes.meeting
    document = minutes_document(
        minutes,
        draft=False,
        signed_by=signer_name(signer) if signer is not None else "",
        published_at=now,
    )
    try:
        rendered = render_document(TEMPLATE, {"doc": document}, document.lang, archival=True)
    except Exception as error:
        raise PublishingFailed("render", f"{type(error).__name__}: {error}") from error
    data = rendered.data
    if signer is not None:
        if SIGNATURE_ANCHOR not in rendered.anchors:
            raise PublishingFailed("render", f"{TEMPLATE} has no #{SIGNATURE_ANCHOR} box")
        page, box = rendered.anchors[SIGNATURE_ANCHOR]
        with force_locale(document.lang):
            reason = _("Approval of the minutes")
        try:
            data = sign_pdf(
                data,
                signer,
                SignatureField(SIGNATURE_FIELD, page, box),
                reason=reason,
                location=meeting.venue.city if meeting.venue and meeting.venue.city else None,
            )
        except SigningError as error:
            raise PublishingFailed(error.problem, error.detail) from error

    sha256 = hashlib.sha256(data).hexdigest()
    relative = _relative_path(minutes, sha256)
    minutes.pdf_path = relative
    minutes.pdf_sha256 = sha256
    # approved → published through the one state table (sets published_at, clears the error).
    transition(minutes, MinutesState.PUBLISHED, actor=None, now=now)
    if notify:
        _announce(minutes, data)
    db.session.flush()

    path = Path(current_app.instance_path) / relative
    try:
        _write_atomically(path, data)
    except OSError as error:
        raise PublishingFailed("storage", f"{path}: {error}") from error
    log.info(
        "minutes %s of meeting %s published: %s (sha256 %s, %s)",
        minutes.id,
        meeting.id,
        relative,
        sha256,
        "signed" if signer is not None else "unsigned",
    )
    return path


def publish_minutes(minutes_id: int, *, key: SigningKey | None = CONFIGURED) -> bool:
    """The job: publish the minutes and commit; on failure record why. True when published.

    Minutes that are no longer approved (published meanwhile, or reopened) are left alone.
    """
    minutes = db.session.get(Minutes, minutes_id)
    if minutes is None or minutes.state != MinutesState.APPROVED:
        log.info("minutes %s: nothing to publish", minutes_id)
        return False
    path: Path | None = None
    try:
        path = publish(minutes, key=key)
        db.session.commit()
        return True
    except Exception as error:
        db.session.rollback()
        if path is not None:
            path.unlink(missing_ok=True)
        failure = (
            error
            if isinstance(error, PublishingFailed)
            else PublishingFailed("unexpected", f"{type(error).__name__}: {error}")
        )
        log.error(
            "minutes %s not published (%s): %s",
            minutes_id,
            failure.problem,
            failure.detail,
            exc_info=not isinstance(error, PublishingFailed),
        )
        minutes = db.session.get(Minutes, minutes_id)
        if minutes is not None and minutes.state == MinutesState.APPROVED:
            minutes.publish_error = failure.stored_message
            db.session.commit()
        return False


@huey.task(retries=0)
def publish_minutes_task(minutes_id: int) -> None:
    """Queued by ``request_publication`` once its transaction has committed."""
    _in_app_context(lambda: publish_minutes(minutes_id))


@run_periodically
def republish_lost_requests(now: dt.datetime | None = None) -> int:
    """Publish requests whose job was lost (e.g. the worker restarted); one at a time."""
    cutoff = (now or utcnow()) - LOST_AFTER
    waiting = db.session.scalars(
        select(Minutes.id).where(
            Minutes.state == MinutesState.APPROVED,
            Minutes.publish_requested_at.is_not(None),
            Minutes.publish_requested_at < cutoff,
            Minutes.publish_error.is_(None),
        )
    ).all()
    return sum(publish_minutes(minutes_id) for minutes_id in waiting)


# --- the announcement ------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str


def recipients(meeting: Meeting) -> list[Recipient]:
    """Members of every group taking part (who want minutes by e-mail) and the invitees
    with an address; each address once, by name."""
    found: dict[str, Recipient] = {}
    members = db.session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.group_id.in_([g.id for g in meeting.groups]))
        .distinct()
    ).all()
    for user in members:
        if user.is_enabled and user.notify_minutes:
            found.setdefault(user.email.lower(), Recipient(user.email, user.name))
    invitations = db.session.scalars(
        select(Invitation)
        .options(joinedload(Invitation.user))
        .where(Invitation.meeting_id == meeting.id)
    ).all()
    for inv in invitations:
        if inv.user is not None:
            if inv.user.is_enabled and inv.user.notify_minutes:
                found.setdefault(inv.user.email.lower(), Recipient(inv.user.email, inv.user.name))
        elif inv.email:
            found.setdefault(inv.email.lower(), Recipient(inv.email, inv.name or ""))
    return sorted(found.values(), key=lambda r: (r.name.casefold(), r.email))


def _address(recipient: Recipient) -> Address | str:
    try:
        return Address(display_name=recipient.name, addr_spec=recipient.email)
    except (ValueError, IndexError):
        return recipient.email


def _announce(minutes: Minutes, pdf: bytes) -> int:
    """Queue the publication e-mail, with the PDF, to every recipient in the group's language."""
    meeting = minutes.meeting
    lang = str(meeting.group.language)
    with force_locale(lang):
        context = {
            "title": meeting.title,
            "group_name": meeting.group.name,
            "date": format_local_date(meeting.starts_at, meeting.timezone),
            "edition": minutes.edition,
            "correction_reason": minutes.correction_reason or "",
            "approved_by": minutes.approved_by.name if minutes.approved_by else "",
            "approved_at": _when(minutes.approved_at, meeting.timezone),
            "meeting_link": external_url("scheduling.meeting", meeting_id=meeting.id) + "#minutes",
            "pdf_link": external_url("documents.minutes_pdf", meeting_id=meeting.id),
            "sha256": minutes.pdf_sha256,
            "site_name": current_app.config["SITE_NAME"],
        }
    filename = minutes_pdf_filename(minutes)
    people = recipients(meeting)
    for person in people:
        message = compose(
            _address(person),
            reply_to=meeting.group.contact_email or None,
            **render_email("minutes_published", lang, name=person.name, **context),
        )
        message.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
        send_message(message, kind=OUTBOX_KIND)
    log.info("minutes %s: publication mail queued for %d people", minutes.id, len(people))
    return len(people)
