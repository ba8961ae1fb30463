"""Publishing approved minutes: the PDF/A, its signature, the stored file and the e-mail.

The cycle. The chair approves the minutes (``workflow.transition``); a manager presses
"Publish", which calls ``request_publication``: it notes the request and, once the request's
transaction has committed, ``jobs.py`` queues ``publish_minutes_task`` in the job queue
(huey). The job (``jobs.publish_minutes``) then, in one transaction, calls ``publish``:

1. builds the document's plain values (``document.minutes_document``) in the group's
   language;
2. renders them as PDF/A-3b (templates/print/minutes.html) with title, author and language
   in the metadata and every font embedded;
3. signs it (PAdES B-B, pyHanko) when the organisation has a signing certificate (the file
   ``SIGNING_PKCS12_PATH`` names, else the key kept in shared storage; see
   ``documents.signing``), the signature field placed over the box the template leaves in
   the approval block;
4. keeps the PDF as a stored file (``storage``: the database or the object store, where
   every app server reads it), moves the minutes to "published" with the file and its
   SHA-256, and queues one e-mail per member of the groups taking part and per invitee with
   an address, in the group's language, with the PDF attached; the job commits.

When anything fails (the certificate, the rendering, the storage) nothing is published: the
minutes stay approved, ``publish_error`` holds a message for the managers and the admin
(stored in English, shown translated: ``publish_error_text``) and the details go to the log.
Pressing "Publish" again retries. A request whose job was lost (a worker restart) is picked
up again by the minute sweep after ``LOST_AFTER``.

Draft, submitted and approved minutes can be downloaded by managers as a freshly rendered,
unsigned copy watermarked "draft" (``render_draft``, in ``document.py``).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import audit
from ..auth.models import User
from ..auth.permissions import can
from ..db import utcnow
from ..documents.failures import DocumentFailed
from ..documents.official import CONFIGURED, Signature, load_signer, render_signed
from ..documents.signing import (
    SignatureStamp,
    SigningError,
    SigningKey,
    signer_name,
)
from ..extensions import db
from ..groups.enums import Role
from ..groups.labels import role_label
from ..groups.letterhead import letterhead_of
from ..groups.models import Membership
from ..i18n import GenderedLabel, force_locale, format_local_date, format_local_datetime
from ..invitations.models import Invitation
from ..links import external_url
from ..mail.services import compose, mailbox, render_email, send_message
from ..scheduling.models import Meeting
from ..storage import services as storage
from ..storage.models import StoredFile
from .document import (
    TEMPLATE,
    format_when,
    minutes_document,
    minutes_pdf_filename,
    render_draft,
)
from .enums import MinutesState
from .models import Minutes
from .workflow import TransitionError, refusal, transition

log = logging.getLogger(__name__)

__all__ = [
    "CONFIGURED",
    "ERRORS",
    "LOST_AFTER",
    "OUTBOX_KIND",
    "PUBLICATIONS_QUEUED",
    "SIGNATURE_ANCHOR",
    "SIGNATURE_FIELD",
    "TEMPLATE",
    "FailedPublication",
    "PublishedPdf",
    "PublishingFailed",
    "Recipient",
    "failed_publications",
    "minutes_pdf_filename",
    "publish",
    "publish_error_text",
    "published_edition",
    "published_pdf_for",
    "recipients",
    "render_draft",
    "request_publication",
    "signature_stamp",
]

#: The id of the box in the approval block that the signature field covers.
SIGNATURE_ANCHOR = "approval-signature"
SIGNATURE_FIELD = "ApprovalSignature"
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
        "The PDF could not be stored. The minutes stay approved and unpublished; the details "
        "are in the server log."
    ),
    "unexpected": _l(
        "Publishing failed unexpectedly. The minutes stay approved and unpublished; the "
        "details are in the server log."
    ),
}


class PublishingFailed(DocumentFailed):
    """Publishing stopped; ``problem`` is a key of ERRORS, ``detail`` goes to the log."""

    messages = ERRORS


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


# --- reading what is published ---------------------------------------------------------------


def published_edition(meeting: Meeting) -> Minutes | None:
    """The newest published edition of the meeting's minutes."""
    return db.session.scalars(
        select(Minutes)
        .where(Minutes.meeting_id == meeting.id, Minutes.state == MinutesState.PUBLISHED)
        .order_by(Minutes.edition.desc())
        .limit(1)
    ).first()


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
        # The edition's own address: it never changes, so browsers may keep it.
        url=url_for("minutes.minutes_pdf", meeting_id=meeting.id, edition=minutes.edition),
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
    audit.record(
        "minutes.publish_requested",
        subject=minutes,
        group_id=minutes.meeting.group_id,
        detail=f"edition {minutes.edition}",
        actor=actor,
    )
    db.session.info.setdefault(PUBLICATIONS_QUEUED, set()).add(minutes.id)
    log.info("minutes %s: publication requested by user %s", minutes.id, getattr(actor, "id", None))


# --- publishing ------------------------------------------------------------------------------


def _signer(key: SigningKey | None) -> Any:
    """The loaded signing key (None: the PDF stays unsigned); PublishingFailed if it fails."""
    return load_signer(key, PublishingFailed)


#: The first line of the visible signature, in the signer's form: Czech "Elektronicky
#: podepsala: …" of a woman, "podepsal" of a man, "podepsal(a)" where they have not said.
SIGNED_BY = GenderedLabel(
    _l("Electronically signed by: %(name)s"),
    _lp("woman", "Electronically signed by: %(name)s"),
    _lp("man", "Electronically signed by: %(name)s"),
)


def signature_stamp(minutes: Minutes, now: dt.datetime, certificate_holder: str) -> SignatureStamp:
    """The words of the visible signature in the group's language: who signed (the chair
    who approved the minutes; the certificate's holder if no one is recorded), as what, and
    when in the group's time zone, e.g. "Elektronicky podepsala: Jana Nováková",
    "Předsedkyně, Sociální služby", "Datum: 27. 3. 2018 14:00"."""
    group = minutes.meeting.group
    lang = str(group.language)
    chair = minutes.approved_by
    gender = chair.grammatical_gender if chair is not None else None
    with force_locale(lang):
        return SignatureStamp(
            lines=(
                SIGNED_BY.of(gender) % {"name": chair.name if chair else certificate_holder},
                f"{role_label(Role.CHAIR, chair)}, {group.name}",
                _("Date: %(date)s", date=format_local_datetime(now, group.timezone, "short")),
            ),
            lang=lang,
        )


def _archival_pdf(minutes: Minutes, signer: Any, now: dt.datetime) -> bytes:
    """The minutes rendered as PDF/A and, with a signer, signed over the approval box.

    Raises PublishingFailed when the rendering or the signature fails.
    """
    meeting = minutes.meeting
    document = minutes_document(
        minutes,
        draft=False,
        signed_by=signer_name(signer) if signer is not None else "",
        published_at=now,
    )
    with force_locale(document.lang):
        reason = _("Approval of the minutes")
    return render_signed(
        TEMPLATE,
        {"doc": document, "letterhead": letterhead_of(meeting.group)},
        document.lang,
        signer=signer,
        signature=Signature(
            SIGNATURE_ANCHOR,
            SIGNATURE_FIELD,
            reason,
            location=meeting.venue.city if meeting.venue and meeting.venue.city else None,
        ),
        stamp=lambda: signature_stamp(minutes, now, signer_name(signer)),
        failure=PublishingFailed,
    )


def publish(
    minutes: Minutes,
    *,
    key: SigningKey | None = CONFIGURED,
    notify: bool = True,
    now: dt.datetime | None = None,
) -> StoredFile:
    """Render, sign, store and announce approved minutes; returns the stored PDF.

    Side effects: the PDF kept as a stored file (``storage.store``); the minutes become
    "published" with ``pdf_file``, ``pdf_sha256`` and ``published_at`` (flushed); with
    ``notify``, one e-mail per recipient is queued in the outbox. Raises PublishingFailed
    (having flushed nothing else) when the certificate, the rendering or the storage fails;
    the caller rolls back and records the error (``jobs.publish_minutes`` does).
    """
    if minutes.state != MinutesState.APPROVED:
        raise PublishingFailed("unexpected", f"minutes {minutes.id} are {minutes.state}")
    now = now or utcnow()
    signer = _signer(key)
    data = _archival_pdf(minutes, signer, now)

    try:
        stored = storage.store(data, "application/pdf")
    except storage.StorageError as error:
        raise PublishingFailed("storage", error.detail) from error
    minutes.pdf_file = stored
    minutes.pdf_sha256 = stored.sha256
    # approved → published through the one state table (sets published_at, clears the error).
    transition(minutes, MinutesState.PUBLISHED, actor=None, now=now)
    if notify:
        _announce(minutes, data)
    db.session.flush()
    log.info(
        "minutes %s of meeting %s published: stored file %s (sha256 %s, %s)",
        minutes.id,
        minutes.meeting.id,
        stored.id,
        stored.sha256,
        "signed" if signer is not None else "unsigned",
    )
    return stored


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
            "approved_at": format_when(minutes.approved_at, meeting.timezone),
            "meeting_link": external_url("scheduling.meeting", meeting_id=meeting.id) + "#minutes",
            "pdf_link": external_url(
                "minutes.minutes_pdf", meeting_id=meeting.id, edition=minutes.edition
            ),
            "sha256": minutes.pdf_sha256,
        }
    filename = minutes_pdf_filename(minutes)
    people = recipients(meeting)
    for person in people:
        message = compose(
            mailbox(person.email, person.name),
            reply_to=meeting.group.contact_email or None,
            **render_email("minutes_published", lang, name=person.name, **context),
        )
        message.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
        send_message(message, kind=OUTBOX_KIND)
    log.info("minutes %s: publication mail queued for %d people", minutes.id, len(people))
    return len(people)
