"""Forms read from a page as a browser would submit them."""

from __future__ import annotations

import lxml.html


def form_values(html: str, form_id: str | None = None, *, action: str | None = None) -> dict:
    """The fields a form of the page would send, without its submit buttons: what a person
    gets by opening the page. The form is the one with ``form_id``, or the first that posts
    to an address ending in ``action``, or the first of the page."""
    document = lxml.html.fromstring(html)
    forms = [
        f
        for f in document.forms
        if (form_id is None or f.get("id") == form_id)
        and (action is None or (f.action or "").endswith(action))
    ]
    assert forms, f"no form {form_id or action or ''} on the page"
    return dict(forms[0].form_values())
