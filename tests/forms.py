"""Forms read from a page as a browser would submit them."""

from __future__ import annotations

import lxml.html


def form_values(html: str, form_id: str | None = None) -> dict[str, str]:
    """The fields the page's form (the first, or the one with ``form_id``) would send,
    without its submit buttons: what a person gets by opening the page."""
    document = lxml.html.fromstring(html)
    forms = [f for f in document.forms if form_id is None or f.get("id") == form_id]
    assert forms, f"no form {form_id or ''} on the page"
    return dict(forms[0].form_values())
