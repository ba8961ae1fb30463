"""Every model, imported in one place so that metadata (and Alembic) sees the whole schema."""

from .agenda.models import AgendaItem, Attachment
from .audit.models import AuditEntry
from .auth.models import ApiToken, OfficeHours, Organisation, User
from .correspondence.models import CorrespondenceBallot, CorrespondenceVote
from .documents.models import RenderedDocument
from .groups.models import Membership, WorkingGroup
from .ical.models import CalendarClock, CalendarEntry, CalendarFeed, FeedValidator
from .invitations.models import CalendarReply, GroupFollower, Invitation
from .mail.models import OutgoingMessage
from .minutes.models import (
    ActionItem,
    Decision,
    Minutes,
    MinutesComment,
    MinutesEntry,
    MinutesRevision,
)
from .notifications.models import Notification, NotificationPreference
from .page_cache.models import CachedPage, DataClock
from .polls.models import Poll, PollAnswer, PollOption, PollParticipant
from .reminders.models import MailChoice, PlannedMessage, ReminderTimes
from .scheduling.models import (
    EventRegistration,
    JointMeetingProposal,
    Meeting,
    MeetingSeries,
    meeting_groups,
)
from .search.models import SearchDocument
from .storage.models import StoredFile
from .throttle.models import RateCounter
from .transfer.models import ExportJob
from .venues.models import Venue
from .webhooks.models import Webhook, WebhookDelivery

__all__ = [
    "ActionItem",
    "AgendaItem",
    "ApiToken",
    "Attachment",
    "AuditEntry",
    "CachedPage",
    "CalendarClock",
    "CalendarEntry",
    "CalendarFeed",
    "CalendarReply",
    "CorrespondenceBallot",
    "CorrespondenceVote",
    "DataClock",
    "Decision",
    "EventRegistration",
    "ExportJob",
    "FeedValidator",
    "GroupFollower",
    "Invitation",
    "JointMeetingProposal",
    "MailChoice",
    "Meeting",
    "MeetingSeries",
    "Membership",
    "Minutes",
    "MinutesComment",
    "MinutesEntry",
    "MinutesRevision",
    "Notification",
    "NotificationPreference",
    "OfficeHours",
    "Organisation",
    "OutgoingMessage",
    "PlannedMessage",
    "Poll",
    "PollAnswer",
    "PollOption",
    "PollParticipant",
    "RateCounter",
    "ReminderTimes",
    "RenderedDocument",
    "SearchDocument",
    "StoredFile",
    "User",
    "Venue",
    "Webhook",
    "WebhookDelivery",
    "WorkingGroup",
    "meeting_groups",
]
