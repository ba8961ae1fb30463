"""Date polls: creating one (slots, deadline, who is asked), answering it (signed in or by
the signed link in the e-mail) and closing it into a draft meeting. The people asked and
their links are in ``people``, the ranked results in ``results``; the reminder before the
deadline is a planned message of the reminders.

Services flush, never commit; their docstrings list their side effects.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from ..auth.models import User
from ..auth.permissions import PARTICIPANTS
from ..db import utcnow
from ..extensions import db
from ..groups.models import Membership, WorkingGroup
from ..mail.services import send_message
from ..minutes.enums import ActionStatus
from ..minutes.models import ActionItem
from ..minutes.services import set_action_status
from ..scheduling.enums import MeetingKind, MeetingStatus
from ..scheduling.listings import takes_part
from ..scheduling.models import Meeting
from ..scheduling.services import MeetingData, create_meeting
from ..venues.models import Venue
from .enums import PollAnswerValue, PollState
from .errors import PollError
from .models import Poll, PollAnswer, PollOption, PollParticipant
from .people import poll_message, slot_label

log = logging.getLogger(__name__)

#: The reminder goes this long before the deadline to those who have not answered (a
#: planned message of the reminders: ``reminders.poll_kinds``).
REMINDER_BEFORE = dt.timedelta(days=1)
MAX_COMMENT = 2000

#: What a person picks for a slot, in the order offered.
ANSWER_LABELS = {
    PollAnswerValue.YES: _l("Yes"),
    PollAnswerValue.IF_NEED_BE: _l("If need be"),
    PollAnswerValue.NO: _l("No"),
}
STATE_LABELS = {PollState.OPEN: _l("Open"), PollState.CLOSED: _l("Closed")}

# --- creating ----------------------------------------------------------------------------


@dataclass
class SlotData:
    """A candidate slot: aware UTC instants, and optionally a venue or an online link."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: Venue | None = None
    online_url: str | None = None


@dataclass
class PollData:
    group: WorkingGroup
    title: str
    closes_at: dt.datetime
    slots: list[SlotData]
    description: str | None = None
    guest_emails: list[str] = field(default_factory=list)
    action_item: ActionItem | None = None


def check_slots(slots: list[SlotData], now: dt.datetime) -> dict[int, tuple[str, Any]]:
    """Problems with the slots, by the slot's position: (which part, the message) for a
    slot in the past ("start"), an end before its start ("end"), a slot offered twice
    ("start"). The deadline's own problems: ``check_deadline``."""
    problems: dict[int, tuple[str, Any]] = {}
    seen: set[tuple[dt.datetime, dt.datetime]] = set()
    for index, slot in enumerate(slots):
        if slot.starts_at <= now:
            problems[index] = ("start", _l("This slot is in the past."))
        elif slot.ends_at <= slot.starts_at:
            problems[index] = ("end", _l("The slot must end after it starts."))
        elif (slot.starts_at, slot.ends_at) in seen:
            problems[index] = ("start", _l("This slot is offered twice."))
        seen.add((slot.starts_at, slot.ends_at))
    return problems


def check_deadline(slots: list[SlotData], closes_at: dt.datetime, now: dt.datetime) -> Any:
    """The deadline's problem, or None: it must be in the future and before the first slot."""
    if closes_at <= now:
        return _l("The deadline must be in the future.")
    if slots and closes_at > min(s.starts_at for s in slots):
        return _l("The deadline must be before the first slot.")
    return None


def askable_members(group: WorkingGroup) -> list[User]:
    """The group's members who are asked: chair, assistants and members (observers only
    read), enabled accounts, by name. One query."""
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.group_id == group.id,
                Membership.role.in_(list(PARTICIPANTS)),
                User.is_enabled.is_(True),
            )
            .order_by(User.name, User.id)
        )
    )


def create_poll(data: PollData, *, actor: Any, now: dt.datetime | None = None) -> Poll:
    """A new open poll; asks the group's members and the guests, and mails each their link.

    Side effects: adds the poll, its slots and participants; queues one e-mail per person
    asked (``send_message``), in their language; flushes, logs. Raises PollError for bad
    slots or deadline (the form checks them first).
    """
    now = now or utcnow()
    if not data.slots:
        raise PollError(_l("Offer at least one slot."), "slots")
    if problems := check_slots(data.slots, now):
        raise PollError(next(iter(problems.values()))[1], "slots")
    if problem := check_deadline(data.slots, data.closes_at, now):
        raise PollError(problem, "closes_at")
    poll = Poll(
        group=data.group,
        title=data.title.strip(),
        description=(data.description or "").strip() or None,
        closes_at=data.closes_at,
        state=PollState.OPEN,
        action_item=data.action_item,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    for slot in sorted(data.slots, key=lambda s: s.starts_at):
        poll.options.append(
            PollOption(
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                venue=slot.venue,
                online_url=(slot.online_url or "").strip() or None,
            )
        )
    members = askable_members(data.group)
    for person in members:
        poll.participants.append(PollParticipant(user=person))
    known = {p.email.lower() for p in members}
    for email in dict.fromkeys(e.strip().lower() for e in data.guest_emails if e.strip()):
        if email not in known:
            poll.participants.append(PollParticipant(email=email))
    db.session.add(poll)
    db.session.flush()
    for participant in poll.participants:
        send_message(poll_message(poll, participant, "poll_invitation"), kind="poll")
    log.info("poll %s created by %s", poll.id, getattr(actor, "id", None))
    return poll


# --- answering ---------------------------------------------------------------------------


def is_open(poll: Poll, now: dt.datetime | None = None) -> bool:
    return poll.state == PollState.OPEN and (
        poll.closes_at is None or (now or utcnow()) < poll.closes_at
    )


def save_answers(
    participant: PollParticipant,
    values: Mapping[int, PollAnswerValue | str],
    *,
    comment: str | None = None,
    name: str | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Record (or change) a person's answer for every slot of the poll.

    Side effects: sets one PollAnswer per slot, the comment (and a guest's name) and
    answered_at; flushes. Raises PollError after the deadline or once the poll is closed,
    and when a slot is left without an answer.
    """
    now = now or utcnow()
    poll = participant.poll
    if poll.state != PollState.OPEN:
        raise PollError(_l("The poll is closed; answers can no longer be changed."))
    if not is_open(poll, now):
        raise PollError(_l("The deadline of this poll has passed; answers are no longer taken."))
    chosen: dict[int, PollAnswerValue] = {}
    for option in poll.options:
        raw = values.get(option.id)
        try:
            chosen[option.id] = PollAnswerValue(raw)
        except ValueError:
            raise PollError(_l("Answer every slot: yes, if need be, or no."), "answers") from None
    if comment is not None and len(comment) > MAX_COMMENT:
        raise PollError(_l("At most %(num)d characters.", num=MAX_COMMENT), "comment")
    existing = {a.option_id: a for a in participant.answers}
    for option_id, value in chosen.items():
        if option_id in existing:
            existing[option_id].value = value
        else:
            participant.answers.append(PollAnswer(option_id=option_id, value=value))
    participant.comment = (comment or "").strip() or None
    if name is not None and participant.user is None:
        participant.name = name.strip()[:200] or None
    participant.answered_at = now
    db.session.flush()


def clashes(user: Any, poll: Poll) -> dict[int, list[Meeting]]:
    """option id → the person's meetings (of groups they belong to, not cancelled, not
    drafts) that overlap the slot. One query."""
    if not getattr(user, "is_authenticated", False) or not poll.options:
        return {}
    group_ids = db.session.scalars(
        select(Membership.group_id).where(Membership.user_id == user.id)
    ).all()
    if not group_ids:
        return {}
    first = min(o.starts_at for o in poll.options)
    last = max(o.ends_at for o in poll.options)
    meetings = db.session.scalars(
        select(Meeting).where(
            takes_part(group_ids),
            Meeting.status.in_([MeetingStatus.SCHEDULED, MeetingStatus.HELD]),
            Meeting.starts_at < last,
            Meeting.ends_at > first,
        )
    ).all()
    found: dict[int, list[Meeting]] = {}
    for option in poll.options:
        overlapping = [
            m for m in meetings if m.starts_at < option.ends_at and m.ends_at > option.starts_at
        ]
        if overlapping:
            found[option.id] = overlapping
    return found


# --- closing -----------------------------------------------------------------------------


def close_poll(poll: Poll, option: PollOption, *, actor: Any, now: dt.datetime | None = None):
    """Close the poll on the chosen slot: a draft meeting with its date, time and venue.

    Side effects: creates the meeting through ``scheduling.services.create_meeting``;
    marks the slot chosen and the poll closed; marks the task the poll was started from
    done; tells everyone asked the result in their language (one e-mail each); flushes.
    Returns the meeting.
    """
    if poll.state != PollState.OPEN:
        raise PollError(_l("The poll is already closed."))
    if option.poll_id != poll.id:
        raise PollError(_l("Choose one of the poll's slots."), "option_id")
    meeting = create_meeting(
        MeetingData(
            group=poll.group,
            title="",
            kind=MeetingKind.REGULAR,
            starts_at=option.starts_at,
            ends_at=option.ends_at,
            timezone=poll.group.timezone,
            venue=option.venue,
            online_url=option.online_url,
        ),
        actor=actor,
    )
    option.is_chosen = True
    poll.meeting = meeting
    poll.state = PollState.CLOSED
    poll.closed_at = now or utcnow()
    if poll.action_item is not None and poll.action_item.status == ActionStatus.OPEN:
        set_action_status(poll.action_item, ActionStatus.DONE, actor=actor)
    db.session.flush()
    for participant in poll.participants:
        message = poll_message(
            poll,
            participant,
            "poll_closed",
            chosen=lambda zone: slot_label(option, zone),
            venue=option.venue.name if option.venue else "",
            online_url=option.online_url or "",
        )
        send_message(message, kind="poll")
    log.info("poll %s closed on option %s by %s", poll.id, option.id, getattr(actor, "id", None))
    return meeting


# --- lists -------------------------------------------------------------------------------


def polls_of(group: WorkingGroup) -> list[Poll]:
    return list(
        db.session.scalars(
            select(Poll).where(Poll.group_id == group.id).order_by(Poll.created_at.desc())
        )
    )


def polls_waiting_for(
    user: Any, now: dt.datetime | None = None, limit: int | None = None
) -> list[Poll]:
    """Open polls before their deadline that ask the person and they have not answered,
    the nearest deadline first (the first ``limit`` when given). One query, the groups
    with them, however many there are (none too)."""
    if not getattr(user, "is_authenticated", False):
        return []
    now = now or utcnow()
    query = (
        select(Poll)
        .join(PollParticipant, PollParticipant.poll_id == Poll.id)
        .options(joinedload(Poll.group))
        .where(
            PollParticipant.user_id == user.id,
            PollParticipant.answered_at.is_(None),
            Poll.state == PollState.OPEN,
            Poll.closes_at > now,
        )
        .order_by(Poll.closes_at, Poll.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def open_polls_count(group: WorkingGroup, now: dt.datetime | None = None) -> int:
    """How many of the group's polls still take answers. One query."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Poll)
            .where(
                Poll.group_id == group.id,
                Poll.state == PollState.OPEN,
                or_(Poll.closes_at.is_(None), Poll.closes_at > (now or utcnow())),
            )
        )
        or 0
    )


def open_tasks_of(group: WorkingGroup, ids: Iterable[int]) -> dict[int, ActionItem]:
    """The group's open tasks among ``ids``. One query."""
    wanted = [i for i in ids if i]
    if not wanted:
        return {}
    return {
        a.id: a
        for a in db.session.scalars(
            select(ActionItem).where(
                ActionItem.id.in_(wanted),
                ActionItem.group_id == group.id,
                ActionItem.status == ActionStatus.OPEN,
            )
        )
    }
