"""Sign-in and sign-out, passwords (change, reset), activation and the account page."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from .. import audit
from ..db import utcnow
from ..extensions import db, login_manager
from ..i18n import LANGUAGE_NAMES, format_local_datetime
from ..signals import contributions
from . import api_tokens, services, sign_ins, throttling
from . import jobs as _jobs  # noqa: F401  (registers the nightly job)
from .forms import (
    AccountForm,
    ApiTokenForm,
    ChangePasswordForm,
    ResetRequestForm,
    SetPasswordForm,
    SignInForm,
    UserSearchForm,
)
from .models import User
from .permissions import can
from .services import CannotDeactivateSelf, LinkError, LinkProblem
from .signals import person_page

#: No URL prefix: the sign-in pages live under /auth, the people pages under /people and the
#: user administration under /admin/users.
bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.sign_in"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.login_message_category = "info"
# The message is a lazy string: translate it in the language of the request that needs it.
login_manager.localize_callback = str


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return sign_ins.load_session_user(user_id)


def _next_path() -> str | None:
    target = request.args.get("next")
    return target if services.is_local_path(target) else None


def _start_session(user: User, remember: bool = False) -> None:
    """Sign in on a fresh session with a new sign-in of its own; only the chosen language
    is carried over. Side effects: adds a SignIn; commits it with what the view changed
    before (one transaction: on SQLite a second one would read, then write, and could
    find the database changed in between)."""
    sign_ins.open_sign_in(user, remember=remember)
    db.session.commit()
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(user, remember=remember)


def _end_session() -> None:
    """Forget the signed-in person in this browser (after their sign-in was ended)."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    logout_user()  # after clearing: it marks the remember-me cookie for deletion


# --- sign-in and sign-out ------------------------------------------------------------------


@bp.route("/auth/sign-in", methods=["GET", "POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(_next_path() or url_for("site.dashboard"))
    form = SignInForm()
    if form.validate_on_submit():
        block = throttling.attempt(form.email.data, request.remote_addr)
        if block is not None:
            audit.record(
                "auth.sign_in_blocked",
                detail=f"{form.email.data} ({'account' if block.account else 'address'})",
            )
            db.session.commit()  # the count, when it joined this request's transaction
            return _blocked_page(form, block)
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            throttling.succeeded(form.email.data, request.remote_addr)
            services.record_sign_in(user)
            audit.record("auth.signed_in", subject=user, actor=user)
            _start_session(user, remember=form.remember.data)
            return redirect(_next_path() or url_for("site.dashboard"))
        audit.record("auth.sign_in_failed", detail=form.email.data)
        db.session.commit()  # the record, and the count when it joined this transaction
        form.form_errors.append(
            _(
                "The e-mail address or the password is not correct, or the account is not "
                "active. Check them and try again, or reset your password."
            )
        )
    return render_template("auth/sign_in.html", form=form, next=_next_path())


@bp.post("/auth/sign-out")
def sign_out():
    if current_user.is_authenticated:
        # Ended on the server too: a copy of the cookies no longer signs anyone in.
        sign_ins.end_sign_in(current_user._get_current_object())
        audit.record("auth.signed_out")
        db.session.commit()
    _end_session()
    flash(_("You have been signed out."), "info")
    return redirect(url_for("site.index"))


@bp.post("/auth/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    sign_ins.end_all_sign_ins(current_user._get_current_object())
    audit.record("auth.signed_out_everywhere")
    db.session.commit()
    _end_session()
    flash(_("You have been signed out on every device."), "info")
    return redirect(url_for("site.index"))


@bp.post("/auth/sign-ins/<int:sign_in_id>/end")
@login_required
def end_sign_in(sign_in_id: int):
    """Sign out one of one's other browsers (a lost phone, a shared computer)."""
    if sign_ins.end_other_sign_in(current_user._get_current_object(), sign_in_id):
        db.session.commit()
        flash(_("That device has been signed out."), "success")
    else:
        flash(_("That device was signed out already."), "info")
    return redirect(url_for("auth.account", _anchor="sign-ins"))


def _blocked_page(form: SignInForm, block: throttling.Block):
    """429 with when to try again; for a blocked account, the way in by a password reset."""
    when = format_local_datetime(block.until, None, "short")
    if block.account:
        message = ngettext(
            "Too many wrong passwords for this account: it is blocked until %(when)s "
            "(%(num)d minute). To sign in now, set a new password with “Forgotten your "
            "password?”.",
            "Too many wrong passwords for this account: it is blocked until %(when)s "
            "(%(num)d minutes). To sign in now, set a new password with “Forgotten your "
            "password?”.",
            block.minutes,
            when=when,
        )
    else:
        message = ngettext(
            "Too many failed sign-ins from your network: try again at %(when)s (in "
            "%(num)d minute).",
            "Too many failed sign-ins from your network: try again at %(when)s (in "
            "%(num)d minutes).",
            block.minutes,
            when=when,
        )
    form.form_errors.append(message)
    seconds = max(1, int((block.until - utcnow()).total_seconds()))
    return (
        render_template("auth/sign_in.html", form=form, next=_next_path()),
        429,
        {"Retry-After": str(seconds)},
    )


# --- the account ----------------------------------------------------------------------------


@bp.route("/auth/account", methods=["GET", "POST"])
@login_required
def account():
    user: User = current_user._get_current_object()
    form = AccountForm(
        data=None
        if request.method == "POST"
        else {
            "name": user.name,
            "locale": user.locale or "",
            "timezone": user.timezone or "",
            "organisation_id": str(user.organisation_id) if user.organisation_id else "",
            "grammatical_gender": user.grammatical_gender or "",
            "notify_meeting_changes": user.notify_meeting_changes,
            "notify_minutes": user.notify_minutes,
        },
        current_organisation_id=user.organisation_id,
    )
    if form.validate_on_submit():
        services.update_profile(
            user,
            name=form.name.data,
            locale=form.locale.data,
            timezone=form.timezone.data,
            organisation_id=form.organisation,
            grammatical_gender=form.grammatical_gender.data,
        )
        services.update_notifications(
            user,
            meeting_changes=form.notify_meeting_changes.data,
            minutes=form.notify_minutes.data,
        )
        db.session.commit()
        flash(_("Your account has been saved."), "success")
        return redirect(url_for("auth.account"))
    return render_template(
        "auth/account.html",
        form=form,
        user=user,
        language_name=LANGUAGE_NAMES.get(user.locale or "", None),
        sign_ins=sign_ins.open_sign_ins(user),
        this_sign_in=sign_ins.current_sign_in(user),
        api_tokens=api_tokens.tokens_of(user),
        api_token_form=ApiTokenForm(formdata=None, prefix="token"),
        # The groups come from the groups domain, above auth.
        **{"memberships": []} | contributions(person_page, user, user=current_user),
    )


@bp.post("/auth/api-tokens")
@login_required
def create_api_token():
    """A new personal API token, shown on the page answering this request and never again."""
    user: User = current_user._get_current_object()
    form = ApiTokenForm(prefix="token")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(url_for("auth.account", _anchor="api-tokens"))
    new = api_tokens.create_token(
        user, name=form.name.data, scope=form.scope.data, days=int(form.days.data)
    )
    db.session.commit()
    # Not a redirect: the secret must not travel in the session cookie or an address.
    response = current_app.make_response(
        render_template("auth/api_token_created.html", token=new.token, secret=new.secret)
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/auth/api-tokens/<int:token_id>/revoke")
@login_required
def revoke_api_token(token_id: int):
    token = api_tokens.revoke_token(current_user._get_current_object(), token_id)
    if token is None:
        flash(_("That token does not work any more."), "info")
    else:
        db.session.commit()
        flash(_("The token “%(name)s” has been revoked.", name=token.name), "success")
    return redirect(url_for("auth.account", _anchor="api-tokens"))


@bp.route("/auth/password", methods=["GET", "POST"])
@login_required
def change_password():
    user: User = current_user._get_current_object()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        # Counted as sign-ins: a borrowed session must not try passwords freely.
        if throttling.attempt(user.email, request.remote_addr) is not None:
            db.session.commit()  # the attempt counts
            form.current_password.errors.append(
                _("Too many wrong passwords: try again later, or set a new one by e-mail.")
            )
        elif not services.password_matches(user.password_hash, form.current_password.data):
            db.session.commit()  # the attempt counts
            form.current_password.errors.append(_("Your current password is not correct."))
        else:
            throttling.succeeded(user.email, request.remote_addr)
            remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
            services.set_password(user, form.new_password.data)
            audit.record("auth.password_changed", subject=user, actor=user)
            # The new session version ends every other session; keep this one going.
            _start_session(user, remember=remembered in request.cookies)
            flash(
                _("Your password has been changed. Other devices have been signed out."),
                "success",
            )
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form)


# --- password reset -------------------------------------------------------------------------


@bp.route("/auth/reset", methods=["GET", "POST"])
def request_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        flash(
            _(
                "If an account exists for %(email)s, we have sent it an e-mail with a link "
                "to set a new password. Check your inbox and spam folder.",
                email=form.email.data,
            ),
            "info",
        )
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset_request.html", form=form)


def _link_problem_page(problem: LinkProblem, *, activation: bool):
    return (
        render_template("auth/link_problem.html", problem=problem.value, activation=activation),
        410 if problem in (LinkProblem.EXPIRED, LinkProblem.USED) else 400,
    )


@bp.route("/auth/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        user = services.user_for_reset_token(token)
    except LinkError as error:
        return _link_problem_page(error.problem, activation=False)
    form = SetPasswordForm()
    if form.validate_on_submit():
        services.set_password(user, form.new_password.data)
        audit.record("auth.password_reset", subject=user, actor=user)
        db.session.commit()
        # Whoever holds the reset link owns the address: a blocked account opens again.
        throttling.forgive_account(user.email)
        logout_user()
        flash(_("Your new password is set. You can sign in with it now."), "success")
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset_password.html", form=form, email=user.email)


# --- activation of invited accounts ---------------------------------------------------------


@bp.route("/auth/activate/<token>", methods=["GET", "POST"])
def activate(token: str):
    try:
        user, next_path = services.user_for_activation_token(token)
    except LinkError as error:
        return _link_problem_page(error.problem, activation=True)
    form = SetPasswordForm()
    if form.validate_on_submit():
        services.activate_account(user, form.new_password.data)
        services.record_sign_in(user)
        audit.record("auth.account_activated", subject=user, actor=user)
        _start_session(user)
        flash(_("Welcome! Your account is ready."), "success")
        return redirect(next_path or url_for("site.dashboard"))
    return render_template("auth/activate.html", form=form, name=user.name, email=user.email)


# --- people ---------------------------------------------------------------------------------


@bp.get("/people/<int:user_id>")
def profile(user_id: int):
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    person = db.session.get(User, user_id)
    # Who exists is private: a person one shares nothing with is "not found".
    if person is None or not can(current_user, "user.view", person):
        abort(404)
    return render_template(
        "auth/profile.html",
        person=person,
        **{"memberships": []} | contributions(person_page, person, user=current_user),
        status=services.status_of(person),
        show_email=person.id == current_user.id or can(current_user, "user.manage"),
    )


# --- user administration --------------------------------------------------------------------


def _require_user_manager():
    """None when the person may manage users; else the response refusing them."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not can(current_user, "user.manage"):
        abort(403)
    return None


@bp.get("/admin/users")
def users():
    refused = _require_user_manager()
    if refused is not None:
        return refused
    form = UserSearchForm(formdata=request.args)
    query = form.q.data if form.validate() else ""
    page = request.args.get("page", 1, type=int)
    return render_template(
        "auth/users.html", form=form, query=query, result=services.search_users(query, page=page)
    )


def _back_to_user_list():
    target = request.form.get("next", "")
    return redirect(target if services.is_local_path(target) else url_for("auth.users"))


@bp.post("/admin/users/<int:user_id>/deactivate")
def deactivate_user(user_id: int):
    refused = _require_user_manager()
    if refused is not None:
        return refused
    person = db.session.get(User, user_id)
    if person is None:
        abort(404)
    try:
        services.deactivate_user(person, actor=current_user._get_current_object())
    except CannotDeactivateSelf:
        flash(
            _(
                "You cannot deactivate your own account. Ask another administrator if it "
                "must be done."
            ),
            "error",
        )
        return _back_to_user_list()
    db.session.commit()
    flash(
        _(
            "%(name)s has been deactivated and signed out everywhere. Their groups, meetings "
            "and minutes stay.",
            name=person.name,
        ),
        "success",
    )
    return _back_to_user_list()


@bp.post("/admin/users/<int:user_id>/reactivate")
def reactivate_user(user_id: int):
    refused = _require_user_manager()
    if refused is not None:
        return refused
    person = db.session.get(User, user_id)
    if person is None:
        abort(404)
    services.reactivate_user(person, actor=current_user._get_current_object())
    db.session.commit()
    flash(_("%(name)s can sign in again.", name=person.name), "success")
    return _back_to_user_list()
