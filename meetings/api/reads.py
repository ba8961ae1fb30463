"""``/api/v1/``: organisations, venues with their rooms, a group's members, minutes (and
their published PDF), action items and date polls. Routes on the blueprint of ``views``
(which imports this module); the same helpers, the same policy as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import and_, distinct, false, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..auth.models import Organisation
from ..auth.permissions import can, roles_by_group, sql_action_view, sql_meeting_view
from ..auth.permissions import sql_minutes_view as _sql_minutes_view
from ..db import contains_text, in_integer_range, utcnow
from ..extensions import db
from ..groups.enums import Role
from ..groups.models import WorkingGroup
from ..groups.services import get_group, get_organisation, group_memberships
from ..minutes import services as minutes_services
from ..minutes.enums import ActionStatus, MinutesState
from ..minutes.models import ActionItem, Minutes, MinutesRevision
from ..minutes.publishing import published_edition
from ..polls import results as poll_results
from ..polls.enums import PollState
from ..polls.models import Poll, PollParticipant
from ..scheduling.listings import get_meeting, takes_part, with_joint_groups
from ..scheduling.models import Meeting
from ..storage import services as storage
from ..venues.models import Venue
from ..venues.services import get_venue
from . import paging, present, schemas
from .authentication import require_token
from .problems import ApiProblem, field_error
from .views import _date_param, _group_param, _guarded, _json, bp

_NOT_FOUND = "There is nothing at this address, or you may not see it."


def _user() -> Any:
    return current_user._get_current_object()


def _text_param(name: str, limit: int = 200) -> str | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    text = raw.strip()
    if len(text) > limit or "\x00" in text:
        raise ApiProblem(
            400,
            _("The parameter %(name)s is too long.", name=name),
            errors=[field_error(name, _("At most %(num)d characters.", num=limit))],
        )
    return text or None


def _choice_param(name: str, values: list[str]) -> str | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if raw not in values:
        raise ApiProblem(
            400,
            _("Unknown value of %(name)s.", name=name),
            errors=[field_error(name, _("One of: %(values)s.", values=", ".join(values)))],
        )
    return raw


def _id_position(kind: str) -> int | None:
    """The cursor of a list paged by id."""
    position = paging.decode(kind)
    if position is None:
        return None
    if not isinstance(position, int) or isinstance(position, bool):
        raise ApiProblem(400, errors=[field_error("cursor", _("Not a cursor of this list."))])
    return position


def _id_page(statement: Any, column: Any, kind: str, *, descending: bool = False) -> tuple:
    """One page of ``statement`` ordered by ``column`` (an id), and its links."""
    after = _id_position(kind)
    size = paging.limit()
    if after is not None:
        statement = statement.where(column < after if descending else column > after)
    statement = statement.order_by(column.desc() if descending else column).limit(size + 1)
    found = list(db.session.scalars(statement).unique().all())
    page = found[:size]
    following = page[-1].id if len(found) > size else None
    return page, paging.links(following, kind)


def _object_id(value: int) -> int:
    if not in_integer_range(value):
        raise ApiProblem(404, _(_NOT_FOUND))
    return value


# --- organisations and venues ----------------------------------------------------------------


@bp.get("/organisations")
def organisations():
    """Partner organisations (public, as their pages are), by name."""
    query = _text_param("q")
    statement = (
        select(Organisation)
        .options(selectinload(Organisation.office_hours))
        .where(Organisation.archived_at.is_(None))
    )
    if query:
        statement = statement.where(
            or_(
                contains_text(Organisation.name, query),
                contains_text(Organisation.short_name, query),
                contains_text(Organisation.city, query),
            )
        )
    page, links = _id_page(statement, Organisation.id, "organisations")
    return _json(
        schemas.OrganisationList(
            data=[present.organisation(o) for o in page], links=schemas.Links(**links)
        )
    )


@bp.get("/organisations/<int:organisation_id>")
def organisation(organisation_id: int):
    found = get_organisation(_object_id(organisation_id))
    if found is None or (found.archived_at is not None and not can(_user(), "organisation.manage")):
        raise ApiProblem(404, _(_NOT_FOUND))
    return _json(present.organisation(found))


def _rooms(venues: list[Venue]) -> dict[int, list[str]]:
    """The rooms of the meetings held at the venues that the person may see. One query."""
    ids = [v.id for v in venues]
    if not ids:
        return {}
    table = Meeting.__table__
    rows = db.session.execute(
        select(table.c.venue_id, table.c.room)
        .distinct()
        .where(
            table.c.venue_id.in_(ids),
            table.c.room.is_not(None),
            sql_meeting_view(_user(), table),
        )
        .order_by(table.c.room)
    ).all()
    rooms: dict[int, list[str]] = {}
    for venue_id, room in rows:
        if room.strip():
            rooms.setdefault(venue_id, []).append(room.strip())
    return rooms


@bp.get("/venues")
def venues():
    """Venues (public, as their pages are) with the rooms known there; ``group``: those
    where the group's meetings you may see are held."""
    query = _text_param("q")
    group = _group_param()
    statement = (
        select(Venue).options(joinedload(Venue.organisation)).where(Venue.archived_at.is_(None))
    )
    if query:
        statement = statement.where(
            or_(contains_text(Venue.name, query), contains_text(Venue.city, query))
        )
    if group is not None:
        table = Meeting.__table__
        statement = statement.where(
            Venue.id.in_(
                select(table.c.venue_id).where(
                    takes_part([group.id]), sql_meeting_view(_user(), table)
                )
            )
        )
    page, links = _id_page(statement, Venue.id, "venues")
    rooms = _rooms(page)
    return _json(
        schemas.VenueList(
            data=[present.venue(v, rooms.get(v.id, [])) for v in page],
            links=schemas.Links(**links),
        )
    )


@bp.get("/venues/<int:venue_id>")
def venue(venue_id: int):
    found = get_venue(_object_id(venue_id))
    if found is None:
        raise ApiProblem(404, _(_NOT_FOUND))
    return _json(present.venue(found, _rooms([found]).get(found.id, [])))


# --- a group's members ----------------------------------------------------------------------


@bp.get("/groups/<slug>/members")
def group_members(slug: str):
    """The members of a group: for those who may see them (its members, site admins);
    e-mail addresses for those who manage its members."""
    group = _guarded(get_group(slug[:200]), "group.view")
    user = _user()
    if not can(user, "group.view_members", group):
        if not user.is_authenticated:
            raise ApiProblem(401, _("This needs an API token: Authorization: Bearer mtg_…"))
        raise ApiProblem(403, _("The members are shown to the group's members only."))
    role = _choice_param("role", [r.value for r in Role])
    memberships = group_memberships(group)
    if role is not None:
        memberships = [m for m in memberships if m.role == Role(role)]
    order = list(Role)
    memberships.sort(key=lambda m: (order.index(m.role), m.user.name.casefold(), m.id))
    page, links = paging.offset_page(memberships, "members")
    with_email = can(user, "group.manage_members", group)
    return _json(
        schemas.MemberList(
            data=[present.member(user, m, with_email=with_email) for m in page],
            links=schemas.Links(**links),
        )
    )


# --- minutes --------------------------------------------------------------------------------


def _meeting_cursor(kind: str) -> tuple[dt.datetime, int] | None:
    position = paging.decode(kind)
    if position is None:
        return None
    try:
        starts_at, row_id = position
        return dt.datetime.fromisoformat(starts_at), int(row_id)
    except (TypeError, ValueError):
        raise ApiProblem(
            400, errors=[field_error("cursor", _("Not a cursor of this list."))]
        ) from None


def _zone(group: WorkingGroup | None) -> str:
    return group.timezone if group is not None else current_app.config["BABEL_DEFAULT_TIMEZONE"]


@bp.get("/minutes")
def minutes_list():
    """Every edition of minutes the person may read, by the meeting's start: published
    ones, those submitted for approval to the groups taking part, drafts to the host
    group's managers."""
    user = _user()
    group = _group_param()
    zone = _zone(group)
    since = _date_param("from", zone)
    until = _date_param("to", zone)
    status = _choice_param("status", [s.value for s in MinutesState])
    statement = (
        select(Minutes)
        .join(Meeting, Meeting.id == Minutes.meeting_id)
        .options(
            joinedload(Minutes.meeting).joinedload(Meeting.group),
            joinedload(Minutes.approved_by),
        )
        .where(_sql_minutes_view(user, Minutes.__table__, Meeting.__table__))
    )
    if group is not None:
        statement = statement.where(takes_part([group.id]))
    if since is not None:
        statement = statement.where(Meeting.ends_at >= since)
    if until is not None:
        statement = statement.where(Meeting.starts_at < until + dt.timedelta(days=1))
    if status is not None:
        statement = statement.where(Minutes.state == MinutesState(status))
    after = _meeting_cursor("minutes")
    if after is not None:
        statement = statement.where(
            or_(
                Meeting.starts_at > after[0],
                and_(Meeting.starts_at == after[0], Minutes.id > after[1]),
            )
        )
    size = paging.limit()
    found = list(
        db.session.scalars(
            statement.order_by(Meeting.starts_at, Minutes.id).limit(size + 1)
        ).unique()
    )
    page = found[:size]
    following = [page[-1].meeting.starts_at.isoformat(), page[-1].id] if len(found) > size else None
    with_joint_groups([m.meeting for m in page])
    # The SQL form of the rule chose the rows; the policy stays the judge of each.
    page = [m for m in page if can(user, "minutes.view", m)]
    return _json(
        schemas.MinutesList(
            data=[present.minutes(user, m) for m in page],
            links=schemas.Links(**paging.links(following, "minutes")),
        )
    )


def readable_minutes(meeting: Meeting) -> tuple[Minutes, bool]:
    """The edition asked for (``?edition=``), else the newest the person may read; and
    whether it is the current one. 404 when there is none for them."""
    user = _user()
    editions = minutes_services.editions_of(meeting)
    if not editions:
        raise ApiProblem(404, _("The minutes of this meeting have not been started."))
    newest = editions[-1]
    wanted = request.args.get("edition")
    if wanted is not None:
        chosen = minutes_services.minutes_edition(meeting, wanted)
        candidates = [chosen] if chosen is not None else []
    else:
        candidates = list(reversed(editions))
    for found in candidates:
        if can(user, "minutes.view", found):
            return found, found.id == newest.id
    if not user.is_authenticated:
        raise ApiProblem(401, _("This needs an API token: Authorization: Bearer mtg_…"))
    raise ApiProblem(404, _(_NOT_FOUND))


def last_changed(found: Minutes) -> dt.datetime:
    """When the minutes last changed: their last save, or their last step in the workflow."""
    saved = db.session.scalar(
        select(func.max(MinutesRevision.created_at)).where(MinutesRevision.minutes_id == found.id)
    )
    moments = [
        found.created_at,
        saved,
        found.submitted_at,
        found.approved_at,
        found.verified_at,
        found.publish_requested_at,
        found.published_at,
    ]
    return max(m for m in moments if m is not None)


@bp.get("/meetings/<int:meeting_id>/minutes")
def meeting_minutes(meeting_id: int):
    meeting = _guarded(get_meeting(meeting_id), "meeting.view")
    found, current = readable_minutes(meeting)
    return _json(
        present.minutes_detail(_user(), found, current=current),
        last_modified=last_changed(found),
    )


@bp.get("/meetings/<int:meeting_id>/minutes.pdf")
def minutes_pdf(meeting_id: int):
    """The published minutes as signed and stored: the newest published edition the
    person may read, or ``?edition=N``."""
    meeting = _guarded(get_meeting(meeting_id), "meeting.view")
    user = _user()
    wanted = request.args.get("edition")
    if wanted is not None:
        found = minutes_services.minutes_edition(meeting, wanted)
        if found is not None and found.state != MinutesState.PUBLISHED:
            found = None
    else:
        found = published_edition(meeting)
    if found is None or not can(user, "minutes.view", found) or found.pdf_file is None:
        raise ApiProblem(404, _("There are no published minutes of this meeting for you."))
    try:
        response = storage.send(
            found.pdf_file,
            download_name=f"minutes-{meeting.id}-{found.edition}.pdf",
            as_attachment=False,
            mimetype="application/pdf",
            max_age=0,
            public=False,
            immutable=False,
        )
    except storage.StorageError:
        raise ApiProblem(503, _("The stored file cannot be read now: try again later.")) from None
    response.headers["Cache-Control"] = "private, no-cache"
    return response


# --- action items ---------------------------------------------------------------------------


def _todays() -> dict[str, dt.date]:
    now = utcnow()
    zones = db.session.scalars(select(distinct(WorkingGroup.timezone))).all()
    return {zone: now.astimezone(ZoneInfo(zone)).date() for zone in zones}


@bp.get("/action-items")
def action_items():
    """Tasks of the groups the person belongs to, earliest due first (undated last)."""
    require_token()
    user = _user()
    group = _group_param()
    owner = _choice_param("owner", ["me"])
    status = _choice_param("status", [s.value for s in ActionStatus])
    overdue = _choice_param("overdue", ["true", "false"])
    today = _todays()
    statement = (
        select(ActionItem)
        .join(WorkingGroup, WorkingGroup.id == ActionItem.group_id)
        .options(
            joinedload(ActionItem.group),
            joinedload(ActionItem.owner),
            joinedload(ActionItem.owner_organisation),
        )
        .where(sql_action_view(user, ActionItem.group_id))
    )
    if group is not None:
        statement = statement.where(ActionItem.group_id == group.id)
    if owner == "me":
        statement = statement.where(ActionItem.owner_id == user.id)
    if status is not None:
        statement = statement.where(ActionItem.status == ActionStatus(status))
    if overdue is not None:
        late = or_(
            false(),
            *(
                and_(WorkingGroup.timezone == zone, ActionItem.due_on < day)
                for zone, day in today.items()
            ),
        )
        is_open = ActionItem.status == ActionStatus.OPEN
        undated = ActionItem.due_on.is_(None)
        statement = statement.where(
            and_(is_open, ~undated, late) if overdue == "true" else or_(~is_open, undated, ~late)
        )
    # Earliest due first, undated last, then by id: the cursor is (undated, due, id).
    position = paging.decode("action-items")
    if position is not None:
        try:
            undated, due, after_id = position
            undated, after_id = bool(undated), int(after_id)
            due = dt.date.fromisoformat(due) if due else None
        except (TypeError, ValueError):
            raise ApiProblem(
                400, errors=[field_error("cursor", _("Not a cursor of this list."))]
            ) from None
        if undated:
            statement = statement.where(ActionItem.due_on.is_(None), ActionItem.id > after_id)
        else:
            statement = statement.where(
                or_(
                    ActionItem.due_on.is_(None),
                    ActionItem.due_on > due,
                    and_(ActionItem.due_on == due, ActionItem.id > after_id),
                )
            )
    size = paging.limit()
    found = list(
        db.session.scalars(
            statement.order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.id).limit(
                size + 1
            )
        ).unique()
    )
    page = [a for a in found[:size] if can(user, "action.view", a)]
    following = None
    if len(found) > size:
        last = found[size - 1]
        following = [
            last.due_on is None,
            last.due_on.isoformat() if last.due_on else None,
            last.id,
        ]
    return _json(
        schemas.ActionItemList(
            data=[present.action_item(user, a, today) for a in page],
            links=schemas.Links(**paging.links(following, "action-items")),
        )
    )


# --- polls ----------------------------------------------------------------------------------


@bp.get("/polls")
def polls():
    """Date polls of the person's groups and those they are asked to, newest first."""
    require_token()
    user = _user()
    group = _group_param()
    status = _choice_param("status", [s.value for s in PollState])
    statement = select(Poll).options(joinedload(Poll.group))
    if not can(user, "site.admin"):
        asked = select(PollParticipant.poll_id).where(PollParticipant.user_id == user.id)
        member_of = list(roles_by_group(user))
        visible = Poll.id.in_(asked)
        if member_of:
            visible = or_(visible, Poll.group_id.in_(member_of))
        statement = statement.where(visible)
    if group is not None:
        statement = statement.where(Poll.group_id == group.id)
    if status is not None:
        statement = statement.where(Poll.state == PollState(status))
    page, links = _id_page(statement, Poll.id, "polls", descending=True)
    return _json(
        schemas.PollList(
            data=[present.poll(p) for p in page if can(user, "poll.view", p)],
            links=schemas.Links(**links),
        )
    )


@bp.get("/polls/<int:poll_id>")
def poll(poll_id: int):
    found = _guarded(poll_results.load_poll(_object_id(poll_id)), "poll.view")
    return _json(present.poll_detail(_user(), found))
