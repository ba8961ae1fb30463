"""The export pages' buttons."""

from __future__ import annotations

from ..forms import WebForm


class ConfirmForm(WebForm):
    """A button (prepare, delete): only the CSRF token is checked."""
