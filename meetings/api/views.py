"""``/api/v1/``: groups, meetings with their agenda, public events, the decisions
register, answering one's own invitation; the OpenAPI document and its reference page.

Thin views: the domains' listing functions and services do the work, the policy
(``auth.permissions``) decides every answer, as for the pages."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import BaseModel

from ..auth.permissions import SIGN_IN, can, refusal
from ..db import utcnow
from ..events.services import public_events_after
from ..extensions import csrf, db, limiter
from ..groups.services import get_group, group_memberships, visible_groups
from ..invitations.invitees import InvitationError
from ..invitations.services import answer_as_participant
from ..minutes.services.decisions import decisions_register, register_groups
from ..scheduling.enums import MeetingStatus
from ..scheduling.listings import get_meeting, meetings_after, takes_part
from ..scheduling.models import Meeting
from . import openapi, paging, schemas, serialise
from .authentication import authenticate, keep_last_used, rate_key, require_token
from .problems import ApiProblem, field_error, from_exception
from .validation import read_body

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Sessionless: no cookie authenticates here, so there is no cross-site request to forge.
csrf.exempt(bp)
limiter.limit(lambda: current_app.config.get("API_RATE_LIMIT", "1000 per hour"), key_func=rate_key)(
    bp
)

bp.before_request(authenticate)


@bp.errorhandler(ApiProblem)
def _problem(error: ApiProblem) -> Response:
    db.session.rollback()
    return from_exception(error)


@bp.after_request
def _after(response: Response) -> Response:
    if request.method in ("GET", "HEAD"):
        keep_last_used()
    response.headers.setdefault("Vary", "Authorization, Accept-Language")
    return response


# --- helpers ---------------------------------------------------------------------------------


def _guarded(obj: Any, action: str) -> Any:
    """The object if the person may do ``action`` on it; else the policy's refusal as a
    problem: 401 (a visitor, for what is not public), 403, or 404 (unknown or private)."""
    if obj is None:
        raise ApiProblem(404, _("There is nothing at this address, or you may not see it."))
    status = refusal(current_user, action, obj)
    if status == SIGN_IN:
        raise ApiProblem(401, _("This needs an API token: Authorization: Bearer mtg_…"))
    if status == 404:
        raise ApiProblem(404, _("There is nothing at this address, or you may not see it."))
    if status is not None:
        raise ApiProblem(status, _("Your token does not give the right to do this."))
    return obj


def etag_of(model: BaseModel) -> str:
    """The ETag of an answer: of its content, as the person asking gets it."""
    return hashlib.sha256(model.model_dump_json(by_alias=True).encode()).hexdigest()[:32]


def _json(model: BaseModel, *, last_modified: dt.datetime | None = None) -> Response:
    """The answer, with an ETag of its content (304 for ``If-None-Match``) and, where the
    objects keep one, ``Last-Modified``."""
    body = model.model_dump_json(by_alias=True).encode()
    etag = etag_of(model)
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = Response(body, mimetype="application/json")
    response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _latest(meetings: list[Meeting]) -> dt.datetime | None:
    return max((m.updated_at for m in meetings), default=None)


def _group_param() -> Any:
    slug = request.args.get("group")
    if slug is None:
        return None
    group = get_group(slug.strip())
    if group is None or not can(current_user, "group.view", group):
        if group is not None and not current_user.is_authenticated:
            raise ApiProblem(401, _("This needs an API token: Authorization: Bearer mtg_…"))
        raise ApiProblem(
            404,
            _("There is no such group, or you may not see it."),
            errors=[field_error("group", _("Unknown group."))],
        )
    return group


def _date_param(name: str, zone: str) -> dt.datetime | None:
    """The start of the day ``?name=YYYY-MM-DD`` in the zone, as an instant."""
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        day = dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise ApiProblem(
            400,
            _("Dates are written YYYY-MM-DD."),
            errors=[field_error(name, _("Not a date like 2026-03-20."))],
        ) from None
    # Beyond these years a zone's offset or a day more overflows; no meeting lies there,
    # so the nearest of them asks for the same meetings.
    day = min(max(day, dt.date(1900, 1, 1)), dt.date(9000, 12, 31))
    return dt.datetime.combine(day, dt.time(), ZoneInfo(zone))


def _meeting_conditions(group: Any) -> list[Any]:
    zone = group.timezone if group is not None else current_app.config["BABEL_DEFAULT_TIMEZONE"]
    since = _date_param("from", zone)
    until = _date_param("to", zone)
    conditions: list[Any] = []
    if group is not None:
        conditions.append(takes_part([group.id]))
    if since is not None:
        conditions.append(Meeting.ends_at >= since)
    if until is not None:
        conditions.append(Meeting.starts_at < until + dt.timedelta(days=1))
    return conditions


def _cursor_position(kind: str) -> tuple[dt.datetime, int] | None:
    position = paging.decode(kind)
    if position is None:
        return None
    try:
        starts_at, meeting_id = position
        return dt.datetime.fromisoformat(starts_at), int(meeting_id)
    except (TypeError, ValueError):
        raise ApiProblem(
            400, errors=[field_error("cursor", _("Not a cursor of this list."))]
        ) from None


def _meeting_page(kind: str, user: Any, conditions: list[Any], finder) -> Response:
    size = paging.limit()
    page, following = finder(*conditions, after=_cursor_position(kind), limit=size)
    next_position = [following[0].isoformat(), following[1]] if following else None
    return _json(
        schemas.MeetingList(
            data=[serialise.meeting(user, m) for m in page],
            links=schemas.Links(**paging.links(next_position, kind)),
        ),
        last_modified=_latest(page),
    )


# --- groups ----------------------------------------------------------------------------------


@bp.get("/groups")
def groups():
    listing = visible_groups(current_user)
    everyone = [g for g, _role in listing.mine] + listing.others
    everyone.sort(key=lambda g: (g.name.casefold(), g.id))
    page, links = paging.offset_page(everyone, "groups")
    return _json(
        schemas.GroupList(data=[serialise.group(g) for g in page], links=schemas.Links(**links))
    )


@bp.get("/groups/<slug>")
def group(slug: str):
    found = _guarded(get_group(slug), "group.view")
    memberships = (
        group_memberships(found) if can(current_user, "group.view_members", found) else None
    )
    return _json(serialise.group_detail(current_user, found, memberships))


# --- meetings --------------------------------------------------------------------------------


@bp.get("/meetings")
def meetings():
    group = _group_param()
    conditions = _meeting_conditions(group)
    status = request.args.get("status")
    if status is not None:
        if status not in {s.value for s in MeetingStatus}:
            raise ApiProblem(
                400,
                _("Unknown status."),
                errors=[
                    field_error(
                        "status",
                        _("One of: %(values)s.", values=", ".join(s.value for s in MeetingStatus)),
                    )
                ],
            )
        conditions.append(Meeting.status == MeetingStatus(status))
    user = current_user._get_current_object()

    def finder(*conditions, after, limit):
        return meetings_after(user, *conditions, after=after, limit=limit)

    return _meeting_page("meetings", user, conditions, finder)


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int):
    found = _guarded(get_meeting(meeting_id), "meeting.view")
    return _json(
        serialise.meeting_detail(current_user._get_current_object(), found),
        last_modified=found.updated_at,
    )


@bp.post("/meetings/<int:meeting_id>/invitation/answer")
def answer_invitation(meeting_id: int):
    """The token's owner answers their own invitation, as on the meeting page."""
    require_token(write=True)
    found = _guarded(get_meeting(meeting_id), "meeting.answer")
    wanted = read_body(schemas.AnswerRequest, _("The answer is not valid."))
    try:
        invitation = answer_as_participant(
            current_user._get_current_object(), found, wanted.answer, wanted.comment
        )
    except InvitationError as refused:
        raise ApiProblem(409, str(refused.message)) from None
    db.session.commit()
    body = schemas.AnswerResult(
        meeting_id=found.id,
        answer=invitation.rsvp,
        comment=invitation.rsvp_comment,
        answered_at=(invitation.responded_at or utcnow()).astimezone(ZoneInfo(found.timezone)),
    )
    response = Response(body.model_dump_json(), mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response


# --- public events and decisions ----------------------------------------------------------------


@bp.get("/events")
def events():
    """Public events, for anyone: upcoming ones unless ``from`` says otherwise."""
    group = _group_param()
    conditions = _meeting_conditions(group)
    if request.args.get("from") is None:
        conditions.append(Meeting.ends_at >= utcnow())
    return _meeting_page("events", None, conditions, public_events_after)


@bp.get("/decisions")
def decisions():
    group = _group_param()
    user = current_user._get_current_object()
    if group is None:
        require_token()
        groups = register_groups(user)
    else:
        groups = [group]
    rows = decisions_register(user, groups)
    page, links = paging.offset_page(rows, "decisions")
    return _json(
        schemas.DecisionList(
            data=[serialise.decision(row) for row in page], links=schemas.Links(**links)
        )
    )


# --- the document and its reference page --------------------------------------------------------


@bp.get("/openapi.json")
def openapi_document():
    document = openapi.document()
    response = Response(json.dumps(document, ensure_ascii=False), mimetype="application/json")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/docs")
def docs():
    return render_template("api/docs.html", reference=openapi.reference(openapi.document()))


# The other resources put their routes on ``bp``: importing them registers them.
from . import invitations, reads, writes  # noqa: E402, F401

__all__ = ["bp"]
