"""The timetable: the agenda numbered 1., 2., 2a, 2b … with planned start and end times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...auth.permissions import can
from ...scheduling.models import Meeting
from ..enums import ItemKind
from ..models import AgendaItem
from .reading import agenda_items, sub_label


@dataclass
class AttachmentInfo:
    id: int
    filename: str
    content_type: str
    size_bytes: int


@dataclass
class TimetableRow:
    """One line of the agenda as shown: its number ("2." or "2a"), planned start and end."""

    number: str
    id: int
    parent_id: int | None
    title: str
    description: str | None
    presenter: str | None
    kind: ItemKind
    duration_minutes: int | None
    responsible_group: str | None
    #: Planned start and end, when the durations of every earlier item are known.
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    is_first: bool
    is_last: bool
    attachments: list[AttachmentInfo] = field(default_factory=list)
    children: list[TimetableRow] = field(default_factory=list)
    #: The sub-items need more time than the item's own duration.
    children_overrun: bool = False


@dataclass
class Timetable:
    rows: list[TimetableRow]
    #: Planned end of the last item (None when a duration is missing).
    ends_at: dt.datetime | None
    #: The programme runs past the meeting's end, by this many minutes.
    overrun_minutes: int = 0
    has_times: bool = False

    @property
    def overruns(self) -> bool:
        return self.overrun_minutes > 0

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __iter__(self):
        return iter(self.rows)


def _responsible_group(item: AgendaItem) -> str | None:
    """The group responsible for the item, by name. An agenda of a meeting open to everyone
    is read by anyone: there a members-only group is not named."""
    group = item.responsible_group
    if group is None:
        return None
    if item.meeting.open_to_everyone and not can(None, "group.view", group):
        return None
    return group.name


def _presenter(item: AgendaItem) -> str | None:
    return item.presenter.name if item.presenter else item.presenter_name


def _add(clock: dt.datetime | None, minutes: int | None) -> dt.datetime | None:
    if clock is None or minutes is None:
        return None
    return clock + dt.timedelta(minutes=minutes)


def _row(
    item: AgendaItem, number: str, starts: dt.datetime | None, first: bool, last: bool
) -> TimetableRow:
    return TimetableRow(
        number=number,
        id=item.id,
        parent_id=item.parent_id,
        title=item.title,
        description=item.description,
        presenter=_presenter(item),
        kind=item.kind,
        duration_minutes=item.duration_minutes,
        responsible_group=_responsible_group(item),
        starts_at=starts,
        ends_at=None,
        is_first=first,
        is_last=last,
        attachments=[
            AttachmentInfo(a.id, a.filename, a.content_type, a.size_bytes) for a in item.attachments
        ],
    )


def _levels(items: Sequence[AgendaItem]) -> tuple[list[AgendaItem], dict[int, list[AgendaItem]]]:
    """The top-level items in order, and each one's sub-items by its id."""
    children: dict[int, list[AgendaItem]] = {}
    top: list[AgendaItem] = []
    for item in items:
        if item.parent_id is None:
            top.append(item)
        else:
            children.setdefault(item.parent_id, []).append(item)
    return top, children


def _parent_row(
    item: AgendaItem,
    index: int,
    count: int,
    subs: list[AgendaItem],
    clock: dt.datetime | None,
) -> TimetableRow:
    """The row of a top-level item starting at ``clock``, with its sub-items' rows; its
    ``ends_at`` is where the next item starts."""
    parent_row = _row(item, f"{index + 1}.", clock, index == 0, index == count - 1)
    sub_clock = clock
    for sub_index, child in enumerate(subs):
        child_row = _row(
            child,
            f"{index + 1}{sub_label(sub_index)}",
            sub_clock,
            sub_index == 0,
            sub_index == len(subs) - 1,
        )
        sub_clock = _add(sub_clock, child.duration_minutes)
        child_row.ends_at = sub_clock
        parent_row.children.append(child_row)
    if item.duration_minutes is not None:
        parent_end = _add(clock, item.duration_minutes)
        if sub_clock is not None and parent_end is not None and subs:
            parent_row.children_overrun = sub_clock > parent_end
    elif subs:
        parent_end = sub_clock
    else:
        parent_end = None
    parent_row.ends_at = parent_end
    return parent_row


def build_timetable(meeting: Meeting, items: Sequence[AgendaItem] | None = None) -> Timetable:
    """The agenda numbered 1., 2., 2a, 2b … with planned start times.

    Items run one after another from the meeting's start. Sub-items run inside their
    parent's time when the parent has a duration, else one after another (and then make up
    the parent's length). A missing duration leaves the following start times open.
    """
    items = agenda_items(meeting) if items is None else items
    top, children = _levels(items)
    rows: list[TimetableRow] = []
    clock: dt.datetime | None = meeting.starts_at
    for index, item in enumerate(top):
        parent_row = _parent_row(item, index, len(top), children.get(item.id, []), clock)
        clock = parent_row.ends_at
        rows.append(parent_row)

    has_times = any(i.duration_minutes is not None for i in items)
    if not has_times:
        # Without any duration there is no timetable: show no times at all.
        for r in rows:
            r.starts_at = r.ends_at = None
            for c in r.children:
                c.starts_at = c.ends_at = None
    ends_at = clock if rows and has_times else None
    overrun = 0
    if ends_at is not None and ends_at > meeting.ends_at:
        overrun = int((ends_at - meeting.ends_at).total_seconds() // 60)
    return Timetable(rows=rows, ends_at=ends_at, overrun_minutes=overrun, has_times=has_times)
