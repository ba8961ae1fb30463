"""Starting an agenda: from the previous meeting's agenda, the group's template, or the
standard items only; the group's standard items (in its language) come first."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ...groups.models import WorkingGroup
from ...i18n import force_locale, format_local_date
from ...scheduling.enums import MeetingStatus
from ...scheduling.models import Meeting
from ...signals import contributions
from ..enums import ItemKind
from ..models import AgendaItem
from ..signals import OpenAction, action_review_drafting
from .editing import ItemFields, add_agenda_item, presenter_choices
from .reading import AgendaError, agenda_items

#: Standard item titles in the group's language (document text, like the meeting titles).
_MINUTES_APPROVAL = {
    "en": "Approval of the minutes of meeting {n}",
    "cs": "Schválení zápisu z {n}. setkání",
    "sk": "Schválenie zápisnice z {n}. zasadnutia",
    "hu": "A(z) {n}. ülés jegyzőkönyvének jóváhagyása",
    "lv": "{n}. sanāksmes protokola apstiprināšana",
}
_MINUTES_APPROVAL_PREVIOUS = {
    "en": "Approval of the minutes of the previous meeting",
    "cs": "Schválení zápisu z předchozího setkání",
    "sk": "Schválenie zápisnice z predchádzajúceho zasadnutia",
    "hu": "Az előző ülés jegyzőkönyvének jóváhagyása",
    "lv": "Iepriekšējās sanāksmes protokola apstiprināšana",
}
_ACTION_REVIEW = {
    "en": "Review of open action items",
    "cs": "Kontrola plnění otevřených úkolů",
    "sk": "Kontrola plnenia otvorených úloh",
    "hu": "A nyitott feladatok áttekintése",
    "lv": "Atvērto uzdevumu izpildes pārskats",
}

#: Ways to start an agenda.
START_SOURCES = ("previous", "template", "standard")


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The host group's most recent earlier meeting that has an agenda (not cancelled)."""
    return db.session.scalars(
        select(Meeting)
        .where(
            Meeting.group_id == meeting.group_id,
            Meeting.id != meeting.id,
            Meeting.starts_at < meeting.starts_at,
            Meeting.status != MeetingStatus.CANCELLED,
            Meeting.agenda_items.any(),
        )
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    ).first()


def previous_held_number(meeting: Meeting) -> int | None:
    """The number of the host group's last meeting held before this one (by date): the
    meeting whose minutes this one approves. Neither a later-dated meeting with a lower
    number nor a cancelled or not yet held one counts. None when none was held."""
    return db.session.scalars(
        select(Meeting.number)
        .where(
            Meeting.group_id == meeting.group_id,
            Meeting.id != meeting.id,
            Meeting.status == MeetingStatus.HELD,
            Meeting.number.is_not(None),
            Meeting.starts_at < meeting.starts_at,
        )
        .order_by(Meeting.starts_at.desc(), Meeting.number.desc())
        .limit(1)
    ).first()


def _standard_titles(group: WorkingGroup) -> set[str]:
    lang = str(group.language)
    titles = {_ACTION_REVIEW.get(lang, _ACTION_REVIEW["en"])}
    titles.add(_MINUTES_APPROVAL_PREVIOUS.get(lang, _MINUTES_APPROVAL_PREVIOUS["en"]))
    return titles


def _is_standard_title(group: WorkingGroup, title: str) -> bool:
    if title in _standard_titles(group):
        return True
    pattern = _MINUTES_APPROVAL.get(str(group.language), _MINUTES_APPROVAL["en"])
    regex = "^" + re.escape(pattern).replace(re.escape("{n}"), r"\d+") + "$"
    return re.match(regex, title) is not None


def _action_line(action: OpenAction) -> str:
    """``- text (owner, due date)``; call it in the group's locale."""
    line = f"- {action.text}"
    extras = []
    if action.owner:
        extras.append(action.owner)
    if action.due_on:
        extras.append(format_local_date(action.due_on, fmt="medium"))
    if extras:
        line += f" ({', '.join(extras)})"
    return line


def _action_review_item(meeting: Meeting) -> ItemFields:
    """The review of open action items, listing the tasks the higher domains report."""
    group = meeting.group
    lang = str(group.language)
    answers = contributions(action_review_drafting, group, meeting=meeting)
    open_actions: list[OpenAction] = answers.get("open_actions", [])
    with force_locale(lang):
        lines = [_action_line(action) for action in open_actions]
    return ItemFields(
        title=_ACTION_REVIEW.get(lang, _ACTION_REVIEW["en"]),
        description="\n".join(lines) or None,
        kind=ItemKind.INFORMATION,
    )


def standard_items(meeting: Meeting) -> list[ItemFields]:
    """The items the host group wants on every agenda, in the group's language."""
    group = meeting.group
    lang = str(group.language)
    result: list[ItemFields] = []
    if group.adds_minutes_approval_item:
        n = previous_held_number(meeting)
        title = (
            _MINUTES_APPROVAL.get(lang, _MINUTES_APPROVAL["en"]).format(n=n)
            if n
            else _MINUTES_APPROVAL_PREVIOUS.get(lang, _MINUTES_APPROVAL_PREVIOUS["en"])
        )
        result.append(ItemFields(title=title, kind=ItemKind.DECISION))
    if group.adds_action_review_item:
        result.append(_action_review_item(meeting))
    return result


def _fields_of(item: AgendaItem) -> ItemFields:
    return ItemFields(
        title=item.title,
        description=item.description,
        presenter_id=item.presenter_id,
        presenter_name=item.presenter_name,
        kind=item.kind,
        duration_minutes=item.duration_minutes,
        responsible_group_id=None,
    )


def _copied_from_previous(meeting: Meeting) -> list[tuple[ItemFields, list[ItemFields]]]:
    """The previous meeting's items with their sub-items, its standard items left out."""
    previous = previous_meeting(meeting)
    if previous is None:
        raise AgendaError(_("There is no earlier meeting of this group with an agenda."))
    return _copied_from(meeting, previous)


def _copied_from(meeting: Meeting, source: Meeting) -> list[tuple[ItemFields, list[ItemFields]]]:
    """``source``'s items with their sub-items, the standard items of ``meeting``'s group
    left out (they are made anew for ``meeting``)."""
    items = agenda_items(source)
    kids: dict[int, list[AgendaItem]] = {}
    for i in items:
        if i.parent_id is not None:
            kids.setdefault(i.parent_id, []).append(i)
    return [
        (_fields_of(i), [_fields_of(c) for c in kids.get(i.id, [])])
        for i in items
        if i.parent_id is None and not _is_standard_title(meeting.group, i.title)
    ]


def _copied_from_template(group: WorkingGroup) -> list[tuple[ItemFields, list[ItemFields]]]:
    """One item per non-empty line of the group's agenda template."""
    titles = [t.strip() for t in (group.agenda_template or "").splitlines() if t.strip()]
    if not titles:
        raise AgendaError(_("The group has no agenda template yet."))
    return [(ItemFields(title=t[:500]), []) for t in titles]


def start_agenda(meeting: Meeting, source: str) -> int:
    """Fill an empty agenda from the previous meeting's agenda, the group's template, or with
    the standard items only; the group's standard items come first in every case.

    Side effects: new AgendaItem rows, flushed. Returns how many items were added. Raises
    AgendaError when the agenda already has items, the source is unknown or empty.
    """
    if source not in START_SOURCES:
        raise AgendaError(_("Choose how to start the agenda."))
    if db.session.scalar(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting.id)):
        raise AgendaError(_("The agenda already has items. Delete them first to start anew."))
    copied: list[tuple[ItemFields, list[ItemFields]]] = []
    if source == "previous":
        copied = _copied_from_previous(meeting)
    elif source == "template":
        copied = _copied_from_template(meeting.group)
    return _fill(meeting, copied)


def copy_agenda(meeting: Meeting, source: Meeting) -> int:
    """Start ``meeting``'s agenda (a new meeting copied from ``source``) with ``source``'s
    items and sub-items: titles, descriptions, kinds, planned durations and presenters;
    nothing of its minutes. The group's standard items come first, made anew for
    ``meeting`` (the minutes to approve are those of its own previous meeting). A presenter
    who is not in the groups taking part any more stays named, without the account.

    Side effects: new AgendaItem rows, flushed. Returns how many items were added. Raises
    AgendaError when ``meeting`` already has items.
    """
    if db.session.scalar(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting.id)):
        raise AgendaError(_("The agenda already has items. Delete them first to start anew."))
    copied = _copied_from(meeting, source)
    allowed = {uid for uid, _name in presenter_choices(meeting)}
    names = {i.presenter_id: i.presenter.name for i in source.agenda_items if i.presenter}
    for fields in (f for parent, children in copied for f in (parent, *children)):
        if fields.presenter_id is not None and fields.presenter_id not in allowed:
            fields.presenter_name = names.get(fields.presenter_id)
            fields.presenter_id = None
    return _fill(meeting, copied)


def _fill(meeting: Meeting, copied: list[tuple[ItemFields, list[ItemFields]]]) -> int:
    """The group's standard items, then ``copied`` (items with their sub-items)."""
    count = 0
    for fields in standard_items(meeting):
        add_agenda_item(meeting, fields)
        count += 1
    for fields, children in copied:
        parent = add_agenda_item(meeting, fields)
        count += 1
        for child in children:
            child.parent_id = parent.id
            add_agenda_item(meeting, child)
            count += 1
    return count
