"""Meeting pages: the person's calendar (list and month), the public events (list, event
page, registration and its cancellation), one meeting, and the forms that create, edit,
schedule, mark held and cancel meetings and series."""

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
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth.guard import guarded
from ..auth.permissions import can, role_in
from ..auth.services import organisation_choices
from ..extensions import db, limiter
from ..i18n import zone_label
from ..text import render_markdown
from . import series as series_ops
from . import services
from .enums import MeetingStatus
from .forms import (
    CancelForm,
    ConfirmForm,
    EventFilterForm,
    MeetingForm,
    RegistrationForm,
    RegistrationSettingsForm,
    SeriesForm,
)
from .models import Meeting
from .recurrence import MAX_OCCURRENCES, describe_rule
from .workflow import TRANSITIONS, TransitionError, status_name, transition_meeting

bp = Blueprint("scheduling", __name__)


@bp.get("/calendar")
@login_required
def calendar():
    return render_template(
        "scheduling/calendar.html",
        meetings=services.calendar_for(current_user),
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
        grid=services.month_grid(current_user, year, number),
        today=today,
    )


@bp.get("/events")
def events():
    """Public meetings and events, upcoming and past (paginated), filtered by group,
    organiser, city and month: a GET form whose values stay in the address."""
    form = EventFilterForm(formdata=request.args, choices=services.event_filter_choices())
    form.validate()
    filters = form.filters_out
    page = request.args.get("page", 1, type=int) or 1
    found = services.find_public_events(filters, page=page)
    # The filters in force, for the page links (values not understood are dropped).
    query = {
        "group": filters.group.slug if filters.group else None,
        "organisation": filters.organisation.id if filters.organisation else None,
        "city": filters.city,
        "month": f"{filters.month[0]:04d}-{filters.month[1]:02d}" if filters.month else None,
    }
    return render_template(
        "scheduling/events.html",
        form=form,
        filters=filters,
        events=found,
        query={k: v for k, v in query.items() if v is not None},
    )


def _public_event_or_404(meeting_id: int) -> Meeting:
    """The meeting, if anyone may see it: its public event page. Else 404 for everyone
    (members find a members-only meeting on its meeting page)."""
    meeting = services.get_meeting(meeting_id)
    if meeting is None or not services.is_public_event(meeting):
        abort(404)
    return meeting


def _event_page(meeting: Meeting, form: RegistrationForm | None = None):
    return render_template(
        "scheduling/event.html",
        meeting=meeting,
        zone_name=zone_label(meeting.starts_at, meeting.timezone),
        description=render_markdown(meeting.description),
        registration=services.registration_state(meeting),
        form=form or RegistrationForm(),
        may_edit=can(current_user, "meeting.edit", meeting),
    )


@bp.get("/events/<int:meeting_id>")
def event(meeting_id: int):
    """A public event as such groups publish it: title, date and time, venue, organiser,
    description, programme, calendar download and registration."""
    return _event_page(_public_event_or_404(meeting_id))


@bp.post("/events/<int:meeting_id>/register")
@limiter.limit("30 per hour")
def register(meeting_id: int):
    meeting = _public_event_or_404(meeting_id)
    form = RegistrationForm()
    if not form.validate_on_submit():
        return _event_page(meeting, form)
    try:
        registration = services.register_for_event(
            meeting,
            name=form.name.data,
            email=form.email.data,
            organisation_name=form.organisation_name.data,
        )
    except services.RegistrationRefused as refused:
        already = refused.problem == services.RegistrationProblem.ALREADY
        flash(refused.message, "info" if already else "error")
        return redirect(url_for("scheduling.event", meeting_id=meeting.id, _anchor="registration"))
    services.send_registration_confirmation(registration, str(get_locale()))
    db.session.commit()
    flash(
        _(
            "You are registered. A confirmation has been sent to %(email)s.",
            email=registration.email,
        ),
        "success",
    )
    return redirect(url_for("scheduling.event", meeting_id=meeting.id, _anchor="registration"))


@bp.route(
    "/events/<int:meeting_id>/registrations/<int:registration_id>/<nonce>/cancel",
    methods=["GET", "POST"],
)
def cancel_registration(meeting_id: int, registration_id: int, nonce: str):
    """The link in the confirmation e-mail: a confirm page, then POST. A link that does
    not fit (tampered, or already used) answers 404 with a clear message."""
    meeting = services.get_meeting(meeting_id)
    registration = services.get_registration(meeting, registration_id, nonce) if meeting else None
    if registration is None:
        return render_template("scheduling/event_registration_cancel.html", meeting=None), 404
    form = ConfirmForm()
    if form.validate_on_submit():
        services.cancel_registration(registration)
        db.session.commit()
        flash(_("Your registration has been cancelled."), "success")
        if services.is_public_event(meeting):
            return redirect(url_for("scheduling.event", meeting_id=meeting.id))
        return redirect(url_for("site.index"))
    return render_template(
        "scheduling/event_registration_cancel.html",
        meeting=meeting,
        registration=registration,
        form=form,
        zone_name=zone_label(meeting.starts_at, meeting.timezone),
    )


@bp.post("/meetings/<int:meeting_id>/registration")
@login_required
def registration_settings(meeting_id: int):
    """The organisers switch registration on or off and set the number of places."""
    meeting = _meeting_or_refuse(meeting_id, "meeting.edit")
    form = RegistrationSettingsForm()
    target = url_for("scheduling.meeting", meeting_id=meeting.id, _anchor="registrations")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(target)
    if form.registration_open.data and not services.is_public_event(meeting):
        flash(_("Only public events take registrations: make the meeting public first."), "error")
        return redirect(target)
    services.set_registration(
        meeting, open=bool(form.registration_open.data), capacity=form.capacity_out
    )
    count = services.registration_count(meeting)
    db.session.commit()
    flash(_("The registration settings have been saved."), "success")
    if form.capacity_out is not None and count > form.capacity_out:
        flash(
            _(
                "%(count)d people are registered already, more than the %(capacity)d places: "
                "nobody else can register.",
                count=count,
                capacity=form.capacity_out,
            ),
            "warning",
        )
    return redirect(target)


def _meeting_or_refuse(meeting_id: int, action: str = "meeting.view") -> Meeting:
    """The meeting, if the person may do ``action`` on it: else sign-in, 403 or 404."""
    return guarded(services.get_meeting(meeting_id), action)


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int):
    meeting = _meeting_or_refuse(meeting_id)
    viewer_zone = current_user.timezone if current_user.is_authenticated else None
    may_edit = can(current_user, "meeting.edit", meeting)
    registrations = services.registrations_of(meeting) if may_edit else []
    return render_template(
        "scheduling/meeting.html",
        meeting=meeting,
        is_public_event=services.is_public_event(meeting),
        registrations=registrations,
        registration_form=RegistrationSettingsForm(
            data={
                "registration_open": meeting.registration_open,
                "capacity": str(meeting.registration_capacity or ""),
            }
        ),
        zone_name=zone_label(meeting.starts_at, meeting.timezone),
        viewer_zone=viewer_zone if viewer_zone and viewer_zone != meeting.timezone else None,
        description=render_markdown(meeting.description),
        may_edit=may_edit,
        next_statuses=TRANSITIONS[meeting.status] if may_edit else frozenset(),
        confirm_form=ConfirmForm(),
        cancel_form=CancelForm(),
    )


# --- creating and editing ------------------------------------------------------------------


def _meeting_form(meeting: Meeting | None, groups, formdata_data=None) -> MeetingForm:
    keep = [g.id for g in meeting.extra_groups] if meeting else []
    return MeetingForm(
        data=formdata_data,
        groups=groups,
        joinable=services.joinable_groups(current_user, keep),
        venues=services.venue_choices(meeting.venue_id if meeting else None),
        organisations=organisation_choices(meeting.organiser_id if meeting else None),
        meeting=meeting,
    )


def _flash_conflicts(conflicts) -> None:
    """Warn of clashes found before the commit (after the message that it was saved)."""
    for conflict in conflicts:
        flash(conflict.message, "warning")


def _form_page(form: MeetingForm, meeting: Meeting | None):
    group = form.selected_group()
    zone = form.zone_for(group) if group else None
    return render_template(
        "scheduling/form.html",
        form=form,
        meeting=meeting,
        zone=zone,
        zones={g.id: g.timezone for g in form._groups.values()},
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
        meeting = services.create_meeting(form.data_out, actor=current_user)
        conflicts = services.find_conflicts(meeting)
        db.session.commit()
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
    if form.validate_on_submit():
        scope = form.scope_out
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
        db.session.commit()
        flash(_("The meeting has been saved."), "success")
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


# --- the status workflow -------------------------------------------------------------------


def _transition(meeting_id: int, to_status: MeetingStatus, done):
    meeting = _meeting_or_refuse(meeting_id, "meeting.edit")
    if not ConfirmForm().validate_on_submit():
        flash(_("The form has expired. Please try again."), "error")
        return redirect(url_for("scheduling.meeting", meeting_id=meeting.id))
    try:
        transition_meeting(meeting, to_status, actor=current_user)
    except TransitionError as error:
        flash(str(error.message), "error")
    else:
        conflicts = services.find_conflicts(meeting) if to_status == MeetingStatus.SCHEDULED else []
        db.session.commit()
        flash(done(meeting), "success")
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
