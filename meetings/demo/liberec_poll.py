"""The Liberec group finds a date with a poll: an open task from its 11th meeting ("agree
the date of the working meeting") and the open date poll started from it, with three slots
a few weeks ahead, the answers due in a week. The chair and the assistant have answered;
the member has not, so the poll waits for him on his dashboard.

The dates are relative to the demo's ``today``, as the group's upcoming meetings are; the
poll is found by its group and title, so loading twice adds nothing, and a poll someone has
answered or closed since is left as it is.
"""

from __future__ import annotations

import datetime as dt

from ..db import utcnow
from ..minutes.enums import ActionStatus
from ..models import ActionItem, Meeting, User, Venue, WorkingGroup
from ..polls.enums import PollAnswerValue
from ..polls.models import Poll
from ..polls.services import PollData, SlotData, create_poll, save_answers
from .loader import PRAGUE, Loader

SLUG = "pzlk-socialni-sluzby"
TASK = (
    "Dohodnout termín pracovního setkání se zástupci Libereckého kraje k přípravě "
    "kulatého stolu (hlasování o termínu)."
)
TITLE = "Termín pracovního setkání k přípravě kulatého stolu"
DESCRIPTION = (
    "Hledáme termín pracovního setkání se zástupci Libereckého kraje, na kterém připravíme "
    "rozšířené jednání „Sociální podnikání v Libereckém kraji“. Vyberte prosím u každého "
    "termínu, zda se můžete zúčastnit."
)
#: The slots: the first weekdays from this many days ahead, at 10:00–12:00 (Prague).
FIRST_SLOT_DAYS = 24
#: Answers are taken until noon this many days ahead.
DEADLINE_DAYS = 7
Y, M, N = PollAnswerValue.YES, PollAnswerValue.IF_NEED_BE, PollAnswerValue.NO
#: Who has answered already, slot by slot (the member has not).
ANSWERS = {
    "chair@demo.example": (Y, M, N),
    "assistant@demo.example": (Y, Y, M),
}


def _weekdays(start: dt.date, count: int) -> list[dt.date]:
    days: list[dt.date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def load_liberec_poll(lo: Loader) -> None:
    """The task and its open poll in the Liberec social services group (see the module)."""
    group = lo.find(WorkingGroup, slug=SLUG)
    assistant = lo.find(User, email="assistant@demo.example")
    if group is None or assistant is None:
        return
    eleventh = lo.find(Meeting, group_id=group.id, number=11)
    lo.action_item(
        group,
        eleventh,
        TASK,
        owner_id=assistant.id,
        due_on=lo.today + dt.timedelta(days=DEADLINE_DAYS),
    )
    if lo.find(Poll, group_id=group.id, title=TITLE):
        return
    task = lo.find(ActionItem, group_id=group.id, text=TASK)
    annolk = lo.find(Venue, name="ANNOLK", city="Liberec")
    kulk = lo.find(Venue, name="Krajský úřad Libereckého kraje", city="Liberec")
    first, second, third = _weekdays(lo.today + dt.timedelta(days=FIRST_SLOT_DAYS), 3)
    # A demo loaded for a day in the past is answered as on that day.
    midnight = lo.at(PRAGUE, lo.today.year, lo.today.month, lo.today.day, 0)
    now = midnight.astimezone(dt.UTC) if lo.today < dt.date.today() else utcnow()
    slots = ((first, 10, annolk), (second, 13, kulk), (third, 10, annolk))
    deadline = lo.today + dt.timedelta(days=DEADLINE_DAYS)
    poll = create_poll(
        PollData(
            group=group,
            title=TITLE,
            description=DESCRIPTION,
            closes_at=lo.at(PRAGUE, deadline.year, deadline.month, deadline.day, 12),
            slots=[
                SlotData(
                    lo.at(PRAGUE, day.year, day.month, day.day, hour),
                    lo.at(PRAGUE, day.year, day.month, day.day, hour + 2),
                    venue,
                )
                for day, hour, venue in slots
            ],
            action_item=task if task is not None and task.status == ActionStatus.OPEN else None,
        ),
        actor=assistant,
        now=now,
    )
    lo.count("Poll")
    for participant in poll.participants:
        given = ANSWERS.get(participant.user.email) if participant.user else None
        if given is None:
            continue
        save_answers(
            participant,
            {option.id: value for option, value in zip(poll.options, given, strict=True)},
            now=now,
        )
