"""Feed addresses (secret tokens: made, looked up, regenerated) and the administrators'
view of the mail outbox."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import bindparam, func, select

from ..auth.models import User
from ..auth.permissions import can
from ..db import utcnow
from ..extensions import db
from ..groups.models import WorkingGroup
from ..invitations.following import following_of
from ..invitations.models import GroupFollower
from ..links import external_url
from ..mail.enums import DeliveryStatus
from ..mail.models import OutgoingMessage
from ..mail.services import retry_message
from .feeds import GroupOfFeed
from .models import CalendarFeed, new_feed_token

log = logging.getLogger(__name__)

FeedOwner = User | WorkingGroup


# --- feed addresses ----------------------------------------------------------------------


@dataclass(frozen=True)
class FeedLinks:
    """One feed's address twice: https:// to paste, webcal:// to open a calendar program."""

    https: str
    webcal: str


def links_for(url: str) -> FeedLinks:
    """The https (or http, locally) address and the same path as webcal://."""
    parts = urlsplit(url)
    return FeedLinks(https=url, webcal=urlunsplit(("webcal", *parts[1:])))


def _owner_condition(owner: FeedOwner):
    if isinstance(owner, User):
        return CalendarFeed.user_id == owner.id
    return CalendarFeed.group_id == owner.id


def active_feed(owner: FeedOwner) -> CalendarFeed | None:
    """The person's or group's current (not revoked) feed address, if any."""
    return db.session.scalars(
        select(CalendarFeed)
        .where(_owner_condition(owner), CalendarFeed.revoked_at.is_(None))
        .order_by(CalendarFeed.id.desc())
        .limit(1)
    ).first()


def ensure_feed(owner: FeedOwner) -> CalendarFeed:
    """The current feed address, made when there is none.

    Side effects: may add a ``CalendarFeed`` with a new random token; flushes.
    """
    feed = active_feed(owner)
    if feed is None:
        feed = CalendarFeed(token=new_feed_token())
        if isinstance(owner, User):
            feed.user = owner
        else:
            feed.group = owner
        db.session.add(feed)
        db.session.flush()
        log.info("feed address %s made for %r", feed.id, owner)
    return feed


def revoke_feeds(owner: FeedOwner, now: dt.datetime | None = None) -> int:
    """Withdraw every current address of the owner: they answer 404 from now on.

    Side effects: sets ``revoked_at``; flushes, logs. Returns how many were revoked.
    """
    feeds = db.session.scalars(
        select(CalendarFeed).where(_owner_condition(owner), CalendarFeed.revoked_at.is_(None))
    ).all()
    for feed in feeds:
        feed.revoked_at = now or utcnow()
    db.session.flush()
    if feeds:
        log.info("feed addresses %s of %r revoked", [f.id for f in feeds], owner)
    return len(feeds)


def regenerate_feed(owner: FeedOwner) -> CalendarFeed:
    """A new secret address; the old one is revoked (answers 404).

    Side effects: ``revoked_at`` on the old address, a new ``CalendarFeed``; flushes, logs.
    """
    revoke_feeds(owner)
    return ensure_feed(owner)


@dataclass(frozen=True)
class FeedAddress:
    """What a feed served at a secret address needs of its owner, read without the ORM
    (a poll's only work besides the validators): a person, or a members-only group."""

    created_at: dt.datetime
    user_id: int | None
    user_name: str | None
    user_locale: str | None
    group: GroupOfFeed | None


_FEED_BY_TOKEN = (
    select(
        CalendarFeed.created_at,
        User.id,
        User.name,
        User.locale,
        User.is_enabled,
        WorkingGroup.id,
        WorkingGroup.slug,
        WorkingGroup.name,
        WorkingGroup.language,
        WorkingGroup.is_public,
    )
    .outerjoin(User, User.id == CalendarFeed.user_id)
    .outerjoin(WorkingGroup, WorkingGroup.id == CalendarFeed.group_id)
    .where(CalendarFeed.token == bindparam("token"), CalendarFeed.revoked_at.is_(None))
)


def feed_for_token(token: str) -> FeedAddress | None:
    """The current feed with this token: its person or group; None when unknown, revoked,
    or the person's account is deactivated. One query."""
    if not token or len(token) > 64:
        return None
    row = db.session.connection().execute(_FEED_BY_TOKEN, {"token": token}).first()
    if row is None:
        return None
    created_at, user_id, name, locale, enabled, group_id, *group = row
    if user_id is not None:
        if not enabled:
            return None
        return FeedAddress(created_at, user_id, name, locale, None)
    return FeedAddress(created_at, None, None, None, GroupOfFeed(group_id, *group))


def feed_links(feed: CalendarFeed) -> FeedLinks:
    return links_for(external_url("ical.feed", token=feed.token))


def public_group_links(group: WorkingGroup) -> FeedLinks:
    return links_for(external_url("ical.group_feed", slug=group.slug))


def site_links(lang: str | None = None) -> FeedLinks:
    """The site-wide feed; ``lang`` chooses the language of its labels."""
    return links_for(external_url("ical.public_feed", **({"lang": lang} if lang else {})))


# --- the outbox, for administrators ------------------------------------------------------

#: Messages per page of the outbox.
OUTBOX_PER_PAGE = 50


@dataclass
class OutboxPage:
    messages: list[OutgoingMessage]
    #: Messages per status, and "all".
    counts: dict[str, int]
    #: The status shown, or None for every message.
    status: DeliveryStatus | None
    page: int
    pages: int


def outbox_page(
    status: DeliveryStatus | None = None, *, page: int = 1, per_page: int = OUTBOX_PER_PAGE
) -> OutboxPage:
    """One page of the outbox, newest first, optionally of one status, with the number of
    messages in each status. Two queries however many messages there are."""
    counts = {s.value: 0 for s in DeliveryStatus}
    for row_status, number in db.session.execute(
        select(OutgoingMessage.status, func.count()).group_by(OutgoingMessage.status)
    ).all():
        counts[DeliveryStatus(row_status).value] = number
    counts["all"] = sum(counts.values())
    total = counts["all"] if status is None else counts[status.value]
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    statement = select(OutgoingMessage).order_by(
        OutgoingMessage.created_at.desc(), OutgoingMessage.id.desc()
    )
    if status is not None:
        statement = statement.where(OutgoingMessage.status == status)
    messages = db.session.scalars(statement.limit(per_page).offset((page - 1) * per_page)).all()
    return OutboxPage(list(messages), counts, status, page, pages)


def get_outgoing(message_id: int) -> OutgoingMessage | None:
    return db.session.get(OutgoingMessage, message_id)


class NotRetryable(Exception):
    """Only a failed message can be put back in the queue."""


def retry_failed(outgoing: OutgoingMessage) -> None:
    """Queue a failed message again (the worker tries it at once).

    Side effects: status pending, next attempt now; the worker is woken after the commit;
    flushes, logs. Raises ``NotRetryable`` for a message that has not failed.
    """
    if outgoing.status != DeliveryStatus.FAILED:
        raise NotRetryable(outgoing.status)
    retry_message(outgoing)
    log.info("mail %s to %s queued again by an administrator", outgoing.id, outgoing.recipient)


# --- what the subscription sections show -------------------------------------------------


@dataclass
class PersonSubscription:
    """The account page's section: the person's feed address, if made."""

    links: FeedLinks | None


def person_subscription(user: User) -> PersonSubscription:
    """One query."""
    feed = active_feed(user)
    return PersonSubscription(links=feed_links(feed) if feed else None)


@dataclass
class GroupSubscription:
    """The group page's section, for one person."""

    #: The public address (public groups).
    public_links: FeedLinks | None
    #: The secret address of a members-only group (shown to its members).
    token_links: FeedLinks | None
    #: A member may make the secret address (none yet).
    may_make_address: bool
    #: A manager may replace the secret address.
    may_regenerate: bool
    #: Anyone may follow (public group); a signed-in person with their own address.
    may_follow_by_address: bool
    may_follow_as_user: bool
    #: The signed-in person's following of the group, if any.
    following: GroupFollower | None


def group_subscription(group: WorkingGroup, user: Any) -> GroupSubscription:
    """What the group page offers the person. At most two queries."""
    signed_in = bool(user is not None and getattr(user, "is_authenticated", False))
    member = can(user, "group.view_members", group)
    token_links = None
    may_make = False
    if not group.is_public and member:
        feed = active_feed(group)
        token_links = feed_links(feed) if feed else None
        may_make = feed is None
    return GroupSubscription(
        public_links=public_group_links(group) if group.is_public else None,
        token_links=token_links,
        may_make_address=may_make,
        may_regenerate=token_links is not None and can(user, "group.manage_members", group),
        may_follow_by_address=group.is_public,
        may_follow_as_user=signed_in and can(user, "group.view", group),
        following=following_of(user, group) if signed_in else None,
    )
