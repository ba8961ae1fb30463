"""What people send: the app's request class, which cleans query and form values."""

from __future__ import annotations

from typing import Any

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict


class _Values(ImmutableMultiDict):
    """Query and form values without NUL characters: nobody types one, PostgreSQL refuses
    them in text (a search or a name holding one answered 500), and SQLite would keep a
    string that other programs cut short there."""

    def __init__(self, mapping: Any = None) -> None:
        if mapping is not None and not isinstance(mapping, dict):
            # How Werkzeug parses an address or a form: an iterable of (name, value) pairs.
            mapping = [(_no_nul(name), _no_nul(value)) for name, value in mapping]
        super().__init__(mapping)


def _no_nul(value: Any) -> Any:
    return value.replace("\x00", "") if isinstance(value, str) else value


class InputRequest(Request):
    """The app's request: ``args`` and ``form`` (not files' bytes) without NUL characters."""

    parameter_storage_class = _Values
