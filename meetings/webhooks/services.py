"""Webhook subscriptions, and events queued for them.

Services flush, views commit. An event is queued (``queue_event``) in the transaction of
the change that caused it: a row per webhook in ``webhook_deliveries``, which the worker
sends after the commit (``delivery.deliver_due``). If the change rolls back, nothing is
sent.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import uuid
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from .. import audit
from ..auth.permissions import can
from ..db import utcnow
from ..extensions import db
from ..groups.models import WorkingGroup
from .enums import DeliveryState, EventKind
from .models import Webhook, WebhookDelivery
from .payloads import envelope, links_context, ping_data

log = logging.getLogger(__name__)

#: Session flag: deliveries were queued, so the worker should look after the commit.
WOKEN = "meetings.webhooks.queued"
#: Hosts an http:// (unencrypted) address may name without WEBHOOKS_ALLOW_HTTP.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
#: Deliveries a subscription's log shows (newest first).
LOG_LIMIT = 100


def new_secret() -> str:
    """A signing key: 256 random bits, written so that it can be copied in one piece."""
    return "whsec_" + secrets.token_urlsafe(32)


def url_problem(url: str) -> str | None:
    """Why the address cannot take deliveries (a message in the person's language), or
    None when it can: https://, or http:// for this computer (or wherever the
    configuration allows it); a host; no spaces, no user name or password in it."""
    url = url.strip()
    if not url:
        return str(_l("Enter the address that is to receive the events."))
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port that is no number)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or any(ch.isspace() or ord(ch) < 0x20 for ch in url)
    ):
        return str(
            _l(
                "Enter a web address starting with https://, for example "
                "https://intranet.example.org/hooks/meetings."
            )
        )
    if parts.username is not None or parts.password is not None:
        return str(_l("The address must not contain a user name or password."))
    if (
        parts.scheme == "http"
        and parts.hostname not in LOCAL_HOSTS
        and not current_app.config.get("WEBHOOKS_ALLOW_HTTP")
    ):
        return str(
            _l(
                "Use an https:// address: events are sent unencrypted over http:// only "
                "to this computer (localhost)."
            )
        )
    return None


def may_manage(user: Any, group: WorkingGroup | None) -> bool:
    """The group's managers (and site admins) for a group's webhooks; site admins for the
    installation's."""
    if group is None:
        return can(user, "site.webhooks")
    return can(user, "group.manage_webhooks", group)


def webhooks_of(group: WorkingGroup | None) -> list[Webhook]:
    """The group's webhooks (None: the installation-wide ones), oldest first."""
    condition = Webhook.group_id.is_(None) if group is None else Webhook.group_id == group.id
    return list(db.session.scalars(select(Webhook).where(condition).order_by(Webhook.id)).all())


def create_webhook(
    *, group: WorkingGroup | None, url: str, kinds: Iterable[str], actor: Any
) -> Webhook:
    """A new active webhook with a new secret. Side effects: flushed; an audit entry."""
    webhook = Webhook(
        group=group,
        url=url.strip(),
        events=" ".join(sorted(set(kinds))),
        secret=new_secret(),
        active=True,
        created_by=actor,
    )
    db.session.add(webhook)
    db.session.flush()
    audit.record(
        "webhooks.created",
        subject=webhook,
        group_id=webhook.group_id,
        detail=f"{webhook.url} ({webhook.events})",
    )
    return webhook


def update_webhook(webhook: Webhook, *, url: str, kinds: Iterable[str], active: bool) -> None:
    """Change the address, the events or the active flag. Side effects: flushed; an audit
    entry. Deliveries already queued keep their body and go to the new address."""
    webhook.url = url.strip()
    webhook.events = " ".join(sorted(set(kinds)))
    webhook.active = active
    db.session.flush()
    audit.record(
        "webhooks.changed",
        subject=webhook,
        group_id=webhook.group_id,
        detail=f"{webhook.url} ({webhook.events}){'' if active else ' inactive'}",
    )


def regenerate_secret(webhook: Webhook) -> None:
    """A new secret: deliveries from now on (retries too) are signed with it."""
    webhook.secret = new_secret()
    db.session.flush()
    audit.record(
        "webhooks.changed", subject=webhook, group_id=webhook.group_id, detail="new secret"
    )


def delete_webhook(webhook: Webhook) -> None:
    """Remove the webhook and its delivery log. Side effects: an audit entry; flushed."""
    audit.record("webhooks.deleted", subject=webhook, group_id=webhook.group_id, detail=webhook.url)
    db.session.delete(webhook)
    db.session.flush()


def deliveries_of(webhook: Webhook, limit: int = LOG_LIMIT) -> list[WebhookDelivery]:
    return list(
        db.session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.webhook_id == webhook.id)
            .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
            .limit(limit)
        ).all()
    )


def _queue(webhook: Webhook, kind: EventKind, body: str, event_id: str) -> WebhookDelivery:
    delivery = WebhookDelivery(
        webhook=webhook,
        event_id=event_id,
        kind=kind,
        payload=body,
        state=DeliveryState.PENDING,
        attempts=0,
        next_attempt_at=utcnow(),
    )
    db.session.add(delivery)
    db.session.info[WOKEN] = True
    return delivery


def _creator_may_still(webhook: Webhook) -> bool:
    """The person whose view a payload carries still manages the webhook's scope: one who
    left the group (or is no admin any more) sends nothing of it."""
    creator = webhook.created_by
    return creator is not None and creator.is_active and may_manage(creator, webhook.group)


def queue_event(
    kind: EventKind,
    groups: Iterable[WorkingGroup],
    build: Callable[[Any], dict | None],
    *,
    occurred_at: dt.datetime | None = None,
) -> list[WebhookDelivery]:
    """Queue the event for every active webhook that chose ``kind``: those of ``groups``
    (the groups it concerns; the first is the host) and the installation-wide ones.

    ``build(person)`` gives the payload's ``data`` as that person may see it (None: they
    may not, and their webhooks get nothing). Side effects: deliveries added (flushed);
    the worker is woken after the commit.
    """
    groups = list(groups)
    group_ids = [g.id for g in groups]
    webhooks = db.session.scalars(
        select(Webhook)
        .where(
            Webhook.active.is_(True),
            or_(Webhook.group_id.is_(None), Webhook.group_id.in_(group_ids)),
        )
        .order_by(Webhook.id)
    ).all()
    wanted = [w for w in webhooks if w.wants(kind) and _creator_may_still(w)]
    if not wanted:
        return []
    event_id = str(uuid.uuid4())
    occurred_at = occurred_at or utcnow()
    host_slug = groups[0].slug if groups else None
    made: dict[int, dict | None] = {}
    queued = []
    with links_context():
        for webhook in wanted:
            creator = webhook.created_by
            if creator.id not in made:
                made[creator.id] = build(creator)
            data = made[creator.id]
            if data is None:
                continue
            slug = webhook.group.slug if webhook.group is not None else host_slug
            body = envelope(kind, event_id, occurred_at, slug, data)
            queued.append(_queue(webhook, kind, body, event_id))
    db.session.flush()
    log.info("webhook event %s %s queued for %d webhooks", kind.value, event_id, len(queued))
    return queued


def send_test(webhook: Webhook) -> WebhookDelivery:
    """Queue a ``ping`` event for the webhook (active or not). Flushes."""
    slug = webhook.group.slug if webhook.group is not None else None
    event_id = str(uuid.uuid4())
    body = envelope(EventKind.PING, event_id, utcnow(), slug, ping_data(webhook.id))
    delivery = _queue(webhook, EventKind.PING, body, event_id)
    db.session.flush()
    return delivery


def retry_delivery(delivery: WebhookDelivery) -> None:
    """Send the delivery again now (a failed one gets one more attempt). Flushes."""
    delivery.state = DeliveryState.PENDING
    delivery.next_attempt_at = utcnow()
    db.session.flush()
    db.session.info[WOKEN] = True
