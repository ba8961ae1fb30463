"""The attendance register: who came, who was excused or represented, guests recorded on
the spot, and the quorum."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ...auth.models import User
from ...auth.permissions import PARTICIPANTS
from ...extensions import db
from ...groups.enums import QuorumRule
from ...groups.models import Membership, WorkingGroup
from ...invitations.enums import Attendance, Rsvp
from ...invitations.models import Invitation
from ...scheduling.models import Meeting
from ..models import Decision
from .common import MinutesError
from .items import agenda_rows

log = logging.getLogger(__name__)


def _guess(invitation: Invitation) -> Attendance:
    """A starting guess from the answer: accepted → present, declined → excused."""
    if invitation.rsvp == Rsvp.ACCEPTED:
        return Attendance.PRESENT
    if invitation.rsvp == Rsvp.DECLINED:
        return Attendance.EXCUSED
    return Attendance.ABSENT


@dataclass
class AttendanceRow:
    invitation_id: int
    name: str
    organisation: str
    email: str
    rsvp: Rsvp
    attendance: Attendance
    #: False while the attendance is only guessed from the answer.
    recorded: bool
    represented_by: str
    is_guest: bool
    user_id: int | None
    #: The person's GrammaticalGender when they gave one (for the attendance label).
    gender: str | None = None
    #: The agenda item after which they left the meeting (None: stayed to the end).
    left_after_item_id: int | None = None
    #: The agenda item before which they arrived (None: from the start).
    arrived_before_item_id: int | None = None


def _invitations(meeting: Meeting) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .options(
                joinedload(Invitation.user).joinedload(User.organisation),
                joinedload(Invitation.organisation),
            )
            .where(Invitation.meeting_id == meeting.id)
            .order_by(Invitation.id)
        ).all()
    )


def attendance_rows(meeting: Meeting) -> list[AttendanceRow]:
    """The attendance register: every invitee (members first, then guests), by name. One
    query (with the members' ids from the cached roles or one more)."""
    member_ids = set(
        db.session.scalars(
            select(Membership.user_id).where(
                Membership.group_id.in_([g.id for g in meeting.groups])
            )
        )
    )
    rows = []
    for inv in _invitations(meeting):
        organisation = inv.organisation or (inv.user.organisation if inv.user else None)
        name = inv.user.name if inv.user else (inv.name or inv.email or "")
        rows.append(
            AttendanceRow(
                invitation_id=inv.id,
                name=name,
                organisation=organisation.name if organisation else "",
                email=inv.user.email if inv.user else (inv.email or ""),
                rsvp=inv.rsvp,
                attendance=inv.attendance or _guess(inv),
                recorded=inv.attendance is not None,
                represented_by=inv.represented_by or "",
                is_guest=inv.user_id not in member_ids,
                user_id=inv.user_id,
                gender=inv.user.grammatical_gender if inv.user else None,
                left_after_item_id=inv.left_after_item_id,
                arrived_before_item_id=inv.arrived_before_item_id,
            )
        )
    rows.sort(key=lambda r: (r.is_guest, r.name.casefold(), r.invitation_id))
    return rows


@dataclass
class AttendanceChange:
    invitation_id: int
    attendance: Attendance
    represented_by: str | None
    #: The agenda item after which the person left (None: stayed to the end).
    left_after_item_id: int | None = None
    #: The agenda item before which the person arrived (None: from the start).
    arrived_before_item_id: int | None = None


def save_attendance(meeting: Meeting, changes: Sequence[AttendanceChange]) -> int:
    """Record attendance. Side effects: sets Invitation.attendance / represented_by /
    left_after_item_id / arrived_before_item_id of the meeting's invitations (unknown ids
    ignored; an item not of this meeting, or of someone who did not take part, is dropped,
    and so is an arrival after the item they left after); flushes. Returns how many rows
    changed."""
    item_ids = {item.id for item in meeting.agenda_items}
    spans = item_spans(meeting) if any(c.arrived_before_item_id for c in changes) else {}
    invitations = {i.id: i for i in _invitations(meeting)}
    changed = 0
    for change in changes:
        inv = invitations.get(change.invitation_id)
        if inv is None:
            continue
        substitute = (change.represented_by or "").strip() or None
        if change.attendance != Attendance.REPRESENTED:
            substitute = None
        left = change.left_after_item_id
        if left not in item_ids or change.attendance not in COUNTED:
            left = None
        arrived = change.arrived_before_item_id
        if (
            arrived not in item_ids
            or change.attendance not in COUNTED
            or arrives_after_leaving(spans, arrived, left)
        ):
            arrived = None
        if (
            inv.attendance,
            inv.represented_by,
            inv.left_after_item_id,
            inv.arrived_before_item_id,
        ) != (change.attendance, substitute, left, arrived):
            inv.attendance = change.attendance
            inv.represented_by = substitute
            inv.left_after_item_id = left
            inv.arrived_before_item_id = arrived
            changed += 1
    db.session.flush()
    return changed


def record_guest(
    meeting: Meeting,
    *,
    name: str,
    organisation_id: int | None = None,
    email: str | None = None,
    attendance: Attendance = Attendance.PRESENT,
) -> Invitation:
    """A guest recorded on the spot (no e-mail is sent).

    Side effects: adds an Invitation (linked to the account when the address has one);
    flushes. Raises MinutesError when the person is on the register already.
    """
    name = " ".join((name or "").split())
    address = (email or "").strip().lower() or None
    user = None
    if address:
        user = db.session.scalars(select(User).where(User.email == address)).first()
        for other in _invitations(meeting):
            other_address = other.user.email if other.user else other.email
            if other_address == address or (user is not None and other.user_id == user.id):
                raise MinutesError(
                    _l("%(email)s is on the attendance register already.", email=address)
                )
    invitation = Invitation(
        meeting=meeting,
        user_id=user.id if user else None,
        email=None if user else address,
        name=name or None,
        organisation_id=organisation_id,
        attendance=attendance,
    )
    db.session.add(invitation)
    db.session.flush()
    log.info("meeting %s: guest %s recorded in the register", meeting.id, invitation.id)
    return invitation


def missing_members(meeting: Meeting) -> list[User]:
    """Members of the groups taking part who are not on the register. One query."""
    group_ids = [g.id for g in meeting.groups]
    listed = select(Invitation.user_id).where(
        Invitation.meeting_id == meeting.id, Invitation.user_id.is_not(None)
    )
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.id.in_(select(Membership.user_id).where(Membership.group_id.in_(group_ids))),
                User.id.not_in(listed),
                User.is_enabled.is_(True),
            )
            .order_by(User.name)
        ).all()
    )


def add_missing_members(meeting: Meeting) -> int:
    """Put the members of the groups taking part who are missing on the register (absent
    until changed; nothing is sent). Side effects: adds Invitations; flushes."""
    people = missing_members(meeting)
    for person in people:
        db.session.add(Invitation(meeting=meeting, user_id=person.id))
    db.session.flush()
    return len(people)


@dataclass
class QuorumStatus:
    group_name: str
    rule: QuorumRule
    needed: int
    #: Voting members of the group present or represented.
    counted: int
    #: The group's voting members (chair, assistant, member).
    voting: int = 0
    group_id: int | None = None

    @property
    def reached(self) -> bool:
        return self.counted >= self.needed

    @property
    def text(self) -> str:
        """ "Quorum of …: 6 of 11 voting members present or represented, more than half
        needed." in the current locale (the verdict, Quorate or not, follows it)."""
        if self.rule == QuorumRule.MAJORITY:
            return gettext(
                "Quorum of %(group)s: %(count)d of %(voting)d voting members present or "
                "represented, more than half needed.",
                group=self.group_name,
                count=self.counted,
                voting=self.voting,
            )
        if self.rule == QuorumRule.TWO_THIRDS:
            return gettext(
                "Quorum of %(group)s: %(count)d of %(voting)d voting members present or "
                "represented, at least two thirds needed.",
                group=self.group_name,
                count=self.counted,
                voting=self.voting,
            )
        return gettext(
            "Quorum of %(group)s: %(count)d of %(needed)d members present or represented.",
            group=self.group_name,
            count=self.counted,
            needed=self.needed,
        )


#: Who counts for the quorum: in the room, online, or represented by a substitute.
COUNTED = frozenset({Attendance.PRESENT, Attendance.ONLINE, Attendance.REPRESENTED})


def defines_quorum(group: WorkingGroup) -> bool:
    """A group defines a quorum when it sets a number or a share of its voting members."""
    return group.quorum_rule != QuorumRule.COUNT or bool(group.quorum)


def quorum_needed(group: WorkingGroup, voting: int) -> int:
    """Voting members needed under the group's rule, of ``voting`` voting members: the
    number it sets, more than half, or at least two thirds (never fewer than one)."""
    if group.quorum_rule == QuorumRule.MAJORITY:
        return voting // 2 + 1
    if group.quorum_rule == QuorumRule.TWO_THIRDS:
        return max(1, -(-2 * voting // 3))
    return group.quorum or 0


def quorum_status(
    meeting: Meeting, rows: Sequence[AttendanceRow], *, absent: Iterable[int] = ()
) -> list[QuorumStatus]:
    """For each group taking part that defines a quorum: its voting members (chair,
    assistant, member; observers and guests never count) present (in the room or online)
    or represented by a substitute, against the group's rule. ``absent``: ids of users
    not to count (those who had left the meeting). One query."""
    groups = [g for g in meeting.groups if defines_quorum(g)]
    if not groups:
        return []
    return _statuses(groups, _voting_members(groups), rows, set(absent))


def _voting_members(groups: Sequence[WorkingGroup]) -> list[tuple[int, int]]:
    """(group id, user id) of every voting member of the groups. One query."""
    return list(
        db.session.execute(
            select(Membership.group_id, Membership.user_id).where(
                Membership.group_id.in_([g.id for g in groups]),
                Membership.role.in_(list(PARTICIPANTS)),
            )
        ).tuples()
    )


def _statuses(
    groups: Sequence[WorkingGroup],
    members: Sequence[tuple[int, int]],
    rows: Sequence[AttendanceRow],
    gone: set[int],
) -> list[QuorumStatus]:
    counted_users = {
        r.user_id
        for r in rows
        if r.user_id is not None and r.attendance in COUNTED and r.user_id not in gone
    }
    statuses = []
    for g in groups:
        voting = [uid for gid, uid in members if gid == g.id]
        statuses.append(
            QuorumStatus(
                g.name,
                g.quorum_rule,
                quorum_needed(g, len(voting)),
                sum(1 for uid in voting if uid in counted_users),
                len(voting),
                g.id,
            )
        )
    return statuses


def presence_note(
    arrived_before_item_id: int | None,
    left_after_item_id: int | None,
    numbers: Mapping[int | None, str],
) -> str:
    """ "arrived at item 3, left after item 5" in the current locale ("" for someone there
    from the start to the end); ``numbers``: agenda item id → its number ("3." or "2a")."""
    parts = []
    if arrived_before_item_id in numbers:
        number = numbers[arrived_before_item_id].rstrip(".")
        parts.append(gettext("arrived at item %(number)s", number=number))
    if left_after_item_id in numbers:
        number = numbers[left_after_item_id].rstrip(".")
        parts.append(gettext("left after item %(number)s", number=number))
    return ", ".join(parts)


def item_spans(meeting: Meeting) -> dict[int, tuple[int, int]]:
    """Each agenda item's place in the meeting: (its rank, the rank of its last sub-item)
    in agenda order (1., 2., 2a, 2b, 3. …); an item without sub-items ends where it
    starts. One query (the agenda)."""
    order = agenda_rows(meeting)
    spans = {row.agenda_item_id: (i, i) for i, row in enumerate(order)}
    parent_id = None
    for i, row in enumerate(order):
        if row.depth == 0:
            parent_id = row.agenda_item_id
        elif parent_id is not None:
            spans[parent_id] = (spans[parent_id][0], i)
    return spans


def arrives_after_leaving(
    spans: dict[int, tuple[int, int]], arrived: int | None, left: int | None
) -> bool:
    """Whether arriving before item ``arrived`` comes after leaving after item ``left``
    (after its last sub-item): an impossible combination."""
    if arrived not in spans or left not in spans:
        return False
    return spans[arrived][0] > spans[left][1]


def _away_at(
    rows: Sequence[AttendanceRow], spans: dict[int, tuple[int, int]]
) -> Callable[[int | None], set[int]]:
    """For a point in the agenda (an item's rank; None: at no item), the users not in the
    meeting then: those who left after an earlier item (after its last sub-item) and those
    who arrived before a later one. At no item nobody is away."""
    leavers = [
        (r.user_id, spans[r.left_after_item_id][1])
        for r in rows
        if r.user_id is not None and r.left_after_item_id in spans
    ]
    arrivals = [
        (r.user_id, spans[r.arrived_before_item_id][0])
        for r in rows
        if r.user_id is not None and r.arrived_before_item_id in spans
    ]

    def away(point: int | None) -> set[int]:
        if point is None:
            return set()
        return {uid for uid, end in leavers if end < point} | {
            uid for uid, start in arrivals if start > point
        }

    return away


def decision_quorums(
    meeting: Meeting, rows: Sequence[AttendanceRow], decisions: Iterable[Decision]
) -> dict[int, QuorumStatus]:
    """For each decision of a group that defines a quorum: the quorum when it was taken.

    A decision is taken at its agenda item. Those who left the meeting after an earlier
    item are not counted (leaving after an item with sub-items means after its last
    sub-item), nor those who arrived before a later item (arriving before an item with
    sub-items means before the item itself, so before its first sub-item: they count for
    a decision at the item and at each of its sub-items). Someone who arrived before item
    3 counts for item 3 and after, not for item 2; someone who left after item 5 counts up
    to item 5 (and its sub-items), not for item 6. A decision at no item counts everyone
    recorded. Two queries, whatever the number of decisions."""
    decisions = list(decisions)
    groups = [g for g in meeting.groups if defines_quorum(g)]
    if not decisions or not groups:
        return {}
    # The voting members once, whatever the number of items with decisions.
    members = _voting_members(groups)
    spans = item_spans(meeting)
    away = _away_at(rows, spans)
    result = {}
    by_point: dict[int | None, list[QuorumStatus]] = {}
    for decision in decisions:
        point = spans[decision.agenda_item_id][0] if decision.agenda_item_id in spans else None
        if point not in by_point:
            by_point[point] = _statuses(groups, members, rows, away(point))
        for status in by_point[point]:
            if status.group_id == decision.group_id:
                result[decision.id] = status
    return result


@dataclass
class Voter:
    """A voting member of the decision's group present (or represented) when it was
    taken: who may be recorded in its vote by name."""

    user_id: int
    name: str
    #: The substitute's name when the member was represented, else "".
    represented_by: str = ""


def voters_at(meeting: Meeting, rows: Sequence[AttendanceRow], decision: Decision) -> list[Voter]:
    """The voting members (chair, assistant, member) of the decision's group who were
    present, online or represented when it was taken, by name: the same people the quorum
    counts for the decision (see ``decision_quorums``). Two queries."""
    spans = item_spans(meeting)
    point = spans[decision.agenda_item_id][0] if decision.agenda_item_id in spans else None
    gone = _away_at(rows, spans)(point)
    voting = set(
        db.session.scalars(
            select(Membership.user_id).where(
                Membership.group_id == decision.group_id,
                Membership.role.in_(list(PARTICIPANTS)),
            )
        )
    )
    return [
        Voter(r.user_id, r.name, r.represented_by)
        for r in rows
        if r.user_id in voting and r.attendance in COUNTED and r.user_id not in gone
    ]
