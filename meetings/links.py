"""Absolute links for e-mail, calendar entries and PDFs, built from ``BASE_URL``.

They work outside a request too (background jobs), which ``url_for`` alone does not.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values: Any) -> str:
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)
