"""Minutes: the read view, the editor (with conflict page), the attendance register, the
workflow buttons, review comments, the history with diffs, the decisions register and the
person's tasks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..auth.guard import guarded
from ..auth.permissions import can
from ..extensions import db
from ..groups.models import WorkingGroup
from ..scheduling.models import Meeting
from ..text import render_markdown
from . import (
    reminders,  # noqa: F401  (registers the task reminders with the worker)
    services,
)
from .enums import ActionStatus, MinutesState
from .forms import (
    CommentForm,
    ConfirmForm,
    CorrectionForm,
    GuestForm,
    ReturnForm,
    TaskStatusForm,
    action_status_choices,
    attendance_choices,
    attendance_values,
    editor_values,
    read_attendance,
    read_editor,
    slot_keys,
)
from .models import ActionItem, Minutes, MinutesRevision
from .workflow import TransitionError, refusal, start_correction, transition

bp = Blueprint("minutes", __name__)


@bp.app_template_filter("minutes_markdown")
def _minutes_markdown(text: str | None):
    return render_markdown(text)


# --- helpers ---------------------------------------------------------------------------------


def _meeting(meeting_id: int) -> Meeting:
    """The meeting if the person may see it: sign-in, 403 or 404 otherwise."""
    return guarded(db.session.get(Meeting, meeting_id), "meeting.view")


def _require(action: str, minutes: Minutes) -> None:
    """403 with the reason in the person's words (sign-in first for a visitor)."""
    if can(current_user, action, minutes):
        return
    if not current_user.is_authenticated:
        abort(current_app.login_manager.unauthorized())
    abort(403, description=str(refusal(action, minutes)))


def _current_or_placeholder(meeting: Meeting) -> Minutes:
    """The current edition, or unsaved draft minutes when none was started yet."""
    minutes = services.current_minutes(meeting)
    if minutes is None:
        if not services.may_have_minutes(meeting):
            if not current_user.is_authenticated:
                abort(current_app.login_manager.unauthorized())
            abort(403, description=_("Minutes are written for scheduled and held meetings only."))
        minutes = services.placeholder_minutes(meeting)
    return minutes


def _existing(meeting: Meeting) -> Minutes:
    minutes = services.current_minutes(meeting)
    if minutes is None:
        abort(404)
    return minutes


def _minutes_url(meeting: Meeting, anchor: str | None = None, **args: Any) -> str:
    return url_for("minutes.view", meeting_id=meeting.id, _anchor=anchor, **args)


def _user() -> Any:
    return current_user._get_current_object()


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
    }


# --- reading the minutes ---------------------------------------------------------------------


def _grouped(objects, key=lambda o: o.agenda_item_id):
    grouped: dict[Any, list] = {}
    for obj in objects:
        grouped.setdefault(key(obj), []).append(obj)
    return grouped


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
    return (
        render_template(
            "minutes/view.html",
            meeting=meeting,
            minutes=minutes,
            is_current=current,
            editions=services.editions_of(meeting),
            rows=rows,
            decisions_by_item=_grouped(decisions),
            actions_by_item=_grouped(actions),
            decision_label=services.decision_label,
            owner_label=services.owner_label,
            attendance=attendance,
            quorum=services.quorum_status(meeting, attendance) if current else [],
            snapshot=last_revision,
            comments=services.comments_by_item(minutes) if show_comments else {},
            may_edit=current and can(user, "minutes.edit", minutes),
            may_submit=current and can(user, "minutes.submit", minutes),
            may_decide=current and can(user, "minutes.approve", minutes),
            may_comment=current and can(user, "minutes.comment", minutes),
            may_publish=current and can(user, "minutes.publish", minutes),
            may_correct=current and can(user, "minutes.correct", minutes),
            may_history=_may_see_history(meeting),
            confirm_form=ConfirmForm(),
            return_form=return_form or ReturnForm(formdata=None),
            correction_form=correction_form or CorrectionForm(formdata=None),
            comment_form=comment_form,
            today=services.group_today(meeting.group),
        ),
        status,
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
    meeting = _meeting(meeting_id)
    minutes = _requested_edition(meeting, services.current_minutes)
    if minutes is None:
        placeholder = _current_or_placeholder(meeting)
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


# --- the editor --------------------------------------------------------------------------------


def _editor_page(
    meeting: Meeting,
    minutes: Minutes,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    conflicts: list[dict[str, str]] | None = None,
    status: int = 200,
):
    rows = services.item_rows(meeting, minutes if minutes.id else None)
    decisions = services.decisions_of(meeting)
    actions = services.actions_of(meeting)
    saved = editor_values(
        _texts_of(minutes),
        rows,
        decisions,
        actions,
    )
    if values is not None:
        saved.update(values)
    return (
        render_template(
            "minutes/edit.html",
            meeting=meeting,
            minutes=minutes,
            rows=rows,
            slots=slot_keys(rows),
            decisions_by_item=_grouped(decisions),
            actions_by_item=_grouped(actions),
            decision_label=services.decision_label,
            values=saved,
            errors=errors or {},
            conflicts={c["name"]: c for c in conflicts or []},
            conflict_list=conflicts or [],
            version=minutes.version or 0,
            owners=services.owner_choices(meeting, [a.owner_id for a in actions]),
            organisations=services.organisation_choices([a.owner_organisation_id for a in actions]),
            status_choices=action_status_choices(),
            comments=services.comments_by_item(minutes),
        ),
        status,
    )


def _texts_of(minutes: Minutes) -> dict[str, str | None]:
    return {
        "opening": minutes.opening,
        "closing": minutes.closing,
        "next_meeting": minutes.next_meeting,
    }


def _conflicts(meeting: Meeting, minutes: Minutes, posted: dict[str, str]) -> list[dict[str, str]]:
    """The fields whose saved text differs from what the person sent: label, both texts."""
    rows = services.item_rows(meeting, minutes)
    saved = editor_values(
        _texts_of(minutes),
        rows,
        services.decisions_of(meeting),
        services.actions_of(meeting),
    )
    labels = {
        "opening": _("Opening"),
        "closing": _("Closing"),
        "next_meeting": _("Next meeting"),
        **{row.key: f"{row.number} {row.title}" for row in rows},
    }
    out = []
    for name, label in labels.items():
        if name not in posted:
            continue
        mine = services._clean(posted.get(name, ""))
        theirs = saved.get(name, "")
        if mine != theirs:
            out.append(
                {"name": name, "label": label, "mine": posted.get(name, ""), "saved": theirs}
            )
    return out


@bp.route("/meetings/<int:meeting_id>/minutes/edit", methods=["GET", "POST"])
def edit(meeting_id: int):
    meeting = _meeting(meeting_id)
    minutes = _current_or_placeholder(meeting)
    _require("minutes.edit", minutes)
    if request.method == "GET":
        return _editor_page(meeting, minutes)

    rows = services.item_rows(meeting, minutes if minutes.id else None)
    decisions = services.decisions_of(meeting)
    actions = services.actions_of(meeting)
    owners = {i for i, _name in services.owner_choices(meeting, [a.owner_id for a in actions])}
    organisations = {
        i for i, _name in services.organisation_choices([a.owner_organisation_id for a in actions])
    }
    data = read_editor(request.form, rows, decisions, actions, owners, organisations)
    if data.version is None:
        flash(_("The form was incomplete. Your text is below: save it again."), "error")
        return _editor_page(meeting, minutes, data.values, data.errors, status=422)
    if data.errors:
        return _editor_page(meeting, minutes, data.values, data.errors, status=422)
    try:
        services.save_minutes(meeting, data.texts, based_on_version=data.version, actor=_user())
        db.session.commit()
    except services.EditConflict:
        db.session.rollback()
        return _conflict_page(meeting, data.values)
    except (StaleDataError, IntegrityError):
        # Someone saved between our check and our write.
        db.session.rollback()
        return _conflict_page(meeting, data.values)
    except services.MinutesError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        current = _current_or_placeholder(meeting)
        return _editor_page(meeting, current, data.values, status=409)
    flash(_("The minutes are saved."), "success")
    if request.form.get("after") == "view":
        return redirect(_minutes_url(meeting))
    anchor = request.form.get("anchor") or None
    return redirect(url_for("minutes.edit", meeting_id=meeting.id, _anchor=anchor))


def _conflict_page(meeting: Meeting, posted: dict[str, str]):
    minutes = services.current_minutes(meeting)
    if minutes is None:
        abort(404)
    db.session.refresh(minutes)
    if minutes.state != MinutesState.DRAFT:
        # Submitted or approved meanwhile: the text cannot be saved, but is shown to copy.
        flash(str(refusal("minutes.edit", minutes)), "error")
    conflicts = _conflicts(meeting, minutes, posted)
    values = {k: v for k, v in posted.items() if k != "version"}
    return _editor_page(meeting, minutes, values, conflicts=conflicts, status=409)


# --- the attendance register -----------------------------------------------------------------


def _attendance_page(
    meeting: Meeting,
    minutes: Minutes,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    guest_form: GuestForm | None = None,
    status: int = 200,
):
    rows = services.attendance_rows(meeting)
    organisations = services.organisation_choices()
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
    meeting = _meeting(meeting_id)
    minutes = _current_or_placeholder(meeting)
    _require("minutes.edit", minutes)
    if request.method == "GET":
        return _attendance_page(meeting, minutes)
    data = read_attendance(request.form, services.attendance_rows(meeting))
    if data.errors:
        return _attendance_page(meeting, minutes, data.values, data.errors, status=422)
    minutes = services.minutes_for(meeting)
    services.save_attendance(meeting, data.changes)
    services.record_revision(minutes, _user(), note="attendance")
    db.session.commit()
    flash(_("The attendance register is saved."), "success")
    return redirect(url_for("minutes.attendance", meeting_id=meeting.id))


@bp.post("/meetings/<int:meeting_id>/minutes/attendance/guests")
def add_guest(meeting_id: int):
    meeting = _meeting(meeting_id)
    minutes = _current_or_placeholder(meeting)
    _require("minutes.edit", minutes)
    form = GuestForm(organisations=services.organisation_choices())
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
    meeting = _meeting(meeting_id)
    minutes = _current_or_placeholder(meeting)
    _require("minutes.edit", minutes)
    count = services.add_missing_members(meeting)
    db.session.commit()
    flash(
        _("%(num)d member(s) added to the register as absent: record who came.", num=count),
        "success",
    )
    return redirect(url_for("minutes.attendance", meeting_id=meeting.id))


# --- the workflow ----------------------------------------------------------------------------


def _move(
    meeting_id: int, action: str, target: MinutesState, message: str, comment: str | None = None
):
    meeting = _meeting(meeting_id)
    minutes = _existing(meeting)
    _require(action, minutes)
    try:
        transition(minutes, target, actor=_user(), comment=comment)
    except TransitionError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(_minutes_url(meeting))
    db.session.commit()
    flash(message, "success")
    return redirect(_minutes_url(meeting))


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
    meeting = _meeting(meeting_id)
    minutes = _existing(meeting)
    _require("minutes.return", minutes)
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
    meeting = _meeting(meeting_id)
    minutes = _existing(meeting)
    _require("minutes.publish", minutes)
    if minutes.publish_requested_at is not None and minutes.publish_error is None:
        flash(_("Publishing has been requested already; it runs in the background."), "info")
        return redirect(_minutes_url(meeting))
    try:
        from .publishing import request_publication  # the publishing job's module
    except ImportError:
        flash(_("Publishing is not available on this site yet."), "warning")
        return redirect(_minutes_url(meeting))
    try:
        request_publication(minutes, actor=_user())
    except TransitionError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(_minutes_url(meeting))
    db.session.commit()
    flash(
        _("Publishing has started: the PDF is made and the members get it by e-mail."),
        "success",
    )
    return redirect(_minutes_url(meeting))


@bp.post("/meetings/<int:meeting_id>/minutes/correction")
def correction(meeting_id: int):
    meeting = _meeting(meeting_id)
    minutes = _existing(meeting)
    _require("minutes.correct", minutes)
    form = CorrectionForm()
    if not form.validate():
        return _view_page(meeting, minutes, correction_form=form, status=422)
    try:
        new = start_correction(minutes, form.reason.data, actor=_user())
    except TransitionError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(_minutes_url(meeting))
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
    meeting = _meeting(meeting_id)
    minutes = _existing(meeting)
    _require("minutes.comment", minutes)
    form = CommentForm()
    try:
        item_id = int(form.agenda_item_id.data) if form.agenda_item_id.data else None
    except ValueError:
        item_id = None
    if not form.validate():
        return _view_page(meeting, minutes, comment_form=form, status=422)
    try:
        services.add_comment(minutes, item_id, form.text.data, actor=_user())
    except services.MinutesError as error:
        db.session.rollback()
        form.text.errors = [str(error.message)]
        return _view_page(meeting, minutes, comment_form=form, status=422)
    db.session.commit()
    flash(_("Your comment is added."), "success")
    return redirect(_minutes_url(meeting, anchor=f"item-{item_id}" if item_id else "comments"))


# --- history ---------------------------------------------------------------------------------


def _may_see_history(meeting: Meeting) -> bool:
    """The drafting history is for the groups taking part, not for public readers."""
    return any(can(current_user, "group.view_members", g) for g in meeting.groups)


@bp.get("/meetings/<int:meeting_id>/minutes/history")
def history(meeting_id: int):
    meeting = _meeting(meeting_id)
    minutes = _requested_edition(meeting, _existing)
    _require("minutes.view", minutes)
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


# --- the decisions register ------------------------------------------------------------------


@bp.get("/decisions")
def decisions():
    slug = (request.args.get("group") or "").strip()
    query = (request.args.get("q") or "").strip()[:200]
    if not slug:
        if not current_user.is_authenticated:
            abort(current_app.login_manager.unauthorized())
        return render_template(
            "minutes/decisions.html",
            group=None,
            groups=services.register_groups(current_user),
            rows=[],
            query="",
        )
    group = db.session.scalars(select(WorkingGroup).where(WorkingGroup.slug == slug)).first()
    if group is None:
        abort(404)
    if not can(current_user, "group.view", group):
        if not current_user.is_authenticated:
            abort(current_app.login_manager.unauthorized())
        abort(404)
    rows = services.decisions_register(current_user, group, query)
    return render_template(
        "minutes/decisions.html",
        group=group,
        groups=services.register_groups(current_user),
        rows=rows,
        query=query,
        limit=services.REGISTER_LIMIT,
    )


# --- the person's tasks ----------------------------------------------------------------------


@bp.get("/tasks")
@login_required
def tasks():
    now = dt.datetime.now(dt.UTC)
    open_tasks = services.open_action_items_for(current_user)
    return render_template(
        "minutes/tasks.html",
        tasks=open_tasks,
        overdue={t.id for t in open_tasks if services.is_overdue(t, now)},
        closed=services.closed_action_items_for(current_user),
        may_update={t.id for t in open_tasks if can(current_user, "action.update", t)},
        status_form=TaskStatusForm(formdata=None),
    )


@bp.post("/tasks/<int:action_id>/status")
@login_required
def task_status(action_id: int):
    action = db.session.get(ActionItem, action_id)
    if action is None or not can(current_user, "action.view", action):
        abort(404)
    if not can(current_user, "action.update", action):
        abort(
            403,
            description=_("Only the task's owner and the group's chair and assistant update it."),
        )
    form = TaskStatusForm()
    if not form.validate():
        flash(_("Choose one of the offered options."), "error")
        return redirect(url_for("minutes.tasks"))
    services.set_action_status(action, ActionStatus(form.status.data), actor=_user())
    db.session.commit()
    flash(
        _(
            "“%(task)s” is marked %(status)s.",
            task=action.text,
            status=services.ACTION_STATUS_LABELS[action.status],
        ),
        "success",
    )
    return redirect(url_for("minutes.tasks"))
