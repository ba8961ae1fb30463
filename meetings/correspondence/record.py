"""The record of a closed vote as a PDF: the proposal, the deadline, who voted how and when,
the result and the rule applied, rendered in the group's language as PDF/A
(templates/print/correspondence_record.html), signed like published minutes (PAdES, the
site's certificate, the signature field over the box the template leaves for it) and kept
as a stored file.

``write_record`` does the work and flushes; ``jobs.make_record`` runs it in the job queue
after the vote closed and commits, or keeps why it failed (``record_error``, in English,
shown translated by ``record_error_text``). Without a signing key the record is kept
unsigned, as minutes are published unsigned.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import audit
from ..db import utcnow
from ..documents.failures import DocumentFailed
from ..documents.official import CONFIGURED, Signature, load_signer, render_signed
from ..documents.rendered import file_slug
from ..documents.signing import (
    SignatureStamp,
    SigningError,
    SigningKey,
    signer_name,
)
from ..extensions import db
from ..groups.letterhead import letterhead_of
from ..i18n import force_locale, format_local_datetime, zone_city
from ..links import external_url
from ..minutes.publishing import SIGNED_BY
from ..storage import services as storage
from ..storage.models import StoredFile
from .enums import VoteState
from .labels import (
    CHANNEL_LABELS,
    CHOICE_LABELS,
    DID_NOT_VOTE,
    RESULT_LABELS,
    adoption_text,
    closed_text,
    quorum_text,
)
from .models import CorrespondenceVote
from .services import ballots_of

log = logging.getLogger(__name__)

TEMPLATE = "print/correspondence_record.html"
#: The id of the box the signature field covers, and the field's name.
SIGNATURE_ANCHOR = "record-signature"
SIGNATURE_FIELD = "RecordSignature"


#: Why a record could not be made: stored in English, shown in the reader's language.
ERRORS = {
    SigningError.MISSING: _l(
        "The signing certificate named in the configuration was not found. The record of "
        "the vote will be made again later."
    ),
    SigningError.UNREADABLE: _l(
        "The signing certificate could not be opened. The record of the vote will be made "
        "again later."
    ),
    SigningError.EXPIRED: _l(
        "The signing certificate has expired or is not yet valid. The record of the vote "
        "will be made again later."
    ),
    SigningError.FAILED: _l(
        "Signing the record of the vote failed; it will be made again later. The details "
        "are in the server log."
    ),
    "render": _l(
        "The PDF record of the vote could not be generated; it will be made again later. The "
        "details are in the server log."
    ),
    "storage": _l(
        "The PDF record of the vote could not be stored; it will be made again later. The "
        "details are in the server log."
    ),
    "unexpected": _l(
        "Making the record of the vote failed unexpectedly; it will be made again later. The "
        "details are in the server log."
    ),
}


class RecordFailed(DocumentFailed):
    """The record was not made; ``problem`` is a key of ERRORS, ``detail`` goes to the log."""

    messages = ERRORS


def record_error_text(vote: CorrespondenceVote) -> str:
    """Why the record could not be made, in the reader's language ("" when it could)."""
    return _(vote.record_error) if vote.record_error else ""


# --- the document's values --------------------------------------------------------------------


@dataclass
class BallotLine:
    name: str
    organisation: str
    #: "For", "Against", "Abstained" or "Did not vote", in the person's form.
    choice: str
    #: When the (last) ballot was cast, in the vote's zone; "" without one.
    cast_at: str
    #: How it was cast ("by the link in the e-mail", "in the app"); "".
    channel: str


@dataclass
class RecordDocument:
    """Everything the record shows, as plain values in the group's language."""

    lang: str
    document_title: str
    group_name: str
    parent_body: str
    #: The decision's number ("PR/2018/1"), "" when the vote decided nothing.
    label: str
    title: str
    proposal: str
    explanation: str
    started_by: str
    started_at: str
    deadline: str
    zone: str
    closed: str
    voting_members: int
    quorum: str
    adoption: str
    ballots: list[BallotLine]
    votes_for: int
    votes_against: int
    votes_abstaining: int
    not_voted: int
    result: str
    #: "adopted", "rejected" or "not_quorate".
    result_code: str
    made_at: str
    signed_by: str
    vote_url: str


def record_document(
    vote: CorrespondenceVote, *, signed_by: str = "", made_at: dt.datetime | None = None
) -> RecordDocument:
    """The record's values, in the group's language, its times in the vote's zone."""
    lang = str(vote.group.language)
    zone = vote.timezone
    made_at = made_at or utcnow()
    with force_locale(lang):
        lines = []
        for ballot in ballots_of(vote):
            person = ballot.user
            gender = person.grammatical_gender
            lines.append(
                BallotLine(
                    name=person.name,
                    organisation=person.organisation.name if person.organisation else "",
                    choice=CHOICE_LABELS[ballot.choice].of(gender)
                    if ballot.choice
                    else DID_NOT_VOTE.of(gender),
                    cast_at=format_local_datetime(ballot.cast_at, zone, "short")
                    if ballot.cast_at
                    else "",
                    channel=str(CHANNEL_LABELS[ballot.channel.value]) if ballot.channel else "",
                )
            )
        counted = (vote.votes_for or 0) + (vote.votes_against or 0) + (vote.votes_abstaining or 0)
        label = vote.decision_label or ""
        return RecordDocument(
            lang=lang,
            document_title=_("Record of a decision by correspondence")
            + (f" {label}" if label else "")
            + f" – {vote.title}",
            group_name=vote.group.name,
            parent_body=vote.group.parent_body or "",
            label=label,
            title=vote.title,
            proposal=vote.proposal,
            explanation=vote.explanation or "",
            started_by=vote.started_by.name if vote.started_by else "",
            started_at=format_local_datetime(vote.started_at, zone, "long"),
            deadline=format_local_datetime(vote.deadline_at, zone, "long"),
            zone=zone_city(zone),
            closed=closed_text(
                vote.close_reason, format_local_datetime(vote.closed_at, zone, "long")
            ),
            voting_members=vote.voting_members,
            quorum=quorum_text(vote.quorum_basis, vote.quorum_needed, vote.voting_members),
            adoption=adoption_text(),
            ballots=lines,
            votes_for=vote.votes_for or 0,
            votes_against=vote.votes_against or 0,
            votes_abstaining=vote.votes_abstaining or 0,
            not_voted=vote.voting_members - counted,
            result=str(RESULT_LABELS[vote.result]) if vote.result else "",
            result_code=vote.result.value if vote.result else "",
            made_at=format_local_datetime(made_at, zone, "long"),
            signed_by=signed_by,
            vote_url=external_url("correspondence.vote", vote_id=vote.id),
        )


def record_filename(vote: CorrespondenceVote) -> str:
    """The download's name: "per-rollam-pr-2018-1.pdf" (the vote's id without a number)."""
    label = vote.decision_label or f"vote-{vote.id}"
    return f"per-rollam-{file_slug(label)}.pdf"


# --- rendering and signing ----------------------------------------------------------------------


def _signer(key: SigningKey | None) -> Any:
    """The loaded signing key (None: the record stays unsigned); RecordFailed if it fails."""
    return load_signer(key, RecordFailed)


def signature_stamp(vote: CorrespondenceVote, now: dt.datetime, holder: str) -> SignatureStamp:
    """The words of the visible signature in the group's language: the certificate's holder
    (the record is made by the site, not by a person), the group, and when."""
    group = vote.group
    lang = str(group.language)
    with force_locale(lang):
        return SignatureStamp(
            lines=(
                SIGNED_BY.of(None) % {"name": holder},
                group.name,
                _("Date: %(date)s", date=format_local_datetime(now, vote.timezone, "short")),
            ),
            lang=lang,
        )


def render_record(vote: CorrespondenceVote, signer: Any, now: dt.datetime) -> bytes:
    """The record as PDF/A, signed over its signature box when there is a signer.

    Raises RecordFailed when the rendering or the signature fails.
    """
    document = record_document(
        vote, signed_by=signer_name(signer) if signer is not None else "", made_at=now
    )
    with force_locale(document.lang):
        reason = _("Record of a decision by correspondence")
    return render_signed(
        TEMPLATE,
        {"doc": document, "letterhead": letterhead_of(vote.group)},
        document.lang,
        signer=signer,
        signature=Signature(SIGNATURE_ANCHOR, SIGNATURE_FIELD, reason),
        stamp=lambda: signature_stamp(vote, now, signer_name(signer)),
        failure=RecordFailed,
    )


def write_record(
    vote: CorrespondenceVote, *, key: SigningKey | None = CONFIGURED, now: dt.datetime | None = None
) -> StoredFile:
    """Render, sign and keep the record of a closed vote; returns the stored PDF.

    Side effects: the PDF kept as a stored file; the vote's ``record_file``,
    ``record_sha256`` set and ``record_error`` cleared (flushed); an audit entry. Raises
    RecordFailed (having changed nothing) when the certificate, the rendering or the
    storage fails.
    """
    if vote.state != VoteState.CLOSED:
        raise RecordFailed("unexpected", f"vote {vote.id} is {vote.state}")
    now = now or utcnow()
    signer = _signer(key)
    data = render_record(vote, signer, now)
    try:
        stored = storage.store(data, "application/pdf")
    except storage.StorageError as error:
        raise RecordFailed("storage", error.detail) from error
    vote.record_file = stored
    vote.record_sha256 = stored.sha256
    vote.record_error = None
    vote.record_attempted_at = now
    db.session.flush()
    audit.record(
        "correspondence.record_made",
        subject=vote,
        group_id=vote.group_id,
        detail=f"{vote.decision_label or '—'} sha256 {stored.sha256}"
        + ("" if signer is not None else " (unsigned)"),
        actor=None,
    )
    log.info(
        "correspondence vote %s: record stored as file %s (sha256 %s, %s)",
        vote.id,
        stored.id,
        stored.sha256,
        "signed" if signer is not None else "unsigned",
    )
    return stored


__all__ = [
    "CONFIGURED",
    "ERRORS",
    "SIGNATURE_ANCHOR",
    "SIGNATURE_FIELD",
    "TEMPLATE",
    "BallotLine",
    "RecordDocument",
    "RecordFailed",
    "record_document",
    "record_error_text",
    "record_filename",
    "render_record",
    "signature_stamp",
    "write_record",
]
