"""The forms of the notifications pages: CSRF-protected buttons and the preferences."""

from __future__ import annotations

from ..forms import WebForm


class ConfirmForm(WebForm):
    """A button that changes something: only the CSRF token is checked."""


class PreferencesForm(WebForm):
    """The per-kind check boxes (``in_app``, ``by_mail``: lists of kinds) are read from the
    request as they are generated per kind; the form checks the CSRF token."""
