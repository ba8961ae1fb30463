"""The standard item "Review of open action items": the agenda asks for the open tasks by a
signal (``agenda.signals.action_review_drafting``) and the minutes answer it, so that the
agenda never imports the minutes (ARCHITECTURE §7)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect

from meetings.agenda import services
from meetings.agenda.signals import OpenAction, action_review_drafting
from meetings.extensions import db
from meetings.minutes import reactions
from meetings.minutes.enums import ActionStatus
from meetings.minutes.models import ActionItem


def _action(group, text, *, owner=None, due_on=None, status=ActionStatus.OPEN):
    action = ActionItem(group=group, text=text, owner=owner, due_on=due_on, status=status)
    if status != ActionStatus.OPEN:
        action.closed_at = dt.datetime(2018, 3, 1, tzinfo=dt.UTC)
    db.session.add(action)
    return action


@pytest.fixture
def tasks(liberec, people):
    """Open tasks of the group in the order they were added: undated, later, earlier; one
    done task and one open task of another group."""
    group = liberec.group
    undated = _action(group, "Bez termínu")
    later = _action(group, "Později", owner=people.chair, due_on=dt.date(2018, 5, 2))
    earlier = _action(group, "Dříve", owner=people.assistant, due_on=dt.date(2018, 4, 6))
    _action(group, "Hotovo", status=ActionStatus.DONE)
    _action(people.other_group, "Jiná skupina")
    db.session.flush()
    return [earlier, later, undated]


def test_open_action_items_earliest_due_first_undated_last_with_owner_loaded(liberec, tasks):
    ids = [t.id for t in tasks]
    db.session.expire_all()

    found = reactions.open_action_items(liberec.group)

    assert [a.id for a in found] == ids
    for action in found:
        assert not {"owner", "owner_organisation", "meeting"} & inspect(action).unloaded
    assert [a.id for a in reactions.open_action_items(liberec.group, limit=2)] == ids[:2]


def test_review_item_lists_the_open_tasks_the_minutes_report(liberec, tasks):
    liberec.group.adds_action_review_item = True

    (review,) = services.standard_items(liberec)

    assert review.title == "Kontrola plnění otevřených úkolů"
    assert review.description.splitlines() == [
        "- Dříve (Eva Asistentová, 6. 4. 2018)",
        "- Později (Jana Předsedová, 2. 5. 2018)",
        "- Bez termínu",
    ]


def test_the_minutes_answer_with_plain_values(liberec, tasks):
    answers = dict(action_review_drafting.send(liberec.group, meeting=liberec))

    open_actions = answers[reactions.open_actions_for_review]["open_actions"]
    assert open_actions[0] == OpenAction("Dříve", "Eva Asistentová", dt.date(2018, 4, 6))
    assert open_actions[2] == OpenAction("Bez termínu", None, None)


def test_without_an_answer_the_review_item_has_no_description(liberec, tasks):
    liberec.group.adds_action_review_item = True
    action_review_drafting.disconnect(reactions.open_actions_for_review)
    try:
        (review,) = services.standard_items(liberec)
    finally:
        action_review_drafting.connect(reactions.open_actions_for_review)

    assert review.title == "Kontrola plnění otevřených úkolů"
    assert review.description is None
