"""What the groups domain adds to a person's pages (``auth.signals.person_page``)."""

from __future__ import annotations

from typing import Any

from ..auth.models import User
from ..auth.permissions import can
from ..auth.signals import person_page
from .services import memberships_of


@person_page.connect
def memberships(person: User, *, user: Any, **_: Any) -> dict[str, Any]:
    """The person's memberships: all of them on their own account page; on someone's
    profile only the groups the viewer may see (a members-only group stays private)."""
    shown = memberships_of(person)
    if getattr(user, "id", None) != person.id:
        shown = [m for m in shown if can(user, "group.view", m.group)]
    return {"memberships": shown}
