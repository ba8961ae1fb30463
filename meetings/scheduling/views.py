"""Meeting pages: the person's calendar (list and month), one meeting, and the forms that
create, edit, schedule, mark held and cancel meetings and series (public events and their
registration: ``events.views``)."""

from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_timezone, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth.guard import guarded
from ..auth.permissions import can, role_in
from ..auth.services import organisation_choices
from ..db import utcnow
from ..extensions import db
from ..i18n import zone_city
from ..signals import contributions
from ..text import render_markdown
from . import listings, numbering, proposals, services
from . import series as series_ops
from .enums import MeetingStatus
from .forms import (
    CancelForm,
    ConfirmForm,
    MeetingForm,
    SeriesForm,
    copy_data,
)
from .models import Meeting
from .online import online_link_for
from .recurrence import MAX_OCCURRENCES, describe_rule
from .signals import meeting_page
from .workflow import TRANSITIONS, TransitionError, status_name, transition_meeting

bp = Blueprint("scheduling", __name__)


@bp.get("/calendar")
@login_required
def calendar():
    return render_template(
        "scheduling/calendar.html",
        meetings=listings.calendar_for(current_user),
        may_create=services.may_create_meetings(current_user),
    )


@bp.get("/calendar/month")
@login_required
def month():
    today = dt.datetime.now(get_timezone()).date()
    year = request.args.get("year", type=int)
    number = request.args.get("month", type=int)
    # Anything unusable (missing, "abc", month 13, year 99999) shows the current month.
    if year is None or number is None or not (1 <= number <= 12 and 1900 <= year <= 2200):
        year, number = today.year, today.month
    return render_template(
        "scheduling/month.html",
        grid=listings.month_grid(current_user, year, number),
        today=today,
    )


def _meeting_or_refuse(meeting_id: int, action: str = "meeting.view") -> Meeting:
    """The meeting, if the person may do ``action`` on it: else sign-in, 403 or 404."""
    return guarded(listings.get_meeting(meeting_id), action)


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int):
    meeting = _meeting_or_refuse(meeting_id)
    viewer_zone = current_user.timezone if current_user.is_authenticated else None
    may_edit = can(current_user, "meeting.edit", meeting)
    return render_template(
        "scheduling/meeting.html",
        meeting=meeting,
        # The public event's registrations and their settings come from ``events``.
        **{"is_public_event": False, "registrations": [], "registration_form": None}
        | contributions(meeting_page, meeting, user=current_user, may_edit=may_edit),
        zone_name=zone_city(meeting.timezone),
        viewer_zone=viewer_zone if viewer_zone and viewer_zone != meeting.timezone else None,
        description=render_markdown(meeting.description),
        online_link=online_link_for(current_user, meeting),
        may_edit=may_edit,
        joint_proposals=proposals.proposals_of(meeting) if may_edit else [],
        # The groups the person runs that are asked to this meeting: they answer here too.
        asked_of_you=[p for p in proposals.waiting_for(current_user) if p.meeting_id == meeting.id],
        may_copy=current_user.is_authenticated
        and can(current_user, "group.create_meeting", meeting.group),
        has_begun=meeting.status == MeetingStatus.HELD
        or (meeting.status == MeetingStatus.SCHEDULED and meeting.starts_at <= utcnow()),
        next_statuses=TRANSITIONS[meeting.status] if may_edit else frozenset(),
        confirm_form=ConfirmForm(),
        cancel_form=CancelForm(),
    )


# --- creating and editing ------------------------------------------------------------------


def _meeting_form(meeting: Meeting | None, groups, formdata_data=None) -> MeetingForm:
    taking_part = {g.id for g in meeting.extra_groups} if meeting else set()
    asked = {g.id for g in proposals.pending_groups(meeting)} if meeting else set()
    direct = None if can(current_user, "site.admin") else proposals.managed_group_ids(current_user)
    return MeetingForm(
        data=formdata_data,
        groups=groups,
        joinable=services.joinable_groups(current_user, taking_part | asked),
        direct_ids=None if direct is None else direct | taking_part,
        venues=services.venue_choices(meeting.venue_id if meeting else None),
        organisations=organisation_choices(meeting.organiser_id if meeting else None),
        meeting=meeting,
    )


def _flash_conflicts(conflicts) -> None:
    """Warn of clashes found before the commit (after the message that it was saved)."""
    for conflict in conflicts:
        flash(conflict.message, "warning")


def _form_page(
    form: MeetingForm,
    meeting: Meeting | None,
    source: Meeting | None = None,
    renumbering: list[numbering.Renumbered] | None = None,
):
    group = form.selected_group()
    zone = form.zone_for(group) if group else None
    return render_template(
        "scheduling/form.html",
        form=form,
        meeting=meeting,
        #: The numbers the new date would change, to confirm before saving.
        renumbering=renumbering or [],
        renumbering_key=numbering.renumbering_key(renumbering or []),
        #: The earlier meeting a new one is copied from.
        source=source,
        zone=zone,
        zones=form.group_zones,
    )


@bp.route("/meetings/new", methods=["GET", "POST"])
@login_required
def create():
    groups = services.manageable_groups(current_user)
    if not groups:
        abort(403)
    initial = None
    if request.method == "GET":
        wanted = request.args.get("group", type=int)
        group = next((g for g in groups if g.id == wanted), groups[0])
        initial = {
            "group_id": str(group.id),
            "title": services.next_default_title(group),
            "organiser_id": str(group.lead_organisation_id or ""),
        }
    form = _meeting_form(None, groups, initial)
    if form.validate_on_submit():
        try:
            meeting = services.create_meeting(form.data_out, actor=current_user)
        except services.NumberTakenError as taken:
            # Someone recorded that number meanwhile.
            db.session.rollback()
            form.refuse(
                form.held_number,
                _(
                    "The group already has a meeting no. %(number)d: %(title)s.",
                    number=taken.other.number,
                    title=taken.other.title,
                ),
            )
            return _form_page(form, None)
        conflicts = services.find_conflicts(meeting) if meeting.number is None else []
        db.session.commit()
        if meeting.status == MeetingStatus.HELD:
            flash(
                _(
                    "The meeting has been recorded as held, as meeting no. %(number)d. "
                    "Its minutes can be written now.",
                    number=meeting.number,
                ),
                "success",
            )
        else:
            flash(
                _("The meeting has been saved as a draft. Schedule it to give it its number."),
                "success",
            )
        _flash_conflicts(conflicts)
        return redirect(url_for("scheduling.meeting", meeting_id=meeting.id))
    return _form_page(form, None)


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit(meeting_id: int):
    meeting = _meeting_or_refuse(meeting_id, "meeting.edit")
    if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.HELD):
        flash(_("A held or cancelled meeting can no longer be edited."), "error")
        return redirect(url_for("scheduling.meeting", meeting_id=meeting.id))
    groups = services.manageable_groups(current_user)
    if meeting.group not in groups:
        groups = [meeting.group, *groups]
    form = _meeting_form(
        meeting, groups, None if request.method == "POST" else MeetingForm.data_of(meeting)
    )
    merged = form.merge_with(MeetingForm.data_of(meeting))
    if merged and form.validate_on_submit():
        # A new date that renumbers meetings is saved once the person has seen the new
        # numbers and confirmed them (the same ones: the form carries what was shown).
        renumbering = numbering.renumbering_if_moved(meeting, form.data_out.starts_at)
        confirmed = request.form.get("confirm_renumbering", "")
        if renumbering and confirmed != numbering.renumbering_key(renumbering):
            return _form_page(form, meeting, renumbering=renumbering)
        scope = form.scope_out
        before = numbering.scheduled_numbers(meeting.group)
        if scope == series_ops.Scope.THIS:
            moved = services.update_meeting(meeting, form.data_out, actor=current_user)
        else:
            # The meeting's own fields, then the time and place for the rest of the series:
            # its invitees then get one message for all that changed.
            moved = services.update_meeting(
                meeting, form.data_out, actor=current_user, notify=False
            )
            others = series_ops.change_series(
                meeting, form.series_change, scope, actor=current_user
            )
            moved = moved or bool(others)
        conflicts = services.find_conflicts(meeting)
        renumbered = numbering.renumbered_since(meeting.group, before)
        db.session.commit()
        flash(_("The meeting has been saved."), "success")
        _flash_renumbered(renumbered)
        if scope != series_ops.Scope.THIS:
            flash(
                _("The time and place now apply to the following meetings of the series too.")
                if scope == series_ops.Scope.FOLLOWING
                else _("The time and place now apply to the whole series."),
                "info",
            )
        if moved and meeting.status != MeetingStatus.DRAFT:
            flash(
                _("The time or place has changed: participants' calendars will be updated."),
                "info",
            )
        _flash_conflicts(conflicts)
        return redirect(url_for("scheduling.meeting", meeting_id=meeting.id))
    return _form_page(form, meeting)


@bp.route("/meetings/<int:meeting_id>/copy", methods=["GET", "POST"])
@login_required
def copy(meeting_id: int):
    """A new meeting prefilled from an earlier one, with a new date to choose; saved as a
    draft with the earlier meeting's agenda and invitees (copied by the domains above)."""
    source = _meeting_or_refuse(meeting_id)
    if not can(current_user, "group.create_meeting", source.group):
        # The meeting is no secret to them (they see it): refused, not hidden.
        abort(403)
    groups = services.manageable_groups(current_user)
    initial = None
    if request.method == "GET":
        initial = copy_data(source, services.next_default_title(source.group))
    form = _meeting_form(None, groups, initial)
    if form.validate_on_submit():
        copied = services.copy_meeting(
            source, form.data_out, actor=current_user._get_current_object()
        )
        meeting = copied.meeting
        conflicts = services.find_conflicts(meeting)
        db.session.commit()
        flash(
            _("The meeting has been saved as a draft. Schedule it to give it its number."),
            "success",
        )
        if copied.agenda_items is not None:
            flash(
                ngettext(
                    "Copied: %(num)d agenda item.",
                    "Copied: %(num)d agenda items.",
                    copied.agenda_items,
                ),
                "info",
            )
        if copied.invitees is not None:
            flash(
                ngettext(
                    "Copied: %(num)d invitee; the invitations are sent when you schedule "
                    "the meeting.",
                    "Copied: %(num)d invitees; the invitations are sent when you schedule "
                    "the meeting.",
                    copied.invitees,
                ),
                "info",
            )
        for message in copied.not_copied:
            flash(message, "warning")
        _flash_conflicts(conflicts)
        return redirect(url_for("scheduling.meeting", meeting_id=meeting.id))
    return _form_page(form, None, source=source)


# --- the status workflow -------------------------------------------------------------------


def _flash_renumbered(renumbered: list[numbering.Renumbered]) -> None:
    """Say which meetings to come got another number so that numbers follow dates."""
    if not renumbered:
        return
    moves = [
        _("no. %(old)d is now no. %(new)d (%(title)s)", old=r.old, new=r.new, title=r.title)
        for r in renumbered
    ]
    flash(
        _(
            "Numbers follow the dates of the meetings to come, so these were renumbered: %(list)s.",
            list="; ".join(moves),
        ),
        "info",
    )


def _transition(meeting_id: int, to_status: MeetingStatus, done):
    meeting = _meeting_or_refuse(meeting_id, "meeting.edit")
    if not ConfirmForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return redirect(url_for("scheduling.meeting", meeting_id=meeting.id))
    before = numbering.scheduled_numbers(meeting.group)
    try:
        transition_meeting(meeting, to_status, actor=current_user)
    except TransitionError as error:
        flash(str(error.message), "error")
    else:
        conflicts = services.find_conflicts(meeting) if to_status == MeetingStatus.SCHEDULED else []
        renumbered = numbering.renumbered_since(meeting.group, before)
        db.session.commit()
        flash(done(meeting), "success")
        _flash_renumbered(renumbered)
        _flash_conflicts(conflicts)
    return redirect(url_for("scheduling.meeting", meeting_id=meeting_id))


@bp.post("/meetings/<int:meeting_id>/schedule")
@login_required
def schedule(meeting_id: int):
    return _transition(
        meeting_id,
        MeetingStatus.SCHEDULED,
        lambda m: _("The meeting is scheduled as meeting no. %(number)s.", number=m.number),
    )


@bp.post("/meetings/<int:meeting_id>/held")
@login_required
def mark_held(meeting_id: int):
    return _transition(
        meeting_id, MeetingStatus.HELD, lambda m: _("The meeting is marked as held.")
    )


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(meeting_id: int):
    meeting = _meeting_or_refuse(meeting_id, "meeting.edit")
    form = CancelForm()
    in_series = meeting.series_id is not None and meeting.recurrence_at is not None
    error = None
    if form.validate_on_submit():
        try:
            scope = series_ops.Scope(form.scope.data or "this") if in_series else None
        except ValueError:
            scope = series_ops.Scope.THIS
        try:
            if scope in (None, series_ops.Scope.THIS):
                transition_meeting(
                    meeting, MeetingStatus.CANCELLED, actor=current_user, reason=form.reason.data
                )
                cancelled = 1
            else:
                cancelled = len(
                    series_ops.cancel_series(
                        meeting, scope, actor=current_user, reason=form.reason.data
                    )
                )
        except TransitionError as refused:
            error = str(refused.message)
        else:
            db.session.commit()
            if cancelled > 1:
                flash(
                    _(
                        "%(num)d meetings of the series have been cancelled. Their numbers "
                        "are not given to others.",
                        num=cancelled,
                    ),
                    "success",
                )
            else:
                flash(
                    _("The meeting has been cancelled. Its number is not given to another."),
                    "success",
                )
            return redirect(url_for("scheduling.meeting", meeting_id=meeting.id))
    elif MeetingStatus.CANCELLED not in TRANSITIONS[meeting.status]:
        error = _("A %(status)s meeting cannot be cancelled.", status=status_name(meeting.status))
    return render_template(
        "scheduling/cancel.html",
        meeting=meeting,
        form=form,
        in_series=in_series,
        error=error,
        may_cancel=MeetingStatus.CANCELLED in TRANSITIONS[meeting.status],
    )


# --- series --------------------------------------------------------------------------------


@bp.route("/meetings/series/new", methods=["GET", "POST"])
@login_required
def create_series():
    groups = services.manageable_groups(current_user)
    if not groups:
        abort(403)
    initial = None
    if request.method == "GET":
        wanted = request.args.get("group", type=int)
        group = next((g for g in groups if g.id == wanted), groups[0])
        initial = {"group_id": str(group.id), "start_time": dt.time(10), "end_time": dt.time(12)}
    form = SeriesForm(data=initial, groups=groups, venues=services.venue_choices())
    if form.validate_on_submit():
        try:
            series, meetings = series_ops.create_series(form.data_out, actor=current_user)
        except ValueError:
            form.count.errors = [
                *form.count.errors,
                _(
                    "This schedule gives no meeting or more than %(num)d; change the dates.",
                    num=MAX_OCCURRENCES,
                ),
            ]
        else:
            conflicts = [c for m in meetings for c in services.find_conflicts(m)]
            db.session.commit()
            flash(_("%(num)d meetings have been created.", num=len(meetings)), "success")
            _flash_conflicts(conflicts)
            return redirect(url_for("scheduling.series", series_id=series.id))
    return render_template("scheduling/series_form.html", form=form)


@bp.get("/meetings/series/<int:series_id>")
@login_required
def series(series_id: int):
    found = series_ops.get_series(series_id)
    if found is None:
        abort(404)
    if not can(current_user, "group.create_meeting", found.group):
        # Its meetings are shown elsewhere to those who may see them; the series is the
        # managers' tool. To a non-member the group may be private: 404.
        abort(403 if role_in(current_user, found.group) is not None else 404)
    meetings = series_ops.series_meetings(found)
    return render_template(
        "scheduling/series.html",
        series=found,
        repeats=describe_rule(found.rule),
        meetings=meetings,
        drafts=[m for m in meetings if m.status == MeetingStatus.DRAFT],
        form=ConfirmForm(),
    )


@bp.post("/meetings/series/<int:series_id>/schedule")
@login_required
def schedule_series(series_id: int):
    """Schedule the series' drafts still to come: numbered in date order, and every invitee
    gets the series as one invitation."""
    found = series_ops.get_series(series_id)
    if found is None:
        abort(404)
    if not can(current_user, "group.create_meeting", found.group):
        abort(403 if role_in(current_user, found.group) is not None else 404)
    if not ConfirmForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return redirect(url_for("scheduling.series", series_id=found.id))
    scheduled = series_ops.schedule_series(found, actor=current_user)
    db.session.commit()
    flash(
        _("%(num)d meetings have been scheduled and the invitations sent.", num=len(scheduled)),
        "success",
    )
    return redirect(url_for("scheduling.series", series_id=found.id))


# --- joint meetings asked of other groups ---------------------------------------------------


def _answer_proposal(proposal_id: int, answer, done: str):
    """Accept or decline a joint meeting for the group asked (``proposal.decide``)."""
    proposal = guarded(proposals.get_proposal(proposal_id), "proposal.decide")
    back = url_for("groups.detail", slug=proposal.group.slug, _anchor="joint-proposals")
    if not ConfirmForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return redirect(back)
    try:
        answer(proposal, actor=current_user._get_current_object())
    except proposals.ProposalError as refused:
        flash(str(refused.message), "error")
        return redirect(back)
    db.session.commit()
    flash(done, "success")
    if can(current_user, "meeting.view", proposal.meeting):
        return redirect(url_for("scheduling.meeting", meeting_id=proposal.meeting_id))
    return redirect(back)


@bp.post("/joint-proposals/<int:proposal_id>/accept")
@login_required
def accept_proposal(proposal_id: int):
    return _answer_proposal(
        proposal_id,
        proposals.accept_proposal,
        _("Your group takes part in the joint meeting: it is now in the group's calendar."),
    )


@bp.post("/joint-proposals/<int:proposal_id>/decline")
@login_required
def decline_proposal(proposal_id: int):
    return _answer_proposal(
        proposal_id,
        proposals.decline_proposal,
        _("You have declined the joint meeting; the host group has been told."),
    )
