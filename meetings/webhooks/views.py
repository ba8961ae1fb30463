"""The webhooks' pages: a group's (its managers), the installation's (site admins), and
each webhook's, with its secret, its buttons and its delivery log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth.guard import guarded
from ..auth.permissions import can
from ..extensions import db
from ..groups.models import WorkingGroup
from ..groups.services import get_group
from . import jobs as _jobs  # noqa: F401  (registers the worker's task and the sweep)
from . import services
from .enums import EventKind
from .forms import ConfirmForm, WebhookForm
from .models import Webhook, WebhookDelivery

bp = Blueprint("webhooks", __name__)


def _list_page(group: WorkingGroup | None):
    form = WebhookForm()
    if form.validate_on_submit():
        webhook = services.create_webhook(
            group=group, url=form.url.data, kinds=form.events.data, actor=current_user
        )
        db.session.commit()
        flash(
            _(
                "The webhook is registered. Its secret is shown below: the receiver checks "
                "the signature of every delivery with it."
            ),
            "success",
        )
        return redirect(url_for("webhooks.webhook", webhook_id=webhook.id))
    return render_template(
        "webhooks/list.html",
        group=group,
        webhooks=services.webhooks_of(group),
        form=form,
        EventKind=EventKind,
    )


@bp.route("/groups/<slug>/webhooks", methods=["GET", "POST"])
@login_required
def group_webhooks(slug: str):
    """The group's webhooks, and the form to register one."""
    group = guarded(get_group(slug), "group.view")
    if not can(current_user, "group.manage_webhooks", group):
        abort(403)
    return _list_page(group)


@bp.route("/admin/webhooks", methods=["GET", "POST"])
@login_required
def site_webhooks():
    """The installation-wide webhooks: told of every group's events."""
    if not can(current_user, "site.webhooks"):
        abort(403)
    return _list_page(None)


def _back(webhook: Webhook) -> str:
    if webhook.group is None:
        return url_for("webhooks.site_webhooks")
    return url_for("webhooks.group_webhooks", slug=webhook.group.slug)


@bp.route("/webhooks/<int:webhook_id>", methods=["GET", "POST"])
@login_required
def webhook(webhook_id: int):
    """One webhook: change it, its secret, test it, delete it; its delivery log."""
    webhook = guarded(db.session.get(Webhook, webhook_id), "webhook.manage")
    form = WebhookForm(obj=None)
    if not form.is_submitted():
        form.url.data = webhook.url
        form.events.data = [kind.value for kind in webhook.kinds]
        form.active.data = webhook.active
    if form.validate_on_submit():
        services.update_webhook(
            webhook, url=form.url.data, kinds=form.events.data, active=form.active.data
        )
        db.session.commit()
        flash(_("The webhook has been saved."), "success")
        return redirect(url_for("webhooks.webhook", webhook_id=webhook.id))
    return render_template(
        "webhooks/webhook.html",
        webhook=webhook,
        form=form,
        deliveries=services.deliveries_of(webhook),
        back=_back(webhook),
    )


@bp.post("/webhooks/<int:webhook_id>/secret")
@login_required
def regenerate_secret(webhook_id: int):
    webhook = guarded(db.session.get(Webhook, webhook_id), "webhook.manage")
    if ConfirmForm().validate_on_submit():
        services.regenerate_secret(webhook)
        db.session.commit()
        flash(
            _("A new secret has been made: from now on every delivery is signed with it."),
            "success",
        )
    return redirect(url_for("webhooks.webhook", webhook_id=webhook.id, _anchor="secret"))


@bp.post("/webhooks/<int:webhook_id>/test")
@login_required
def send_test(webhook_id: int):
    webhook = guarded(db.session.get(Webhook, webhook_id), "webhook.manage")
    if ConfirmForm().validate_on_submit():
        services.send_test(webhook)
        db.session.commit()
        flash(_("A test event is on its way; its delivery appears in the log below."), "success")
    return redirect(url_for("webhooks.webhook", webhook_id=webhook.id, _anchor="deliveries"))


@bp.post("/webhooks/<int:webhook_id>/delete")
@login_required
def delete(webhook_id: int):
    webhook = guarded(db.session.get(Webhook, webhook_id), "webhook.manage")
    back = _back(webhook)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("webhooks.webhook", webhook_id=webhook.id))
    services.delete_webhook(webhook)
    db.session.commit()
    flash(_("The webhook and its delivery log have been deleted."), "success")
    return redirect(back)


@bp.post("/webhooks/deliveries/<int:delivery_id>/retry")
@login_required
def retry(delivery_id: int):
    delivery = db.session.get(WebhookDelivery, delivery_id)
    webhook = guarded(delivery.webhook if delivery else None, "webhook.manage")
    if ConfirmForm().validate_on_submit():
        services.retry_delivery(delivery)
        db.session.commit()
        flash(_("The delivery will be sent again in a moment."), "success")
    return redirect(url_for("webhooks.webhook", webhook_id=webhook.id, _anchor="deliveries"))
