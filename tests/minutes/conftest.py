"""The 10th meeting of the Liberec social services group (seed 001), held, with its agenda
(items 1–6, item 2 with sub-items a–e) and invitations answered; helpers that use the
minutes pages as a person would."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pytest

from meetings.agenda.models import AgendaItem
from meetings.extensions import db
from meetings.invitations.enums import Rsvp
from meetings.invitations.models import Invitation
from meetings.scheduling.enums import MeetingStatus

from .. import factories

#: Seed 001, "Průběh jednání" 1–6 (shortened where long; the scan's OCR slips corrected).
COURSE = [
    "Zástupce (ANNOLK) úvodem setkání představila historii jednání, která v minulých letech "
    "proběhla na téma sociálního podnikání s různými aktéry Libereckého kraje. Pracovní "
    "skupina se shoduje na postupu obnovit jednání se zástupci Libereckého kraje.",
    "Pracovní skupina stanovila následující témata pro rozšířené jednání pracovní skupiny. "
    "Témata budou do realizace rozšířeného setkání dle potřeby upravena a doplněna.",
    "V rámci příkladů dobré praxe přednese na rozšířeném setkání předsedkyně ANNOLK "
    "informace, které získala na konferenci o sociálním podnikání v EU.",
    "Jako potenciální účastníci jednání jsou navrženi zástupci Libereckého kraje, města "
    "Liberce, komory a Úřadu práce ČR.",
    "Prostory pro jednání budou zajištěny na Krajském úřadě Libereckého kraje nebo v IQ parku "
    "Liberec.",
    "Bude dohodnut termín dubnového jednání.",
]

TITLES = [
    "Příprava rozšířeného jednání pracovní skupiny sociální na téma „Sociální podnikání "
    "v Libereckém kraji“",
    "Stanovení odborného obsahu rozšířeného setkání skupiny",
    "Zajištění příkladů dobré praxe z jiných krajů a ze zahraničí",
    "Výběr účastníků rozšířeného setkání",
    "Zajištění prostor pro přípravné jednání",
    "Přípravné setkání se zástupci Libereckého kraje",
]

SUB_TITLES = [
    "Zahájení kulatého stolu",
    "Sociální ekonomika v ČR a krajské sociální podniky",
    "Sociálně podnikatelská platforma ANNOLK s Platformou NNO",
    "Filantropická burza v Libereckém kraji",
    "Cíle rozvoje a podpory sociálního podnikání",
]

#: Seed 001, item 6: the action item.
TASK = "Bude dohodnut termín dubnového jednání"


@dataclass
class Liberec:
    people: object
    group: object
    meeting: object
    #: The six first-level items, in order.
    items: list
    #: Item 2's sub-items a–e.
    sub_items: list


@pytest.fixture
def liberec(people) -> Liberec:
    group = people.group
    meeting = factories.make_meeting(
        group,
        starts_at=factories.local_time("Europe/Prague", 2018, 3, 20, 10),
        status=MeetingStatus.HELD,
        number=10,
        title="10. setkání Odborné pracovní skupiny Sociální služby",
    )
    items = []
    for position, title in enumerate(TITLES):
        item = AgendaItem(meeting=meeting, position=position, title=title)
        db.session.add(item)
        items.append(item)
    db.session.flush()
    subs = []
    for position, title in enumerate(SUB_TITLES):
        sub = AgendaItem(meeting=meeting, parent=items[1], position=position, title=title)
        db.session.add(sub)
        subs.append(sub)
    answers = {
        people.chair: Rsvp.ACCEPTED,
        people.assistant: Rsvp.ACCEPTED,
        people.member: Rsvp.DECLINED,
        people.observer: Rsvp.NEEDS_ACTION,
    }
    for person, answer in answers.items():
        db.session.add(Invitation(meeting=meeting, user_id=person.id, rsvp=answer))
    db.session.flush()
    return Liberec(people, group, meeting, items, subs)


def editor_version(client, meeting) -> str:
    """Open the editor as a person would and read the version it is based on."""
    page = client.get(f"/meetings/{meeting.id}/minutes/edit")
    assert page.status_code == 200
    return re.search(r'name="version" value="(\d+)"', page.get_data(as_text=True)).group(1)


def seed_form(liberec: Liberec, version: str, **extra) -> dict[str, str]:
    """The editor filled in with seed 001's course of the meeting and item 6's task."""
    form = {
        "version": version,
        "opening": "Dne 20. 3. 2018 se uskutečnilo setkání pracovní skupiny.",
        "closing": "Setkání bylo ukončeno ve 12:00.",
        "next_meeting": "Duben 2018, Krajský úřad Libereckého kraje.",
        "after": "edit",
    }
    for item, text in zip(liberec.items, COURSE, strict=True):
        form[f"item-{item.id}"] = text
    form[f"new-action-{liberec.items[5].id}-text"] = TASK
    form[f"new-action-{liberec.items[5].id}-owner"] = str(liberec.people.assistant.id)
    form.update(extra)
    return form


def page(response) -> str:
    """The response's HTML with entities decoded (an apostrophe is sent as &#39;)."""
    return html.unescape(response.get_data(as_text=True))
