"""Recording acts in the audit log, and reading it page by page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from ..db import contains_text
from ..extensions import db
from .models import AuditEntry

#: Every act recorded, with its label for the admin page.
ACTIONS: dict[str, Any] = {
    "auth.signed_in": _l("Signed in"),
    "auth.sign_in_failed": _l("Sign-in failed"),
    "auth.sign_in_blocked": _l("Sign-in blocked"),
    "auth.signed_out": _l("Signed out"),
    "auth.signed_out_everywhere": _l("Signed out everywhere"),
    "auth.password_changed": _l("Password changed"),
    "auth.password_reset": _l("Password set with a reset link"),
    "auth.account_activated": _l("Account activated"),
    "auth.user_deactivated": _l("Account deactivated"),
    "auth.user_reactivated": _l("Account reactivated"),
    "auth.api_token_created": _l("API token created"),
    "auth.api_token_revoked": _l("API token revoked"),
    "groups.group_created": _l("Group created"),
    "groups.settings_changed": _l("Group settings changed"),
    "groups.next_meeting_number_set": _l("Number of the next meeting set"),
    "groups.archived": _l("Group archived"),
    "groups.unarchived": _l("Group active again"),
    "groups.member_added": _l("Member added"),
    "groups.member_invited": _l("Member invited"),
    "groups.role_changed": _l("Role changed"),
    "groups.member_removed": _l("Member removed"),
    "invitations.sent": _l("Invitations sent"),
    "scheduling.joint_proposed": _l("Group asked to a joint meeting"),
    "scheduling.joint_accepted": _l("Joint meeting accepted by a group"),
    "scheduling.joint_declined": _l("Joint meeting declined by a group"),
    "agenda.published": _l("Agenda published"),
    "minutes.submitted": _l("Minutes submitted"),
    "minutes.returned": _l("Minutes returned for changes"),
    "minutes.approved": _l("Minutes approved"),
    "minutes.publish_requested": _l("Publication of the minutes asked for"),
    "minutes.published": _l("Minutes published"),
    "minutes.correction_started": _l("Correction of the minutes started"),
    "minutes.signatories": _l("Recorder and verifier of the minutes chosen"),
    "minutes.verified": _l("Minutes verified"),
    "minutes.signed_sheet_kept": _l("Signed attendance sheet uploaded"),
    "minutes.signed_sheet_removed": _l("Signed attendance sheet removed"),
    "correspondence.started": _l("Vote by correspondence started"),
    "correspondence.closed": _l("Vote by correspondence closed"),
    "correspondence.cancelled": _l("Vote by correspondence cancelled"),
    "correspondence.record_made": _l("Record of a vote by correspondence signed"),
    "webhooks.created": _l("Webhook registered"),
    "webhooks.changed": _l("Webhook changed"),
    "webhooks.deleted": _l("Webhook deleted"),
    "transfer.export_requested": _l("Export requested"),
    "transfer.export_downloaded": _l("Export downloaded"),
    "transfer.group_imported": _l("Group imported from an export"),
}

_ANONYMOUS = object()


def action_label(action: str) -> str:
    label = ACTIONS.get(action)
    return str(label) if label is not None else action


def _acting_person() -> Any:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def record(
    action: str,
    *,
    subject: Any = None,
    group_id: int | None = None,
    detail: str | None = None,
    actor: Any = _ANONYMOUS,
) -> AuditEntry:
    """Add an entry to the session: it is written with the act's commit, or not at all.

    ``actor`` defaults to the signed-in person of the request (None in the worker);
    ``subject`` is a model instance (its table and id are kept).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if actor is _ANONYMOUS:
        actor = _acting_person()
    subject_id = None
    if subject is not None:
        subject_id = getattr(subject, "id", None)
        if subject_id is None:
            db.session.flush()
            subject_id = getattr(subject, "id", None)
    entry = AuditEntry(
        action=action,
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "name", None),
        actor_email=getattr(actor, "email", None),
        address=request.remote_addr if has_request_context() else None,
        subject_type=getattr(subject, "__tablename__", None),
        subject_id=subject_id,
        group_id=group_id,
        detail=(detail or None) and detail[:2000],
    )
    db.session.add(entry)
    return entry


@dataclass
class AuditPage:
    entries: list[AuditEntry]
    total: int
    page: int
    pages: int


PAGE_SIZE = 50


def search(
    *,
    action: str | None = None,
    person: str | None = None,
    group_id: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    page: int = 1,
) -> AuditPage:
    """Entries newest first, filtered; two queries whatever the size of the log."""
    query = select(AuditEntry)
    if action:
        query = query.where(AuditEntry.action == action)
    if person:
        query = query.where(
            contains_text(AuditEntry.actor_name, person)
            | contains_text(AuditEntry.actor_email, person)
            | contains_text(AuditEntry.detail, person)
        )
    if group_id is not None:
        query = query.where(AuditEntry.group_id == group_id)
    if since is not None:
        query = query.where(AuditEntry.at >= dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC))
    if until is not None:
        query = query.where(
            AuditEntry.at
            < dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        )
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    entries = list(
        db.session.scalars(
            query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
    )
    return AuditPage(entries=entries, total=total, page=page, pages=pages)


__all__ = ["ACTIONS", "AuditPage", "action_label", "record", "search"]
