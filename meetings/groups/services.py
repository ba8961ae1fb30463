"""Organisations, working groups and memberships: what people see and what managers change.

Services flush, never commit: the view that calls them commits once. Refusals are raised as
``MembershipError`` (and subclasses) carrying a message in the user's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, inspect, or_, select
from sqlalchemy.orm import joinedload, selectinload

from .. import audit
from ..auth.models import OfficeHours, Organisation, User
from ..auth.permissions import allowed, can, forget_roles, roles_by_group
from ..auth.services import find_user_by_email, send_activation
from ..db import contains_text, utcnow
from ..extensions import db
from ..signals import contributions
from ..storage import services as storage
from .enums import Language, QuorumRule, Role
from .minutes_sections import stored_sections
from .models import Membership, WorkingGroup
from .signals import numbers_given

# --- the groups a person sees ---------------------------------------------------------------


@dataclass
class GroupListing:
    #: Groups the person belongs to, with their role, by name.
    mine: list[tuple[WorkingGroup, Role]]
    #: Other groups the person may see: public ones, or every group for a site admin.
    others: list[WorkingGroup]


def visible_groups(user: Any) -> GroupListing:
    """The groups a person may see, theirs first. One query (plus the cached roles)."""
    roles = roles_by_group(user)
    query = (
        select(WorkingGroup)
        .options(joinedload(WorkingGroup.lead_organisation))
        .where(WorkingGroup.archived_at.is_(None))
        .order_by(WorkingGroup.name)
    )
    if not can(user, "site.admin"):
        visible = WorkingGroup.is_public.is_(True)
        if roles:
            visible = visible | WorkingGroup.id.in_(roles)
        query = query.where(visible)
    groups = db.session.scalars(query).all()
    return GroupListing(
        mine=[(g, roles[g.id]) for g in groups if g.id in roles],
        others=[g for g in groups if g.id not in roles],
    )


def archived_groups() -> list[WorkingGroup]:
    """Archived groups, for the site admin (who may unarchive them). One query."""
    return list(
        db.session.scalars(
            select(WorkingGroup)
            .where(WorkingGroup.archived_at.is_not(None))
            .order_by(WorkingGroup.name)
        )
    )


def get_group(slug: str) -> WorkingGroup | None:
    return db.session.scalars(
        select(WorkingGroup)
        .options(joinedload(WorkingGroup.lead_organisation))
        .where(WorkingGroup.slug == slug)
    ).first()


# --- members ------------------------------------------------------------------------------


def group_memberships(group: WorkingGroup) -> list[Membership]:
    """Every membership of the group with the person and organisations. One query."""
    return list(
        db.session.scalars(
            select(Membership)
            .options(
                joinedload(Membership.user).joinedload(User.organisation),
                joinedload(Membership.organisation),
            )
            .where(Membership.group_id == group.id)
        ).all()
    )


def people_in_role(group_ids: Iterable[int], role: Role) -> dict[int, list[User]]:
    """The people with enabled accounts who hold ``role`` in each of the groups (group id
    → people, in the order they joined). One query, whatever the number of groups."""
    ids = set(group_ids)
    found: dict[int, list[User]] = {}
    if not ids:
        return found
    for membership in db.session.scalars(
        select(Membership)
        .options(joinedload(Membership.user))
        .join(Membership.user)
        .where(Membership.group_id.in_(ids), Membership.role == role, User.is_enabled.is_(True))
        .order_by(Membership.id)
    ):
        found.setdefault(membership.group_id, []).append(membership.user)
    return found


def members_by_role(group: WorkingGroup) -> list[tuple[Role, list[Membership]]]:
    """The group's members grouped by role (chair first), each group by name. One query."""
    return _by_role(group_memberships(group))


def _by_role(memberships: Iterable[Membership]) -> list[tuple[Role, list[Membership]]]:
    memberships = list(memberships)
    result = []
    for role in Role:
        people = sorted(
            (m for m in memberships if m.role == role), key=lambda m: m.user.name.casefold()
        )
        if people:
            result.append((role, people))
    return result


def represented_organisation(membership: Membership) -> Organisation | None:
    """The organisation a member speaks for here: the membership's, else their own."""
    return membership.organisation or membership.user.organisation


@dataclass
class RoleGroup:
    role: Role
    #: (organisation or None for people without one, its members by name), by organisation.
    organisations: list[tuple[Organisation | None, list[Membership]]]


def members_by_role_and_organisation(group: WorkingGroup) -> list[RoleGroup]:
    """Members by role (chair first), then by the organisation they represent. One query."""
    result = []
    for role, memberships in _by_role(group_memberships(group)):
        by_org: dict[int | None, list[Membership]] = {}
        orgs: dict[int | None, Organisation | None] = {}
        for m in memberships:
            org = represented_organisation(m)
            key = org.id if org else None
            by_org.setdefault(key, []).append(m)
            orgs[key] = org
        ordered = sorted(
            by_org, key=lambda k: (k is None, (orgs[k].name.casefold() if orgs[k] else ""))
        )
        result.append(RoleGroup(role, [(orgs[k], by_org[k]) for k in ordered]))
    return result


def memberships_of(user: User) -> list[Membership]:
    """The person's memberships with their groups, by group name. One query."""
    memberships = db.session.scalars(
        select(Membership)
        .options(joinedload(Membership.group), joinedload(Membership.organisation))
        .where(Membership.user_id == user.id)
    ).all()
    return sorted(memberships, key=lambda m: m.group.name.casefold())


# --- creating, editing and archiving groups -------------------------------------------------

#: Slugs that would collide with the pages under /groups/.
RESERVED_SLUGS = frozenset({"new", "archived"})


def slug_taken(slug: str, exclude: WorkingGroup | None = None) -> bool:
    query = select(WorkingGroup.id).where(WorkingGroup.slug == slug)
    if exclude is not None and exclude.id is not None:
        query = query.where(WorkingGroup.id != exclude.id)
    return slug in RESERVED_SLUGS or db.session.scalar(query) is not None


@dataclass
class GroupFields:
    name: str
    slug: str
    description: str | None
    goals: str | None
    parent_body: str | None
    lead_organisation_id: int | None
    language: Language
    timezone: str
    is_public: bool
    contact_email: str | None
    quorum: int | None
    #: Reminder in invitations, minutes before each meeting; 0: none.
    alarm_minutes: int = 1440
    #: How the quorum is reached: a number of members or a share of the voting members.
    quorum_rule: QuorumRule = QuorumRule.COUNT
    #: The number the group's next scheduled meeting gets; None: the counter as it is.
    next_meeting_number: int | None = None
    #: The online link of its meetings is shown on public pages, feeds and documents too.
    shows_online_link_publicly: bool = False


def _apply(group: WorkingGroup, fields: GroupFields) -> None:
    group.name = fields.name
    group.slug = fields.slug
    group.description = fields.description or None
    group.goals = fields.goals or None
    group.parent_body = fields.parent_body or None
    group.lead_organisation_id = fields.lead_organisation_id
    group.language = fields.language
    group.timezone = fields.timezone
    group.is_public = fields.is_public
    group.contact_email = fields.contact_email or None
    group.quorum = fields.quorum
    group.quorum_rule = fields.quorum_rule
    group.alarm_minutes = fields.alarm_minutes
    group.shows_online_link_publicly = fields.shows_online_link_publicly


class SlugTakenError(Exception):
    """Another group already has the slug."""


class NumberTakenError(Exception):
    """The next meeting number asked for is not above every number already given."""

    def __init__(self, highest: int) -> None:
        super().__init__(f"numbers up to {highest} are already given")
        self.highest = highest


def highest_meeting_number(group: WorkingGroup) -> int:
    """The highest number a meeting of the group bears (0: none), as scheduling says."""
    answer = contributions(numbers_given, group)
    return answer.get("highest_number") or 0


def set_next_meeting_number(group: WorkingGroup, number: int) -> None:
    """The group's next scheduled meeting gets ``number`` (the counter becomes number - 1).

    Locks the group's row first (PostgreSQL; on SQLite the request already holds the write
    lock) so that no meeting is numbered between the check and the change. Raises
    ``NumberTakenError`` when ``number`` is not above every number already given.
    Side effects: ``meeting_counter``; flushes. Never commits.
    """
    db.session.flush()
    db.session.execute(select(WorkingGroup.id).where(WorkingGroup.id == group.id).with_for_update())
    highest = highest_meeting_number(group)
    if number <= highest:
        raise NumberTakenError(highest)
    group.meeting_counter = number - 1
    db.session.flush()
    audit.record(
        "groups.next_meeting_number_set", subject=group, group_id=group.id, detail=str(number)
    )


def create_group(fields: GroupFields) -> WorkingGroup:
    """Side effects: a new working group (no members yet); flushes.

    Raises ``SlugTakenError`` when the slug is in use.
    """
    if slug_taken(fields.slug):
        raise SlugTakenError(fields.slug)
    group = WorkingGroup(meeting_counter=max((fields.next_meeting_number or 1) - 1, 0))
    _apply(group, fields)
    db.session.add(group)
    db.session.flush()
    audit.record("groups.group_created", subject=group, group_id=group.id, detail=group.name)
    return group


def update_group(group: WorkingGroup, fields: GroupFields) -> None:
    """Side effects: the group's fields, and its counter when the next meeting number
    changes (``set_next_meeting_number``); flushes. Raises ``SlugTakenError`` and
    ``NumberTakenError`` (nothing changed then)."""
    if fields.slug != group.slug and slug_taken(fields.slug, exclude=group):
        raise SlugTakenError(fields.slug)
    number = fields.next_meeting_number
    if number is not None and number != group.meeting_counter + 1:
        set_next_meeting_number(group, number)
    _apply(group, fields)
    changed = sorted(a.key for a in inspect(group).attrs if a.history.has_changes())
    db.session.flush()
    if changed:
        audit.record(
            "groups.settings_changed", subject=group, group_id=group.id, detail=", ".join(changed)
        )


def archive_group(group: WorkingGroup) -> None:
    """Hide the group from lists; its page, members and meetings stay.

    Side effects: ``archived_at`` set (kept if already archived); flushes.
    """
    if group.archived_at is None:
        group.archived_at = utcnow()
        audit.record("groups.archived", subject=group, group_id=group.id)
    db.session.flush()


def unarchive_group(group: WorkingGroup) -> None:
    """Side effects: ``archived_at`` cleared; flushes."""
    if group.archived_at is not None:
        audit.record("groups.unarchived", subject=group, group_id=group.id)
    group.archived_at = None
    db.session.flush()


# --- memberships ---------------------------------------------------------------------------


class MembershipError(Exception):
    """A membership change that is refused; ``message`` is in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class LastChairError(MembershipError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "A group must keep at least one chair. Make someone else chair first, "
                "then change or remove this person."
            )
        )


class AlreadyMemberError(MembershipError):
    def __init__(self, user: User, group: WorkingGroup) -> None:
        super().__init__(
            _(
                "%(name)s (%(email)s) is already a member of %(group)s.",
                name=user.name,
                email=user.email,
                group=group.name,
            )
        )


class UnknownPersonError(MembershipError):
    def __init__(self, email: str) -> None:
        super().__init__(
            _(
                "There is no account with the e-mail address %(email)s. "
                "Use “Invite a new person” to create one.",
                email=email,
            )
        )


class DisabledPersonError(MembershipError):
    def __init__(self, user: User) -> None:
        super().__init__(
            _(
                "The account of %(email)s is deactivated, so it cannot be added to a group.",
                email=user.email,
            )
        )


def find_membership(group: WorkingGroup, membership_id: int) -> Membership | None:
    membership = db.session.get(Membership, membership_id)
    return membership if membership is not None and membership.group_id == group.id else None


def _lock_group(group: WorkingGroup) -> None:
    """Serialise membership changes of one group (PostgreSQL row lock; no-op on SQLite)."""
    db.session.execute(select(WorkingGroup.id).where(WorkingGroup.id == group.id).with_for_update())


def _chair_count(group: WorkingGroup) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Membership)
            .where(Membership.group_id == group.id, Membership.role == Role.CHAIR)
        )
        or 0
    )


def _existing_membership(group: WorkingGroup, user: User) -> Membership | None:
    return db.session.scalars(
        select(Membership).where(Membership.group_id == group.id, Membership.user_id == user.id)
    ).first()


def add_member(
    group: WorkingGroup,
    user: User,
    role: Role,
    organisation: Organisation | None = None,
) -> Membership:
    """Make an existing, enabled person a member of the group with ``role``.

    ``organisation`` is the one they represent here when it is not their own.
    Side effects: a new membership; the person's cached roles dropped; flushes.
    Raises ``DisabledPersonError`` or ``AlreadyMemberError``.
    """
    if not user.is_enabled:
        raise DisabledPersonError(user)
    if _existing_membership(group, user) is not None:
        raise AlreadyMemberError(user, group)
    if organisation is not None and organisation.id == user.organisation_id:
        organisation = None
    membership = Membership(group=group, user=user, role=role, organisation=organisation)
    db.session.add(membership)
    db.session.flush()
    forget_roles(user)
    audit.record(
        "groups.member_added",
        subject=membership,
        group_id=group.id,
        detail=f"{user.name} <{user.email}>: {role.value}",
    )
    return membership


def add_member_by_email(
    group: WorkingGroup, email: str, role: Role, organisation: Organisation | None = None
) -> Membership:
    """``add_member`` for the person with this e-mail address.

    Side effects: as ``add_member``. Raises ``UnknownPersonError`` when nobody has it.
    """
    user = find_user_by_email(email)
    if user is None:
        raise UnknownPersonError(email.strip().lower())
    return add_member(group, user, role, organisation)


@dataclass
class InviteResult:
    membership: Membership
    #: True when a new (pending) account was created and sent an activation link.
    created: bool


def invite_member(
    group: WorkingGroup,
    *,
    name: str,
    email: str,
    role: Role,
    locale: str,
    organisation: Organisation | None = None,
    next_path: str | None = None,
) -> InviteResult:
    """Invite a person by e-mail to the group.

    Without an account: creates a pending one (no password) in ``locale`` with
    ``organisation``, adds it with ``role`` and e-mails an activation link that ends on
    ``next_path``. With an account: adds that person instead (no new account, no mail;
    a still pending account gets its activation link again).

    Side effects: maybe a new user; a new membership; maybe mail (queued); flushes.
    Raises ``AlreadyMemberError``, ``DisabledPersonError``.
    """
    existing = find_user_by_email(email)
    if existing is not None:
        membership = add_member(group, existing, role, organisation)
        if existing.is_pending:
            send_activation(existing, next_path=next_path)
        return InviteResult(membership, created=False)
    user = User(
        email=email,
        name=name.strip(),
        password_hash=None,
        locale=locale,
        organisation=organisation,
    )
    db.session.add(user)
    db.session.flush()
    membership = add_member(group, user, role)
    send_activation(user, next_path=next_path)
    audit.record("groups.member_invited", subject=membership, group_id=group.id, detail=email)
    return InviteResult(membership, created=True)


def change_role(membership: Membership, role: Role) -> None:
    """Give a member another role.

    Side effects: the membership's role; the person's cached roles dropped; flushes.
    Raises ``LastChairError`` when this would leave the group without a chair (nothing
    changes then).
    """
    if membership.role == role:
        return
    _lock_group(membership.group)
    if membership.role == Role.CHAIR and _chair_count(membership.group) <= 1:
        raise LastChairError()
    audit.record(
        "groups.role_changed",
        subject=membership,
        group_id=membership.group_id,
        detail=f"{membership.user.name}: {membership.role.value} → {role.value}",
    )
    membership.role = role
    db.session.flush()
    forget_roles(membership.user)


def remove_member(membership: Membership) -> None:
    """Take a person out of the group; their past records (minutes, tasks) stay.

    Side effects: the membership deleted; the person's cached roles dropped; flushes.
    Raises ``LastChairError`` for the group's only chair (nothing changes then).
    """
    _lock_group(membership.group)
    if membership.role == Role.CHAIR and _chair_count(membership.group) <= 1:
        raise LastChairError()
    user = membership.user
    audit.record(
        "groups.member_removed",
        subject=membership,
        group_id=membership.group_id,
        detail=f"{user.name} <{user.email}>: {membership.role.value}",
    )
    db.session.delete(membership)
    db.session.flush()
    forget_roles(user)


# --- organisations --------------------------------------------------------------------------


def search_organisations(query: str | None = None) -> list[Organisation]:
    """Organisations not archived whose name, short name or city contains ``query``.

    Case-insensitive, also for non-ASCII letters (``db.contains_text``). One query.
    """
    statement = (
        select(Organisation).where(Organisation.archived_at.is_(None)).order_by(Organisation.name)
    )
    needle = (query or "").strip()
    if needle:
        statement = statement.where(
            or_(
                *(
                    contains_text(column, needle)
                    for column in (Organisation.name, Organisation.short_name, Organisation.city)
                )
            )
        )
    return list(db.session.scalars(statement).all())


def archived_organisations() -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.archived_at.is_not(None))
            .order_by(Organisation.name)
        )
    )


def get_organisation(organisation_id: int) -> Organisation | None:
    return db.session.scalars(
        select(Organisation)
        .options(selectinload(Organisation.office_hours))
        .where(Organisation.id == organisation_id)
    ).first()


@dataclass
class WeekdayHours:
    weekday: int
    #: (opens, closes) intervals, empty when closed.
    intervals: list[tuple[dt.time, dt.time]]


def office_hours_week(organisation: Organisation) -> list[WeekdayHours]:
    """Monday to Sunday with the opening intervals of each day (Saturday and Sunday only
    when the organisation is open on them)."""
    days = [WeekdayHours(d, []) for d in range(7)]
    for hours in organisation.office_hours:
        days[hours.weekday].intervals.append((hours.opens, hours.closes))
    return [d for d in days if d.weekday < 5 or d.intervals]


@dataclass
class OrganisationLinks:
    #: The people the viewer may see named (``user.view``: sharing a group, or an admin).
    people: list[User]
    groups: list[WorkingGroup]
    #: How many more people of the organisation have an account, not named to the viewer.
    others: int = 0


def organisation_links(user: Any, organisation: Organisation) -> OrganisationLinks:
    """The people of the organisation (for signed-in viewers: named only those the viewer
    may see, the others counted) and the groups it leads or takes part in that the viewer
    may see. Four queries at most, however many people."""
    people: list[User] = []
    if can(user, "account.use"):
        people = list(
            db.session.scalars(
                select(User)
                .options(selectinload(User.memberships))
                .where(User.organisation_id == organisation.id, User.is_enabled.is_(True))
                .order_by(User.name)
            )
        )
    named = allowed(user, "user.view", people)
    member_group_ids = (
        select(Membership.group_id)
        .join(User, User.id == Membership.user_id)
        .where(
            or_(
                Membership.organisation_id == organisation.id,
                (Membership.organisation_id.is_(None)) & (User.organisation_id == organisation.id),
            )
        )
    )
    groups = db.session.scalars(
        select(WorkingGroup)
        .where(
            WorkingGroup.archived_at.is_(None),
            or_(
                WorkingGroup.lead_organisation_id == organisation.id,
                WorkingGroup.id.in_(member_group_ids),
            ),
        )
        .order_by(WorkingGroup.name)
    ).all()
    return OrganisationLinks(
        named, allowed(user, "group.view", groups), others=len(people) - len(named)
    )


@dataclass
class Logo:
    """An uploaded image, read and checked (``documents.letterhead.logo_type``)."""

    data: bytes
    content_type: str


@dataclass
class OrganisationFields:
    name: str
    short_name: str | None = None
    department: str | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    country: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    registration_number: str | None = None
    #: A new logo; None keeps the one there is (unless ``remove_logo``).
    logo: Logo | None = None
    remove_logo: bool = False
    description: str | None = None
    #: weekday → (opens, closes); a missing weekday is closed.
    office_hours: dict[int, tuple[dt.time, dt.time]] = field(default_factory=dict)


def _apply_organisation(organisation: Organisation, fields: OrganisationFields) -> None:
    for name in (
        "name",
        "short_name",
        "department",
        "street",
        "postcode",
        "city",
        "country",
        "phone",
        "email",
        "website",
        "registration_number",
        "description",
    ):
        value = getattr(fields, name)
        setattr(organisation, name, value if value else None)
    _replace_image(organisation, "logo", fields.logo, fields.remove_logo)
    organisation.name = fields.name
    organisation.office_hours = [
        OfficeHours(weekday=weekday, opens=opens, closes=closes)
        for weekday, (opens, closes) in sorted(fields.office_hours.items())
    ]


def _replace_image(owner: Any, attribute: str, new: Logo | None, remove: bool) -> None:
    """Keep a new image on ``owner`` (or none when removed) and discard the one it replaces
    (its bytes go once the transaction commits); without either, nothing changes."""
    if new is None and not remove:
        return
    replaced = getattr(owner, attribute)
    setattr(owner, attribute, storage.store(new.data, new.content_type) if new else None)
    db.session.flush()
    if replaced is not None:
        storage.discard(replaced)


def update_documents(
    group: WorkingGroup,
    *,
    reference_pattern: str | None,
    funding_line: str | None,
    funding_logo: Logo | None,
    remove_funding_logo: bool,
    requires_minutes_verification: bool = False,
    attaches_invitation_letter: bool = False,
    minutes_sections: Mapping[str, tuple[bool, str]] | None = None,
) -> None:
    """How the group's documents are filed and what stands at their foot.

    Side effects: ``minutes_reference_pattern``, ``funding_line`` and ``funding_logo`` (a
    replaced image discarded), the verification and invitation-letter choices, the sections
    of the minutes and their headings; flushes."""
    group.minutes_reference_pattern = (reference_pattern or "").strip() or None
    group.funding_line = (funding_line or "").strip() or None
    group.requires_minutes_verification = requires_minutes_verification
    group.attaches_invitation_letter = attaches_invitation_letter
    if minutes_sections is not None:
        group.minutes_sections = stored_sections(minutes_sections)
    _replace_image(group, "funding_logo", funding_logo, remove_funding_logo)
    db.session.flush()


def minutes_reference(meeting: Any) -> str:
    """The meeting's minutes' reference number by the group's pattern ("PS-SOC/2018/10");
    "" when the group numbers none. The year is the meeting's, in its own time zone."""
    pattern = meeting.group.minutes_reference_pattern
    if not pattern:
        return ""
    year = meeting.starts_at.astimezone(ZoneInfo(meeting.timezone)).year
    return pattern.replace("{year}", str(year)).replace("{number}", str(meeting.number or ""))


def create_organisation(fields: OrganisationFields) -> Organisation:
    """Side effects: a new organisation with its office hours; flushes."""
    organisation = Organisation()
    _apply_organisation(organisation, fields)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def update_organisation(organisation: Organisation, fields: OrganisationFields) -> None:
    """Side effects: the organisation's fields; its office hours replaced; flushes."""
    _apply_organisation(organisation, fields)
    db.session.flush()


def archive_organisation(organisation: Organisation) -> None:
    """Hide the organisation from lists; its page and history stay.

    Side effects: ``archived_at`` set (kept if already archived); flushes.
    """
    if organisation.archived_at is None:
        organisation.archived_at = utcnow()
    db.session.flush()


def unarchive_organisation(organisation: Organisation) -> None:
    """Side effects: ``archived_at`` cleared; flushes."""
    organisation.archived_at = None
    db.session.flush()


def office_hours_by_weekday(organisation: Organisation) -> dict[int, tuple[dt.time, dt.time]]:
    """The first interval of each weekday, to fill the form."""
    result: dict[int, tuple[dt.time, dt.time]] = {}
    for hours in organisation.office_hours:
        result.setdefault(hours.weekday, (hours.opens, hours.closes))
    return result


def has_split_days(organisation: Organisation) -> bool:
    weekdays = [h.weekday for h in organisation.office_hours]
    return len(weekdays) != len(set(weekdays))
