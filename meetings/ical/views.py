"""Calendar downloads and subscriptions, following groups by e-mail, and the outbox page.

- "Add to calendar" for one meeting (``meeting_ics``);
- the feeds: a person's or a members-only group's at a secret address (``feed``), a
  public group's (``group_feed``) and the site-wide feed of public events
  (``public_feed``), with ETag / Last-Modified and 304 answers to conditional requests;
- making and regenerating the secret addresses (the old one then answers 404);
- following a group by e-mail: the form, one-click following with one's own account
  address, the confirm link and the unfollow link (``ical.unfollow``) of every message;
- the administrators' view of the mail outbox (pending, sent, failed) with "retry".
"""

from __future__ import annotations

from collections.abc import Callable

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import OperationalError

from ..auth.guard import guarded
from ..auth.permissions import can
from ..auth.services import is_local_path
from ..calendar.builder import calendar_bytes, ics_filename
from ..calendar.objects import object_data
from ..extensions import csrf, db, limiter
from ..forms import alarm_label
from ..groups import services as groups
from ..groups.models import WorkingGroup
from ..i18n import available_locales
from ..invitations import following
from ..mail.enums import DeliveryStatus
from ..scheduling import listings
from . import feeds, services
from .forms import ConfirmForm, FollowForm

bp = Blueprint("ical", __name__)

#: The media type of an .ics file (RFC 5545 §8.1).
CALENDAR_TYPE = "text/calendar; charset=utf-8"
#: Caching of feeds: secret ones only in the subscriber's own cache, public ones anywhere.
PRIVATE_CACHE = "private, max-age=300"
PUBLIC_CACHE = "public, max-age=900"


@bp.app_template_global()
def person_subscription():
    """For ``ical/_subscribe_person.html``: the signed-in person's feed address."""
    if not current_user.is_authenticated:
        return None
    return services.person_subscription(current_user)


@bp.app_template_global()
def group_subscription(group: WorkingGroup):
    """For ``ical/_subscribe_group.html``: what the group page offers the person."""
    return services.group_subscription(group, current_user)


@bp.app_template_global()
def feed_alarm_choices() -> list[tuple[str, str]]:
    """(minutes, words) of the reminders a feed address may ask for."""
    return [(str(m), alarm_label(m)) for m in feeds.ALARM_CHOICES]


@bp.app_template_global()
def public_subscription():
    """For ``ical/_subscribe_public.html``: the site-wide feed of public events, with its
    labels in the visitor's language."""
    return services.site_links(str(get_locale()))


# --- one meeting -------------------------------------------------------------------------


@bp.get("/meetings/<int:meeting_id>.ics")
def meeting_ics(meeting_id: int):
    """The meeting as a one-event calendar (METHOD:PUBLISH) to import.

    Who may see the meeting may download it: anyone for a public meeting; a visitor is
    asked to sign in for a members-only one, a member without the right (a draft) gets
    403, and anyone else 404 (the meeting's existence is private).
    """
    meeting = guarded(listings.get_meeting(meeting_id), "meeting.view")
    # The online link only for those who may see it (the invited, the members).
    public = not can(current_user, "meeting.online_link", meeting)
    body = calendar_bytes(object_data(meeting, public=public), "PUBLISH", name=meeting.title)
    response = Response(body, content_type=CALENDAR_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{ics_filename(meeting)}"'
    # The entry changes with the meeting; calendars and proxies must ask again.
    response.headers["Cache-Control"] = "private, no-cache"
    return response


# --- feeds -------------------------------------------------------------------------------


def _alarm_asked() -> int | None:
    """The reminder a feed address asks for (``?alarm=<minutes>``), if one we offer."""
    value = request.args.get("alarm", type=int)
    return value if value in feeds.ALARM_CHOICES else None


def _feed_response(
    address: str, make_spec: Callable[[], feeds.FeedSpec], *, secret: bool
) -> Response:
    """The feed with its validators. A poll while nothing changed is answered 304 from the
    validators kept for the address (one query, before the owner is even looked up);
    otherwise ``make_spec`` finds the owner (it may abort with 404) and the body is
    streamed."""
    alarm = _alarm_asked()
    key = feeds.address_key(address, alarm)
    if secret:
        headers = {
            "Cache-Control": PRIVATE_CACHE,
            # The address is the secret: keep it out of referrers and search engines.
            "Referrer-Policy": "no-referrer",
            "X-Robots-Tag": "noindex, nofollow",
        }
    else:
        headers = {"Cache-Control": PUBLIC_CACHE}
    plan = feeds.kept_plan(key)
    if plan is not None and _unchanged(plan):
        return _not_modified(plan, headers)
    spec = make_spec()
    spec.alarm, spec.address = alarm, address
    if plan is None:
        plan = feeds.plan_feed(spec)
        # Freshly computed: keep the validators for the next poll. A failure (on SQLite
        # a writer got there first) costs only the aggregate next time.
        try:
            feeds.remember_plan(plan)
            db.session.commit()
        except OperationalError:
            db.session.rollback()
        if _unchanged(plan):
            return _not_modified(plan, headers)
    plan.spec = spec

    def body():
        # Each batch of entries built for this feed is committed at once: nothing built is
        # lost if the client hangs up, and no write lock is held while the body is sent.
        yield from feeds.feed_chunks(plan, on_stored=db.session.commit)

    response = Response(stream_with_context(body()), content_type=CALENDAR_TYPE)
    response.headers.update(headers)
    response.headers["Content-Disposition"] = f'inline; filename="{spec.filename}"'
    response.set_etag(plan.etag)
    response.last_modified = plan.last_modified
    return response


def _unchanged(plan: feeds.FeedPlan) -> bool:
    """Does the caller's copy match (If-None-Match, else If-Modified-Since)?"""
    if request.if_none_match:
        return request.if_none_match.contains(plan.etag)
    return bool(request.if_modified_since and plan.last_modified <= request.if_modified_since)


def _not_modified(plan: feeds.FeedPlan, headers: dict[str, str]) -> Response:
    response = Response(status=304, headers=headers)
    response.set_etag(plan.etag)
    response.last_modified = plan.last_modified
    return response


@bp.get("/calendar/feeds/<token>.ics")
def feed(token: str):
    """A person's feed or a members-only group's, at its secret address; 404 for an
    unknown or revoked address (no session needed: calendar programs have none).
    ``?alarm=<minutes>`` adds a reminder to every meeting."""

    def spec() -> feeds.FeedSpec:
        owner = services.feed_for_token(token)
        if owner is None:
            abort(404)
        if owner.user_id is not None:
            return feeds.person_spec(
                user_id=owner.user_id,
                name=owner.user_name,
                locale=owner.user_locale,
                since=owner.created_at,
            )
        # Its members hold the address: their calendars carry the online links.
        return feeds.group_spec(owner.group, since=owner.created_at)

    if not token or len(token) > 64:
        abort(404)
    return _feed_response(feeds.secret_address(token), spec, secret=True)


@bp.get("/groups/<slug>/calendar.ics")
def group_feed(slug: str):
    """A public group's feed. A members-only group has none here: 404 (its members
    subscribe at the group's secret address)."""

    def spec() -> feeds.FeedSpec:
        group = feeds.group_of_feed(slug)
        if group is None or not group.is_public:
            abort(404)
        return feeds.group_spec(group, public=True)

    return _feed_response(f"group:{slug}", spec, secret=False)


@bp.get("/events/calendar.ics")
def public_feed():
    """Every public event of the site; ``?lang=cs`` for the labels in another language."""
    lang = request.args.get("lang")
    locale = lang if lang in available_locales() else None
    return _feed_response(f"site:{locale or ''}", lambda: feeds.site_spec(locale), secret=False)


# --- feed addresses ----------------------------------------------------------------------


@bp.post("/calendar/address")
@login_required
def make_person_address():
    """Make the person's secret feed address (shown on the account page)."""
    services.ensure_feed(current_user._get_current_object())
    db.session.commit()
    flash(_("Your calendar address is ready. Add it to your calendar program."), "success")
    return redirect(url_for("auth.account", _anchor="calendar"))


@bp.post("/calendar/address/regenerate")
@login_required
def regenerate_person_address():
    """A new secret address; the old one stops working at once."""
    services.regenerate_feed(current_user._get_current_object())
    db.session.commit()
    flash(
        _(
            "Your calendar has a new address. The old address no longer works: replace it "
            "in your calendar programs."
        ),
        "success",
    )
    return redirect(url_for("auth.account", _anchor="calendar"))


def _visible_group(slug: str) -> WorkingGroup:
    """The group, if the person may know it exists: else sign-in (visitors) or 404."""
    group = groups.get_group(slug)
    if group is None:
        abort(404)
    if not can(current_user, "group.view", group):
        if not current_user.is_authenticated:
            abort(current_app.login_manager.unauthorized())
        abort(404)
    return group


def _group_anchor(group: WorkingGroup) -> str:
    return url_for("groups.detail", slug=group.slug, _anchor="calendar")


@bp.post("/groups/<slug>/calendar/address")
@login_required
def make_group_address(slug: str):
    """A member makes the members-only group's secret feed address."""
    group = _visible_group(slug)
    if not can(current_user, "group.view_members", group):
        abort(403)
    services.ensure_feed(group)
    db.session.commit()
    flash(_("The group's calendar address is ready."), "success")
    return redirect(_group_anchor(group))


@bp.post("/groups/<slug>/calendar/address/regenerate")
@login_required
def regenerate_group_address(slug: str):
    """The group's managers replace its secret address (e.g. after someone left)."""
    group = _visible_group(slug)
    if not can(current_user, "group.manage_members", group):
        abort(403)
    services.regenerate_feed(group)
    db.session.commit()
    flash(
        _(
            "The group's calendar has a new address. The old address no longer works: "
            "members must subscribe again."
        ),
        "success",
    )
    return redirect(_group_anchor(group))


# --- following a group by e-mail ---------------------------------------------------------


@bp.route("/groups/<slug>/follow", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def follow(slug: str):
    """Follow a group by e-mail: anyone for a public group (the address is confirmed
    through a link first); a signed-in person with their own address in one click."""
    group = _visible_group(slug)
    form = FollowForm()
    if request.method == "POST":
        if not group.is_public:
            # A members-only group is followed with one's own account address only.
            abort(403)
        if form.validate_on_submit():
            following.follow_group(group, form.email.data, form.name.data, str(get_locale()))
            db.session.commit()
            flash(
                _(
                    "Almost done: we have sent a message to %(email)s. Open the link in it "
                    "to confirm that you want to follow the group.",
                    email=form.email.data,
                ),
                "success",
            )
            return redirect(url_for("ical.follow", slug=group.slug))
    return render_template(
        "ical/follow.html",
        group=group,
        form=form,
        subscription=services.group_subscription(group, current_user),
    )


@bp.post("/groups/<slug>/follow/me")
@login_required
def follow_as_user(slug: str):
    """The signed-in person follows with their account address: no confirmation."""
    group = _visible_group(slug)
    following.follow_as_user(group, current_user._get_current_object())
    db.session.commit()
    flash(
        _(
            "You follow %(group)s: new meetings come to %(email)s as invitations.",
            group=group.name,
            email=current_user.email,
        ),
        "success",
    )
    return redirect(_group_anchor(group))


@bp.post("/groups/<slug>/unfollow/me")
@login_required
def unfollow_as_user(slug: str):
    group = _visible_group(slug)
    following.unfollow_as_user(group, current_user._get_current_object())
    db.session.commit()
    flash(_("You no longer follow %(group)s.", group=group.name), "success")
    return redirect(_group_anchor(group))


def _link_not_valid(template: str):
    return render_template(template, follower=None), 404


@bp.route("/follow/<int:follower_id>/<nonce>/confirm", methods=["GET", "POST"])
def confirm_follow(follower_id: int, nonce: str):
    """The link in the confirmation message: a page with a button (so that a mail
    scanner opening the link confirms nothing), then POST."""
    follower = following.get_follower(follower_id, nonce)
    if follower is None:
        return _link_not_valid("ical/follow_confirm.html")
    form = ConfirmForm()
    if form.validate_on_submit():
        following.confirm_following(follower)
        db.session.commit()
        flash(
            _(
                "Confirmed: new meetings of %(group)s will come to %(email)s.",
                group=follower.group.name,
                email=follower.email,
            ),
            "success",
        )
        return redirect(url_for("ical.confirm_follow", follower_id=follower.id, nonce=nonce))
    return render_template(
        "ical/follow_confirm.html",
        follower=follower,
        form=form,
        unfollow_link=url_for("ical.unfollow", follower_id=follower.id, nonce=nonce),
    )


@bp.route("/follow/<int:follower_id>/<nonce>/unfollow", methods=["GET", "POST"])
@csrf.exempt
def unfollow(follower_id: int, nonce: str):
    """The unfollow link of every message to a follower: a page with a button, then POST.

    ``url_for("ical.unfollow", follower_id=…, nonce=…)``. The POST needs no CSRF token:
    the nonce is the secret, and mail programs' one-click unsubscribe (RFC 8058) posts
    without one. A link that does not fit (revoked, or used already) answers 404.
    """
    follower = following.get_follower(follower_id, nonce)
    if follower is None:
        return _link_not_valid("ical/unfollow.html")
    if request.method == "POST":
        group = follower.group
        following.unfollow(follower)
        db.session.commit()
        flash(
            _("You no longer receive the meetings of %(group)s by e-mail.", group=group.name),
            "success",
        )
        if can(None, "group.view", group):
            return redirect(url_for("groups.detail", slug=group.slug))
        return redirect(url_for("site.index"))
    return render_template("ical/unfollow.html", follower=follower, form=ConfirmForm())


# --- the outbox --------------------------------------------------------------------------


@bp.get("/admin/mail")
@login_required
def outbox():
    """Queued, sent and failed messages with the reason of the last failure."""
    if not can(current_user, "site.admin"):
        abort(403)
    try:
        status = DeliveryStatus(request.args.get("status", ""))
    except ValueError:
        status = None
    page = request.args.get("page", 1, type=int) or 1
    return render_template(
        "ical/outbox.html",
        outbox=services.outbox_page(status, page=page),
        statuses=list(DeliveryStatus),
        form=ConfirmForm(),
        zone=current_user.timezone,
    )


@bp.post("/admin/mail/<int:message_id>/retry")
@login_required
def retry_outgoing(message_id: int):
    """Put a failed message back in the queue."""
    if not can(current_user, "site.admin"):
        abort(403)
    outgoing = services.get_outgoing(message_id)
    if outgoing is None:
        abort(404)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.retry_failed(outgoing)
    except services.NotRetryable:
        flash(_("Only a failed message can be sent again."), "error")
    else:
        db.session.commit()
        flash(
            _("The message to %(recipient)s is queued again.", recipient=outgoing.recipient),
            "success",
        )
    target = request.form.get("next", "")
    return redirect(target if is_local_path(target) else url_for("ical.outbox", status="failed"))
