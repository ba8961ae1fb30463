"""Date polls: creating one (slots, deadline, who is asked), answering it (signed in or by
the signed link in the e-mail), the ranked results, the reminder before the deadline and
closing it into a draft meeting.

Services flush, never commit; their docstrings list their side effects.
"""

from __future__ import annotations

import csv
import datetime as dt
import hmac
import io
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..auth.models import User
from ..auth.permissions import PARTICIPANTS
from ..db import utcnow
from ..extensions import db
from ..groups.models import Membership, WorkingGroup
from ..i18n import force_locale, format_local_datetime, format_local_time
from ..links import external_url
from ..mail.services import compose, mailbox, render_email, send_message
from ..minutes.enums import ActionStatus
from ..minutes.models import ActionItem
from ..minutes.services import set_action_status
from ..scheduling.enums import MeetingKind, MeetingStatus
from ..scheduling.listings import takes_part
from ..scheduling.models import Meeting
from ..scheduling.services import MeetingData, create_meeting
from ..venues.models import Venue
from .enums import PollAnswerValue, PollState
from .models import Poll, PollAnswer, PollOption, PollParticipant

log = logging.getLogger(__name__)

#: Salt of the signed answer links (a token for one purpose is useless for another).
ANSWER_SALT = "polls.answer"
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


class PollError(ValueError):
    """A request the poll cannot take, with the message for the person."""

    def __init__(self, message: Any, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


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


# --- who is asked, and their links --------------------------------------------------------


def participant_email(participant: PollParticipant) -> str:
    return participant.user.email if participant.user else (participant.email or "")


def participant_name(participant: PollParticipant) -> str:
    if participant.user:
        return participant.user.name
    return participant.name or participant.email or ""


def participant_locale(participant: PollParticipant, poll: Poll) -> str:
    if participant.user and participant.user.locale:
        return participant.user.locale
    return str(poll.group.language)


def participant_zone(participant: PollParticipant, poll: Poll) -> str:
    if participant.user and participant.user.timezone:
        return participant.user.timezone
    return poll.group.timezone


def participant_for(user: Any, poll: Poll) -> PollParticipant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return next((p for p in poll.participants if p.user_id == user.id), None)


def answer_token(participant: PollParticipant) -> str:
    """The signed part of a person's answer link: (participant, its nonce)."""
    serializer = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=ANSWER_SALT)
    return serializer.dumps([participant.id, participant.answer_nonce])


def read_answer_token(token: str) -> PollParticipant:
    """The participant an answer link stands for; PollError if the link is not ours (cut
    off, mistyped, tampered with) or no longer valid."""
    serializer = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=ANSWER_SALT)
    invalid = PollError(
        _l("This answer link is not valid. Use the link from the latest e-mail about the poll.")
    )
    try:
        participant_id, nonce = serializer.loads(token)
        if not isinstance(participant_id, int):
            raise ValueError(participant_id)
        nonce = str(nonce)
    except (BadSignature, TypeError, ValueError):
        raise invalid from None
    participant = db.session.get(PollParticipant, participant_id)
    if participant is None or not hmac.compare_digest(
        participant.answer_nonce.encode(), nonce.encode()
    ):
        raise invalid
    return participant


def poll_message(poll: Poll, participant: PollParticipant, template: str, **extra: Any):
    """A message about the poll to one person, in their language, from plain values."""
    locale = participant_locale(participant, poll)
    zone = participant_zone(participant, poll)
    with force_locale(locale):
        context = {
            "name": participant_name(participant) if participant.user else "",
            "title": poll.title,
            "group": poll.group.name,
            "deadline": format_local_datetime(poll.closes_at, zone, "long"),
            "slots": [slot_label(o, zone) for o in poll.options],
            "link": external_url("polls.answer_by_link", token=answer_token(participant)),
            **extra,
        }
        for key, value in list(context.items()):
            if callable(value):
                context[key] = value(zone)
    return compose(
        mailbox(participant_email(participant), participant_name(participant)),
        **render_email(template, locale, **context),
    )


def slot_label(option: PollOption, zone: str) -> str:
    """ "20. března 2030 10:00–12:00", in ``zone`` and the current locale."""
    return (
        f"{format_local_datetime(option.starts_at, zone, 'long')}–"
        f"{format_local_time(option.ends_at, zone)}"
    )


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


# --- results -----------------------------------------------------------------------------


@dataclass
class OptionResult:
    option: PollOption
    yes: int = 0
    if_need_be: int = 0
    no: int = 0
    rank: int = 0
    best: bool = False


@dataclass
class Results:
    options: list[OptionResult]
    #: Every person asked, with their answers: participant → option id → value.
    rows: list[tuple[PollParticipant, dict[int, PollAnswerValue]]]
    not_answered: list[PollParticipant]

    @property
    def ranked(self) -> list[OptionResult]:
        return sorted(self.options, key=lambda r: (r.rank, r.option.starts_at))


def load_poll(poll_id: int) -> Poll | None:
    """The poll with its slots, venues, people and answers: four queries whatever their
    number."""
    return db.session.scalars(
        select(Poll)
        .where(Poll.id == poll_id)
        .options(
            selectinload(Poll.options).selectinload(PollOption.venue),
            selectinload(Poll.participants).selectinload(PollParticipant.user),
            selectinload(Poll.participants).selectinload(PollParticipant.answers),
        )
    ).first()


def results(poll: Poll) -> Results:
    """Counts per slot, ranked: most yes, then most if-need-be; the first (and any tied
    with it, with at least one yes or if-need-be) are the best."""
    by_option = {o.id: OptionResult(o) for o in poll.options}
    rows = []
    for participant in poll.participants:
        answers = {a.option_id: a.value for a in participant.answers}
        rows.append((participant, answers))
        for option_id, value in answers.items():
            result = by_option.get(option_id)
            if result is None:
                continue
            if value == PollAnswerValue.YES:
                result.yes += 1
            elif value == PollAnswerValue.IF_NEED_BE:
                result.if_need_be += 1
            else:
                result.no += 1
    ordered = sorted(by_option.values(), key=lambda r: (-r.yes, -r.if_need_be, r.option.starts_at))
    previous: tuple[int, int] | None = None
    for position, result in enumerate(ordered, start=1):
        key = (result.yes, result.if_need_be)
        result.rank = ordered[position - 2].rank if key == previous else position
        previous = key
        result.best = result.rank == 1 and (result.yes + result.if_need_be) > 0
    not_answered = [p for p in poll.participants if p.answered_at is None]
    return Results(list(by_option.values()), rows, not_answered)


def results_csv(poll: Poll, zone: str) -> str:
    """The results table as CSV: one row per person, a column per slot, then the counts."""
    result = results(poll)
    out = io.StringIO()
    writer = csv.writer(out)
    labels = {
        PollAnswerValue.YES: str(ANSWER_LABELS[PollAnswerValue.YES]),
        PollAnswerValue.IF_NEED_BE: str(ANSWER_LABELS[PollAnswerValue.IF_NEED_BE]),
        PollAnswerValue.NO: str(ANSWER_LABELS[PollAnswerValue.NO]),
    }
    header = [str(_l("Name")), str(_l("E-mail"))]
    header += [slot_label(o, zone) for o in poll.options]
    header.append(str(_l("Comment")))
    writer.writerow(header)
    for participant, answers in result.rows:
        writer.writerow(
            [participant_name(participant), participant_email(participant)]
            + [labels[answers[o.id]] if o.id in answers else "" for o in poll.options]
            + [participant.comment or ""]
        )
    counts = {r.option.id: r for r in result.options}
    for label, attribute in (
        (labels[PollAnswerValue.YES], "yes"),
        (labels[PollAnswerValue.IF_NEED_BE], "if_need_be"),
        (labels[PollAnswerValue.NO], "no"),
    ):
        writer.writerow(
            [label, ""] + [str(getattr(counts[o.id], attribute)) for o in poll.options] + [""]
        )
    return out.getvalue()


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
