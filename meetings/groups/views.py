"""Working-group pages: the list of groups and one group's page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask_login import current_user

from ..auth.permissions import can
from ..i18n import LANGUAGE_NAMES
from ..scheduling.services import group_meetings
from ..text import render_markdown
from . import services

bp = Blueprint("groups", __name__, url_prefix="/groups")


@bp.get("/")
def index():
    return render_template("groups/index.html", listing=services.visible_groups(current_user))


@bp.get("/<slug>")
def detail(slug: str):
    group = services.get_group(slug)
    if group is None:
        abort(404)
    if not can(current_user, "group.view", group):
        # Members-only: a visitor is asked to sign in; to anyone else it does not exist.
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        abort(404)
    show_members = can(current_user, "group.view_members", group)
    return render_template(
        "groups/detail.html",
        group=group,
        language_name=LANGUAGE_NAMES.get(group.language, group.language),
        description=render_markdown(group.description),
        goals=render_markdown(group.goals),
        members=services.members_by_role(group) if show_members else None,
        meetings=group_meetings(current_user, group),
    )
