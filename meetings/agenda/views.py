"""The agenda builder, publishing, attachments and the agenda PDF."""

from __future__ import annotations

import logging
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from ..auth.guard import guarded
from ..auth.permissions import can
from ..documents.rendered import respond
from ..extensions import db
from ..links import next_or
from ..scheduling.models import Meeting
from ..storage import services as storage
from ..text import render_markdown
from . import jobs as _jobs  # noqa: F401  (registers the timed publishing)
from . import services
from .forms import (
    KIND_LABELS,
    AttachmentForm,
    ConfirmForm,
    ItemForm,
    MoveForm,
    PublishForm,
    StartForm,
)
from .models import AgendaItem

bp = Blueprint("agenda", __name__)
log = logging.getLogger(__name__)


# --- publishing when due, and the meeting page's agenda section ------------------------------


@bp.before_app_request
def _publish_due_agenda() -> None:
    """On a meeting's pages, publish its agenda when its scheduled time has come.

    One cheap query per page view; the write (and commit) happens once, when due.
    """
    endpoint = request.endpoint or ""
    if endpoint != "scheduling.meeting" and not endpoint.startswith("agenda."):
        return
    meeting_id = (request.view_args or {}).get("meeting_id")
    if not isinstance(meeting_id, int):
        return
    try:
        if services.agenda_publication_due(meeting_id):
            services.publish_due_agendas(meeting_id=meeting_id)
            db.session.commit()
    except SQLAlchemyError:
        # Another request publishes it; the page shows it as published either way.
        db.session.rollback()


@bp.app_context_processor
def _agenda_helpers() -> dict[str, Any]:
    return {"agenda_section": services.agenda_section, "agenda_kind_labels": KIND_LABELS}


@bp.app_template_filter("render_agenda_text")
def _render_agenda_text(text: str | None):
    return render_markdown(text)


# --- helpers ---------------------------------------------------------------------------------


def _meeting(meeting_id: int, action: str | None = None) -> Meeting:
    """The meeting if the person may see it (sign-in, 403 or 404 otherwise), then ``action``."""
    return guarded(db.session.get(Meeting, meeting_id), action or "meeting.view")


def _builder_url(meeting: Meeting, anchor: str | None = None) -> str:
    return url_for("agenda.builder", meeting_id=meeting.id, _anchor=anchor)


def _item_form(meeting: Meeting, items: list[AgendaItem], **kwargs: Any) -> ItemForm:
    numbers = {r.id: r.number for r in services.build_timetable(meeting, items).rows}
    parents = [(i.id, f"{numbers.get(i.id, '')} {i.title}") for i in items if i.parent_id is None]
    return ItemForm(
        parents=[(pid, _("Sub-item of %(item)s", item=label)) for pid, label in parents],
        presenters=services.presenter_choices(meeting),
        groups=[(g.id, g.name) for g in meeting.groups] if meeting.extra_groups else [],
        **kwargs,
    )


def _attachment_form(
    meeting: Meeting, timetable: services.Timetable, **kwargs: Any
) -> AttachmentForm:
    choices = []
    for row in timetable.rows:
        choices.append((row.id, f"{row.number} {row.title}"))
        choices.extend((c.id, f"{c.number} {c.title}") for c in row.children)
    return AttachmentForm(items=choices, **kwargs)


def _builder_page(
    meeting: Meeting,
    item_form: ItemForm | None = None,
    attachment_form: AttachmentForm | None = None,
    publish_form: PublishForm | None = None,
    status: int = 200,
):
    items = services.agenda_items(meeting)
    timetable = services.build_timetable(meeting, items)
    item_form = item_form or _item_form(meeting, items, formdata=None)
    previous = services.previous_meeting(meeting) if not items else None
    return (
        render_template(
            "agenda/builder.html",
            meeting=meeting,
            timetable=timetable,
            item_form=item_form,
            attachment_form=attachment_form or _attachment_form(meeting, timetable, formdata=None),
            publish_form=publish_form or PublishForm(formdata=None),
            confirm_form=ConfirmForm(formdata=None),
            meeting_attachments=services.meeting_attachments(meeting),
            published=services.agenda_is_published(meeting),
            locked=_locked(meeting),
            review_pending=services.review_pending(meeting),
            previous=previous,
            has_template=bool((meeting.group.agenda_template or "").strip()),
            may_review=can(current_user, "agenda.review", meeting),
        ),
        status,
    )


# --- the lock on a published agenda of a meeting that has begun ----------------------------

#: Posts that change the items or documents of an agenda.
_CHANGES = frozenset(
    {
        "agenda.add_item",
        "agenda.edit_item",
        "agenda.delete_item",
        "agenda.move_item",
        "agenda.reorder",
        "agenda.start",
        "agenda.upload",
        "agenda.delete_attachment",
    }
)
#: The meetings whose locked agenda this person chose to edit, kept in the signed session
#: cookie (so every app server sees it) until they sign out.
_UNLOCKED = "agenda_unlocked"


def _locked(meeting: Meeting) -> bool:
    return services.agenda_is_locked(meeting) and meeting.id not in session.get(_UNLOCKED, [])


@bp.before_request
def _refuse_changes_while_locked():
    """A change posted from a page opened before the lock (or crafted) is refused with the
    way to unlock it; nothing is changed."""
    if request.endpoint not in _CHANGES:
        return None
    # The permission first, as the view itself would: a person who may not edit learns
    # nothing about the lock.
    meeting = _meeting((request.view_args or {}).get("meeting_id"), "agenda.edit")
    if not _locked(meeting):
        return None
    message = _(
        "This agenda was published and the meeting has begun: choose “Edit the published "
        "agenda” first. Nothing was changed."
    )
    if request.is_json:
        return jsonify(ok=False, error=message), 409
    flash(message, "warning")
    return redirect(_builder_url(meeting, "agenda-locked"))


@bp.post("/meetings/<int:meeting_id>/agenda/unlock")
@login_required
def unlock(meeting_id: int):
    meeting = _meeting(meeting_id, "agenda.edit")
    if ConfirmForm().validate_on_submit():
        session[_UNLOCKED] = [*session.get(_UNLOCKED, [])[-19:], meeting.id]
        flash(
            _("You are editing the published agenda: members see each change at once."),
            "warning",
        )
    return redirect(_builder_url(meeting, "agenda-items"))


# --- the builder -----------------------------------------------------------------------------


@bp.get("/meetings/<int:meeting_id>/agenda")
@login_required
def builder(meeting_id: int):
    meeting = _meeting(meeting_id, "agenda.edit")
    return _builder_page(meeting)


@bp.post("/meetings/<int:meeting_id>/agenda/items")
@login_required
def add_item(meeting_id: int):
    meeting = _meeting(meeting_id, "agenda.edit")
    items = services.agenda_items(meeting)
    form = _item_form(meeting, items)
    if form.validate_on_submit():
        try:
            item = services.add_agenda_item(meeting, form.fields())
        except services.AgendaError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The item has been added."), "success")
            return redirect(_builder_url(meeting, f"item-{item.id}"))
    return _builder_page(meeting, item_form=form, status=422)


@bp.route("/meetings/<int:meeting_id>/agenda/items/<int:item_id>", methods=["GET", "POST"])
@login_required
def edit_item(meeting_id: int, item_id: int):
    meeting = _meeting(meeting_id, "agenda.edit")
    item = services.get_item(meeting, item_id)
    if item is None:
        abort(404)
    items = services.agenda_items(meeting)
    form = _item_form(
        meeting,
        [i for i in items if i.id != item.id],
        data=None if request.method == "POST" else ItemForm.data_of(item),
    )
    merged = form.merge_with(ItemForm.data_of(item))
    if merged and form.validate_on_submit():
        try:
            services.update_agenda_item(item, form.fields())
        except services.AgendaError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The item has been saved."), "success")
            return redirect(_builder_url(meeting, f"item-{item.id}"))
    status = 200 if request.method == "GET" else 422 if merged else 409
    return render_template("agenda/item.html", meeting=meeting, item=item, form=form), status


@bp.post("/meetings/<int:meeting_id>/agenda/items/<int:item_id>/delete")
@login_required
def delete_item(meeting_id: int, item_id: int):
    meeting = _meeting(meeting_id, "agenda.edit")
    item = services.get_item(meeting, item_id)
    if item is None:
        flash(_("That agenda item does not exist (any more)."), "error")
        return redirect(_builder_url(meeting))
    if ConfirmForm().validate_on_submit():
        services.delete_agenda_item(item)
        db.session.commit()
        flash(_("The item has been deleted."), "success")
    return redirect(_builder_url(meeting, "agenda-items"))


@bp.post("/meetings/<int:meeting_id>/agenda/items/<int:item_id>/move")
@login_required
def move_item(meeting_id: int, item_id: int):
    meeting = _meeting(meeting_id, "agenda.edit")
    item = services.get_item(meeting, item_id)
    if item is None:
        flash(_("That agenda item does not exist (any more)."), "error")
        return redirect(_builder_url(meeting))
    form = MoveForm()
    if form.validate_on_submit():
        try:
            services.move_agenda_item(item, form.direction.data or "")
        except services.AgendaError as error:
            flash(str(error), "warning")
        else:
            db.session.commit()
    return redirect(_builder_url(meeting, f"item-{item.id}"))


@bp.post("/meetings/<int:meeting_id>/agenda/order")
@login_required
def reorder(meeting_id: int):
    """The new order of one level, from drag and drop: JSON {parent_id, order: [ids]}
    (answered with JSON) or form fields parent_id and order="3,1,2" (redirected back)."""
    meeting = _meeting(meeting_id, "agenda.edit")
    payload = request.get_json(silent=True) if request.is_json else None
    if payload is not None and not isinstance(payload, dict):
        payload = {}
    if payload is not None:
        parent_id, order = payload.get("parent_id"), payload.get("order")
    else:
        parent_id = request.form.get("parent_id")
        order = [p for p in (request.form.get("order") or "").split(",") if p.strip()]
    try:
        if not isinstance(order, list):
            raise services.AgendaError(_("The new order could not be read. Reload the page."))
        services.reorder_agenda_items(meeting, parent_id, order)
    except services.AgendaError as error:
        if payload is not None:
            return jsonify(ok=False, error=str(error)), 400
        flash(str(error), "error")
        return redirect(_builder_url(meeting, "agenda-items"))
    db.session.commit()
    if payload is not None:
        timetable = services.build_timetable(meeting)
        numbers = {r.id: r.number for r in timetable.rows}
        numbers.update({c.id: c.number for r in timetable.rows for c in r.children})
        return jsonify(ok=True, numbers={str(k): v for k, v in numbers.items()})
    flash(_("The new order has been saved."), "success")
    return redirect(_builder_url(meeting, "agenda-items"))


@bp.post("/meetings/<int:meeting_id>/agenda/start")
@login_required
def start(meeting_id: int):
    meeting = _meeting(meeting_id, "agenda.edit")
    form = StartForm()
    if form.validate_on_submit():
        try:
            count = services.start_agenda(meeting, form.source.data or "")
        except services.AgendaError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("The agenda has been started with %(count)s items.", count=count), "success")
    return redirect(_builder_url(meeting, "agenda-items"))


# --- publishing and review -------------------------------------------------------------------


@bp.post("/meetings/<int:meeting_id>/agenda/publish")
@login_required
def publish(meeting_id: int):
    meeting = _meeting(meeting_id, "agenda.edit")
    form = PublishForm()
    action = request.form.get("action")
    if not form.validate_on_submit():
        return _builder_page(meeting, publish_form=form, status=422)
    if action == "now":
        services.publish_agenda(meeting, actor=current_user._get_current_object())
        flash(_("The agenda has been published."), "success")
    elif action == "schedule":
        if form.publish_at.data is None:
            form.publish_at.errors.append(_("Enter the date and time to publish the agenda at."))
            return _builder_page(meeting, publish_form=form, status=422)
        at = services.local_input_time(meeting, form.publish_at.data)
        try:
            services.schedule_agenda_publication(meeting, at)
        except services.AgendaError as error:
            form.publish_at.errors.append(str(error))
            return _builder_page(meeting, publish_form=form, status=422)
        flash(
            _(
                "The agenda will be published on %(when)s.",
                when=services.agenda_summary_time(meeting, at),
            ),
            "success",
        )
    elif action == "withdraw":
        services.withdraw_agenda(meeting)
        flash(_("The agenda is a draft again: members no longer see it."), "success")
    else:
        flash(_("Choose whether to publish now or at a time."), "error")
        return redirect(_builder_url(meeting, "publishing"))
    db.session.commit()
    return redirect(_builder_url(meeting, "publishing"))


@bp.post("/meetings/<int:meeting_id>/agenda/request-review")
@login_required
def request_review(meeting_id: int):
    meeting = _meeting(meeting_id, "agenda.edit")
    if ConfirmForm().validate_on_submit():
        services.request_agenda_review(meeting, actor=current_user._get_current_object())
        db.session.commit()
        flash(_("The chair has been asked to review the agenda."), "success")
    return redirect(_builder_url(meeting, "publishing"))


@bp.post("/meetings/<int:meeting_id>/agenda/reviewed")
@login_required
def mark_reviewed(meeting_id: int):
    meeting = _meeting(meeting_id, "agenda.review")
    if ConfirmForm().validate_on_submit():
        services.mark_agenda_reviewed(meeting, current_user)
        db.session.commit()
        flash(_("You have marked the agenda as reviewed."), "success")
    return redirect(next_or(url_for("scheduling.meeting", meeting_id=meeting.id, _anchor="agenda")))


# --- attachments -----------------------------------------------------------------------------


@bp.post("/meetings/<int:meeting_id>/attachments")
@login_required
def upload(meeting_id: int):
    meeting = _meeting(meeting_id, "agenda.edit")
    timetable = services.build_timetable(meeting)
    form = _attachment_form(meeting, timetable)
    if form.validate_on_submit():
        item = None
        if form.agenda_item_id.data is not None:
            item = services.get_item(meeting, form.agenda_item_id.data)
        upload_file = form.file.data
        try:
            attachment = services.store_attachment(
                meeting, upload_file.stream, upload_file.filename, current_user, item
            )
        except services.AgendaError as error:
            form.file.errors.append(str(error))
        except storage.StorageError as error:
            # The store is down: nothing is kept (the rollback removes a stored object).
            db.session.rollback()
            log.error("upload to meeting %s not stored: %s", meeting.id, error)
            form.file.errors.append(
                _("The file could not be stored just now. Nothing was saved: try again soon.")
            )
            return _builder_page(meeting, attachment_form=form, status=503)
        else:
            db.session.commit()
            flash(_("%(name)s has been attached.", name=attachment.filename), "success")
            anchor = f"item-{item.id}" if item else "attachments"
            return redirect(_builder_url(meeting, anchor))
    return _builder_page(meeting, attachment_form=form, status=422)


@bp.get("/meetings/<int:meeting_id>/attachments/<int:attachment_id>")
def download(meeting_id: int, attachment_id: int):
    meeting = _meeting(meeting_id)
    attachment = services.get_attachment(meeting, attachment_id)
    if attachment is None or not services.may_download(current_user, attachment):
        abort(404)
    try:
        response = storage.send(
            attachment.file,
            download_name=attachment.filename,
            as_attachment=True,
            mimetype=attachment.content_type,
        )
    except storage.StorageError as error:
        # Never serve bytes that are not the ones uploaded (lost or altered in storage).
        log.error("attachment %s: %s", attachment.id, error)
        abort(500)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.post("/meetings/<int:meeting_id>/attachments/<int:attachment_id>/delete")
@login_required
def delete_attachment(meeting_id: int, attachment_id: int):
    meeting = _meeting(meeting_id, "agenda.edit")
    attachment = services.get_attachment(meeting, attachment_id)
    if attachment is None:
        flash(_("That attachment does not exist (any more)."), "error")
        return redirect(_builder_url(meeting, "attachments"))
    anchor = f"item-{attachment.agenda_item_id}" if attachment.agenda_item_id else "attachments"
    if ConfirmForm().validate_on_submit():
        name = attachment.filename
        services.delete_attachment(attachment)
        db.session.commit()
        flash(_("%(name)s has been removed.", name=name), "success")
    return redirect(_builder_url(meeting, anchor))


# --- the agenda as PDF -----------------------------------------------------------------------


@bp.get("/meetings/<int:meeting_id>/agenda.pdf")
def agenda_pdf(meeting_id: int):
    meeting = _meeting(meeting_id)
    if not services.may_see_agenda(current_user, meeting):
        abort(404)  # not published yet: for members there is no agenda
    # Rendered once per version of the agenda, in the job queue; sent from storage after.
    return respond(services.agenda_pdf_source(meeting.id), cache_control="private, no-cache")
