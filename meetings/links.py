"""Absolute links for e-mail, calendar entries and PDFs, built from ``BASE_URL``.

They work outside a request too (background jobs), which ``url_for`` alone does not.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request
from werkzeug.routing import IntegerConverter, Map


def external_url(endpoint: str, **values: Any) -> str:
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


#: The largest id a table holds (PostgreSQL ``integer``).
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:…>`` in the app's addresses: a number an id column holds. A larger one
    (``/meetings/100000000000000000000``) matches no page: 404, not a database overflow."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def is_local_path(target: str | None) -> bool:
    """True for a path on this site (``/groups/x?y``); refuses anything that could leave it."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    # Browsers drop tabs and newlines and treat backslashes as slashes: "/\t/evil.example".
    if "\\" in target or any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def next_or(default: str) -> str:
    """Where a form asks to go back to (its ``next`` field, a path on this site, e.g. the
    dashboard it was sent from), else ``default``."""
    target = request.form.get("next") if has_request_context() else None
    return target if is_local_path(target) else default
