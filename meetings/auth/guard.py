"""The one way a view gets an object it is about to act on: the policy's answer, or the
request ends with sign-in, 403 or 404 (``permissions.refusal``)."""

from __future__ import annotations

from typing import TypeVar

from flask import abort, current_app
from flask_login import current_user

from .permissions import SIGN_IN, refusal

T = TypeVar("T")


def guarded(obj: T | None, action: str) -> T:
    """``obj`` if the signed-in person (or visitor) may do ``action`` on it; a missing
    object is 404; otherwise the refusal the policy gives (sign-in, 403 or 404)."""
    if obj is None:
        abort(404)
    status = refusal(current_user, action, obj)
    if status == SIGN_IN:
        abort(current_app.login_manager.unauthorized())
    if status is not None:
        abort(status)
    return obj
