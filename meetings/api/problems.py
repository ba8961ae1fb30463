"""Errors as ``application/problem+json`` (RFC 9457): every error the API answers, from
a bad parameter to an unknown address, a refused token or a server fault."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, request
from flask_babel import lazy_gettext as _l

#: The media type of every error.
PROBLEM_JSON = "application/problem+json"
#: Where the API lives: every error under it is a problem, never an HTML page.
API_PREFIX = "/api/"

#: The title of each status, in the language of the request.
TITLES: dict[int, Any] = {
    400: _l("Bad request"),
    401: _l("Authentication required"),
    403: _l("Forbidden"),
    404: _l("Not found"),
    405: _l("Method not allowed"),
    406: _l("Not acceptable"),
    409: _l("Conflict"),
    410: _l("Gone"),
    412: _l("Precondition failed"),
    413: _l("Request too large"),
    415: _l("Unsupported media type"),
    422: _l("Unprocessable request"),
    428: _l("Precondition required"),
    429: _l("Too many requests"),
    500: _l("Internal server error"),
    503: _l("Service unavailable"),
}

#: Problem types: a URI reference per kind of problem, documented in docs/api.md.
TYPES: dict[int, str] = {
    400: "/api/v1/problems/bad-request",
    401: "/api/v1/problems/unauthorized",
    403: "/api/v1/problems/forbidden",
    404: "/api/v1/problems/not-found",
    405: "/api/v1/problems/method-not-allowed",
    409: "/api/v1/problems/conflict",
    412: "/api/v1/problems/precondition-failed",
    422: "/api/v1/problems/unprocessable",
    428: "/api/v1/problems/precondition-required",
    429: "/api/v1/problems/too-many-requests",
}


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


class ApiProblem(Exception):
    """Raised by a view: answered as a problem with this status."""

    def __init__(
        self,
        status: int,
        detail: str | None = None,
        *,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}


def field_error(name: str, detail: str, location: str = "query") -> dict[str, str]:
    """One entry of a problem's ``errors``: the failing parameter and what is wrong."""
    return {"name": name, "in": location, "detail": detail}


def problem_response(
    status: int,
    detail: str | None = None,
    *,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": TYPES.get(status, "about:blank"),
        "title": str(TITLES.get(status, _l("Error"))),
        "status": status,
    }
    if detail:
        body["detail"] = str(detail)
    if errors is not None:
        body["errors"] = errors
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_JSON)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="meetings"'
    for name, value in (headers or {}).items():
        response.headers[name] = value
    response.headers["Cache-Control"] = "no-store"
    return response


def from_exception(error: ApiProblem) -> Response:
    return problem_response(error.status, error.detail, errors=error.errors, headers=error.headers)


#: What an error of the site's error pages says instead when the API answers it.
DETAILS: dict[int, Any] = {
    400: _l("The request could not be understood."),
    401: _l("Send a valid API token: Authorization: Bearer mtg_…"),
    403: _l("Your token does not give the right to do this."),
    404: _l("There is nothing at this address, or you may not see it."),
    405: _l("This address does not accept this method."),
    409: _l("Someone else changed this at the same moment: try again."),
    413: _l("The request body is too large."),
    429: _l("Too many requests: wait before trying again."),
    500: _l("The error has been logged. Please try again in a moment."),
    503: _l("The service is busy for a moment: try again in a few seconds."),
}


def error_problem(status: int) -> tuple[Response, int]:
    """The problem for an error raised outside the API's views (routing, limits, faults),
    shaped like the site's error pages' ``(response, status)``."""
    detail = DETAILS.get(status)
    return problem_response(status, str(detail) if detail else None), status
