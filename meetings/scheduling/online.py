"""Who sees a meeting's online link (issue 16): the people invited and the members of the
groups taking part, on its page, in invitations and in their own calendars; never on
public pages, public feeds or documents anyone may fetch, unless the host group shows the
link publicly (``WorkingGroup.shows_online_link_publicly``). The rule itself is the
policy's ``meeting.online_link``; these helpers give the link or None.
"""

from __future__ import annotations

from typing import Any

from ..auth.permissions import can
from .models import Meeting


def online_link_for(user: Any, meeting: Meeting) -> str | None:
    """The meeting's online link if ``user`` (a person, the anonymous user or None) may
    see it, else None."""
    link = meeting.online_link
    if link is None or not can(user, "meeting.online_link", meeting):
        return None
    return link


def public_online_link(meeting: Meeting) -> str | None:
    """The link as anyone may see it: only when the host group shows it publicly."""
    return online_link_for(None, meeting)


def shared_online_link(meeting: Meeting) -> str | None:
    """The link in something made once for everyone who sees the meeting (the agenda and
    minutes PDFs, the invitation letter): a meeting anyone may see carries it only when
    its group shows it publicly; the others are seen only by its groups' members."""
    if meeting.open_to_everyone:
        return public_online_link(meeting)
    return meeting.online_link
