"""A Liberec-like group asked for a date: a chair, an assistant, two members (one Hungarian,
in Budapest's zone), an observer, a guest by e-mail, and the task the poll answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from meetings.extensions import db
from meetings.groups.enums import Language, Role
from meetings.minutes.models import ActionItem

from .. import factories

ZONE = "Europe/Prague"
GUEST = "host@kraj-lbc.example"


@dataclass
class Setting:
    group: object
    chair: object
    assistant: object
    member: object
    foreign_member: object
    observer: object
    venue: object
    task: ActionItem


@pytest.fixture
def setting(db_session) -> Setting:
    group = factories.make_group(
        "Sociální služby Liberec", slug="liberec", language=Language.CS, timezone=ZONE
    )
    chair = factories.make_user("jana@annolk.example", "Jana Dvořáková", locale="cs")
    assistant = factories.make_user("eva@annolk.example", "Eva Nováková", locale="cs")
    member = factories.make_user("petr@annolk.example", "Petr Svoboda", locale="cs")
    foreign = factories.make_user(
        "peter@vas.example", "Kovács Péter", locale="hu", timezone="Europe/London"
    )
    observer = factories.make_user("olga@annolk.example", "Olga Malá", locale="cs")
    factories.add_member(chair, group, Role.CHAIR)
    factories.add_member(assistant, group, Role.ASSISTANT)
    factories.add_member(member, group, Role.MEMBER)
    factories.add_member(foreign, group, Role.MEMBER)
    factories.add_member(observer, group, Role.OBSERVER)
    venue = factories.make_venue("Krajský úřad Liberec", room="Zasedací místnost 2. patro")
    task = ActionItem(group=group, text="Bude dohodnut termín dubnového jednání.")
    db.session.add(task)
    db.session.flush()
    return Setting(group, chair, assistant, member, foreign, observer, venue, task)


def day(offset: int) -> dt.date:
    return dt.date.today() + dt.timedelta(days=offset)


def poll_form(setting: Setting, **values) -> dict:
    """The new-poll form: three slots 20, 21 and 22 days ahead, the deadline in 10 days."""
    data = {
        "title": "Termín dubnového jednání",
        "description": "",
        "deadline_day": day(10).isoformat(),
        "deadline_time": "12:00",
        "guests": GUEST,
        "action_item_id": str(setting.task.id),
    }
    for index, offset in enumerate((20, 21, 22)):
        data[f"slots-{index}-day"] = day(offset).isoformat()
        data[f"slots-{index}-start"] = "10:00"
        data[f"slots-{index}-end"] = "12:00"
        data[f"slots-{index}-venue_id"] = str(setting.venue.id) if index == 0 else ""
        data[f"slots-{index}-online_url"] = "https://meet.example/dubnove" if index == 2 else ""
    data.update(values)
    return data
