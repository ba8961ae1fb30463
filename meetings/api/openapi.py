"""The OpenAPI 3.1 document of ``/api/v1/``, built with apispec from the code: the paths
from the blueprint's URL rules, the component schemas from the pydantic models of
``schemas``, and what each operation takes and answers from ``OPERATIONS`` below."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from apispec import APISpec
from flask import current_app

from ..invitations.enums import Rsvp
from . import paging, schemas
from .validation import ENTITY_TAGS

#: What a problem answer looks like in the document.
_PROBLEM = {
    "description": "An error (RFC 9457)",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
}

_CURSOR = {
    "name": "cursor",
    "in": "query",
    "required": False,
    "description": "Where the page starts: take it from `links.next` of the previous page.",
    "schema": {"type": "string"},
}
_LIMIT = {
    "name": "limit",
    "in": "query",
    "required": False,
    "description": "How many items a page holds.",
    "schema": {
        "type": "integer",
        "minimum": 1,
        "maximum": paging.MAX_LIMIT,
        "default": paging.DEFAULT_LIMIT,
    },
}


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


_GROUP = _query("group", "The slug of a working group.", {"type": "string"})
_FROM = _query(
    "from",
    "Meetings ending on or after this day (in the group's time zone).",
    {"type": "string", "format": "date"},
)
_TO = _query(
    "to",
    "Meetings starting on or before this day (in the group's time zone).",
    {"type": "string", "format": "date"},
)
_STATUS = _query(
    "status",
    "Only meetings in this state.",
    {"type": "string", "enum": ["draft", "scheduled", "held", "cancelled"]},
)
_SEARCH = _query("q", "Only those whose name (or city) contains this.", {"type": "string"})
_MINUTES_FROM = _query(
    "from",
    "Minutes of meetings ending on or after this day.",
    {"type": "string", "format": "date"},
)
_MINUTES_TO = _query(
    "to",
    "Minutes of meetings starting on or before this day.",
    {"type": "string", "format": "date"},
)
_MINUTES_STATUS = _query(
    "status",
    "Only minutes in this state.",
    {"type": "string", "enum": ["draft", "submitted", "approved", "published"]},
)
_EDITION = _query(
    "edition", "One edition (1, 2 …); without it the newest you may read.", {"type": "integer"}
)
_IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "description": "The ETag of your last read of it (428 without it or with `*`, 412 when "
    "it changed since).",
    # One or more entity tags, as a read's ETag header gives them; not `*`, which would
    # overwrite whatever is there.
    "schema": {"type": "string", "pattern": f"^{ENTITY_TAGS.pattern}$"},
}
_POLLS = ["open", "closed"]
_WRITE_ERRORS = (400, 401, 403, 404, 409, 412, 415, 422, 428)


@dataclass
class Operation:
    endpoint: str
    method: str
    summary: str
    response: str | None
    parameters: list[dict[str, Any]] = field(default_factory=list)
    #: Whether a token is needed; "optional": what it may see depends on the token.
    security: str = "optional"
    body: str | None = None
    errors: tuple[int, ...] = ()
    description: str = ""
    #: The status of a success, and what it answers.
    status: str = "200"
    media_type: str = "application/json"


OPERATIONS = [
    Operation(
        "api.groups",
        "get",
        "Working groups you may see",
        "GroupList",
        [_CURSOR, _LIMIT],
        errors=(400, 401),
    ),
    Operation(
        "api.group",
        "get",
        "One working group; its members for those who may see them",
        "GroupDetail",
        errors=(401, 404),
    ),
    Operation(
        "api.meetings",
        "get",
        "Meetings you may see, by start",
        "MeetingList",
        [_GROUP, _FROM, _TO, _STATUS, _CURSOR, _LIMIT],
        errors=(400, 401, 404),
    ),
    Operation(
        "api.meeting",
        "get",
        "One meeting with its agenda (once published)",
        "MeetingDetail",
        errors=(401, 403, 404),
    ),
    Operation(
        "api.my_invitations",
        "get",
        "Your invitations, by the meeting's start (`answer=needs_action`: waiting for you)",
        "MyInvitationList",
        [
            _query(
                "answer",
                "Only invitations with this answer.",
                {"type": "string", "enum": [answer.value for answer in Rsvp]},
            ),
            _FROM,
            _TO,
            _CURSOR,
            _LIMIT,
        ],
        security="required",
        errors=(400, 401),
    ),
    Operation(
        "api.meeting_invitations",
        "get",
        "Everyone invited to a meeting with their answers: the meeting's managers",
        "InviteeList",
        [_CURSOR, _LIMIT],
        security="required",
        errors=(400, 401, 403, 404),
    ),
    Operation(
        "api.answer_invitation",
        "post",
        "Answer your own invitation to a meeting (read-write token)",
        "AnswerResult",
        security="required",
        body="AnswerRequest",
        errors=(400, 401, 403, 404, 409, 415, 422),
    ),
    Operation(
        "api.events",
        "get",
        "Public events: readable without a token; upcoming unless `from` is given",
        "MeetingList",
        [_GROUP, _FROM, _TO, _CURSOR, _LIMIT],
        security="none",
        errors=(400, 404),
    ),
    Operation(
        "api.decisions",
        "get",
        "The decisions register: of a group, or of all your groups",
        "DecisionList",
        [_GROUP, _CURSOR, _LIMIT],
        errors=(400, 401, 404),
    ),
]

OPERATIONS += [
    Operation(
        "api.organisations",
        "get",
        "Partner organisations, with their office hours",
        "OrganisationList",
        [_SEARCH, _CURSOR, _LIMIT],
        errors=(400, 401),
    ),
    Operation(
        "api.organisation",
        "get",
        "One partner organisation",
        "Organisation",
        errors=(401, 404),
    ),
    Operation(
        "api.venues",
        "get",
        "Venues with the rooms known there; `group`: where the group meets",
        "VenueList",
        [_SEARCH, _GROUP, _CURSOR, _LIMIT],
        errors=(400, 401, 404),
    ),
    Operation("api.venue", "get", "One venue with its rooms", "VenueDetail", errors=(401, 404)),
    Operation(
        "api.group_members",
        "get",
        "A group's members: for its members; e-mail addresses for those who manage them",
        "MemberList",
        [
            _query(
                "role",
                "Only members in this role.",
                {"type": "string", "enum": ["chair", "assistant", "member", "observer"]},
            ),
            _CURSOR,
            _LIMIT,
        ],
        errors=(400, 401, 403, 404),
    ),
    Operation(
        "api.minutes_list",
        "get",
        "Minutes you may read (drafts: the host group's chair and assistants)",
        "MinutesList",
        [_GROUP, _MINUTES_FROM, _MINUTES_TO, _MINUTES_STATUS, _CURSOR, _LIMIT],
        errors=(400, 401, 404),
    ),
    Operation(
        "api.meeting_minutes",
        "get",
        "A meeting's minutes: the course of the meeting, decisions and action items",
        "MinutesDetail",
        [_EDITION],
        errors=(401, 403, 404),
    ),
    Operation(
        "api.minutes_pdf",
        "get",
        "The published minutes as the signed PDF",
        None,
        [_EDITION],
        errors=(401, 403, 404, 503),
        media_type="application/pdf",
    ),
    Operation(
        "api.action_items",
        "get",
        "Action items of your groups, earliest due first",
        "ActionItemList",
        [
            _GROUP,
            _query("owner", "`me`: only yours.", {"type": "string", "enum": ["me"]}),
            _query(
                "status",
                "Only tasks in this state.",
                {"type": "string", "enum": ["open", "done", "dropped"]},
            ),
            _query(
                "overdue",
                "Only open tasks past their due date (`true`), or all others (`false`).",
                {"type": "string", "enum": ["true", "false"]},
            ),
            _CURSOR,
            _LIMIT,
        ],
        security="required",
        errors=(400, 401, 404),
    ),
    Operation(
        "api.polls",
        "get",
        "Date polls of your groups and those you are asked to, newest first",
        "PollList",
        [
            _GROUP,
            _query(
                "status",
                "Only polls in this state.",
                {"type": "string", "enum": ["open", "closed"]},
            ),
            _CURSOR,
            _LIMIT,
        ],
        security="required",
        errors=(400, 401, 404),
    ),
    Operation(
        "api.poll",
        "get",
        "One date poll: its slots, ranked, with the counts",
        "PollDetail",
        errors=(401, 403, 404),
    ),
    Operation(
        "api.create_meeting",
        "post",
        "Create a meeting (a draft) with its agenda (read-write token of a chair or assistant)",
        "MeetingDetail",
        security="required",
        body="MeetingCreate",
        errors=(400, 401, 403, 415, 422),
        status="201",
    ),
    Operation(
        "api.change_meeting",
        "patch",
        "Change a meeting's title, time, place … (read-write token; If-Match)",
        "MeetingDetail",
        [_IF_MATCH],
        security="required",
        body="MeetingChange",
        errors=_WRITE_ERRORS,
    ),
    Operation(
        "api.submit_minutes",
        "post",
        "Submit the minutes for the chair's approval (If-Match)",
        "MinutesDetail",
        [_IF_MATCH],
        security="required",
        errors=_WRITE_ERRORS,
    ),
    Operation(
        "api.approve_minutes",
        "post",
        "Approve the submitted minutes: the chair (If-Match)",
        "MinutesDetail",
        [_IF_MATCH],
        security="required",
        errors=_WRITE_ERRORS,
    ),
    Operation(
        "api.return_minutes",
        "post",
        "Return the submitted minutes for changes, with a comment: the chair (If-Match)",
        "MinutesDetail",
        [_IF_MATCH],
        security="required",
        body="ReturnRequest",
        errors=_WRITE_ERRORS,
    ),
    Operation(
        "api.publish_minutes",
        "post",
        "Publish the approved minutes: the PDF is made and sent in the background (If-Match)",
        "MinutesDetail",
        [_IF_MATCH],
        security="required",
        errors=_WRITE_ERRORS,
        status="202",
    ),
    Operation(
        "api.action_item_done",
        "post",
        "Mark an action item done: its owner, the group's chair and assistants",
        "ActionItem",
        security="required",
        errors=(401, 403, 404),
    ),
]

_CONVERTER = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


def _path_of(endpoint: str) -> tuple[str, list[str]]:
    """The OpenAPI path of the endpoint's rule ("/api/v1/meetings/{meeting_id}") and its
    path parameters."""
    rule = next(r for r in current_app.url_map.iter_rules() if r.endpoint == endpoint)
    return _CONVERTER.sub(r"{\1}", rule.rule), list(rule.arguments)


def _path_parameter(name: str) -> dict[str, Any]:
    integer = name.endswith("_id")
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1} if integer else {"type": "string"},
    }


def _add_schemas(spec: APISpec) -> None:
    components: dict[str, Any] = {}
    for model in schemas.COMPONENTS:
        found = model.model_json_schema(ref_template="#/components/schemas/{model}", by_alias=True)
        for name, definition in found.pop("$defs", {}).items():
            components.setdefault(name, definition)
        components[model.__name__] = found
    for name in sorted(components):
        spec.components.schema(name, components[name])


def document() -> dict[str, Any]:
    spec = APISpec(
        title="Working-group meetings API",
        version="1",
        openapi_version="3.1.0",
        info={
            "description": (
                "Groups, meetings with their agendas, public events and the decisions "
                "register, as the person whose token is sent may see them. Errors are "
                "application/problem+json (RFC 9457). Lists are pages: follow links.next."
            )
        },
        servers=[{"url": current_app.config.get("BASE_URL") or "/"}],
    )
    spec.components.security_scheme(
        "bearer",
        {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "mtg_…",
            "description": "A personal token, created on the account page.",
        },
    )
    _add_schemas(spec)
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        path, arguments = _path_of(op.endpoint)
        schema = (
            {"$ref": f"#/components/schemas/{op.response}"}
            if op.response
            else {"type": "string", "contentMediaType": op.media_type}
        )
        responses: dict[str, Any] = {
            op.status: {
                "description": {"200": "OK", "201": "Created", "202": "Accepted"}[op.status],
                "content": {op.media_type: {"schema": schema}},
            }
        }
        if op.method == "get":
            responses["304"] = {"description": "Not modified (If-None-Match matched the ETag)"}
        for status in op.errors:
            responses[str(status)] = _PROBLEM
        operation: dict[str, Any] = {
            "operationId": op.endpoint.removeprefix("api."),
            "summary": op.summary,
            "parameters": [_path_parameter(a) for a in arguments] + op.parameters,
            "responses": responses,
        }
        if op.security == "required":
            operation["security"] = [{"bearer": []}]
        elif op.security == "optional":
            operation["security"] = [{"bearer": []}, {}]
        else:
            operation["security"] = [{}]
        if op.body:
            operation["requestBody"] = {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{op.body}"}}
                },
            }
        paths.setdefault(path, {})[op.method] = operation
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


# --- the reference page ----------------------------------------------------------------------


@dataclass
class ReferenceOperation:
    method: str
    path: str
    summary: str
    token: str
    parameters: list[dict[str, Any]]
    body: str | None
    responses: list[tuple[str, str, str | None]]


@dataclass
class ReferenceSchema:
    name: str
    description: str
    properties: list[tuple[str, str, bool, str]]


def _type_of(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_type_of(s) for s in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(f'"{v}"' for v in schema["enum"])
    if schema.get("type") == "array":
        return f"array of {_type_of(schema.get('items', {}))}"
    kind = schema.get("type", "any")
    return f"{kind} ({schema['format']})" if "format" in schema else str(kind)


def reference(document: dict[str, Any]) -> dict[str, Any]:
    """The document as plain values for the reference page."""
    operations = []
    for path, methods in document["paths"].items():
        for method, op in methods.items():
            security = op.get("security", [])
            token = (
                "required"
                if security == [{"bearer": []}]
                else "none"
                if security == [{}]
                else "optional"
            )
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            operations.append(
                ReferenceOperation(
                    method=method.upper(),
                    path=path,
                    summary=op.get("summary", ""),
                    token=token,
                    parameters=[
                        {**p, "type": _type_of(p.get("schema", {}))}
                        for p in op.get("parameters", [])
                    ],
                    body=_type_of(body["schema"]) if body else None,
                    responses=[
                        (
                            status,
                            r.get("description", ""),
                            next(
                                (_type_of(c["schema"]) for c in r.get("content", {}).values()),
                                None,
                            ),
                        )
                        for status, r in op["responses"].items()
                    ],
                )
            )
    components = []
    for name, schema in document["components"]["schemas"].items():
        required = set(schema.get("required", []))
        components.append(
            ReferenceSchema(
                name=name,
                description=schema.get("description", ""),
                properties=[
                    (prop, _type_of(s), prop in required, s.get("description", ""))
                    for prop, s in schema.get("properties", {}).items()
                ]
                if "properties" in schema
                else [("", _type_of(schema), True, "")],
            )
        )
    return {"info": document["info"], "operations": operations, "schemas": components}
