"""Working groups: which ones a person sees, a group's page, its members by role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..auth.models import User
from ..auth.permissions import can, roles_by_group
from ..extensions import db
from .enums import Role
from .models import Membership, WorkingGroup


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


def get_group(slug: str) -> WorkingGroup | None:
    return db.session.scalars(
        select(WorkingGroup)
        .options(joinedload(WorkingGroup.lead_organisation))
        .where(WorkingGroup.slug == slug)
    ).first()


def members_by_role(group: WorkingGroup) -> list[tuple[Role, list[Membership]]]:
    """The group's members grouped by role (chair first), each group by name. One query."""
    memberships = db.session.scalars(
        select(Membership)
        .options(
            joinedload(Membership.user).joinedload(User.organisation),
            joinedload(Membership.organisation),
        )
        .where(Membership.group_id == group.id)
    ).all()
    return _by_role(memberships)


def _by_role(memberships: list[Membership]) -> list[tuple[Role, list[Membership]]]:
    result = []
    for role in Role:
        people = sorted(
            (m for m in memberships if m.role == role), key=lambda m: m.user.name.casefold()
        )
        if people:
            result.append((role, people))
    return result


def may_see_members(user: Any, group: WorkingGroup) -> bool:
    return can(user, "group.view_members", group)
