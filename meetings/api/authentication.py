"""Who is asking: the person of the request's bearer token, or an anonymous visitor.
The browser's session is never read here: API requests are sessionless."""

from __future__ import annotations

import hashlib

from flask import g, request
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError

from ..auth import api_tokens
from ..auth.enums import ApiScope
from ..auth.models import ApiToken
from ..extensions import db, login_manager
from .problems import ApiProblem


def _invalid(detail: str, error: str = "invalid_token") -> ApiProblem:
    return ApiProblem(
        401, detail, headers={"WWW-Authenticate": f'Bearer realm="meetings", error="{error}"'}
    )


def authenticate() -> None:
    """Sets the request's user (Flask-Login's ``current_user``) from the bearer token, or
    the anonymous user without one. A token that does not work (unknown, changed,
    expired, revoked, of a deactivated account) is refused with 401, even where no token
    is needed: a program must learn that its token stopped working."""
    g.api_token = None
    header = request.headers.get("Authorization")
    user = None
    if header is not None:
        scheme, _sep, secret = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise _invalid(_("Send the token as: Authorization: Bearer mtg_…"), "invalid_request")
        found = api_tokens.user_for_token(secret.strip())
        if found is None:
            raise _invalid(_("The token is not valid: it may have expired or been revoked."))
        user, g.api_token = found
    login_manager._update_request_context_with_user(user)


def current_token() -> ApiToken | None:
    return g.get("api_token")


def require_token(*, write: bool = False) -> None:
    """A token is needed (401 without one); for a change, a read-write one (403)."""
    token = current_token()
    if token is None:
        raise ApiProblem(401, _("This needs an API token: Authorization: Bearer mtg_…"))
    if write and token.scope != ApiScope.WRITE:
        raise ApiProblem(403, _("The token is read-only: create a read-write token to do this."))


def keep_last_used() -> None:
    """After a read: save when the token was last used (best effort, at most once a
    minute; a busy database is no reason to fail the answer)."""
    token = current_token()
    if token is None or token not in db.session.dirty:
        return
    try:
        db.session.commit()
    except OperationalError:
        db.session.rollback()


def rate_key() -> str:
    """Requests are counted per token (per network address without one)."""
    header = request.headers.get("Authorization")
    if header:
        return "api-token:" + hashlib.sha256(header.encode()).hexdigest()[:32]
    return "api-address:" + (request.remote_addr or "")
