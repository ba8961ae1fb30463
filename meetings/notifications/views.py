"""The list of a person's notifications, marking them read, the bell's count in the
header and the preferences on the account page."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from . import services
from .forms import ConfirmForm, PreferencesForm
from .kinds import KINDS, mailed_kinds

bp = Blueprint("notifications", __name__)
log = logging.getLogger(__name__)


@bp.app_context_processor
def _bell() -> dict[str, Any]:
    def unread_notifications() -> int | None:
        """The bell's count: one query per page, None when it cannot be had just now."""
        try:
            return services.unread_count(current_user)
        except SQLAlchemyError as error:  # an error page while the database is away
            log.warning("unread notifications not counted: %s", error)
            return None

    return {"unread_notifications": unread_notifications}


def _current() -> Any:
    return current_user._get_current_object()


@bp.get("/notifications")
@login_required
def index():
    page = services.page_of(_current(), request.args.get("page", 1, type=int))
    return render_template(
        "notifications/index.html", result=page, confirm_form=ConfirmForm(formdata=None)
    )


@bp.get("/notifications/<int:notification_id>")
@login_required
def follow(notification_id: int):
    """Follow a notification's link; it counts as read."""
    notification = services.own_notification(_current(), notification_id)
    if notification is None:
        abort(404)
    services.mark_read(notification)
    db.session.commit()
    return redirect(services.safe_link(notification.link))


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int):
    notification = services.own_notification(_current(), notification_id)
    if notification is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        services.mark_read(notification)
        db.session.commit()
    return redirect(_back_to_list())


@bp.post("/notifications/read-all")
@login_required
def mark_all_read():
    if ConfirmForm().validate_on_submit():
        count = services.mark_all_read(_current())
        db.session.commit()
        if count:
            flash(_("All notifications are marked as read."), "success")
    return redirect(_back_to_list())


@bp.post("/notifications/preferences")
@login_required
def preferences():
    if PreferencesForm().validate_on_submit():
        known = {kind.value for kind in KINDS}
        mailed = {kind.value for kind in mailed_kinds()}
        services.save_preferences(
            _current(),
            in_app=[k for k in request.form.getlist("in_app") if k in known],
            by_mail=[k for k in request.form.getlist("by_mail") if k in mailed],
        )
        db.session.commit()
        flash(_("Your notification preferences have been saved."), "success")
    return redirect(url_for("auth.account", _anchor="notifications"))


def _back_to_list() -> str:
    page = request.form.get("page", type=int)
    return url_for("notifications.index", page=page if page and page > 1 else None)
