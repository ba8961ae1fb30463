"""The vote by name (roll-call) on a decision: each voting member present when it was
taken, with their vote; the decision's counts follow from it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from ..scheduling.models import Meeting
from . import services
from .blueprint import acting_user, bp, existing_minutes, find_meeting, minutes_url, require
from .forms import read_roll_call, roll_call_values
from .models import Decision, Minutes


def _roll_call_page(
    meeting: Meeting,
    minutes: Minutes,
    decision: Decision,
    voters: list[services.Voter],
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
):
    if values is None:
        values = roll_call_values(services.saved_choices(decision))
    return (
        render_template(
            "minutes/roll_call.html",
            meeting=meeting,
            minutes=minutes,
            decision=decision,
            label=services.decision_label(decision),
            voters=voters,
            values=values,
            errors=errors or {},
            choices=[(c.value, services.VOTE_CHOICE_LABELS[c]) for c in services.VOTE_CHOICES],
        ),
        status,
    )


@bp.route(
    "/meetings/<int:meeting_id>/minutes/decisions/<int:decision_id>/vote-by-name",
    methods=["GET", "POST"],
)
def roll_call(meeting_id: int, decision_id: int):
    meeting = find_meeting(meeting_id)
    minutes = existing_minutes(meeting)
    decision = db.session.get(Decision, decision_id)
    if decision is None or decision.meeting_id != meeting.id:
        abort(404)
    # Editing the minutes: draft only, by those who run the meeting (the reason otherwise).
    require("minutes.edit", minutes)
    voters = services.voters_at(meeting, services.attendance_rows(meeting), decision)
    if request.method == "GET":
        return _roll_call_page(meeting, minutes, decision, voters)
    data = read_roll_call(request.form, voters)
    if data.errors:
        return _roll_call_page(meeting, minutes, decision, voters, data.values, data.errors, 422)
    try:
        services.record_roll_call(minutes, decision, voters, data.choices)
        # The vote is part of the minutes: a new version and a revision, as any save.
        services.new_version(minutes)
        services.record_revision(minutes, acting_user(), note="vote by name")
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        flash(
            _("Someone else saved the minutes meanwhile. Check the votes and save again."), "error"
        )
        return _roll_call_page(meeting, minutes, decision, voters, data.values, status=409)
    except services.MinutesError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return _roll_call_page(meeting, minutes, decision, voters, data.values, status=409)
    flash(
        _(
            "The vote by name on decision %(label)s is saved.",
            label=services.decision_label(decision),
        ),
        "success",
    )
    return redirect(minutes_url(meeting, anchor=f"decision-{decision.id}"))
