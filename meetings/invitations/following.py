"""Following a group by e-mail: every new meeting arrives as an invitation.

Some calendar services fetch subscribed feeds only once or twice a day, so a person may
instead (or as well) follow a group: its new meetings then come by e-mail as invitations
their calendar adds at once.

- Anyone may follow a public group: ``follow_group`` stores a pending ``GroupFollower``
  and mails a confirmation link; only ``confirm_following`` (the person opened the link
  and pressed the button) makes the address count.
- A signed-in person follows with their own account address in one click
  (``follow_as_user``): the address is known to be theirs, so no confirmation is asked.
- Every message to a follower carries the unfollow link (``unfollow_url``, endpoint
  ``ical.unfollow``); the link holds the follower's nonce, and ``renew_links`` replaces
  the nonce, which revokes every link sent so far.
- ``followers_to_invite(meeting)``: whom to invite to a new meeting.

The pages are on the ical blueprint (``ical.follow`` …); this module only changes data
and queues mail.
"""

from __future__ import annotations

import hmac
import logging

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import joinedload

from ..auth.models import User
from ..db import utcnow
from ..extensions import db
from ..groups.models import Membership, WorkingGroup
from ..links import external_url
from ..mail.services import compose, mailbox, render_email, send_message
from ..scheduling.enums import MeetingStatus
from ..scheduling.models import Meeting
from .models import GroupFollower, new_answer_nonce

log = logging.getLogger(__name__)


def get_follower(follower_id: int, nonce: str) -> GroupFollower | None:
    """The follower a link is for, if its nonce still fits; else None."""
    follower = db.session.scalars(
        select(GroupFollower)
        .options(joinedload(GroupFollower.group))
        .where(GroupFollower.id == follower_id)
    ).first()
    if follower is None or not hmac.compare_digest(follower.nonce, nonce or ""):
        return None
    return follower


def following_of(user: User, group: WorkingGroup) -> GroupFollower | None:
    """The person's following of the group (by account or by their address), if any."""
    return db.session.scalars(
        select(GroupFollower).where(
            GroupFollower.group_id == group.id,
            or_(GroupFollower.user_id == user.id, GroupFollower.email == user.email),
        )
    ).first()


def _find(group: WorkingGroup, email: str) -> GroupFollower | None:
    return db.session.scalars(
        select(GroupFollower).where(
            GroupFollower.group_id == group.id, GroupFollower.email == email.strip().lower()
        )
    ).first()


def follow_group(
    group: WorkingGroup, email: str, name: str | None = None, locale: str | None = None
) -> GroupFollower:
    """Ask to follow the group with ``email``: a pending follower and a confirmation mail.

    An address that follows already (confirmed) gets nothing new, so that the answer
    tells a stranger nothing; a pending one gets the confirmation link again.
    Side effects: adds or updates a ``GroupFollower`` (pending); queues the confirmation
    mail in ``locale``; flushes, logs.
    """
    follower = _find(group, email)
    if follower is None:
        follower = GroupFollower(group=group, email=email, name=name or None, locale=locale)
        db.session.add(follower)
        db.session.flush()
        log.info("follower %s of group %s asked to follow", follower.id, group.id)
    elif follower.confirmed_at is None:
        follower.name = name or follower.name
        follower.locale = locale or follower.locale
        db.session.flush()
    else:
        return follower
    send_follow_confirmation(follower)
    return follower


def follow_as_user(group: WorkingGroup, user: User) -> GroupFollower:
    """The signed-in person follows the group with their account address, at once.

    Side effects: adds (or confirms) a ``GroupFollower`` linked to the account; flushes.
    """
    follower = following_of(user, group)
    if follower is None:
        follower = GroupFollower(
            group=group, email=user.email, name=user.name, user=user, locale=user.locale
        )
        db.session.add(follower)
    follower.user = user
    if follower.confirmed_at is None:
        follower.confirmed_at = utcnow()
    db.session.flush()
    log.info("user %s follows group %s", user.id, group.id)
    return follower


def confirm_following(follower: GroupFollower) -> bool:
    """The address owner confirmed: the follower now receives new meetings.

    Side effects: sets ``confirmed_at`` (once); flushes. Returns False when it was
    confirmed already.
    """
    if follower.confirmed_at is not None:
        return False
    follower.confirmed_at = utcnow()
    db.session.flush()
    log.info("follower %s of group %s confirmed", follower.id, follower.group_id)
    return True


def unfollow(follower: GroupFollower) -> None:
    """Stop following: the address is forgotten (following again needs a new confirmation).

    Side effects: deletes the ``GroupFollower``; flushes, logs.
    """
    log.info("follower %s of group %s unfollowed", follower.id, follower.group_id)
    db.session.delete(follower)
    db.session.flush()


def unfollow_as_user(group: WorkingGroup, user: User) -> bool:
    """The signed-in person stops following the group. Side effects: deletes; flushes."""
    follower = following_of(user, group)
    if follower is None:
        return False
    unfollow(follower)
    return True


def renew_links(follower: GroupFollower) -> None:
    """Replace the nonce: every confirm and unfollow link sent so far stops working.

    Side effects: new ``nonce``; flushes.
    """
    follower.nonce = new_answer_nonce()
    db.session.flush()


def confirm_url(follower: GroupFollower) -> str:
    return external_url("ical.confirm_follow", follower_id=follower.id, nonce=follower.nonce)


def unfollow_url(follower: GroupFollower) -> str:
    """The link in every message to a follower (endpoint ``ical.unfollow``)."""
    return external_url("ical.unfollow", follower_id=follower.id, nonce=follower.nonce)


def unfollow_headers(follower: GroupFollower) -> dict[str, str]:
    """List-Unsubscribe headers (RFC 2369, one-click per RFC 8058) for a follower's mail:
    mail programs then offer "unsubscribe"; the POST needs no form (the nonce is the key)."""
    return {
        "List-Unsubscribe": f"<{unfollow_url(follower)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def send_follow_confirmation(follower: GroupFollower) -> None:
    """Mail the confirm link (and the unfollow link) to the address. Side effect: mail."""
    group = follower.group
    content = render_email(
        "follow_confirmation",
        follower.locale,
        name=follower.name or "",
        email=follower.email,
        group_name=group.name,
        group_link=external_url("groups.detail", slug=group.slug),
        confirm_link=confirm_url(follower),
        unfollow_link=unfollow_url(follower),
    )
    message = compose(mailbox(follower.email, follower.name), **content)
    for header, value in unfollow_headers(follower).items():
        message[header] = value
    send_message(message, kind="follow_confirmation")


def followers_to_invite(meeting: Meeting) -> list[GroupFollower]:
    """Whom to invite as followers: the confirmed followers of the meeting's public groups
    (host and joint), without anyone who is a member of a group taking part (members are
    invited as members), each address once (the first group's following wins). None for a
    draft. One query.

    Followers of a members-only group are its own members (only they may follow it), so
    they are invited as members; a former member who still follows gets nothing.
    """
    if meeting.status == MeetingStatus.DRAFT:
        return []
    group_ids = [g.id for g in meeting.groups]
    public_ids = [g.id for g in meeting.groups if g.is_public]
    if not public_ids:
        return []
    member = exists(
        select(Membership.id)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.group_id.in_(group_ids),
            or_(
                Membership.user_id == GroupFollower.user_id,
                User.email == GroupFollower.email,
            ),
        )
    )
    rows = db.session.scalars(
        select(GroupFollower)
        .options(joinedload(GroupFollower.group))
        .where(
            and_(
                GroupFollower.group_id.in_(public_ids),
                GroupFollower.confirmed_at.is_not(None),
                ~member,
            )
        )
    ).all()
    order = {group_id: index for index, group_id in enumerate(group_ids)}
    chosen: dict[str, GroupFollower] = {}
    for follower in sorted(rows, key=lambda f: (order[f.group_id], f.id)):
        chosen.setdefault(follower.email, follower)
    return list(chosen.values())
