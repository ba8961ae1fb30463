"""The person's tasks (action items): open ones with the overdue marked, recently closed
ones, and marking a task done, dropped or open again."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth.permissions import can
from ..extensions import db
from ..links import next_or
from . import services
from .blueprint import acting_user, bp
from .enums import ActionStatus
from .forms import TaskStatusForm
from .models import ActionItem


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
        # Tasks whose date the person may find with a poll: those of groups they manage.
        may_poll={
            t.id
            for t in open_tasks
            if can(current_user, "group.create_poll", t.group) and t.group.archived_at is None
        },
        # The meeting of each task as the person may read it: never draft minutes they
        # cannot open.
        links=services.task_links(current_user, open_tasks),
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
        return redirect(next_or(url_for("minutes.tasks")))
    services.set_action_status(action, ActionStatus(form.status.data), actor=acting_user())
    db.session.commit()
    flash(
        _(
            "“%(task)s” is marked %(status)s.",
            task=action.text,
            status=services.ACTION_STATUS_LABELS[action.status],
        ),
        "success",
    )
    return redirect(next_or(url_for("minutes.tasks")))
