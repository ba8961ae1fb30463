"""Making, reading and marking notifications; each person's preferences; the mail this
package sends (the chair asked to review an agenda, the members told it is published,
the minutes' steps to those who act next).

Services flush, never commit: the request (or job) whose change caused the notification
commits it, or rolls it back with the change.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import g, has_request_context
from sqlalchemy import func, select, update

from ..agenda.services import build_timetable
from ..auth.models import User
from ..auth.permissions import can
from ..db import utcnow
from ..extensions import db
from ..groups.enums import Role
from ..groups.models import Membership
from ..i18n import force_locale, format_local_date, format_local_time
from ..invitations.models import Invitation
from ..links import external_url
from ..mail.services import compose, mailbox, render_email, send_message
from ..scheduling.enums import MeetingStatus
from ..scheduling.models import Meeting
from .kinds import KINDS, Kind, describe
from .models import Notification, NotificationPreference

log = logging.getLogger(__name__)

#: Notifications on one page of the list.
PAGE_SIZE = 30
#: Longest text kept of a comment or task in a notification's values.
EXCERPT = 200


# --- preferences -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Preference:
    kind: Kind
    label: Any
    in_app: bool
    #: None: the kind is not mailed by this package (no choice offered).
    by_mail: bool | None


def preferences_of(user: User) -> list[Preference]:
    """The person's choice for every kind, in the order of ``KINDS``. One query."""
    stored = {
        p.kind: p
        for p in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    found = []
    for kind, info in KINDS.items():
        row = stored.get(kind.value)
        in_app = row.in_app if row is not None else True
        by_mail = (row.by_mail if row is not None else True) if info.mail else None
        found.append(Preference(kind, info.label, in_app, by_mail))
    return found


def save_preferences(user: User, in_app: Iterable[str], by_mail: Iterable[str]) -> None:
    """Keep the kinds the person wants in the app and by mail (the others are off).

    Side effects: one NotificationPreference per kind (added or changed); flushes.
    Unknown kinds are ignored.
    """
    in_app, by_mail = set(in_app), set(by_mail)
    stored = {
        p.kind: p
        for p in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    for kind, info in KINDS.items():
        row = stored.get(kind.value)
        if row is None:
            row = NotificationPreference(user_id=user.id, kind=kind.value)
            db.session.add(row)
        row.in_app = kind.value in in_app
        row.by_mail = kind.value in by_mail if info.mail else True
    db.session.flush()


def refusals(user_ids: Sequence[int], kind: Kind) -> tuple[set[int], set[int]]:
    """Of ``user_ids``: who turned ``kind`` off in the app, and who by mail. One query."""
    if not user_ids:
        return set(), set()
    rows = db.session.scalars(
        select(NotificationPreference).where(
            NotificationPreference.user_id.in_(user_ids),
            NotificationPreference.kind == kind.value,
        )
    ).all()
    return {r.user_id for r in rows if not r.in_app}, {r.user_id for r in rows if not r.by_mail}


# --- making notifications ----------------------------------------------------------------------


def local_link(endpoint: str, anchor: str | None = None, **values: Any) -> str:
    """The address inside the app (path, query, anchor), built outside a request too."""
    parts = urlsplit(external_url(endpoint, **values))
    link = parts.path + (f"?{parts.query}" if parts.query else "")
    return link + (f"#{anchor}" if anchor else "")


def excerpt(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def notify(
    people: Iterable[User],
    kind: Kind,
    *,
    link: str,
    values: Mapping[str, Any],
    meeting: Meeting | None = None,
    refused: set[int] | None = None,
) -> list[User]:
    """Add a notification of ``kind`` for each person who wants it in the app.

    ``refused``: ids who turned the kind off (from ``refusals``; looked up when None).
    Side effects: Notification rows; flushes. Returns the people notified.
    """
    people = list({p.id: p for p in people}.values())
    if refused is None:
        refused, _ = refusals([p.id for p in people], kind)
    told = [p for p in people if p.id not in refused]
    for person in told:
        db.session.add(
            Notification(
                user_id=person.id,
                kind=kind.value,
                meeting_id=meeting.id if meeting is not None else None,
                link=link,
                params=dict(values),
            )
        )
    if told:
        db.session.flush()
        _forget_count()
    return told


def reachable(people: Iterable[User]) -> list[User]:
    """Those who can read a notification: an active, activated account."""
    return [p for p in people if p.is_enabled and not p.is_pending]


def group_people(group_id: int, roles: Sequence[Role]) -> list[User]:
    """The group's members in ``roles``, by name. One query."""
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.group_id == group_id, Membership.role.in_(roles))
            .order_by(User.name, User.id)
        )
    )


def meeting_audience(meeting: Meeting) -> list[User]:
    """Who is told of a published agenda or minutes: the members of every group taking part, and the
    meeting's invitees with an account where they may see it (a meeting open to everyone:
    an invited guest is no member). Two queries."""
    members = db.session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.group_id.in_([g.id for g in meeting.groups]))
        .distinct()
    ).all()
    found = {u.id: u for u in members}
    if meeting.open_to_everyone:
        invited = db.session.scalars(
            select(User)
            .join(Invitation, Invitation.user_id == User.id)
            .where(Invitation.meeting_id == meeting.id)
        ).all()
        for user in invited:
            found.setdefault(user.id, user)
    return sorted(reachable(found.values()), key=lambda u: (u.name.casefold(), u.id))


# --- the bell and the list ---------------------------------------------------------------------

_COUNT_KEY = "_unread_notifications"


def unread_count(user: Any) -> int:
    """How many notifications the person has not read: one query, once per request."""
    if not getattr(user, "is_authenticated", False):
        return 0
    if has_request_context() and _COUNT_KEY in g:
        return g.get(_COUNT_KEY)
    count = (
        db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )
    if has_request_context():
        setattr(g, _COUNT_KEY, count)
    return count


def _forget_count() -> None:
    if has_request_context():
        g.pop(_COUNT_KEY, None)


@dataclass
class Shown:
    """One notification as the list shows it."""

    id: int
    text: str
    link: str
    created_at: dt.datetime
    unread: bool


@dataclass
class NotificationPage:
    items: list[Shown]
    total: int
    unread: int
    page: int
    pages: int


def page_of(user: User, page: int = 1) -> NotificationPage:
    """The person's notifications, newest first, one page. Three queries however many."""
    total = (
        db.session.scalar(
            select(func.count(Notification.id)).where(Notification.user_id == user.id)
        )
        or 0
    )
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = db.session.scalars(
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    items = [
        Shown(n.id, describe(n.kind, n.params), n.link, n.created_at, n.read_at is None)
        for n in rows
    ]
    return NotificationPage(items, total, unread_count(user), page, pages)


def own_notification(user: User, notification_id: int) -> Notification | None:
    """The notification if it is the person's (someone else's is as good as missing)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        return None
    return notification


def mark_read(notification: Notification, now: dt.datetime | None = None) -> None:
    """Side effects: read_at set (kept when read already); flushes."""
    if notification.read_at is None:
        notification.read_at = now or utcnow()
        db.session.flush()
        _forget_count()


def mark_all_read(user: User, now: dt.datetime | None = None) -> int:
    """Mark every unread notification of the person read. Side effect: one UPDATE.
    Returns how many were marked."""
    marked = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=now or utcnow())
    ).rowcount
    _forget_count()
    return marked or 0


def safe_link(link: str) -> str:
    """A stored link, if it stays inside the app; else the list."""
    if link.startswith("/") and not link.startswith("//") and "\\" not in link:
        return link
    return local_link("notifications.index")


# --- mail ------------------------------------------------------------------------------------


def _locale(person: User, meeting: Meeting) -> str:
    return person.locale or str(meeting.group.language)


def _when(meeting: Meeting) -> str:
    zone = meeting.timezone
    return (
        f"{format_local_date(meeting.starts_at, zone, 'long')}, "
        f"{format_local_time(meeting.starts_at, zone)}–{format_local_time(meeting.ends_at, zone)}"
    )


def _venue(meeting: Meeting) -> str:
    venue = meeting.venue
    if venue is None:
        return meeting.room_name or ""
    parts = [venue.name, meeting.room_name, venue.address]
    return ", ".join(p for p in parts if p)


def _mail_each(
    people: Sequence[User],
    meeting: Meeting,
    template: str,
    context: Callable[[], Mapping[str, Any]],
    *,
    reply_to: str | None = None,
) -> int:
    """Queue ``template`` to each person in their language (else the group's); ``context``
    is called in that language, so its dates and words are the reader's. Returns how many."""
    for person in people:
        locale = _locale(person, meeting)
        with force_locale(locale):
            content = render_email(template, locale, name=person.name, **context())
        send_message(
            compose(mailbox(person.email, person.name), reply_to=reply_to, **content),
            kind=template,
        )
    return len(people)


def mail_minutes_step(minutes: Any, state: Any, people: Sequence[User], actor: Any) -> int:
    """Queue the news of the minutes' step (submitted for approval, returned for changes,
    approved) to each person, in their language, with the link to the minutes.
    Side effects: mail queued; returns how many."""
    meeting = minutes.meeting
    return _mail_each(
        people,
        meeting,
        "minutes_workflow",
        lambda: {
            "step": state.value,
            "actor": getattr(actor, "name", None),
            "title": meeting.title,
            "group": meeting.group.name,
            "comment": minutes.return_comment if state.value == "draft" else None,
            "link": external_url("minutes.view", meeting_id=meeting.id),
        },
    )


def mail_review_request(meeting: Meeting, chairs: Sequence[User], actor: Any) -> int:
    """Queue the request to review the agenda to each chair, in their language, with the
    link to the agenda builder. Side effects: mail queued; returns how many."""
    sent = _mail_each(
        chairs,
        meeting,
        "agenda_review",
        lambda: {
            "actor": getattr(actor, "name", None),
            "title": meeting.title,
            "group": meeting.group.name,
            "when": _when(meeting),
            "link": external_url("agenda.builder", meeting_id=meeting.id),
        },
    )
    if sent:
        log.info("meeting %s: agenda review asked of %d chair(s)", meeting.id, sent)
    return sent


def mail_agenda_published(meeting: Meeting, people: Sequence[User]) -> int:
    """Queue the news of the published agenda to each person, in their language: its items,
    the link to the meeting's agenda and to its PDF. Side effects: mail queued; returns
    how many."""
    if not people:
        return 0
    items = []
    for row in build_timetable(meeting).rows:
        items.append({"number": row.number, "title": row.title, "sub": False})
        items.extend({"number": c.number, "title": c.title, "sub": True} for c in row.children)
    sent = _mail_each(
        people,
        meeting,
        "agenda_published",
        lambda: {
            "title": meeting.title,
            "group": meeting.group.name,
            "when": _when(meeting),
            "venue": _venue(meeting),
            "items": items,
            "meeting_link": external_url("scheduling.meeting", meeting_id=meeting.id) + "#agenda",
            "pdf_link": external_url("agenda.agenda_pdf", meeting_id=meeting.id),
        },
        reply_to=meeting.group.contact_email or None,
    )
    log.info("meeting %s: agenda publication mailed to %d people", meeting.id, sent)
    return sent


def sees_proposed_meeting(person: User, meeting: Meeting) -> bool:
    """May a manager of a group asked to the meeting open its page before answering: it
    is scheduled and the policy lets them see it (``meeting.view``, e.g. a public
    meeting)? A draft is hidden from them: they answer on their group page."""
    return meeting.status == MeetingStatus.SCHEDULED and can(person, "meeting.view", meeting)


def mail_joint_proposal(
    proposal: Any, people: Sequence[User], actor: Any, *, seeing: Iterable[int] = ()
) -> int:
    """Queue the request to take part in a joint meeting to the managers of the group
    asked, each in their language (else that group's), with the link to the meeting's page
    for those in ``seeing`` (ids of who may see it), else to their group page, where they
    accept or decline. Side effects: mail queued; returns how many."""
    meeting = proposal.meeting
    group = proposal.group
    seeing = set(seeing)
    to_meeting = external_url("scheduling.meeting", meeting_id=meeting.id)
    to_group = external_url("groups.detail", slug=group.slug) + "#joint-proposals"
    for person in people:
        locale = person.locale or str(group.language)
        with force_locale(locale):
            content = render_email(
                "joint_proposal",
                locale,
                name=person.name,
                actor=getattr(actor, "name", None),
                title=meeting.title,
                host=meeting.group.name,
                asked=group.name,
                when=_when(meeting),
                venue=_venue(meeting),
                link=to_meeting if person.id in seeing else to_group,
                on_meeting_page=person.id in seeing,
            )
        send_message(
            compose(
                mailbox(person.email, person.name),
                reply_to=meeting.group.contact_email or None,
                **content,
            ),
            kind="joint_proposal",
        )
    if people:
        log.info("meeting %s: group %s asked, %d mailed", meeting.id, group.id, len(people))
    return len(people)


def mail_joint_declined(proposal: Any, people: Sequence[User], actor: Any) -> int:
    """Queue the news that a group declined the joint meeting to the host group's people,
    each in their language. Side effects: mail queued; returns how many."""
    meeting = proposal.meeting
    return _mail_each(
        people,
        meeting,
        "joint_declined",
        lambda: {
            "actor": getattr(actor, "name", None),
            "title": meeting.title,
            "asked": proposal.group.name,
            "link": external_url("scheduling.meeting", meeting_id=meeting.id),
        },
    )
