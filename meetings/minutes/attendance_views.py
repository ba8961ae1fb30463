"""The attendance register: who came, guests recorded on the spot, missing members added."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from .. import merging
from ..auth.guard import guarded
from ..auth.permissions import can
from ..auth.services import organisation_choices
from ..documents.rendered import respond
from ..extensions import db
from ..scheduling.models import Meeting
from . import services
from .attendance_sheet import attendance_sheet_source
from .blueprint import acting_user, bp, current_or_placeholder, find_meeting, require
from .forms import ConfirmForm, GuestForm, attendance_choices, attendance_values, read_attendance
from .models import Minutes


def _attendance_page(
    meeting: Meeting,
    minutes: Minutes,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    guest_form: GuestForm | None = None,
    conflicts: list[str] | None = None,
    status: int = 200,
):
    rows = services.attendance_rows(meeting)
    organisations = organisation_choices()
    shown = attendance_values(rows)
    saved = dict(shown)
    if values is not None:
        shown.update(values)
    return (
        render_template(
            "minutes/attendance.html",
            meeting=meeting,
            minutes=minutes,
            rows=rows,
            values=shown,
            saved=saved,
            # The form is based on what is saved now, whatever it shows.
            base=merging.base_of(saved),
            conflicts=conflicts or [],
            choice_labels=dict(attendance_choices()),
            errors=errors or {},
            choices=attendance_choices(),
            quorum=services.quorum_status(meeting, rows),
            items=services.agenda_rows(meeting),
            missing=len(services.missing_members(meeting)),
            guest_form=guest_form or GuestForm(formdata=None, organisations=organisations),
            confirm_form=ConfirmForm(),
        ),
        status,
    )


def _read_only_page(meeting: Meeting, minutes: Minutes):
    """The register as recorded, for those who may read the minutes but not edit them
    (submitted, approved or published minutes): no form, no buttons."""
    rows = services.attendance_rows(meeting)
    return render_template(
        "minutes/attendance_read.html",
        meeting=meeting,
        minutes=minutes,
        rows=rows,
        item_numbers={row.agenda_item_id: row.number for row in services.agenda_rows(meeting)},
        quorum=services.quorum_status(meeting, rows),
    )


@bp.route("/meetings/<int:meeting_id>/minutes/attendance", methods=["GET", "POST"])
def attendance(meeting_id: int):
    meeting = find_meeting(meeting_id)
    minutes = current_or_placeholder(meeting)
    if (
        request.method == "GET"
        and not can(current_user, "minutes.edit", minutes)
        and can(current_user, "minutes.view", minutes)
    ):
        return _read_only_page(meeting, minutes)
    require("minutes.edit", minutes)
    if request.method == "GET":
        return _attendance_page(meeting, minutes)
    for _attempt in range(3):
        outcome = _save_register(meeting, minutes, request.form.to_dict())
        if outcome is not None:
            return outcome
        db.session.rollback()  # another save landed between our reading and our writing
    flash(_("Someone else is saving the register right now. Save again."), "error")
    return _attendance_page(meeting, minutes, request.form.to_dict(), status=409)


def _save_register(meeting: Meeting, minutes: Minutes, posted: dict[str, str]):
    """Merge the rows sent with the register as saved now (a row only one person changed
    takes that change) and save; None when a concurrent save won the race."""
    rows = services.attendance_rows(meeting)
    saved = attendance_values(rows)
    undecided = merging.apply_choices(request.form, posted, saved)
    if undecided:
        flash(_("Choose which value to keep for each row marked as a conflict."), "error")
        return _attendance_page(meeting, minutes, posted, conflicts=undecided, status=422)
    base = merging.read_base(posted.get(merging.BASE_FIELD))
    if base is not None:  # a form from before merging existed saves as it was sent
        merged = merging.merge(posted, base, saved)
        if merged.conflicts:
            return _attendance_page(
                meeting, minutes, merged.values, conflicts=merged.conflicts, status=409
            )
        posted = merged.values
    data = read_attendance(
        posted,
        rows,
        (item.id for item in meeting.agenda_items),
        services.item_spans(meeting),
    )
    if data.errors and not data.changes:
        return _attendance_page(meeting, minutes, data.values, data.errors, status=422)
    # The consistent rows are saved even when another row is not: the wrong rows are shown
    # again with their messages and what was typed in them.
    minutes = services.minutes_for(meeting)
    services.save_attendance(meeting, data.changes)
    # The register is part of the minutes: a new version, so that two saves at the same
    # moment cannot both pass the merge above.
    services.new_version(minutes)
    try:
        services.record_revision(minutes, acting_user(), note="attendance")
        db.session.commit()
    except StaleDataError:
        return None
    if data.errors:
        flash(
            ngettext(
                "%(num)d row of the register is saved. Correct the marked rows and save again.",
                "%(num)d rows of the register are saved. Correct the marked rows and save again.",
                len(data.changes),
            ),
            "warning",
        )
        return _attendance_page(meeting, minutes, data.values, data.errors, status=422)
    flash(_("The attendance register is saved."), "success")
    return redirect(url_for("minutes.attendance", meeting_id=meeting.id))


@bp.get("/meetings/<int:meeting_id>/attendance-sheet.pdf")
def attendance_sheet_pdf(meeting_id: int):
    """The sheet to sign at the meeting, for those who run it (printed before the meeting,
    so it does not wait for minutes)."""
    meeting = guarded(find_meeting(meeting_id), "meeting.edit")
    # Rendered once per version (a new invitee, a changed name), in the job queue.
    return respond(attendance_sheet_source(meeting.id), cache_control="private, no-store")


@bp.post("/meetings/<int:meeting_id>/minutes/attendance/guests")
def add_guest(meeting_id: int):
    meeting = find_meeting(meeting_id)
    minutes = current_or_placeholder(meeting)
    require("minutes.edit", minutes)
    form = GuestForm(organisations=organisation_choices())
    if not form.validate():
        return _attendance_page(meeting, minutes, guest_form=form, status=422)
    try:
        services.record_guest(
            meeting,
            name=form.name.data,
            organisation_id=form.organisation_id.data,
            email=form.email.data,
        )
    except services.MinutesError as error:
        db.session.rollback()
        form.email.errors = [str(error.message)]
        return _attendance_page(meeting, minutes, guest_form=form, status=422)
    db.session.commit()
    flash(_("%(name)s is recorded as present.", name=form.name.data), "success")
    return redirect(url_for("minutes.attendance", meeting_id=meeting.id))


@bp.post("/meetings/<int:meeting_id>/minutes/attendance/members")
def add_members(meeting_id: int):
    meeting = find_meeting(meeting_id)
    minutes = current_or_placeholder(meeting)
    require("minutes.edit", minutes)
    count = services.add_missing_members(meeting)
    db.session.commit()
    flash(
        _("%(num)d member(s) added to the register as absent: record who came.", num=count),
        "success",
    )
    return redirect(url_for("minutes.attendance", meeting_id=meeting.id))
