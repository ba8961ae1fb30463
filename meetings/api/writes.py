"""``/api/v1/`` changes, for read-write tokens: creating a meeting with its agenda, changing
one (``If-Match``), the minutes' workflow (``If-Match``) and marking a task done.

Each goes through the same services and checks as the pages: a meeting through the
meeting form itself (filled from the JSON, so its every check applies), the agenda through
the agenda services, the minutes through their workflow. Conditional writes: the ETag
sent in ``If-Match`` must be the one a read answers now (428 without it, 412 when someone
changed the object meanwhile), so no edit is lost when two people work at once."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from ..agenda import services as agenda
from ..agenda.enums import ItemKind
from ..auth.permissions import can
from ..auth.services import organisation_choices
from ..extensions import db
from ..groups.services import get_group
from ..minutes import services as minutes_services
from ..minutes.enums import ActionStatus, MinutesState
from ..minutes.models import ActionItem, Minutes
from ..minutes.publishing import request_publication
from ..minutes.workflow import TransitionError, refusal, transition
from ..scheduling import proposals, services
from ..scheduling.enums import MeetingStatus
from ..scheduling.forms import MeetingForm
from ..scheduling.listings import get_meeting
from ..scheduling.models import Meeting
from . import present, schemas, serialise
from .authentication import require_token
from .problems import ApiProblem, field_error
from .reads import _object_id, readable_minutes
from .validation import ENTITY_TAGS, read_body
from .views import _guarded, bp, etag_of

#: The meeting form's fields → the names the API gives them.
_FIELD_NAMES = {
    "group_id": "group",
    "extra_group_ids": "other_groups",
    "start_date": "starts_at",
    "start_time": "starts_at",
    "end_date": "ends_at",
    "end_time": "ends_at",
    "alarm": "alarm_minutes",
}


def _invalid_meeting() -> str:
    return _("The meeting is not valid: see the failing fields.")


def _user() -> Any:
    return current_user._get_current_object()


def _answer(model: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    response = Response(model.model_dump_json(by_alias=True), status=status)
    response.mimetype = "application/json"
    response.set_etag(etag_of(model))
    response.headers["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _require_match(current: Any) -> None:
    """The request's If-Match must name ``current``'s ETag (the answer of a read now)."""
    from flask import request

    sent = (request.headers.get("If-Match") or "").strip()
    if not sent or request.if_match.star_tag:
        raise ApiProblem(
            428,
            _(
                "Send the ETag of your last read in If-Match, so that no change made "
                "meanwhile is lost."
            ),
            errors=[field_error("If-Match", _("The ETag of your last read."), "header")],
        )
    if not ENTITY_TAGS.fullmatch(sent):
        raise ApiProblem(
            400,
            _("If-Match must hold the ETag header of a read, quotes included."),
            errors=[field_error("If-Match", _("Not an ETag."), "header")],
        )
    if not request.if_match.contains(etag_of(current)):
        raise ApiProblem(
            412,
            _(
                "Someone changed this since you read it: read it again, and apply your "
                "change to what it is now."
            ),
        )


# --- meetings: the form, filled from the JSON --------------------------------------------


def _local(value: dt.datetime, zone: str) -> dt.datetime:
    """A time as wall-clock time in the zone (a naive time is one already)."""
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    except (OverflowError, ValueError):
        return value.replace(tzinfo=None)


def _form_values(meeting: Meeting) -> dict[str, Any]:
    """The meeting as the form's submitted values."""
    values = MeetingForm.data_of(meeting)
    return {
        **values,
        "is_public": bool(values["is_public"]),
        "start_date": values["start_date"].isoformat(),
        "start_time": values["start_time"].strftime("%H:%M:%S"),
        "end_date": values["end_date"].isoformat() if values["end_date"] else "",
        "end_time": values["end_time"].strftime("%H:%M:%S"),
        "answer_by": values["answer_by"].isoformat() if values["answer_by"] else "",
    }


def _slug_ids(slugs: list[str]) -> list[str]:
    """Group ids of the slugs; an unknown one as "0", which the form refuses."""
    ids = []
    for slug in slugs:
        group = get_group(slug.strip()[:200]) if slug.strip() else None
        ids.append(str(group.id) if group is not None else "0")
    return ids


def _overlay(values: dict[str, Any], wanted: schemas.MeetingChange, zone: str) -> None:
    """The fields sent, over the form's values."""
    sent = wanted.model_fields_set
    for name in ("title", "kind", "room", "online_url", "description"):
        if name in sent:
            values[name] = getattr(wanted, name) or ""
    if "other_groups" in sent:
        values["extra_group_ids"] = _slug_ids(wanted.other_groups or [])
    for name in ("venue_id", "organiser_id"):
        if name in sent:
            value = getattr(wanted, name)
            values[name] = str(value) if value is not None else ""
    if "is_public" in sent:
        values["is_public"] = bool(wanted.is_public)
    if "alarm_minutes" in sent:
        values["alarm"] = "" if wanted.alarm_minutes is None else str(wanted.alarm_minutes)
    if "answer_by" in sent:
        values["answer_by"] = wanted.answer_by.isoformat() if wanted.answer_by else ""
    start = wanted.starts_at if "starts_at" in sent else None
    end = wanted.ends_at if "ends_at" in sent else None
    if start is not None and end is None and values.get("start_date"):
        # Moved: it keeps its length.
        try:
            old_start = dt.datetime.fromisoformat(f"{values['start_date']}T{values['start_time']}")
            old_end = dt.datetime.fromisoformat(
                f"{values['end_date'] or values['start_date']}T{values['end_time']}"
            )
            end = _local(start, zone) + (old_end - old_start)
        except (OverflowError, ValueError):
            end = None
    if start is not None:
        local = _local(start, zone)
        values["start_date"] = local.date().isoformat()
        values["start_time"] = local.time().strftime("%H:%M:%S")
    if end is not None:
        local = _local(end, zone)
        values["end_date"] = local.date().isoformat()
        values["end_time"] = local.time().strftime("%H:%M:%S")


def _formdata(values: dict[str, Any]) -> MultiDict:
    data = MultiDict()
    for name, value in values.items():
        if isinstance(value, list):
            data.setlist(name, [str(v) for v in value])
        elif isinstance(value, bool):
            if value:
                data[name] = "y"
        elif value is not None:
            data[name] = str(value)
    return data


def _meeting_form(meeting: Meeting | None, groups: list, values: dict[str, Any]) -> MeetingForm:
    """The page's meeting form (its choices as the page offers them), submitted with
    ``values``."""
    user = _user()
    taking_part = {g.id for g in meeting.extra_groups} if meeting else set()
    asked = {g.id for g in proposals.pending_groups(meeting)} if meeting else set()
    direct = None if can(user, "site.admin") else proposals.managed_group_ids(user)
    return MeetingForm(
        formdata=_formdata(values),
        meta={"csrf": False},
        groups=groups,
        joinable=services.joinable_groups(user, taking_part | asked),
        direct_ids=None if direct is None else direct | taking_part,
        venues=services.venue_choices(meeting.venue_id if meeting else None),
        organisations=organisation_choices(meeting.organiser_id if meeting else None),
        meeting=meeting,
    )


def _checked(form: MeetingForm) -> services.MeetingData:
    if form.validate():
        return form.data_out
    errors = []
    seen = set()
    for name, messages in form.errors.items():
        for message in messages if isinstance(messages, list) else [messages]:
            key = (_FIELD_NAMES.get(name, name), str(message))
            if key not in seen:
                seen.add(key)
                errors.append(field_error(key[0], key[1], "body"))
    raise ApiProblem(422, _("The meeting is not valid: see the failing fields."), errors=errors)


def _item_fields(item: schemas.AgendaSubItemInput, parent_id: int | None) -> agenda.ItemFields:
    return agenda.ItemFields(
        title=item.title,
        description=item.description,
        presenter_name=(item.presenter_name or "").strip() or None,
        kind=ItemKind(item.kind),
        duration_minutes=item.duration_minutes,
        parent_id=parent_id,
    )


def _add_agenda(meeting: Meeting, items: list[schemas.AgendaItemInput]) -> None:
    errors = []
    for index, item in enumerate(items):
        if not item.title.strip():
            errors.append(
                field_error(f"agenda.{index}.title", _("Enter the item's title."), "body")
            )
        for sub, child in enumerate(item.items):
            if not child.title.strip():
                errors.append(
                    field_error(
                        f"agenda.{index}.items.{sub}.title", _("Enter the item's title."), "body"
                    )
                )
    if errors:
        raise ApiProblem(422, _("The agenda is not valid: see the failing fields."), errors=errors)
    for index, item in enumerate(items):
        try:
            added = agenda.add_agenda_item(meeting, _item_fields(item, None))
            for child in item.items:
                agenda.add_agenda_item(meeting, _item_fields(child, added.id))
        except agenda.AgendaError as refused:
            raise ApiProblem(
                422,
                _("The agenda is not valid: see the failing fields."),
                errors=[field_error(f"agenda.{index}", str(refused), "body")],
            ) from None


def _detail(meeting_id: int) -> schemas.MeetingDetail:
    db.session.expire_all()
    return serialise.meeting_detail(_user(), get_meeting(meeting_id))


@bp.post("/meetings")
def create_meeting():
    """A new meeting as a draft (numbered when it is scheduled on its page), with its
    agenda: the same checks as the meeting form and the agenda builder."""
    require_token(write=True)
    user = _user()
    groups = services.manageable_groups(user)
    if not groups:
        raise ApiProblem(403, _("Only the chair and assistants of a group create its meetings."))
    wanted = read_body(
        schemas.MeetingCreate, _("The meeting is not valid: see the failing fields.")
    )
    group = get_group(wanted.group.strip())
    chosen = group if group is not None and group in groups else None
    zone = chosen.timezone if chosen is not None else "UTC"
    values: dict[str, Any] = {
        "group_id": str(chosen.id) if chosen is not None else "",
        "kind": "regular",
        "title": "",
        "held_number": str(wanted.held_number) if wanted.held_number is not None else "",
        "organiser_id": str(chosen.lead_organisation_id or "") if chosen is not None else "",
    }
    _overlay(values, wanted, zone)
    data = _checked(_meeting_form(None, groups, values))
    try:
        meeting = services.create_meeting(data, actor=user)
    except services.NumberTakenError as taken:
        raise ApiProblem(
            422,
            _("The meeting is not valid: see the failing fields."),
            errors=[
                field_error(
                    "held_number",
                    _(
                        "The group already has a meeting no. %(number)d: %(title)s.",
                        number=taken.other.number,
                        title=taken.other.title,
                    ),
                    "body",
                )
            ],
        ) from None
    _add_agenda(meeting, wanted.agenda)
    meeting_id = meeting.id
    db.session.commit()
    location = url_for("api.meeting", meeting_id=meeting_id)
    return _answer(_detail(meeting_id), 201, {"Location": location})


@bp.patch("/meetings/<int:meeting_id>")
def change_meeting(meeting_id: int):
    """Change a meeting's title, time, place …: If-Match with the ETag of its last read."""
    require_token(write=True)
    user = _user()
    meeting = _guarded(get_meeting(meeting_id), "meeting.edit")
    wanted = read_body(
        schemas.MeetingChange, _("The meeting is not valid: see the failing fields.")
    )
    _require_match(serialise.meeting_detail(user, meeting))
    unset = [
        name
        for name in ("title", "kind", "starts_at", "ends_at", "is_public", "other_groups")
        if name in wanted.model_fields_set and getattr(wanted, name) is None
    ]
    if unset:
        raise ApiProblem(
            422,
            _invalid_meeting(),
            errors=[field_error(name, _("This field is required."), "body") for name in unset],
        )
    if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.HELD):
        raise ApiProblem(409, _("A held or cancelled meeting can no longer be edited."))
    groups = services.manageable_groups(user)
    if meeting.group not in groups:
        groups = [meeting.group, *groups]
    values = _form_values(meeting)
    _overlay(values, wanted, meeting.timezone)
    data = _checked(_meeting_form(meeting, groups, values))
    services.update_meeting(meeting, data, actor=user)
    db.session.commit()
    return _answer(_detail(meeting_id))


# --- the minutes' workflow ---------------------------------------------------------------

#: Each transition: the permission, the state it starts from, the state it leads to.
_STEPS = {
    "submit": ("minutes.submit", MinutesState.DRAFT, MinutesState.SUBMITTED),
    "approve": ("minutes.approve", MinutesState.SUBMITTED, MinutesState.APPROVED),
    "return": ("minutes.return", MinutesState.SUBMITTED, MinutesState.DRAFT),
    "publish": ("minutes.publish", MinutesState.APPROVED, MinutesState.PUBLISHED),
}


def _may(user: Any, action: str, minutes: Minutes, start: MinutesState) -> ApiProblem | None:
    """Refused: 404 when the person may not even read the minutes, 403 when their role
    does not allow it (raised); when they could do it in another state, the 409 to raise
    once the request's precondition (If-Match) has been checked (returned)."""
    if can(user, action, minutes):
        return None
    if not can(user, "minutes.view", minutes):
        raise ApiProblem(404, _("There is nothing at this address, or you may not see it."))
    # The same minutes in the state the step starts from (never saved): would it be allowed?
    probe = Minutes(
        meeting=minutes.meeting,
        edition=minutes.edition,
        state=start,
        version=0,
        verified_by_id=minutes.verified_by_id,
    )
    if can(user, action, probe):
        return ApiProblem(409, str(refusal(action, minutes)))
    raise ApiProblem(403, str(refusal(action, minutes)))


def _step(meeting_id: int, step: str) -> Response:
    require_token(write=True)
    user = _user()
    action, start, target = _STEPS[step]
    meeting = _guarded(get_meeting(meeting_id), "meeting.view")
    minutes = minutes_services.current_minutes(meeting)
    if minutes is None:
        raise ApiProblem(404, _("The minutes of this meeting have not been started."))
    wrong_state = _may(user, action, minutes, start)
    comment = read_body(schemas.ReturnRequest).comment if step == "return" else None
    # An unconditional request is refused before anything else is said of the minutes.
    _require_match(present.minutes_detail(user, minutes, current=True))
    if wrong_state is not None:
        raise wrong_state
    try:
        if step == "publish":
            if minutes.publish_requested_at is None or minutes.publish_error is not None:
                request_publication(minutes, actor=user)
        else:
            transition(minutes, target, actor=user, comment=comment)
    except TransitionError as refused:
        raise ApiProblem(409, str(refused.message)) from None
    db.session.commit()
    db.session.expire_all()
    found, current = readable_minutes(get_meeting(meeting_id))
    # Publishing runs in the background: accepted now, published once its PDF is stored.
    return _answer(
        present.minutes_detail(user, found, current=current), 202 if step == "publish" else 200
    )


@bp.post("/meetings/<int:meeting_id>/minutes/submit")
def submit_minutes(meeting_id: int):
    return _step(meeting_id, "submit")


@bp.post("/meetings/<int:meeting_id>/minutes/approve")
def approve_minutes(meeting_id: int):
    return _step(meeting_id, "approve")


@bp.post("/meetings/<int:meeting_id>/minutes/return")
def return_minutes(meeting_id: int):
    return _step(meeting_id, "return")


@bp.post("/meetings/<int:meeting_id>/minutes/publish")
def publish_minutes(meeting_id: int):
    return _step(meeting_id, "publish")


# --- tasks -----------------------------------------------------------------------------------


@bp.post("/action-items/<int:action_id>/done")
def action_item_done(action_id: int):
    """Mark a task done: its owner, and the group's chair and assistants."""
    require_token(write=True)
    user = _user()
    item = db.session.get(ActionItem, _object_id(action_id))
    if item is None or not can(user, "action.view", item):
        raise ApiProblem(404, _("There is nothing at this address, or you may not see it."))
    if not can(user, "action.update", item):
        raise ApiProblem(
            403, _("Only the task's owner and the group's chair and assistant update it.")
        )
    minutes_services.set_action_status(item, ActionStatus.DONE, actor=user)
    db.session.commit()
    from .reads import _todays

    return _answer(present.action_item(user, item, _todays()))
