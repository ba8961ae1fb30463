"""Who may see the agenda: published or not, the meeting page's agenda section, and who
may download an attachment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ...auth.permissions import can
from ...db import utcnow
from ...scheduling.models import Meeting
from ..models import Attachment
from .attachments import meeting_attachments
from .timetable import AttachmentInfo, Timetable, build_timetable


def agenda_is_published(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    """Published now, or due by its scheduled publishing time."""
    if meeting.agenda_published_at is not None:
        return True
    return meeting.agenda_publish_at is not None and meeting.agenda_publish_at <= (now or utcnow())


def agenda_is_locked(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    """Published and the meeting has begun: the agenda is the record members received, so
    changing it takes an explicit step (the builder's "edit the published agenda")."""
    now = now or utcnow()
    return meeting.starts_at <= now and agenda_is_published(meeting, now)


def may_see_agenda(user: Any, meeting: Meeting, now: dt.datetime | None = None) -> bool:
    """Managers always see the agenda (as a draft); others once it is published."""
    if can(user, "agenda.edit", meeting):
        return True
    return can(user, "meeting.view", meeting) and agenda_is_published(meeting, now)


def may_download(user: Any, attachment: Attachment, now: dt.datetime | None = None) -> bool:
    """Anyone who may see the meeting; an item's attachment only once the agenda is
    visible to them."""
    meeting = attachment.meeting
    if attachment.agenda_item_id is None:
        return can(user, "meeting.view", meeting)
    return may_see_agenda(user, meeting, now)


@dataclass
class AgendaSection:
    """What the meeting page's agenda section shows to one person."""

    visible: bool
    is_draft: bool
    may_edit: bool
    may_review: bool
    review_pending: bool
    timetable: Timetable | None
    attachments: list[AttachmentInfo]


def agenda_section(user: Any, meeting: Meeting, now: dt.datetime | None = None) -> AgendaSection:
    """The agenda as the meeting page shows it to ``user`` (nothing when not yet published)."""
    visible = may_see_agenda(user, meeting, now)
    may_review = can(user, "agenda.review", meeting)
    published = agenda_is_published(meeting, now)
    timetable = build_timetable(meeting) if visible else None
    return AgendaSection(
        visible=visible,
        is_draft=not published,
        may_edit=can(user, "agenda.edit", meeting),
        may_review=may_review,
        review_pending=review_pending(meeting),
        timetable=timetable,
        attachments=meeting_attachments(meeting) if visible else [],
    )


def review_pending(meeting: Meeting) -> bool:
    requested = meeting.agenda_review_requested_at
    reviewed = meeting.agenda_reviewed_at
    return requested is not None and (reviewed is None or reviewed < requested)
