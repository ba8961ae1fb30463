"""The reminders' pages: reminder times of a group and a meeting, the choices on the
account page, the one-click unsubscribe and the site admin's list of planned messages."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth.guard import guarded
from ..auth.permissions import can
from ..extensions import csrf, db
from ..groups.services import get_group
from ..scheduling.models import Meeting
from . import jobs as _jobs  # noqa: F401  (registers the timed work in every process)
from . import services
from .choices import label_of, read_token, save_choices, set_choice
from .forms import ChoicesForm, ConfirmForm, TimesForm
from .planning import format_offsets, parse_offsets, set_times, times_row

bp = Blueprint("reminders", __name__)


def _times_page(template_values: dict, *, group_id=None, meeting_id=None, back: str):
    row = times_row(group_id=group_id, meeting_id=meeting_id)
    form = TimesForm()
    if request.method == "GET":
        form.use_default.data = row is None
        form.offsets.data = format_offsets(int(m) for m in row.offsets.split()) if row else ""
    if form.validate_on_submit():
        minutes = None if form.use_default.data else parse_offsets(form.offsets.data or "")
        set_times(minutes, group_id=group_id, meeting_id=meeting_id)
        services.replan()
        db.session.commit()
        flash(_("The reminder times have been saved."), "success")
        return redirect(back)
    return render_template("reminders/times.html", form=form, **template_values)


@bp.route("/meetings/<int:meeting_id>/reminders", methods=["GET", "POST"])
@login_required
def meeting_times(meeting_id: int):
    """A meeting's own reminder times, and its planned and sent reminders."""
    meeting = guarded(db.session.get(Meeting, meeting_id), "meeting.edit")
    return _times_page(
        {
            "meeting": meeting,
            "group": None,
            "default": services.describe_offsets(services.group_offsets(meeting.group_id)),
            "planned": services.planned_of_meeting(meeting.id),
        },
        meeting_id=meeting.id,
        back=url_for("reminders.meeting_times", meeting_id=meeting.id),
    )


@bp.route("/groups/<slug>/reminders", methods=["GET", "POST"])
@login_required
def group_times(slug: str):
    """The default reminder times of a group's meetings."""
    group = guarded(get_group(slug), "group.view")
    if not can(current_user, "group.edit", group):
        abort(403)
    return _times_page(
        {
            "meeting": None,
            "group": group,
            "default": services.describe_offsets(services.site_offsets()),
            "planned": [],
        },
        group_id=group.id,
        back=url_for("reminders.group_times", slug=group.slug),
    )


@bp.post("/account/reminders")
@login_required
def choices():
    if ChoicesForm().validate_on_submit():
        save_choices(current_user.email, request.form.getlist("wanted"))
        db.session.commit()
        flash(_("Your reminder preferences have been saved."), "success")
    return redirect(url_for("auth.account", _anchor="reminders"))


@bp.route("/mail/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    """The link in every optional message: a page with a button, then POST.

    No sign-in: the signed token names the address and the kind. The POST needs no CSRF
    token — mail programs' one-click unsubscribe (RFC 8058) posts without one — and the
    signature protects it instead. An altered link answers 400 with a page saying so.
    """
    found = read_token(token)
    if found is None:
        return render_template("reminders/unsubscribe.html", email=None, kind=None), 400
    email, kind = found
    if request.method == "POST":
        set_choice(email, kind, False)
        services.replan()
        db.session.commit()
        return render_template(
            "reminders/unsubscribe.html", email=email, label=label_of(kind), done=True
        )
    return render_template(
        "reminders/unsubscribe.html",
        email=email,
        label=label_of(kind),
        done=False,
        form=ConfirmForm(),
    )


@bp.get("/admin/reminders")
@login_required
def admin():
    """Messages planned for the coming days and those sent lately, with their state."""
    if not can(current_user, "site.admin"):
        abort(403)
    return render_template(
        "reminders/admin.html",
        overview=services.overview(),
        zone=current_user.timezone,
    )
