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
- ``attendance``: the attendance register, arrivals and departures, guests and the quorum;
- ``roll_call``: votes by name on a decision, from which its counts are derived;
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
    Voter,
    add_missing_members,
    arrives_after_leaving,
    attendance_rows,
    decision_quorums,
    item_spans,
    missing_members,
    presence_note,
    quorum_status,
    record_guest,
    save_attendance,
    voters_at,
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
    decision_adopted,
    decision_label,
    decisions_of,
    decisions_register,
    quorum_rule_text,
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
from .roll_call import (
    VOTE_CHOICE_LABELS,
    VOTE_CHOICES,
    RollCall,
    record_roll_call,
    roll_call_decision_ids,
    roll_calls,
    saved_choices,
)
from .signatories import awaits_verification, set_signatories, signatory_choices
from .signed_sheet import MAX_SCAN_BYTES, keep_signed_sheet, remove_signed_sheet
from .tasks import (
    REMINDER_DAYS,
    TaskLink,
    actions_of,
    closed_action_items_for,
    group_today,
    is_overdue,
    open_action_items,
    open_action_items_for,
    owner_choices,
    owner_label,
    set_action_status,
    task_links,
    task_links_each,
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
    "VOTE_CHOICES",
    "VOTE_CHOICE_LABELS",
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
    "RollCall",
    "TaskLink",
    "Voter",
    "actions_of",
    "add_comment",
    "add_missing_members",
    "agenda_rows",
    "arrives_after_leaving",
    "attendance_rows",
    "awaiting_approval",
    "awaiting_verification",
    "awaits_verification",
    "clean_text",
    "closed_action_items_for",
    "comments_by_item",
    "current_minutes",
    "decision_adopted",
    "decision_label",
    "decision_quorums",
    "decisions_of",
    "decisions_register",
    "diff_revisions",
    "diff_text",
    "editions_of",
    "group_today",
    "is_current",
    "is_overdue",
    "item_rows",
    "item_spans",
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
    "presence_note",
    "quorum_rule_text",
    "quorum_status",
    "record_guest",
    "record_revision",
    "record_roll_call",
    "register_groups",
    "remove_signed_sheet",
    "revisions_of",
    "roll_call_decision_ids",
    "roll_calls",
    "save_attendance",
    "save_minutes",
    "saved_choices",
    "set_action_status",
    "set_signatories",
    "signatory_choices",
    "snapshot",
    "split_sentences",
    "task_links",
    "task_links_each",
    "voters_at",
    "work_on_minutes",
]
