"""Reading a request's JSON body into a pydantic model: 415 unless it is JSON, 400 unless it
parses, 422 with every failing field otherwise. Pydantic's own messages are English: each
kind of error is said in our words instead, in the language of the request (the token
owner's, else Accept-Language), as the pages say them."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from flask import request
from flask_babel import gettext as _
from pydantic import BaseModel, ValidationError

from .problems import ApiProblem, field_error

#: One or more entity tags as RFC 9110 writes them ("…" or W/"…", separated by commas).
ENTITY_TAGS = re.compile(r'(W/)?"[^"]*"(\s*,\s*(W/)?"[^"]*")*')

M = TypeVar("M", bound=BaseModel)


def _expected(context: dict[str, Any]) -> str:
    return str(context.get("expected", "")).replace("'", "")


def message_for(error: dict[str, Any]) -> str:
    """One pydantic error (``ValidationError.errors()``) in the request's language."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("This field is not known here.")
    if kind == "string_too_short":
        return _("This field is required.")
    if kind == "string_too_long":
        return _("At most %(num)d characters.", num=int(context.get("max_length", 0)))
    if kind in ("string_type", "string_unicode"):
        return _("Enter text.")
    if kind in ("int_type", "int_parsing", "int_from_float", "int_parsing_size"):
        return _("Enter a whole number.")
    if kind in ("greater_than_equal", "greater_than"):
        return _("Number must be at least %(min)s.", min=context.get("ge", context.get("gt")))
    if kind in ("less_than_equal", "less_than"):
        return _("Number must be at most %(max)s.", max=context.get("le", context.get("lt")))
    if kind in ("bool_type", "bool_parsing"):
        return _("Enter true or false.")
    if kind in ("literal_error", "enum"):
        return _("One of: %(values)s.", values=_expected(context))
    if kind.startswith("datetime"):
        return _("Enter a date and time, for example 2030-03-20T10:00:00.")
    if kind.startswith("date"):
        return _("Enter a date, for example 2018-03-20.")
    if kind.startswith("time"):
        return _("Enter a time of day, for example 10:00.")
    if kind == "list_type":
        return _("Send a list.")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return _("Send an object with named fields.")
    if kind == "too_long":
        return _("At most %(num)d entries.", num=int(context.get("max_length", 0)))
    return _("The value is not valid.")


def field_name(error: dict[str, Any]) -> str:
    return ".".join(str(part) for part in error.get("loc", ())) or "body"


def validation_problem(error: ValidationError, detail: str | None = None) -> ApiProblem:
    return ApiProblem(
        422,
        detail or _("The request is not valid: see the failing fields."),
        errors=[field_error(field_name(e), message_for(e), "body") for e in error.errors()],
    )


def _no_nul(value: Any) -> Any:
    """NUL characters left out, as the site leaves them out of forms (``input``): nobody
    types one, and PostgreSQL refuses them in text."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_no_nul(v) for v in value]
    if isinstance(value, dict):
        return {_no_nul(k): _no_nul(v) for k, v in value.items()}
    return value


def read_body(model: type[M], detail: str | None = None) -> M:
    """The request's JSON body as ``model``; a problem when it is not one."""
    if not request.is_json:
        raise ApiProblem(415, _("Send the body as JSON (Content-Type: application/json)."))
    payload = request.get_json(silent=True)
    if payload is None:
        raise ApiProblem(400, _("The body is not valid JSON."))
    try:
        return model.model_validate(_no_nul(payload))
    except ValidationError as error:
        raise validation_problem(error, detail) from None
