"""Minutes: the meeting page's minutes section, the read view, the workflow buttons, review
comments and the history with diffs.

The blueprint and the helpers the views share are in ``blueprint.py``; the editor, the
attendance register, the decisions register and the person's tasks have their own modules,
imported here so that importing this module (``create_app`` does) registers every route.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import can
from ..db import utcnow
from ..extensions import db
from ..groups.services import minutes_reference
from ..links import next_or
from ..scheduling.models import Meeting

# The view modules put their routes on ``bp``; ``jobs`` registers the minutes' jobs with the
# queue (publishing, reminders) in every app server and in the worker.
from . import (
    attendance_views,  # noqa: F401
    editor_views,  # noqa: F401
    jobs,  # noqa: F401
    pdf_views,  # noqa: F401
    register_views,  # noqa: F401
    roll_call_views,  # noqa: F401
    services,
    signatory_views,  # noqa: F401
    signed_sheet_views,  # noqa: F401
    task_views,  # noqa: F401
)
from .blueprint import (
    acting_user,
    bp,
    current_or_placeholder,
    existing_minutes,
    find_meeting,
    grouped_by_item,
    minutes_url,
    require,
)
from .enums import MinutesState
from .forms import CommentForm, ConfirmForm, CorrectionForm, ReturnForm, SignatoriesForm
from .models import Minutes, MinutesRevision
from .publishing import request_publication
from .workflow import TransitionError, start_correction, transition

__all__ = ["bp", "minutes_section"]


# --- the meeting page's minutes section ------------------------------------------------------


@dataclass
class MinutesSection:
    visible: bool
    minutes: Minutes | None = None
    state_label: str = ""
    may_write: bool = False


def minutes_section(user: Any, meeting: Meeting) -> MinutesSection:
    """What the meeting page shows about the minutes. One query."""
    if not services.may_have_minutes(meeting):
        return MinutesSection(False)
    minutes = services.current_minutes(meeting)
    if minutes is None:
        if meeting.starts_at > utcnow():
            # Nothing to write before the meeting has begun: no button that invites it.
            return MinutesSection(False)
        placeholder = services.placeholder_minutes(meeting)
        may_write = can(user, "minutes.edit", placeholder)
        return MinutesSection(may_write, None, "", may_write)
    if not can(user, "minutes.view", minutes):
        return MinutesSection(False)
    return MinutesSection(
        True,
        minutes,
        str(services.STATE_LABELS[minutes.state]),
        can(user, "minutes.edit", minutes),
    )


@bp.app_context_processor
def _minutes_helpers() -> dict[str, Any]:
    return {
        "minutes_section": minutes_section,
        "minutes_state_labels": services.STATE_LABELS,
        "action_status_labels": services.ACTION_STATUS_LABELS,
        "attendance_labels": services.ATTENDANCE_LABELS,
        "presence_note": services.presence_note,
        "vote_choice_labels": services.VOTE_CHOICE_LABELS,
    }


# --- reading the minutes ---------------------------------------------------------------------


def _view_page(
    meeting: Meeting,
    minutes: Minutes,
    *,
    return_form: ReturnForm | None = None,
    correction_form: CorrectionForm | None = None,
    comment_form: CommentForm | None = None,
    status: int = 200,
):
    user = current_user
    current = services.is_current(minutes)
    rows = services.item_rows(meeting, minutes)
    last_revision = None
    if current:
        decisions = services.decisions_of(meeting)
        actions = services.actions_of(meeting)
        attendance = services.attendance_rows(meeting)
    else:
        # An earlier edition shows its decisions, tasks and attendance as last saved.
        revisions = services.revisions_of(minutes)
        last_revision = revisions[-1].content if revisions else {}
        decisions, actions, attendance = [], [], []
    show_comments = minutes.state in (MinutesState.DRAFT, MinutesState.SUBMITTED)
    may_edit = current and can(user, "minutes.edit", minutes)
    return (
        render_template(
            "minutes/view.html",
            meeting=meeting,
            minutes=minutes,
            is_current=current,
            editions=services.editions_of(meeting),
            rows=rows,
            decisions_by_item=grouped_by_item(decisions),
            actions_by_item=grouped_by_item(actions),
            decision_label=services.decision_label,
            owner_label=services.owner_label,
            attendance=attendance,
            quorum=services.quorum_status(meeting, attendance) if current else [],
            decision_quorum=services.decision_quorums(meeting, attendance, decisions)
            if current
            else {},
            roll_calls=services.roll_calls(decisions),
            item_numbers={row.agenda_item_id: row.number for row in rows},
            reference=minutes_reference(meeting),
            snapshot=last_revision,
            comments=services.comments_by_item(minutes) if show_comments else {},
            may_edit=may_edit,
            may_submit=current and can(user, "minutes.submit", minutes),
            may_decide=current and can(user, "minutes.approve", minutes),
            may_verify=current and can(user, "minutes.verify", minutes),
            awaits_verification=services.awaits_verification(minutes),
            signatories_form=_signatories_form(meeting, minutes) if may_edit else None,
            may_comment=current and can(user, "minutes.comment", minutes),
            may_publish=current and can(user, "minutes.publish", minutes),
            may_correct=current and can(user, "minutes.correct", minutes),
            # A draft copy (for those who run the meeting) while the text may still change.
            may_draft_pdf=current
            and minutes.state in (MinutesState.DRAFT, MinutesState.SUBMITTED)
            and can(user, "meeting.edit", meeting),
            may_history=_may_see_history(meeting),
            confirm_form=ConfirmForm(),
            return_form=return_form or ReturnForm(formdata=None),
            correction_form=correction_form or CorrectionForm(formdata=None),
            comment_form=comment_form,
            today=services.group_today(meeting.group),
        ),
        status,
    )


def _signatories_form(meeting: Meeting, minutes: Minutes) -> SignatoriesForm:
    return SignatoriesForm(
        formdata=None,
        data={"recorded_by": minutes.recorded_by_id, "verified_by": minutes.verified_by_id},
        people=services.signatory_choices(meeting, minutes),
    )


def _requested_edition(meeting: Meeting, otherwise: Callable[[Meeting], Any]) -> Any:
    """The edition named by ?edition= (404 if there is none such), else ``otherwise``."""
    if "edition" not in request.args:
        return otherwise(meeting)
    minutes = services.minutes_edition(meeting, request.args.get("edition"))
    if minutes is None:
        abort(404)
    return minutes


@bp.get("/meetings/<int:meeting_id>/minutes")
def view(meeting_id: int):
    meeting = find_meeting(meeting_id)
    minutes = _requested_edition(meeting, services.current_minutes)
    if minutes is None:
        placeholder = current_or_placeholder(meeting)
        if not can(current_user, "minutes.edit", placeholder):
            abort(404)
        return render_template("minutes/not_started.html", meeting=meeting)
    if not can(current_user, "minutes.view", minutes):
        if not current_user.is_authenticated:
            abort(current_app.login_manager.unauthorized())
        abort(
            403,
            description=_(
                "The minutes are being written. Members can read them once they are "
                "submitted for approval."
            ),
        )
    return _view_page(meeting, minutes)


# --- the workflow ----------------------------------------------------------------------------


def _move(
    meeting_id: int, action: str, target: MinutesState, message: str, comment: str | None = None
):
    meeting = find_meeting(meeting_id)
    minutes = existing_minutes(meeting)
    require(action, minutes)
    try:
        transition(minutes, target, actor=acting_user(), comment=comment)
    except TransitionError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(next_or(minutes_url(meeting)))
    db.session.commit()
    flash(message, "success")
    return redirect(next_or(minutes_url(meeting)))


@bp.post("/meetings/<int:meeting_id>/minutes/submit")
def submit(meeting_id: int):
    return _move(
        meeting_id,
        "minutes.submit",
        MinutesState.SUBMITTED,
        _("The minutes are submitted for approval. The chair can now approve them or return them."),
    )


@bp.post("/meetings/<int:meeting_id>/minutes/approve")
def approve(meeting_id: int):
    return _move(
        meeting_id, "minutes.approve", MinutesState.APPROVED, _("The minutes are approved.")
    )


@bp.post("/meetings/<int:meeting_id>/minutes/return")
def return_for_changes(meeting_id: int):
    meeting = find_meeting(meeting_id)
    minutes = existing_minutes(meeting)
    require("minutes.return", minutes)
    form = ReturnForm()
    if not form.validate():
        return _view_page(meeting, minutes, return_form=form, status=422)
    return _move(
        meeting_id,
        "minutes.return",
        MinutesState.DRAFT,
        _("The minutes are returned for changes, with your comment."),
        comment=form.comment.data,
    )


@bp.post("/meetings/<int:meeting_id>/minutes/publish")
def publish(meeting_id: int):
    meeting = find_meeting(meeting_id)
    minutes = existing_minutes(meeting)
    require("minutes.publish", minutes)
    if minutes.publish_requested_at is not None and minutes.publish_error is None:
        flash(_("Publishing has been requested already; it runs in the background."), "info")
        return redirect(minutes_url(meeting))
    try:
        request_publication(minutes, actor=acting_user())
    except TransitionError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(minutes_url(meeting))
    db.session.commit()
    flash(
        _("Publishing has started: the PDF is made and the members get it by e-mail."),
        "success",
    )
    return redirect(minutes_url(meeting))


@bp.post("/meetings/<int:meeting_id>/minutes/correction")
def correction(meeting_id: int):
    meeting = find_meeting(meeting_id)
    minutes = existing_minutes(meeting)
    require("minutes.correct", minutes)
    form = CorrectionForm()
    if not form.validate():
        return _view_page(meeting, minutes, correction_form=form, status=422)
    try:
        new = start_correction(minutes, form.reason.data, actor=acting_user())
    except TransitionError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(minutes_url(meeting))
    db.session.commit()
    flash(
        _(
            "Correction started: edition %(edition)d is a draft; edition %(old)d stays readable.",
            edition=new.edition,
            old=minutes.edition,
        ),
        "success",
    )
    return redirect(url_for("minutes.edit", meeting_id=meeting.id))


@bp.post("/meetings/<int:meeting_id>/minutes/comments")
def comment(meeting_id: int):
    meeting = find_meeting(meeting_id)
    minutes = existing_minutes(meeting)
    require("minutes.comment", minutes)
    form = CommentForm()
    try:
        item_id = int(form.agenda_item_id.data) if form.agenda_item_id.data else None
    except ValueError:
        item_id = None
    if not form.validate():
        return _view_page(meeting, minutes, comment_form=form, status=422)
    try:
        services.add_comment(minutes, item_id, form.text.data, actor=acting_user())
    except services.MinutesError as error:
        db.session.rollback()
        form.text.errors = [str(error.message)]
        return _view_page(meeting, minutes, comment_form=form, status=422)
    db.session.commit()
    flash(_("Your comment is added."), "success")
    return redirect(minutes_url(meeting, anchor=f"item-{item_id}" if item_id else "comments"))


# --- history ---------------------------------------------------------------------------------


def _may_see_history(meeting: Meeting) -> bool:
    """The drafting history is for the groups taking part, not for public readers."""
    return any(can(current_user, "group.view_members", g) for g in meeting.groups)


@bp.get("/meetings/<int:meeting_id>/minutes/history")
def history(meeting_id: int):
    meeting = find_meeting(meeting_id)
    minutes = _requested_edition(meeting, existing_minutes)
    require("minutes.view", minutes)
    if not _may_see_history(meeting):
        abort(403, description=_("The drafting history is shown to the groups taking part only."))
    revisions = services.revisions_of(minutes)
    by_number = {r.number: r for r in revisions}
    old: MinutesRevision | None = None
    new: MinutesRevision | None = None
    if len(revisions) >= 2:
        old, new = revisions[-2], revisions[-1]
    chosen_a = request.args.get("a", type=int)
    chosen_b = request.args.get("b", type=int)
    if chosen_a is not None or chosen_b is not None:
        old = by_number.get(chosen_a) if chosen_a is not None else old
        new = by_number.get(chosen_b) if chosen_b is not None else new
        if old is None or new is None:
            flash(_("Choose two revisions from the list."), "warning")
    if old is not None and new is not None and old.number > new.number:
        old, new = new, old
    diff = services.diff_revisions(old, new) if old is not None and new is not None else None
    return render_template(
        "minutes/history.html",
        meeting=meeting,
        minutes=minutes,
        revisions=revisions,
        old=old,
        new=new,
        diff=diff,
    )
