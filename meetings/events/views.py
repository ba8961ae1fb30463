"""Public events: the list with its filters, an event's page, registering for it and
cancelling a registration; the organisers' registration settings of a meeting."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth.guard import guarded
from ..auth.permissions import allowed, can
from ..extensions import db, limiter
from ..i18n import zone_city
from ..scheduling import listings
from ..scheduling.forms import ConfirmForm
from ..scheduling.models import Meeting
from ..scheduling.online import public_online_link
from ..text import render_markdown
from . import services
from .forms import EventFilterForm, RegistrationForm, RegistrationSettingsForm

bp = Blueprint("events", __name__)


@bp.get("/events")
def events():
    """Public meetings and events, upcoming and past (paginated), filtered by group,
    organiser, city and month: a GET form whose values stay in the address."""
    choices = services.event_filter_choices()
    # A members-only group is never named to someone who may not see it.
    choices.groups = allowed(current_user, "group.view", choices.groups)
    form = EventFilterForm(formdata=request.args, choices=choices)
    form.validate()
    filters = form.filters_out
    page = request.args.get("page", 1, type=int) or 1
    # Past the last page there is nothing; a number beyond any page is the last one asked.
    ahead = min(request.args.get("ahead", 1, type=int) or 1, services.MAX_UPCOMING_PAGE)
    found = services.find_public_events(filters, page=page, upcoming_page=ahead)
    # The filters in force, for the page links (values not understood are dropped).
    query = {
        "group": filters.group.slug if filters.group else None,
        "organisation": filters.organisation.id if filters.organisation else None,
        "city": filters.city,
        "month": f"{filters.month[0]:04d}-{filters.month[1]:02d}" if filters.month else None,
    }
    return render_template(
        "events/events.html",
        form=form,
        filters=filters,
        events=found,
        query={k: v for k, v in query.items() if v is not None},
    )


def _public_event_or_404(meeting_id: int) -> Meeting:
    """The meeting, if anyone may see it: its public event page. Else 404 for everyone
    (members find a members-only meeting on its meeting page)."""
    meeting = listings.get_meeting(meeting_id)
    if meeting is None or not services.is_public_event(meeting):
        abort(404)
    return meeting


def _event_page(meeting: Meeting, form: RegistrationForm | None = None):
    return render_template(
        "events/event.html",
        meeting=meeting,
        zone_name=zone_city(meeting.timezone),
        description=render_markdown(meeting.description),
        registration=services.registration_state(meeting),
        # A public page: the same for everyone, so only a link the group shows publicly.
        online_link=public_online_link(meeting),
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
        return redirect(url_for("events.event", meeting_id=meeting.id, _anchor="registration"))
    services.send_registration_confirmation(registration, str(get_locale()))
    db.session.commit()
    flash(
        _(
            "You are registered. A confirmation has been sent to %(email)s.",
            email=registration.email,
        ),
        "success",
    )
    return redirect(url_for("events.event", meeting_id=meeting.id, _anchor="registration"))


@bp.route(
    "/events/<int:meeting_id>/registrations/<int:registration_id>/<nonce>/cancel",
    methods=["GET", "POST"],
)
def cancel_registration(meeting_id: int, registration_id: int, nonce: str):
    """The link in the confirmation e-mail: a confirm page, then POST. A link that does
    not fit (tampered, or already used) answers 404 with a clear message."""
    meeting = listings.get_meeting(meeting_id)
    registration = services.get_registration(meeting, registration_id, nonce) if meeting else None
    if registration is None:
        return render_template("events/registration_cancel.html", meeting=None), 404
    form = ConfirmForm()
    if form.validate_on_submit():
        services.cancel_registration(registration)
        db.session.commit()
        flash(_("Your registration has been cancelled."), "success")
        if services.is_public_event(meeting):
            return redirect(url_for("events.event", meeting_id=meeting.id))
        return redirect(url_for("site.index"))
    return render_template(
        "events/registration_cancel.html",
        meeting=meeting,
        registration=registration,
        form=form,
        zone_name=zone_city(meeting.timezone),
    )


@bp.post("/meetings/<int:meeting_id>/registration")
@login_required
def registration_settings(meeting_id: int):
    """The organisers switch registration on or off and set the number of places."""
    meeting = guarded(listings.get_meeting(meeting_id), "meeting.edit")
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
