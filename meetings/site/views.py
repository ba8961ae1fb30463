"""The start page, the dashboard, the language menu, administration and error pages."""

from __future__ import annotations

import datetime as dt
import json
import math
import time
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from .. import audit
from ..api import problems as api_problems
from ..auth.permissions import allowed, can
from ..auth.services import is_local_path
from ..db import committed_in_this_request, only_reads_from_now
from ..documents.pdf import css_string
from ..extensions import db, limiter
from ..groups.labels import role_label
from ..i18n import (
    available_locales,
    format_local_date,
    format_local_datetime,
    format_local_time,
    format_month,
    language_names,
    site_name,
    zone_city,
    zone_description,
)
from ..page_cache.services import personal_page
from . import design, services
from . import jobs as _jobs  # noqa: F401  (registers the nightly upkeep)
from .forms import AuditFilterForm

bp = Blueprint("site", __name__)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for("site.dashboard"))
    return render_template("site/index.html", **services.public_overview())


@bp.get("/ping")
def ping():
    """A bare answer, touching nothing: what a load balancer's liveness check asks for,
    and the baseline the benchmarks measure other pages against."""
    response = current_app.response_class("ok\n", content_type="text/plain; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """200 when the database and the job queue answer, 503 otherwise; never a session."""
    parts = services.health()
    ready = all(state == "ok" for state in parts.values())
    response = current_app.response_class(
        json.dumps({"status": "ok" if ready else "unavailable", **parts}) + "\n",
        status=200 if ready else 503,
        content_type="application/json",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/dashboard")
@login_required
def dashboard():
    def build() -> tuple[str, dt.datetime | None]:
        shown = services.dashboard_for(current_user)
        return render_template("site/dashboard.html", **shown), shown["stale_at"]

    # A site admin's dashboard shows failed mail, which the data clock does not follow.
    if can(current_user, "site.admin"):
        return build()[0]
    return personal_page(current_user.id, build)


@bp.post("/language")
def set_language():
    """Remember the chosen language: on the account when signed in, else in the session."""
    language = request.form.get("language", "")
    if language in available_locales():
        session["locale"] = language
        if current_user.is_authenticated:
            current_user.locale = language
            db.session.commit()
    target = request.form.get("next", "")
    return redirect(target if is_local_path(target) else url_for("site.index"))


@bp.get("/admin")
@login_required
def admin():
    if not can(current_user, "site.admin"):
        abort(403)
    return render_template("site/admin.html", **services.admin_overview())


@bp.get("/style-guide")
@login_required
def style_guide():
    """Every component of the design system (docs/design.md) with the site's own styles:
    for the site admins, and for anyone on a development server."""
    if not (current_app.debug or can(current_user, "site.admin")):
        abort(403)
    return render_template("site/style_guide.html", pairs=design.text_pairs())


@bp.get("/admin/audit")
@login_required
def audit_log():
    """Who did what, when and from where: the site admins' view of the audit log."""
    if not can(current_user, "audit.view"):
        abort(403)
    form = AuditFilterForm(formdata=request.args, groups=services.group_choices())
    valid = form.validate()
    filters = {}
    if valid:
        filters = {
            "action": form.action.data or None,
            "person": form.person.data or None,
            "group_id": int(form.group.data) if form.group.data else None,
            "since": form.since.data,
            "until": form.until.data,
        }
    result = audit.search(**filters, page=request.args.get("page", 1, type=int))
    # The page links keep the filters.
    query = {k: v for k, v in request.args.items() if k != "page" and v} if valid else {}
    return render_template(
        "site/audit.html",
        form=form,
        result=result,
        query=query,
        action_label=audit.action_label,
    ), (200 if valid else 422)


# --- error pages -------------------------------------------------------------------------


def _error_page(code: int, heading: str, explanation: str, **extra):
    if api_problems.is_api_request():
        # Never an HTML page under /api/: the problem document programs read.
        return api_problems.error_problem(code)
    return (
        render_template(
            "errors/error.html", code=code, heading=heading, explanation=explanation, **extra
        ),
        code,
    )


def _back_to_page(referrer: str | None) -> str:
    """The page the form was sent from, if it is one of ours; else the start page."""
    parts = urlsplit(referrer or "")
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if parts.netloc == request.host and is_local_path(path):
        return path
    return url_for("site.index")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def other_http_error(error: HTTPException):
        # Statuses without a page of their own: Werkzeug's answer, a problem under /api/.
        if api_problems.is_api_request() and error.code:
            return api_problems.error_problem(error.code)
        return error

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _error_page(
            400,
            _("This form has expired"),
            _(
                "For your security, forms are valid for a limited time and only from this "
                "site. Nothing was saved. Go back, reload the page and send the form again."
            ),
            action_url=request.referrer if request.referrer else None,
            action_label=_("Back to the form"),
        )

    @app.errorhandler(403)
    def forbidden(error: HTTPException):
        return _error_page(
            403,
            _("You do not have access to this page"),
            error.description
            if getattr(error, "description", None) and error.description != type(error).description
            else _("Your account does not have the rights this page needs."),
        )

    @app.errorhandler(404)
    def not_found(error: HTTPException):
        return _error_page(
            404,
            _("Page not found"),
            _("The address may be mistyped, or the page was moved or removed."),
        )

    @app.errorhandler(405)
    def method_not_allowed(error: HTTPException):
        response, code = _error_page(
            405, _("This action is not available here"), _("Use the buttons on the page.")
        )
        # RFC 9110: a 405 says which methods the address does accept.
        methods = getattr(error, "valid_methods", None)
        return response, code, ({"Allow": ", ".join(sorted(methods))} if methods else {})

    @app.errorhandler(413)
    def too_large(error: HTTPException):
        return _error_page(
            413, _("The upload is too large"), _("Choose a smaller file and try again.")
        )

    @app.errorhandler(429)
    def too_many_requests(error: HTTPException):
        limit = limiter.current_limit
        seconds = max(1, limit.reset_at - int(time.time())) if limit else 60
        minutes = math.ceil(seconds / 60)
        response, code = _error_page(
            429,
            _("Too many attempts"),
            ngettext(
                "Too many attempts, try again in %(num)d minute.",
                "Too many attempts, try again in %(num)d minutes.",
                minutes,
            ),
        )
        return response, code, {"Retry-After": str(seconds)}

    @app.errorhandler(StaleDataError)
    def saved_meanwhile(error: StaleDataError):
        # Two saves of the same record in the same instant: the other one won.
        db.session.rollback()
        return _error_page(
            409,
            _("Someone else saved this at the same moment"),
            _(
                "Nothing of yours was saved. Go back: what you entered is still in the form. "
                "Reload the page to see their change, then save again."
            ),
            action_url=request.referrer if request.referrer else None,
            action_label=_("Back to the form"),
        )

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        # SQLite busy past its timeout, or PostgreSQL restarting: the transaction is gone.
        current_app.logger.warning("database unavailable: %s", error)
        try:
            db.session.rollback()
        except OperationalError:
            db.session.close()
        only_reads_from_now()  # the page below must not queue for the busy write lock
        if committed_in_this_request() and not api_problems.is_api_request():
            flash(_("Your change has been saved."), "success")
            return redirect(_back_to_page(request.referrer), code=303)
        response, code = _error_page(
            503,
            _("The service is busy for a moment"),
            _("Nothing was saved. Please try again in a few seconds."),
            action_url=request.referrer if request.referrer else None,
            action_label=_("Back to the form"),
        )
        return response, code, {"Retry-After": "5"}

    @app.errorhandler(500)
    def server_error(error: Exception):
        db.session.rollback()
        if committed_in_this_request() and not api_problems.is_api_request():
            # The change is saved; only what came after (the next page's data) failed.
            # Saying "something went wrong" would make people repeat a change already made.
            current_app.logger.error("failed after the request's commit", exc_info=error)
            flash(_("Your change has been saved."), "success")
            return redirect(_back_to_page(request.referrer), code=303)
        return _error_page(
            500,
            _("Something went wrong on our side"),
            _("The error has been logged. Please try again in a moment."),
        )


# --- security headers --------------------------------------------------------------------

#: Only our own scripts, styles and images: no inline code, nothing from other sites.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def security_headers(response):
        # setdefault: a view may have set a stricter policy (attachments are sandboxed).
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


# --- template helpers --------------------------------------------------------------------


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        can=can,
        allowed=allowed,
        named_groups=lambda groups: allowed(current_user, "group.view", groups),
        current_locale=lambda: str(get_locale()),
        language_names=language_names,
        site_name=site_name,
        role_label=role_label,
    )
    app.jinja_env.filters.update(
        local_datetime=format_local_datetime,
        local_date=format_local_date,
        local_time=format_local_time,
        month=format_month,
        # Zones as people name them: "Praha", "Praha (časové pásmo Česko)", never the id.
        zone_city=zone_city,
        zone=zone_description,
        css_string=css_string,
    )
