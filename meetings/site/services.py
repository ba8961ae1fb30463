"""What the start page, the dashboard and the admin overview show."""

from __future__ import annotations

from typing import Any


def public_overview() -> dict[str, Any]:
    return {}


def dashboard_for(user: Any) -> dict[str, Any]:
    return {}


def admin_overview() -> dict[str, Any]:
    return {}
