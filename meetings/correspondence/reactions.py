"""What votes by correspondence add to the pages of lower domains: a group's page shows its
votes (``groups.signals``), the decisions register its numbered decisions by
correspondence (``minutes.signals``).

``create_app`` imports this module (``meetings.signals.REACTING_DOMAINS``), which connects
the receivers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..auth.permissions import can
from ..groups.models import WorkingGroup
from ..groups.signals import group_page
from ..minutes.signals import register_read
from .lists import register_rows, votes_of_group

#: Votes listed on a group's page (the register lists every numbered one).
VOTES_SHOWN = 10


@group_page.connect
def votes_on_group_page(
    group: WorkingGroup, *, user: Any = None, show_members: bool = False, **_: Any
) -> dict[str, Any]:
    """The group's votes, for its members (those who may see who belongs to it); and
    whether the person may put a proposal to the vote."""
    if not show_members:
        return {}
    return {
        "votes": votes_of_group(group, limit=VOTES_SHOWN),
        "may_start_vote": can(user, "correspondence.start", group),
    }


@register_read.connect
def decisions_by_correspondence(
    _sender: Any,
    *,
    user: Any = None,
    group_ids: Sequence[int] = (),
    query: str | None = None,
    limit: int = 300,
    **_: Any,
) -> dict[str, Any]:
    return {"rows": register_rows(user, group_ids, query, limit)}
