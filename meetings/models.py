"""Every model, imported in one place so that metadata (and Alembic) sees the whole schema."""

from .agenda.models import AgendaItem
from .auth.models import User
from .groups.models import Membership, OfficeHours, Organisation, WorkingGroup
from .invitations.models import Invitation
from .minutes.models import ActionItem, Decision, Minutes, MinutesEntry, MinutesRevision
from .polls.models import Poll, PollAnswer, PollOption
from .scheduling.models import Meeting, meeting_groups
from .venues.models import Venue

__all__ = [
    "ActionItem",
    "AgendaItem",
    "Decision",
    "Invitation",
    "Meeting",
    "Membership",
    "Minutes",
    "MinutesEntry",
    "MinutesRevision",
    "OfficeHours",
    "Organisation",
    "Poll",
    "PollAnswer",
    "PollOption",
    "User",
    "Venue",
    "WorkingGroup",
    "meeting_groups",
]
