"""What scheduling adds to the pages of lower domains (``groups.signals``,
``venues.signals``): their meetings."""

from __future__ import annotations

from typing import Any

from ..groups.models import WorkingGroup
from ..groups.signals import group_page, numbers_given
from ..venues.models import Venue
from ..venues.signals import venue_page
from .listings import group_meetings_page, venue_meetings
from .numbering import highest_number
from .proposals import waiting_for


@group_page.connect
def meetings_of_group(group: WorkingGroup, *, user: Any, page: int, **_: Any) -> dict[str, Any]:
    return {
        "meetings": group_meetings_page(user, group, page=page),
        # Joint meetings other groups ask this one to, for those who answer for it.
        "joint_proposals": waiting_for(user, group),
    }


@numbers_given.connect
def numbers_of_group(group: WorkingGroup, **_: Any) -> dict[str, Any]:
    return {"highest_number": highest_number(group)}


@venue_page.connect
def meetings_at_venue(venue: Venue, *, user: Any, **_: Any) -> dict[str, Any]:
    return {"meetings": venue_meetings(user, venue)}
