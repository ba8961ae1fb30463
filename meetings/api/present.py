"""Domain objects → the response models of the resources added after the first part
(organisations, venues, members, minutes, action items, polls), for the person asking:
what the policy hides from them (a private group's name, e-mail addresses, a draft) is
left out. (The first part's are in ``serialise``.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import url_for

from ..auth.models import Organisation
from ..auth.permissions import can
from ..groups.models import Membership, WorkingGroup
from ..i18n import in_zone
from ..minutes import services as minutes_services
from ..minutes.enums import ActionStatus, MinutesState
from ..minutes.models import ActionItem, Minutes
from ..polls import people as poll_people
from ..polls import results as poll_results
from ..polls.models import Poll
from ..scheduling.models import Meeting
from ..venues.models import Venue
from ..venues.services import osm_search_url
from . import schemas
from .serialise import group_ref


def _at(value: dt.datetime | None, zone: str) -> dt.datetime | None:
    return in_zone(value, zone) if value is not None else None


def organisation(found: Organisation) -> schemas.Organisation:
    return schemas.Organisation(
        id=found.id,
        name=found.name,
        short_name=found.short_name,
        department=found.department,
        street=found.street,
        postcode=found.postcode,
        city=found.city,
        country=found.country,
        phone=found.phone,
        email=found.email,
        website=found.website,
        registration_number=found.registration_number,
        description=found.description,
        office_hours=[
            schemas.OfficeHours(
                weekday=h.weekday, opens=f"{h.opens:%H:%M}", closes=f"{h.closes:%H:%M}"
            )
            for h in found.office_hours
        ],
        links=schemas.ObjectLinks(
            self=url_for("api.organisation", organisation_id=found.id),
            html=url_for("groups.organisation", organisation_id=found.id, _external=True),
        ),
    )


def venue(found: Venue, rooms: list[str]) -> schemas.VenueDetail:
    known = [found.room] if found.room else []
    known += [r for r in rooms if r not in known]
    return schemas.VenueDetail(
        id=found.id,
        name=found.name,
        street=found.street,
        postcode=found.postcode,
        city=found.city,
        country=found.country,
        room=found.room,
        rooms=known,
        capacity=found.capacity,
        access_notes=found.access_notes,
        online_url=found.online_url,
        organisation=found.organisation.name if found.organisation else None,
        map_url=osm_search_url(found),
        links=schemas.ObjectLinks(
            self=url_for("api.venue", venue_id=found.id),
            html=url_for("venues.detail", venue_id=found.id, _external=True),
        ),
    )


def member(user: Any, membership: Membership, *, with_email: bool) -> schemas.GroupMember:
    organisation = membership.organisation or membership.user.organisation
    own = getattr(user, "id", None) == membership.user_id
    return schemas.GroupMember(
        name=membership.user.name,
        role=membership.role,
        organisation=organisation.name if organisation else None,
        email=membership.user.email if with_email or own else None,
    )


# --- minutes --------------------------------------------------------------------------------


def meeting_ref(user: Any, meeting: Meeting) -> schemas.MeetingRef:
    return schemas.MeetingRef(
        id=meeting.id,
        number=meeting.number,
        title=meeting.title,
        starts_at=in_zone(meeting.starts_at, meeting.timezone),
        timezone=meeting.timezone,
        group=group_ref(meeting.group) if can(user, "group.view", meeting.group) else None,
    )


def _minutes_fields(user: Any, minutes: Minutes) -> dict[str, Any]:
    meeting = minutes.meeting
    zone = meeting.timezone
    published = minutes.state == MinutesState.PUBLISHED
    return {
        "meeting": meeting_ref(user, meeting),
        "edition": minutes.edition,
        "status": minutes.state,
        "correction_reason": minutes.correction_reason,
        "submitted_at": _at(minutes.submitted_at, zone),
        "approved_at": _at(minutes.approved_at, zone),
        "approved_by": minutes.approved_by.name if minutes.approved_by else None,
        "published_at": _at(minutes.published_at, zone),
        "pdf_sha256": minutes.pdf_sha256 if published else None,
        "links": schemas.MinutesLinks(
            self=url_for("api.meeting_minutes", meeting_id=meeting.id, edition=minutes.edition),
            html=url_for(
                "minutes.view", meeting_id=meeting.id, edition=minutes.edition, _external=True
            ),
            pdf=url_for("api.minutes_pdf", meeting_id=meeting.id, edition=minutes.edition)
            if published
            else None,
        ),
    }


def minutes(user: Any, found: Minutes) -> schemas.Minutes:
    return schemas.Minutes(**_minutes_fields(user, found))


def _adopted(votes: list[int | None]) -> bool | None:
    return minutes_services.decision_adopted(*votes)


def minutes_detail(user: Any, found: Minutes, *, current: bool) -> schemas.MinutesDetail:
    """The minutes with the course of the meeting under each agenda item; the decisions and
    tasks as they are now for the current edition, as last saved for an earlier one."""
    meeting = found.meeting
    rows = minutes_services.item_rows(meeting, found)
    numbers = {row.agenda_item_id: row.number for row in rows if row.agenda_item_id}
    decisions: list[schemas.MinutesDecision] = []
    actions: list[schemas.ActionItemRef] = []
    if current:
        for d in minutes_services.decisions_of(meeting):
            votes = [d.votes_for, d.votes_against, d.votes_abstaining]
            decisions.append(
                schemas.MinutesDecision(
                    label=minutes_services.decision_label(d),
                    item=numbers.get(d.agenda_item_id),
                    text=d.text,
                    votes_for=d.votes_for,
                    votes_against=d.votes_against,
                    votes_abstaining=d.votes_abstaining,
                    adopted=_adopted(votes),
                )
            )
        for a in minutes_services.actions_of(meeting):
            actions.append(
                schemas.ActionItemRef(
                    id=a.id,
                    item=numbers.get(a.agenda_item_id),
                    text=a.text,
                    owner=minutes_services.owner_label(a) or None,
                    due_on=a.due_on,
                    status=a.status,
                )
            )
    else:
        revisions = minutes_services.revisions_of(found)
        saved = revisions[-1].content if revisions else {}
        for d in saved.get("decisions", []):
            votes = list(d.get("votes") or [None, None, None])
            decisions.append(
                schemas.MinutesDecision(
                    label=d.get("label", ""),
                    item=(d.get("item") or "").split(" ", 1)[0] or None,
                    text=d.get("text", ""),
                    votes_for=votes[0],
                    votes_against=votes[1],
                    votes_abstaining=votes[2],
                    adopted=_adopted(votes),
                )
            )
        for a in saved.get("actions", []):
            actions.append(
                schemas.ActionItemRef(
                    id=None,
                    item=(a.get("item") or "").split(" ", 1)[0] or None,
                    text=a.get("text", ""),
                    owner=a.get("owner") or None,
                    due_on=dt.date.fromisoformat(a["due_on"]) if a.get("due_on") else None,
                    status=a.get("status") or ActionStatus.OPEN,
                )
            )
    zone = meeting.timezone
    return schemas.MinutesDetail(
        **_minutes_fields(user, found),
        recorded_by=found.recorded_by.name if found.recorded_by else None,
        verified_by=found.verified_by.name if found.verified_by else None,
        verified_at=_at(found.verified_at, zone),
        publish_requested_at=_at(found.publish_requested_at, zone),
        is_current=current,
        opening=found.opening,
        items=[schemas.MinutesItem(number=r.number, title=r.title, text=r.text) for r in rows],
        closing=found.closing,
        next_meeting=found.next_meeting,
        decisions=decisions,
        action_items=actions,
    )


# --- action items ---------------------------------------------------------------------------


def action_item(user: Any, item: ActionItem, today: dict[str, dt.date]) -> schemas.ActionItem:
    """``today``: the date in each time zone (the group's decides what is overdue)."""
    group: WorkingGroup = item.group
    overdue = (
        item.status == ActionStatus.OPEN
        and item.due_on is not None
        and item.due_on < today[group.timezone]
    )
    may_update = item.status != ActionStatus.DONE and can(user, "action.update", item)
    return schemas.ActionItem(
        id=item.id,
        text=item.text,
        group=group_ref(group),
        meeting_id=item.meeting_id,
        owner=item.owner.name if item.owner else None,
        owner_organisation=item.owner_organisation.name if item.owner_organisation else None,
        is_mine=item.owner_id is not None and item.owner_id == getattr(user, "id", None),
        due_on=item.due_on,
        status=item.status,
        overdue=overdue,
        closed_at=_at(item.closed_at, group.timezone),
        links=schemas.ActionItemLinks(
            done=url_for("api.action_item_done", action_id=item.id) if may_update else None
        ),
    )


# --- polls ----------------------------------------------------------------------------------


def _poll_fields(poll: Poll) -> dict[str, Any]:
    zone = poll.group.timezone
    return {
        "id": poll.id,
        "title": poll.title,
        "description": poll.description,
        "group": group_ref(poll.group),
        "status": poll.state,
        "closes_at": _at(poll.closes_at, zone),
        "closed_at": _at(poll.closed_at, zone),
        "timezone": zone,
        "meeting_id": poll.meeting_id,
        "links": schemas.ObjectLinks(
            self=url_for("api.poll", poll_id=poll.id),
            html=url_for("polls.detail", poll_id=poll.id, _external=True),
        ),
    }


def poll(found: Poll) -> schemas.Poll:
    return schemas.Poll(**_poll_fields(found))


def poll_detail(user: Any, found: Poll) -> schemas.PollDetail:
    zone = found.group.timezone
    results = poll_results.results(found)
    mine = poll_people.participant_for(user, found) if user is not None else None
    my_answers = {a.option_id: a.value for a in mine.answers} if mine is not None else {}
    slots = []
    for result in sorted(results.options, key=lambda r: r.option.starts_at):
        option = result.option
        answer = my_answers.get(option.id)
        slots.append(
            schemas.PollSlot(
                id=option.id,
                starts_at=in_zone(option.starts_at, zone),
                ends_at=in_zone(option.ends_at, zone),
                venue=option.venue.name if option.venue else None,
                online_url=option.online_url,
                yes=result.yes,
                if_need_be=result.if_need_be,
                no=result.no,
                rank=result.rank,
                best=result.best,
                chosen=option.is_chosen,
                my_answer=answer.value if answer is not None else None,
            )
        )
    return schemas.PollDetail(
        **_poll_fields(found),
        slots=slots,
        asked=len(found.participants),
        answered=sum(1 for p in found.participants if p.answered_at is not None),
    )
