"""Venue pages: the list, one venue with its meetings, adding, editing and archiving."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import can
from ..extensions import db
from ..signals import contributions
from . import services
from .forms import VenueForm, VenueSearchForm, country_names
from .models import Venue
from .signals import venue_page

bp = Blueprint("venues", __name__, url_prefix="/venues")


def _refused(action: str, venue: Venue | None = None):
    """None when the person may do ``action`` (on the venue); else the response refusing
    them: sign in first, or 403 (venues are public, so they are no secret)."""
    if can(current_user, action, venue):
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    abort(403)


def _venue_or_404(venue_id: int) -> Venue:
    venue = services.get_venue(venue_id)
    if venue is None:
        abort(404)
    return venue


@bp.get("/")
def index():
    form = VenueSearchForm(formdata=request.args)
    query = form.q.data if form.validate() else ""
    show_archived = request.args.get("archived") == "1" and can(current_user, "venue.manage")
    venues = services.find_venues(query, include_archived=show_archived)
    return render_template(
        "venues/index.html",
        form=form,
        query=query,
        venues=venues,
        show_archived=show_archived,
        countries=country_names(),
    )


@bp.get("/<int:venue_id>")
def detail(venue_id: int):
    venue = _venue_or_404(venue_id)
    return render_template(
        "venues/detail.html",
        venue=venue,
        organisation=venue.organisation,
        country=country_names().get(venue.country or "", venue.country),
        osm_url=services.osm_search_url(venue),
        # Its meetings come from scheduling, the domain above.
        **{"meetings": None} | contributions(venue_page, venue, user=current_user),
    )


@bp.route("/new", methods=["GET", "POST"])
def create():
    refused = _refused("venue.manage")
    if refused is not None:
        return refused
    form = VenueForm()
    if form.validate_on_submit():
        venue = services.create_venue(form.to_data())
        db.session.commit()
        flash(_("The venue %(name)s has been added.", name=venue.name), "success")
        return redirect(url_for("venues.detail", venue_id=venue.id))
    return render_template("venues/form.html", form=form, venue=None)


@bp.route("/<int:venue_id>/edit", methods=["GET", "POST"])
def edit(venue_id: int):
    venue = _venue_or_404(venue_id)
    refused = _refused("venue.edit", venue)
    if refused is not None:
        return refused
    form = VenueForm(
        data=None if request.method == "POST" else VenueForm.data_of(venue),
        current_organisation_id=venue.organisation_id,
        current_country=venue.country,
    )
    if form.validate_on_submit():
        services.update_venue(venue, form.to_data())
        db.session.commit()
        flash(_("The venue has been saved."), "success")
        return redirect(url_for("venues.detail", venue_id=venue.id))
    return render_template("venues/form.html", form=form, venue=venue)


@bp.post("/<int:venue_id>/archive")
def archive(venue_id: int):
    venue = _venue_or_404(venue_id)
    refused = _refused("venue.archive", venue)
    if refused is not None:
        return refused
    services.archive_venue(venue)
    db.session.commit()
    flash(
        _(
            "The venue %(name)s has been archived. It is no longer offered for new "
            "meetings; its page and past meetings stay.",
            name=venue.name,
        ),
        "success",
    )
    return redirect(url_for("venues.detail", venue_id=venue.id))


@bp.post("/<int:venue_id>/restore")
def restore(venue_id: int):
    venue = _venue_or_404(venue_id)
    refused = _refused("venue.archive", venue)
    if refused is not None:
        return refused
    services.restore_venue(venue)
    db.session.commit()
    flash(_("The venue %(name)s is offered for meetings again.", name=venue.name), "success")
    return redirect(url_for("venues.detail", venue_id=venue.id))
