"""Who recorded the minutes and who verifies them: chosen while the minutes are a draft;
the verifier confirms the submitted minutes before the chair approves them."""

from __future__ import annotations

from flask import flash, redirect
from flask_babel import gettext as _

from ..extensions import db
from ..links import next_or
from . import services
from .blueprint import (
    acting_user,
    bp,
    current_or_placeholder,
    existing_minutes,
    find_meeting,
    minutes_url,
    require,
)
from .forms import SignatoriesForm
from .workflow import TransitionError, verify


@bp.post("/meetings/<int:meeting_id>/minutes/signatories")
def signatories(meeting_id: int):
    meeting = find_meeting(meeting_id)
    minutes = current_or_placeholder(meeting)
    require("minutes.edit", minutes)
    form = SignatoriesForm(people=services.signatory_choices(meeting, minutes))
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(next_or(minutes_url(meeting, "signatories")))
    try:
        services.set_signatories(
            meeting,
            recorded_by_id=form.recorded_by.data,
            verified_by_id=form.verified_by.data,
            actor=acting_user(),
        )
    except services.MinutesError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(next_or(minutes_url(meeting, "signatories")))
    db.session.commit()
    flash(_("The recorder and the verifier are saved."), "success")
    return redirect(next_or(minutes_url(meeting, "signatories")))


@bp.post("/meetings/<int:meeting_id>/minutes/verify")
def verify_minutes(meeting_id: int):
    meeting = find_meeting(meeting_id)
    minutes = existing_minutes(meeting)
    require("minutes.verify", minutes)
    try:
        verify(minutes, actor=acting_user())
    except TransitionError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(minutes_url(meeting))
    db.session.commit()
    flash(_("You have verified the minutes; the chair can approve them now."), "success")
    return redirect(minutes_url(meeting))
