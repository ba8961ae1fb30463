"""Cursor pagination: ``?limit=…&cursor=…``, the cursor opaque (signed, so that a changed
one is refused as a bad parameter rather than read), ``links.next`` the next page."""

from __future__ import annotations

from typing import Any

from flask import current_app, request, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from .problems import ApiProblem, field_error

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="api-cursor")


def encode(kind: str, position: Any) -> str:
    return _serializer().dumps([kind, position])


def decode(kind: str) -> Any:
    """The position the request's cursor names for a list of ``kind``; None without one."""
    cursor = request.args.get("cursor")
    if not cursor:  # absent or empty: the first page
        return None
    try:
        found_kind, position = _serializer().loads(cursor)
    except (BadSignature, ValueError, TypeError):
        found_kind, position = None, None
    if found_kind != kind:
        raise ApiProblem(
            400,
            _("The cursor is not valid: take it from links.next of the list."),
            errors=[field_error("cursor", _("Not a cursor of this list."))],
        )
    return position


def limit() -> int:
    raw = request.args.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    if not raw.isdecimal() or not 1 <= int(raw) <= MAX_LIMIT:
        raise ApiProblem(
            400,
            _("The limit must be a whole number from 1 to %(max)d.", max=MAX_LIMIT),
            errors=[field_error("limit", _("A whole number from 1 to %(max)d.", max=MAX_LIMIT))],
        )
    return int(raw)


def links(next_position: Any, kind: str) -> dict[str, str | None]:
    """``self`` and ``next`` (None on the last page) of the list being answered."""
    args = {k: v for k, v in request.args.items() if k != "cursor"}
    endpoint = request.endpoint or ""
    view_args = request.view_args or {}
    return {
        "self": request.full_path.rstrip("?"),
        "next": url_for(endpoint, **view_args, **args, cursor=encode(kind, next_position))
        if next_position is not None
        else None,
    }


def offset_page(items: list[Any], kind: str) -> tuple[list[Any], dict[str, str | None]]:
    """One page of a list already in hand (a group's few, a register's bounded rows)."""
    start = decode(kind) or 0
    if not isinstance(start, int) or start < 0:
        start = 0
    size = limit()
    page = items[start : start + size]
    following = start + size if start + size < len(items) else None
    return page, links(following, kind)
