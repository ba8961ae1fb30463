"""Minutes and action items."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template
from flask_babel import get_timezone
from flask_login import current_user, login_required

from . import services

bp = Blueprint("minutes", __name__)


@bp.get("/tasks")
@login_required
def tasks():
    return render_template(
        "minutes/tasks.html",
        tasks=services.open_action_items_for(current_user),
        today=dt.datetime.now(get_timezone()).date(),
    )
