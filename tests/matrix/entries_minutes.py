"""Minutes: read view, editor, attendance register, workflow, comments, history, the
decisions register and the person's tasks.

The minutes rows use a held meeting of the members-only group (made on demand) whose
minutes are in the state the row needs: draft for the editor, submitted for approving,
returning and commenting, approved for publishing and corrections.
"""

from meetings.agenda.models import AgendaItem
from meetings.extensions import db
from meetings.minutes.enums import MinutesState
from meetings.minutes.models import Decision, Minutes
from meetings.scheduling.enums import MeetingStatus

from .. import factories
from .framework import Entry, managers, signed_in


def _minutes(w, state: MinutesState) -> Minutes:
    """A held meeting with one agenda item and minutes in ``state`` (one per state)."""
    cache = w.__dict__.setdefault("minutes_by_state", {})
    if state not in cache:
        meeting = factories.make_meeting(
            w.group,
            starts_at=factories.local_time("Europe/Prague", 2018, 3, 20, 10),
            status=MeetingStatus.HELD,
        )
        db.session.add(AgendaItem(meeting=meeting, position=0, title="Úvod"))
        fields = {}
        if state in (MinutesState.APPROVED, MinutesState.PUBLISHED):
            fields = {"approved_at": meeting.ends_at, "approved_by": w.people.chair}
        minutes = Minutes(meeting=meeting, state=state, opening="Zahájení.", **fields)
        db.session.add(minutes)
        db.session.flush()
        cache[state] = minutes
    return cache[state]


def _url(state: MinutesState, tail: str = ""):
    return lambda w: f"/meetings/{_minutes(w, state).meeting_id}/minutes{tail}"


def _signed_sheet(w) -> str:
    """A meeting whose signed attendance sheet is kept (scanned as a PDF)."""
    from meetings.storage import services as storage

    meeting = _minutes(w, MinutesState.APPROVED).meeting
    meeting.signed_sheet = storage.store(b"%PDF-1.4\n%%EOF\n", "application/pdf")
    db.session.flush()
    return f"/meetings/{meeting.id}/attendance-sheet/signed"


def _to_verify(w) -> str:
    """Submitted minutes the member was chosen to verify (not confirmed yet)."""
    minutes = _minutes(w, MinutesState.SUBMITTED)
    minutes.verified_by_id = w.people.member.id
    minutes.verified_at = None
    db.session.flush()
    return f"/meetings/{minutes.meeting_id}/minutes/verify"


def _vote_by_name(state: MinutesState):
    """The vote by name page of a decision in minutes in ``state`` (one decision each)."""

    def url(w) -> str:
        cache = w.__dict__.setdefault("decisions_by_state", {})
        if state not in cache:
            meeting = _minutes(w, state).meeting
            decision = Decision(
                group=meeting.group, meeting=meeting, sequence=1, text="Schvaluje se."
            )
            db.session.add(decision)
            db.session.flush()
            cache[state] = decision
        decision = cache[state]
        return f"/meetings/{decision.meeting_id}/minutes/decisions/{decision.id}/vote-by-name"

    return url


DRAFT, SUBMITTED, APPROVED = MinutesState.DRAFT, MinutesState.SUBMITTED, MinutesState.APPROVED

#: The group's managers may; members and observers get 403 (with the reason); the outsider
#: does not see the meeting at all (404).
MANAGE_GET = managers(200, outsider=404)
MANAGE_POST = managers(302, outsider=404)
#: Only the chair approves or returns (the admin acts as an assistant: approving stays the
#: chair's act).
CHAIR_ONLY = signed_in(403, chair=302, outsider=404)
#: Nobody, whatever their role: the group's people are told why (403), the outsider does
#: not see the meeting (404).
NOBODY = signed_in(403, outsider=404)
#: Everyone in the group reads (and the admin); the outsider does not see the meeting.
GROUP_READS = signed_in(200, outsider=404)

ENTRIES = [
    Entry(
        "minutes.view",
        _url(DRAFT),
        managers(200, outsider=404),
        note="members read minutes once they are submitted",
    ),
    Entry(
        "minutes.edit",
        _url(DRAFT, "/edit"),
        MANAGE_GET,
    ),
    Entry(
        "minutes.edit",
        _url(DRAFT, "/edit"),
        MANAGE_POST,
        method="POST",
        data=lambda w: {"version": str(_minutes(w, DRAFT).version), "opening": "Zahájení."},
    ),
    Entry(
        "minutes.preview",
        _url(DRAFT, "/preview"),
        MANAGE_GET,
        method="POST",
        data=lambda w: {"text": "**Zahájení.**"},
        note="the editor's live preview: those who may edit the minutes",
    ),
    Entry(
        "minutes.view",
        _url(SUBMITTED),
        GROUP_READS,
        note="submitted minutes: every role in the group reads (and comments, if taking part)",
    ),
    Entry(
        "minutes.view",
        _url(APPROVED),
        GROUP_READS,
        note="approved minutes: every role in the group reads",
    ),
    Entry(
        "minutes.edit",
        _url(SUBMITTED, "/edit"),
        NOBODY,
        note="submitted: the assistant waits for the chair, who approves or returns",
    ),
    Entry(
        "minutes.edit",
        _url(APPROVED, "/edit"),
        NOBODY,
        note="approved minutes never change (a correction is a new edition)",
    ),
    Entry(
        "minutes.edit",
        _url(APPROVED, "/edit"),
        NOBODY,
        method="POST",
        data=lambda w: {"version": str(_minutes(w, APPROVED).version), "opening": "Změna."},
        note="approved minutes never change, not even for the chair or the admin",
    ),
    Entry("minutes.attendance", _url(DRAFT, "/attendance"), MANAGE_GET),
    Entry("minutes.attendance", _url(DRAFT, "/attendance"), MANAGE_POST, method="POST"),
    Entry(
        "minutes.attendance",
        _url(APPROVED, "/attendance"),
        GROUP_READS,
        note="approved minutes: whoever reads them sees the register, read-only",
    ),
    Entry(
        "minutes.attendance",
        _url(APPROVED, "/attendance"),
        NOBODY,
        method="POST",
        data=lambda w: {},
        note="the register of approved minutes never changes",
    ),
    Entry(
        "minutes.add_guest",
        _url(DRAFT, "/attendance/guests"),
        MANAGE_POST,
        method="POST",
        data=lambda w: {"name": "Host z kraje"},
    ),
    Entry("minutes.add_members", _url(DRAFT, "/attendance/members"), MANAGE_POST, method="POST"),
    Entry(
        "minutes.attendance_sheet_pdf",
        lambda w: f"/meetings/{_minutes(w, SUBMITTED).meeting_id}/attendance-sheet.pdf",
        managers(202, outsider=404),
        note="printed by those who run the meeting, whatever the state of its minutes; the "
        "first request finds it being prepared (202, a page that reloads itself)",
    ),
    Entry(
        "minutes.upload_signed_sheet",
        lambda w: f"/meetings/{_minutes(w, SUBMITTED).meeting_id}/attendance-sheet/signed/upload",
        MANAGE_POST,
        method="POST",
        note="without a file the page says what to choose",
    ),
    Entry(
        "minutes.signed_sheet",
        _signed_sheet,
        managers(200, outsider=404),
        note="the participants' signatures: those who run the meeting only",
    ),
    Entry(
        "minutes.remove_signed_sheet",
        lambda w: f"{_signed_sheet(w)}/delete",
        MANAGE_POST,
        method="POST",
    ),
    Entry(
        "minutes.roll_call",
        _vote_by_name(DRAFT),
        MANAGE_GET,
        note="the vote by name is part of the minutes: those who may edit them",
    ),
    Entry(
        "minutes.roll_call",
        _vote_by_name(DRAFT),
        MANAGE_POST,
        method="POST",
        note="nobody of the register was present: the (empty) vote is saved",
    ),
    Entry(
        "minutes.roll_call",
        _vote_by_name(APPROVED),
        NOBODY,
        method="POST",
        data=lambda w: {},
        note="approved minutes never change, nor their votes",
    ),
    Entry("minutes.submit", _url(DRAFT, "/submit"), MANAGE_POST, method="POST"),
    Entry("minutes.approve", _url(SUBMITTED, "/approve"), CHAIR_ONLY, method="POST"),
    Entry(
        "minutes.signatories",
        _url(DRAFT, "/signatories"),
        MANAGE_POST,
        method="POST",
        data=lambda w: {"recorded_by": w.people.assistant.id, "verified_by": w.people.member.id},
    ),
    Entry(
        "minutes.verify_minutes",
        _to_verify,
        signed_in(403, member=302, outsider=404),
        method="POST",
        note="only the person chosen as verifier (here the member), once",
    ),
    Entry(
        "minutes.return_for_changes",
        _url(SUBMITTED, "/return"),
        CHAIR_ONLY,
        method="POST",
        data=lambda w: {"comment": "Doplňte prosím bod 6."},
    ),
    Entry(
        "minutes.comment",
        _url(SUBMITTED, "/comments"),
        signed_in(302, observer=403, outsider=404),
        method="POST",
        data=lambda w: {"text": "Překlep v bodě 1."},
        note="participants comment; observers only read",
    ),
    Entry(
        "minutes.publish",
        _url(APPROVED, "/publish"),
        MANAGE_POST,
        method="POST",
        note="the request is recorded and the job queued",
    ),
    Entry(
        "minutes.correction",
        _url(APPROVED, "/correction"),
        MANAGE_POST,
        method="POST",
        data=lambda w: {"reason": "Chybné datum dalšího jednání."},
    ),
    Entry(
        "minutes.history",
        _url(DRAFT, "/history"),
        managers(200, outsider=404),
    ),
    Entry(
        "minutes.decisions",
        lambda w: f"/decisions?group={w.group.slug}",
        signed_in(200, outsider=404),
        note="a members-only group's register is private: 404 for others",
    ),
    Entry("minutes.tasks", lambda w: "/tasks", signed_in(200)),
    Entry(
        "minutes.task_status",
        lambda w: f"/tasks/{w.action.id}/status",
        signed_in(302, observer=403, outsider=404),
        method="POST",
        data=lambda w: {"status": "done"},
        note="the owner (the member) and the group's managers",
    ),
]
