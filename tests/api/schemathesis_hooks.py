"""Schemathesis hooks for ``test_schemathesis.py`` (loaded through SCHEMATHESIS_HOOKS).

A list's cursor is opaque and signed by the server: no generated string is one, so every
generated cursor would be refused (400, as it should be, tested in
``test_writes_and_problems.py``) and hide the rest of the request from the checks. The
generated requests go without one; pages after the first are tested by the API's own
tests, which follow ``links.next``.
"""

from __future__ import annotations

import schemathesis


@schemathesis.hook
def map_query(context, query):
    if query and "cursor" in query:
        query = {name: value for name, value in query.items() if name != "cursor"}
    return query
