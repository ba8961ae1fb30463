"""Minutes: the editor's texts, revisions and their diffs, the attendance register,
decisions and their register, action items, review comments and task reminders.

Services flush, never commit: the view (or the job, ``minutes/jobs.py``) that calls them
commits once. State changes of the minutes (submit, return, approve, publish, corrections)
live in ``workflow.py``. Refusals are raised as ``MinutesError`` with a message in the
user's language; a save based on an old version raises ``EditConflict``.

The modules, each importing only those above it in this list:

- ``common``: the refusals, the limits of a text, the labels of states;
- ``editions``: finding the minutes of a meeting (current edition, earlier ones);
- ``items``: the agenda's items with the course of the meeting under each;
- ``decisions``: decisions, their numbers and the group's register;
- ``tasks``: action items, their owners and status, the person's tasks, reminders;
- ``attendance``: the attendance register, guests and the quorum;
- ``comments``: review comments;
- ``history``: revisions (snapshots) and the sentence diff between two;
- ``editing``: saving the editor as one revision;
- ``signatories``: who recorded the minutes and who verifies them;
- ``signed_sheet``: the scan of the signed attendance sheet;
- ``waiting``: minutes waiting for the chair's approval or the assistant's work.

Import the names from here (``from meetings.minutes import services``).
"""

from __future__ import annotations

from .attendance import (
    AttendanceChange,
    AttendanceRow,
    QuorumStatus,
    add_missing_members,
    attendance_rows,
    decision_quorums,
    missing_members,
    quorum_status,
    record_guest,
    save_attendance,
)
from .comments import add_comment, comments_by_item
from .common import (
    ACTION_STATUS_LABELS,
    ATTENDANCE_LABELS,
    MAX_COMMENT,
    MAX_TEXT,
    RECORDED_BY_LABEL,
    STATE_LABELS,
    VERIFIED_BY_LABEL,
    EditConflict,
    MinutesError,
    clean_text,
)
from .decisions import (
    REGISTER_LIMIT,
    RegisterRow,
    decision_label,
    decisions_of,
    decisions_register,
    register_groups,
)
from .editing import ActionChange, DecisionChange, MinutesTexts, new_version, save_minutes
from .editions import (
    current_minutes,
    editions_of,
    is_current,
    may_have_minutes,
    minutes_edition,
    minutes_for,
    placeholder_minutes,
)
from .history import (
    DiffPart,
    FieldDiff,
    diff_revisions,
    diff_text,
    record_revision,
    revisions_of,
    snapshot,
    split_sentences,
)
from .items import ItemRow, agenda_rows, item_rows
from .signatories import awaits_verification, set_signatories, signatory_choices
from .signed_sheet import MAX_SCAN_BYTES, keep_signed_sheet, remove_signed_sheet
from .tasks import (
    REMINDER_DAYS,
    TaskLink,
    actions_of,
    closed_action_items_for,
    due_for_reminder,
    group_today,
    is_overdue,
    open_action_items,
    open_action_items_for,
    owner_choices,
    owner_label,
    reminder_message,
    send_task_reminders,
    set_action_status,
    task_links,
)
from .waiting import MinutesWork, awaiting_approval, awaiting_verification, work_on_minutes

__all__ = [
    "ACTION_STATUS_LABELS",
    "ATTENDANCE_LABELS",
    "MAX_COMMENT",
    "MAX_SCAN_BYTES",
    "MAX_TEXT",
    "RECORDED_BY_LABEL",
    "REGISTER_LIMIT",
    "REMINDER_DAYS",
    "STATE_LABELS",
    "VERIFIED_BY_LABEL",
    "ActionChange",
    "AttendanceChange",
    "AttendanceRow",
    "DecisionChange",
    "DiffPart",
    "EditConflict",
    "FieldDiff",
    "ItemRow",
    "MinutesError",
    "MinutesTexts",
    "MinutesWork",
    "QuorumStatus",
    "RegisterRow",
    "TaskLink",
    "actions_of",
    "add_comment",
    "add_missing_members",
    "agenda_rows",
    "attendance_rows",
    "awaiting_approval",
    "awaiting_verification",
    "awaits_verification",
    "clean_text",
    "closed_action_items_for",
    "comments_by_item",
    "current_minutes",
    "decision_label",
    "decision_quorums",
    "decisions_of",
    "decisions_register",
    "diff_revisions",
    "diff_text",
    "due_for_reminder",
    "editions_of",
    "group_today",
    "is_current",
    "is_overdue",
    "item_rows",
    "keep_signed_sheet",
    "may_have_minutes",
    "minutes_edition",
    "minutes_for",
    "missing_members",
    "new_version",
    "open_action_items",
    "open_action_items_for",
    "owner_choices",
    "owner_label",
    "placeholder_minutes",
    "quorum_status",
    "record_guest",
    "record_revision",
    "register_groups",
    "reminder_message",
    "remove_signed_sheet",
    "revisions_of",
    "save_attendance",
    "save_minutes",
    "send_task_reminders",
    "set_action_status",
    "set_signatories",
    "signatory_choices",
    "snapshot",
    "split_sentences",
    "task_links",
    "work_on_minutes",
]
