"""The attendance register: who came, guests recorded on the spot, missing members added."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..auth.services import organisation_choices
from ..extensions import db
from ..scheduling.models import Meeting
from . import services
from .blueprint import acting_user, bp, current_or_placeholder, find_meeting, require
from .forms import ConfirmForm, GuestForm, attendance_choices, attendance_values, read_attendance
from .models import Minutes


def _attendance_page(
    meeting: Meeting,
    minutes: Minutes,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    guest_form: GuestForm | None = None,
    status: int = 200,
):
    rows = services.attendance_rows(meeting)
    organisations = organisation_choices()
    shown = attendance_values(rows)
    if values is not None:
        shown.update(values)
    return (
        render_template(
            "minutes/attendance.html",
            meeting=meeting,
            minutes=minutes,
            rows=rows,
            values=shown,
            errors=errors or {},
            choices=attendance_choices(),
            quorum=services.quorum_status(meeting, rows),
            missing=len(services.missing_members(meeting)),
            guest_form=guest_form or GuestForm(formdata=None, organisations=organisations),
            confirm_form=ConfirmForm(),
        ),
        status,
    )


@bp.route("/meetings/<int:meeting_id>/minutes/attendance", methods=["GET", "POST"])
def attendance(meeting_id: int):
    meeting = find_meeting(meeting_id)
    minutes = current_or_placeholder(meeting)
    require("minutes.edit", minutes)
    if request.method == "GET":
        return _attendance_page(meeting, minutes)
    data = read_attendance(request.form, services.attendance_rows(meeting))
    if data.errors:
        return _attendance_page(meeting, minutes, data.values, data.errors, status=422)
    minutes = services.minutes_for(meeting)
    services.save_attendance(meeting, data.changes)
    services.record_revision(minutes, acting_user(), note="attendance")
    db.session.commit()
    flash(_("The attendance register is saved."), "success")
    return redirect(url_for("minutes.attendance", meeting_id=meeting.id))


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
