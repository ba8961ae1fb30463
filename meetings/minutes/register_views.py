"""The decisions register: the decisions the person may read, of one group or of all their
groups at once, searchable."""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask_login import current_user
from sqlalchemy import select

from ..auth.permissions import can
from ..extensions import db
from ..groups.models import WorkingGroup
from . import services
from .blueprint import bp


@bp.get("/decisions")
def decisions():
    slug = (request.args.get("group") or "").strip()
    query = (request.args.get("q") or "").strip()[:200]
    if not slug:
        # Every group of the person's at once.
        if not current_user.is_authenticated:
            abort(current_app.login_manager.unauthorized())
        groups = services.register_groups(current_user)
        return render_template(
            "minutes/decisions.html",
            group=None,
            groups=groups,
            rows=services.decisions_register(current_user, groups, query),
            query=query,
            limit=services.REGISTER_LIMIT,
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
