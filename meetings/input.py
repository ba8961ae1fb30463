"""What people send and what goes back to them: the app's request class, which cleans query
and form values, and Secure cookies for requests that came over HTTPS."""

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


class SecureCookiesOverHttps:
    """WSGI middleware: a response to a request that came over HTTPS (directly, or as the
    proxy says through ProxyFix, which wraps this) sets only Secure cookies. Flask's
    session and Flask-Login's remember-me cookie are set after every ``after_request``
    hook, so this is done below the app."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if environ.get("wsgi.url_scheme") != "https":
            return self.app(environ, start_response)

        def secure_start_response(status, headers, exc_info=None):
            headers = [
                (name, f"{value}; Secure")
                if name.lower() == "set-cookie" and "; secure" not in value.lower()
                else (name, value)
                for name, value in headers
            ]
            return start_response(status, headers, exc_info)

        return self.app(environ, secure_start_response)
