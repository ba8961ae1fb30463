"""The export pages: the site admin's (the whole installation) and a group's (for its chair),
each with a button that prepares an export in the job queue; the page of one export, which
shows its progress and reloads itself until it is ready, then offers the zip."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth.guard import guarded
from ..auth.permissions import can
from ..extensions import db
from ..groups.models import WorkingGroup
from ..groups.services import get_group
from ..storage import services as storage
from . import jobs as _jobs  # noqa: F401  (registers the task and the tidying in every process)
from . import services
from .forms import ConfirmForm
from .models import ExportJob

bp = Blueprint("transfer", __name__)

#: Seconds after which the progress page asks again.
REFRESH_SECONDS = 2


def _scope_page(group: WorkingGroup | None):
    return render_template(
        "transfer/index.html",
        group=group,
        exports=services.exports_of(group),
        available=services.is_available,
        form=ConfirmForm(),
        keep_days=services.keep_for().days,
    )


def _prepare(group: WorkingGroup | None):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    job = services.request_export(group, actor=current_user)
    db.session.commit()
    return redirect(url_for("transfer.job", job_id=job.id), code=303)


def _site_export_allowed() -> None:
    if not can(current_user, "site.export"):
        abort(403)


def _group(slug: str) -> WorkingGroup:
    group = guarded(get_group(slug), "group.view")
    if not can(current_user, "group.export", group):
        abort(403)
    return group


@bp.get("/admin/export")
@login_required
def installation():
    """The whole installation's exports (site admins)."""
    _site_export_allowed()
    return _scope_page(None)


@bp.post("/admin/export")
@login_required
def prepare_installation():
    _site_export_allowed()
    return _prepare(None)


@bp.get("/groups/<slug>/export")
@login_required
def group(slug: str):
    """The group's exports (its chair and site admins)."""
    return _scope_page(_group(slug))


@bp.post("/groups/<slug>/export")
@login_required
def prepare_group(slug: str):
    return _prepare(_group(slug))


def _job(job_id: int) -> ExportJob:
    return guarded(db.session.get(ExportJob, job_id), "export.view")


@bp.get("/exports/<int:job_id>")
@login_required
def job(job_id: int):
    """One export: its progress (the page reloads itself meanwhile), then the download."""
    export = _job(job_id)
    finished = export.is_finished
    page = render_template(
        "transfer/job.html",
        export=export,
        available=services.is_available(export),
        refresh=None if finished else REFRESH_SECONDS,
        form=ConfirmForm(),
    )
    return page, 200, {"Cache-Control": "no-store"}


@bp.get("/exports/<int:job_id>/download")
@login_required
def download(job_id: int):
    export = _job(job_id)
    if not services.is_available(export) or export.file is None:
        abort(404)
    services.record_download(export, actor=current_user)
    db.session.commit()
    response = storage.send(
        export.file,
        download_name=export.filename or f"meetings-export-{export.id}.zip",
        as_attachment=True,
        mimetype="application/zip",
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/exports/<int:job_id>/delete")
@login_required
def delete(job_id: int):
    export = _job(job_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not export.is_finished:
        flash(_("The export is still being prepared; it can be deleted once it is ready."), "error")
        return redirect(url_for("transfer.job", job_id=export.id), code=303)
    group = export.group
    services.delete_export(export)
    db.session.commit()
    flash(_("The export has been deleted."), "success")
    if group is not None:
        return redirect(url_for("transfer.group", slug=group.slug), code=303)
    return redirect(url_for("transfer.installation"), code=303)
