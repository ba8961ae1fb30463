"""The minutes as a document: the plain values of its PDF (``minutes_document``), built in
the group's language from the agenda, the attendance register, the decisions and the tasks
for templates/print/minutes.html, and the unsigned copy watermarked "draft"
(``render_draft``). ``publishing.py`` renders the same values as the archival, signed PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..agenda.services import build_timetable
from ..auth.models import User
from ..documents.pdf import render_document
from ..documents.rendered import DocumentSource, document_source, file_slug
from ..extensions import db
from ..groups.enums import Role
from ..groups.labels import role_label
from ..groups.letterhead import letterhead_of
from ..groups.minutes_sections import Section, sections_of
from ..groups.services import minutes_reference
from ..i18n import force_locale, format_local_date, format_local_time, zone_city
from ..invitations.enums import Attendance
from ..invitations.models import Invitation
from ..links import external_url
from ..scheduling.models import Meeting
from ..scheduling.online import shared_online_link
from ..text import render_markdown
from .enums import MinutesState
from .models import ActionItem, Decision, Minutes
from .services import (
    ACTION_STATUS_LABELS,
    ATTENDANCE_LABELS,
    RECORDED_BY_LABEL,
    STATE_LABELS,
    VERIFIED_BY_LABEL,
    VOTE_CHOICE_LABELS,
    attendance_rows,
    decision_quorums,
    owner_label,
    presence_note,
    quorum_status,
    roll_calls,
)

TEMPLATE = "print/minutes.html"


@dataclass
class AttendanceRow:
    name: str
    organisation: str
    attendance: str


@dataclass
class ItemSection:
    number: str
    title: str
    #: The course of the meeting under this item: Markdown rendered and sanitised.
    text: Markup
    children: list[ItemSection] = field(default_factory=list)


@dataclass
class DecisionRow:
    label: str
    item: str
    text: str
    votes: str
    #: "Quorate" / "Not quorate" when the decision was taken, where the group defines a
    #: quorum; "" otherwise.
    quorum: str = ""
    #: The vote by name, when recorded: ("For (3)", "Jana Předsedová, …") per choice,
    #: every choice shown (a count of 0 with "—").
    roll_call: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ActionRow:
    text: str
    item: str
    owner: str
    due: str
    status: str


@dataclass
class MinutesDocument:
    """Everything the minutes PDF shows, as plain values in the group's language."""

    lang: str
    #: For the PDF's metadata: "Minutes – 10. setkání …", and the group as its author.
    document_title: str
    author: str
    group_name: str
    parent_body: str
    number: str
    title: str
    date: str
    time: str
    zone: str
    venue_name: str
    venue_address: str
    room: str
    online_url: str
    groups: list[str]
    is_joint: bool
    edition: int
    correction_reason: str
    opening: Markup
    closing: Markup
    next_meeting: Markup
    attendance: list[AttendanceRow]
    #: For each group taking part that defines a quorum: "Quorum of …: 2 of 2 … Quorate".
    quorum: list[str]
    #: The filing reference by the group's pattern ("PS-SOC/2018/10"), or "".
    reference: str
    #: The scan of the signed attendance sheet is kept with the meeting.
    signed_sheet_kept: bool
    items: list[ItemSection]
    decisions: list[DecisionRow]
    decisions_have_votes: bool
    #: Some decision says whether the meeting was quorate when it was taken.
    decisions_have_quorum: bool
    actions: list[ActionRow]
    chair_name: str
    #: "Chair" in the approving chair's own form ("Předsedkyně").
    chair_label: str
    approved_at: str
    #: The sections the group's minutes have and their headings (key → Section).
    sections: dict[str, Section]
    #: "Zapsala" / "Ověřil" and the names; empty when nobody is chosen.
    recorded_label: str
    recorded_by: str
    verified_label: str
    verified_by: str
    #: When the verifier confirmed, "" when not (yet).
    verified_at: str
    published_at: str
    #: The signing certificate's holder when the copy is signed, else "".
    signed_by: str
    is_draft: bool
    #: The watermark of a draft copy, e.g. "KONCEPT".
    watermark: str
    state: str
    link: str


def attendance_label(
    attendance: Attendance | None, represented_by: str | None = None, gender: str | None = None
) -> str:
    if attendance is None:
        return "—"
    label = ATTENDANCE_LABELS[attendance].of(gender)
    if attendance == Attendance.REPRESENTED and represented_by:
        return f"{label} {represented_by}"
    return label


_ATTENDANCE_ORDER = {
    Attendance.PRESENT: 0,
    Attendance.ONLINE: 1,
    Attendance.REPRESENTED: 2,
    Attendance.EXCUSED: 3,
    Attendance.ABSENT: 4,
    None: 5,
}


def _attendance(meeting: Meeting, numbers: dict[int, str]) -> list[AttendanceRow]:
    invitations = db.session.scalars(
        select(Invitation)
        .options(
            joinedload(Invitation.user).joinedload(User.organisation),
            joinedload(Invitation.organisation),
        )
        .where(Invitation.meeting_id == meeting.id)
    ).all()

    def name(inv: Invitation) -> str:
        return inv.user.name if inv.user is not None else (inv.name or inv.email or "")

    def organisation(inv: Invitation) -> str:
        body = inv.organisation or (inv.user.organisation if inv.user is not None else None)
        return body.name if body is not None else ""

    ordered = sorted(
        invitations, key=lambda i: (_ATTENDANCE_ORDER[i.attendance], name(i).casefold())
    )

    def label(i: Invitation) -> str:
        text = attendance_label(
            i.attendance, i.represented_by, i.user.grammatical_gender if i.user else None
        )
        note = presence_note(i.arrived_before_item_id, i.left_after_item_id, numbers)
        return f"{text} ({note})" if note else text

    return [AttendanceRow(name(i), organisation(i), label(i)) for i in ordered]


def _votes(decision: Decision) -> str:
    parts = []
    if decision.votes_for is not None:
        parts.append(_("for: %(num)d", num=decision.votes_for))
    if decision.votes_against is not None:
        parts.append(_("against: %(num)d", num=decision.votes_against))
    if decision.votes_abstaining is not None:
        parts.append(_("abstaining: %(num)d", num=decision.votes_abstaining))
    return ", ".join(parts)


def format_when(value: dt.datetime | None, zone: str) -> str:
    """The date and time in the zone, e.g. when the minutes were approved ("" for None)."""
    if value is None:
        return ""
    return f"{format_local_date(value, zone)} {format_local_time(value, zone)}"


def minutes_pdf_filename(minutes: Minutes) -> str:
    meeting = minutes.meeting
    number = meeting.number or f"m{meeting.id}"
    suffix = f"-{minutes.edition}" if minutes.edition > 1 else ""
    return f"minutes-{file_slug(meeting.group.slug)}-{number}{suffix}.pdf"


# --- building the document -------------------------------------------------------------------


def _item_sections(timetable: Any, minutes: Minutes) -> tuple[list[ItemSection], dict[int, str]]:
    """The agenda's items with the course of the meeting under each (Markdown rendered),
    and each item's number by its id. Text kept for an agenda item that was removed
    afterwards is not lost: it comes last, under "Other matters"."""
    texts = {e.agenda_item_id: e.text for e in minutes.entries}
    numbers: dict[int, str] = {}

    def section(row: Any) -> ItemSection:
        numbers[row.id] = row.number
        return ItemSection(
            number=row.number,
            title=row.title,
            text=render_markdown(texts.get(row.id)),
            children=[section(c) for c in row.children],
        )

    items = [section(r) for r in timetable.rows]
    orphans = [
        t for item_id, t in texts.items() if (item_id is None or item_id not in numbers) and t
    ]
    if orphans:
        items.append(ItemSection("", _("Other matters"), render_markdown("\n\n".join(orphans))))
    return items, numbers


def _decision_rows(
    meeting: Meeting,
    decisions: list[Decision],
    numbers: dict[int, str],
    quorums: dict[int, Any] | None = None,
) -> list[DecisionRow]:
    quorums = quorums or {}
    by_name = roll_calls(decisions)
    return [
        DecisionRow(
            label=f"{meeting.number}/{d.sequence}" if meeting.number else str(d.sequence),
            item=numbers.get(d.agenda_item_id or 0, ""),
            text=d.text,
            votes=_votes(d),
            quorum=(_("Quorate") if quorums[d.id].reached else _("Not quorate"))
            if d.id in quorums
            else "",
            roll_call=_roll_call_lines(by_name.get(d.id)),
        )
        for d in decisions
    ]


def _roll_call_lines(roll_call: Any) -> list[tuple[str, str]]:
    if roll_call is None:
        return []
    return [
        (f"{VOTE_CHOICE_LABELS[choice]} ({count})", ", ".join(names) or "—")
        for choice, count, names in roll_call.lines()
    ]


def _action_rows(actions: list[ActionItem], numbers: dict[int, str]) -> list[ActionRow]:
    return [
        ActionRow(
            text=a.text,
            item=numbers.get(a.agenda_item_id or 0, ""),
            owner=owner_label(a),
            due=format_local_date(a.due_on) if a.due_on else "",
            status=str(ACTION_STATUS_LABELS[a.status]),
        )
        for a in actions
    ]


def _meeting_fields(meeting: Meeting) -> dict[str, Any]:
    """The document's values about the meeting: its number, title, time and place."""
    zone = meeting.timezone
    venue = meeting.venue
    return {
        "number": f"{meeting.number}." if meeting.number else "",
        "title": meeting.title,
        "date": format_local_date(meeting.starts_at, zone),
        "time": f"{format_local_time(meeting.starts_at, zone)}–"
        f"{format_local_time(meeting.ends_at, zone)}",
        "zone": zone_city(zone),
        "venue_name": venue.name if venue else "",
        "venue_address": venue.address if venue else "",
        "room": meeting.room_name or "",
        # Published minutes reach whoever sees the meeting: see ``shared_online_link``.
        "online_url": shared_online_link(meeting) or "",
        "groups": [g.name for g in meeting.groups],
        "is_joint": bool(meeting.extra_groups),
    }


def _person_label(label: Any, person: Any) -> str:
    return label.of(getattr(person, "grammatical_gender", None))


def _quorum_line(status: Any) -> str:
    return f"{status.text} {_('Quorate') if status.reached else _('Not quorate')}"


def minutes_document(
    minutes: Minutes,
    *,
    draft: bool,
    signed_by: str = "",
    published_at: dt.datetime | None = None,
) -> MinutesDocument:
    """Primitives for templates/print/minutes.html, formatted in the group's language.

    A few queries: the agenda, the attendance register, the decisions and the tasks.
    """
    meeting = minutes.meeting
    group = meeting.group
    lang = str(group.language)
    zone = meeting.timezone
    timetable = build_timetable(meeting)
    decisions = db.session.scalars(
        select(Decision).where(Decision.meeting_id == meeting.id).order_by(Decision.sequence)
    ).all()
    actions = db.session.scalars(
        select(ActionItem)
        .options(joinedload(ActionItem.owner), joinedload(ActionItem.owner_organisation))
        .where(ActionItem.meeting_id == meeting.id)
        .order_by(ActionItem.id)
    ).all()
    with force_locale(lang):
        items, numbers = _item_sections(timetable, minutes)
        register = attendance_rows(meeting)
        decision_rows = _decision_rows(
            meeting,
            list(decisions),
            numbers,
            decision_quorums(meeting, register, decisions),
        )
        return MinutesDocument(
            lang=lang,
            document_title=_("Minutes: %(title)s", title=meeting.title),
            author=group.name,
            group_name=group.name,
            parent_body=group.parent_body or "",
            **_meeting_fields(meeting),
            edition=minutes.edition,
            correction_reason=minutes.correction_reason or "",
            opening=render_markdown(minutes.opening),
            closing=render_markdown(minutes.closing),
            next_meeting=render_markdown(minutes.next_meeting),
            attendance=_attendance(meeting, numbers),
            quorum=[_quorum_line(q) for q in quorum_status(meeting, register)],
            decisions_have_quorum=any(r.quorum for r in decision_rows),
            reference=minutes_reference(meeting),
            signed_sheet_kept=meeting.signed_sheet_file_id is not None,
            items=items,
            decisions=decision_rows,
            decisions_have_votes=any(r.votes for r in decision_rows),
            actions=_action_rows(list(actions), numbers),
            chair_name=minutes.approved_by.name if minutes.approved_by else "",
            chair_label=role_label(Role.CHAIR, minutes.approved_by),
            approved_at=format_when(minutes.approved_at, zone),
            sections=sections_of(group),
            recorded_label=_person_label(RECORDED_BY_LABEL, minutes.recorded_by),
            recorded_by=minutes.recorded_by.name if minutes.recorded_by else "",
            verified_label=_person_label(VERIFIED_BY_LABEL, minutes.verified_by),
            verified_by=minutes.verified_by.name if minutes.verified_by else "",
            verified_at=format_when(minutes.verified_at, zone),
            published_at=format_when(published_at, zone),
            signed_by=signed_by,
            is_draft=draft,
            # Approved minutes are no draft any more: their copy says only what it is not yet.
            watermark=(
                _("not published") if minutes.state == MinutesState.APPROVED else _("draft")
            ).upper(),
            state=str(STATE_LABELS[minutes.state]),
            link=external_url("scheduling.meeting", meeting_id=meeting.id),
        )


def render_draft(minutes: Minutes) -> bytes:
    """A fresh, unsigned copy watermarked "draft" (for managers, at any state)."""
    source = _draft_source(minutes)
    return render_document(source.template, source.context, source.lang).data


@document_source("minutes-draft")
def draft_pdf_source(minutes_id: int) -> DocumentSource | None:
    """What the unsigned copy watermarked "draft" is made from (rendered once per version,
    in the job queue: see documents/rendered.py); None when there are no such minutes."""
    minutes = db.session.get(Minutes, minutes_id)
    return _draft_source(minutes) if minutes is not None else None


def _draft_source(minutes: Minutes) -> DocumentSource:
    document = minutes_document(minutes, draft=True)
    return DocumentSource(
        kind="minutes-draft",
        subject_id=minutes.id,
        template=TEMPLATE,
        context={"doc": document, "letterhead": letterhead_of(minutes.meeting.group)},
        lang=document.lang,
        filename=f"draft-{minutes_pdf_filename(minutes)}",
    )
