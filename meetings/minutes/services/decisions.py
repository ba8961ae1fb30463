"""Decisions: their numbers and the group's decisions register."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext, ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ...auth.permissions import can
from ...db import contains_text
from ...extensions import db
from ...groups.enums import QuorumRule
from ...groups.models import Membership, WorkingGroup
from ...scheduling.models import Meeting
from ...signals import contributions
from ..enums import MinutesState
from ..models import Decision, Minutes
from ..signals import register_read

#: Most decisions the register shows at once (refine the search for older ones).
REGISTER_LIMIT = 300


def decision_label(decision: Decision) -> str:
    """The decision's number within the group: meeting number / sequence, e.g. "10/3"."""
    return f"{decision.meeting.number}/{decision.sequence}"


def decisions_of(meeting: Meeting) -> list[Decision]:
    return list(
        db.session.scalars(
            select(Decision)
            .options(joinedload(Decision.meeting))
            .where(Decision.meeting_id == meeting.id)
            .order_by(Decision.sequence)
        ).all()
    )


def decision_adopted(
    votes_for: int | None, votes_against: int | None, votes_abstaining: int | None = None
) -> bool | None:
    """Whether a decision voted on was adopted: more votes for than against (abstentions
    count for neither side). None when no vote was recorded."""
    if votes_for is None and votes_against is None and votes_abstaining is None:
        return None
    return (votes_for or 0) > (votes_against or 0)


def quorum_rule_text(group: WorkingGroup) -> str:
    """The group's quorum rule in words in the current locale ("quorum: more than half of
    the voting members"); "" when the group defines none."""
    if group.quorum_rule == QuorumRule.MAJORITY:
        return gettext("quorum: more than half of the voting members")
    if group.quorum_rule == QuorumRule.TWO_THIRDS:
        return gettext("quorum: at least two thirds of the voting members")
    if group.quorum:
        return ngettext(
            "quorum: at least %(num)d voting member",
            "quorum: at least %(num)d voting members",
            group.quorum,
        )
    return ""


# --- the decisions register ----------------------------------------------------------------


@dataclass
class RegisterRow:
    """A decision of the register: of a meeting (its minutes' state), or taken by
    correspondence (``vote_id``; the "meeting" fields then name the vote and when it
    closed)."""

    label: str
    text: str
    votes: tuple[int | None, int | None, int | None]
    meeting_id: int | None
    meeting_title: str
    meeting_starts_at: dt.datetime
    meeting_timezone: str
    state: MinutesState | None
    group_name: str
    group_slug: str
    #: Adopted (more for than against at a meeting; more than half of the ballots cast by
    #: correspondence); None when no vote was recorded or the vote was not quorate.
    adopted: bool | None = None
    #: The quorum rule in words, "" when the group defines none.
    quorum_rule: str = ""
    #: A decision by correspondence: its vote.
    vote_id: int | None = None


def decisions_register(
    user: Any, groups: WorkingGroup | Sequence[WorkingGroup], query: str | None = None
) -> list[RegisterRow]:
    """The decisions of the group (or of every one of ``groups``) that the person may read
    (those in minutes they may see, and those taken by correspondence in their own groups,
    which the domain above adds through ``register_read``), newest first; ``query``
    searches the text (case-insensitive). Four queries however many decisions and groups
    there are."""
    group_ids = [groups.id] if isinstance(groups, WorkingGroup) else [g.id for g in groups]
    if not group_ids:
        return []
    latest = (
        select(Minutes.meeting_id, func.max(Minutes.edition).label("edition"))
        .group_by(Minutes.meeting_id)
        .subquery()
    )
    statement = (
        select(Decision, Minutes)
        .join(Decision.meeting)
        .join(latest, latest.c.meeting_id == Decision.meeting_id)
        .join(
            Minutes,
            (Minutes.meeting_id == latest.c.meeting_id) & (Minutes.edition == latest.c.edition),
        )
        .options(
            joinedload(Decision.group),
            joinedload(Decision.meeting).joinedload(Meeting.group),
            joinedload(Decision.meeting).selectinload(Meeting.extra_groups),
        )
        .where(Decision.group_id.in_(group_ids))
        .order_by(Meeting.starts_at.desc(), Decision.sequence)
        .limit(REGISTER_LIMIT)
    )
    query = (query or "").strip()
    if query:
        statement = statement.where(contains_text(Decision.text, query))
    rows = []
    rules: dict[int, str] = {}
    for decision, minutes in db.session.execute(statement).unique().all():
        if not can(user, "minutes.view", minutes):
            continue
        if decision.group_id not in rules:
            rules[decision.group_id] = quorum_rule_text(decision.group)
        rows.append(register_row(decision, minutes, rules[decision.group_id]))
    added = contributions(
        register_read, None, user=user, group_ids=group_ids, query=query, limit=REGISTER_LIMIT
    ).get("rows")
    if added:
        # Newest first; a stable sort keeps the decisions of one meeting in their order.
        rows = sorted([*rows, *added], key=lambda r: r.meeting_starts_at, reverse=True)
        rows = rows[:REGISTER_LIMIT]
    return rows


def register_row(decision: Decision, minutes: Minutes, quorum_rule: str) -> RegisterRow:
    """The decision as a row of the decisions register (``quorum_rule``: its group's, as
    ``quorum_rule_text`` words it)."""
    meeting = decision.meeting
    return RegisterRow(
        label=decision_label(decision),
        text=decision.text,
        votes=(decision.votes_for, decision.votes_against, decision.votes_abstaining),
        meeting_id=meeting.id,
        meeting_title=meeting.title,
        meeting_starts_at=meeting.starts_at,
        meeting_timezone=meeting.timezone,
        state=minutes.state,
        group_name=decision.group.name,
        group_slug=decision.group.slug,
        adopted=decision_adopted(
            decision.votes_for, decision.votes_against, decision.votes_abstaining
        ),
        quorum_rule=quorum_rule,
    )


def register_groups(user: Any) -> list[WorkingGroup]:
    """Groups whose register the person may open: their own, by name. One query."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        db.session.scalars(
            select(WorkingGroup)
            .join(Membership, Membership.group_id == WorkingGroup.id)
            .where(Membership.user_id == user.id, WorkingGroup.archived_at.is_(None))
            .order_by(WorkingGroup.name)
        ).all()
    )
