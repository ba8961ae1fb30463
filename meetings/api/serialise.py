"""Domain objects → the API's response models, for the person asking: what the policy
hides from them (a private group's name, an online link, the agenda before it is
published, the member list) is left out."""

from __future__ import annotations

from typing import Any

from flask import url_for

from ..agenda.services import build_timetable, may_see_agenda
from ..agenda.services.timetable import TimetableRow
from ..auth.permissions import can
from ..groups.models import Membership, WorkingGroup
from ..i18n import in_zone
from ..invitations.invitees import invitation_for
from ..minutes.services.decisions import RegisterRow
from ..scheduling.models import Meeting
from . import schemas


def group_ref(group: WorkingGroup) -> schemas.GroupRef:
    return schemas.GroupRef(slug=group.slug, name=group.name)


def _group_fields(group: WorkingGroup) -> dict[str, Any]:
    return {
        "slug": group.slug,
        "name": group.name,
        "description": group.description,
        "goals": group.goals,
        "parent_body": group.parent_body,
        "lead_organisation": group.lead_organisation.name if group.lead_organisation else None,
        "language": group.language,
        "timezone": group.timezone,
        "is_public": group.is_public,
        "links": schemas.ObjectLinks(
            self=url_for("api.group", slug=group.slug),
            html=url_for("groups.detail", slug=group.slug, _external=True),
        ),
    }


def group(group: WorkingGroup) -> schemas.Group:
    return schemas.Group(**_group_fields(group))


def group_detail(
    user: Any, group: WorkingGroup, memberships: list[Membership] | None
) -> schemas.GroupDetail:
    members = None
    if memberships is not None:
        members = [
            schemas.Member(
                name=m.user.name,
                role=m.role,
                organisation=(m.organisation or m.user.organisation).name
                if (m.organisation or m.user.organisation)
                else None,
            )
            for m in sorted(
                memberships, key=lambda m: (list(type(m.role)).index(m.role), m.user.name)
            )
        ]
    return schemas.GroupDetail(**_group_fields(group), members=members)


def _meeting_fields(user: Any, meeting: Meeting) -> dict[str, Any]:
    zone = meeting.timezone
    venue = meeting.venue
    return {
        "id": meeting.id,
        "number": meeting.number,
        "title": meeting.title,
        "kind": meeting.kind,
        "status": meeting.status,
        "starts_at": in_zone(meeting.starts_at, zone),
        "ends_at": in_zone(meeting.ends_at, zone),
        "timezone": zone,
        "group": group_ref(meeting.group) if can(user, "group.view", meeting.group) else None,
        "groups": [group_ref(g) for g in meeting.groups if can(user, "group.view", g)],
        "venue": schemas.Venue(
            name=venue.name,
            street=venue.street,
            postcode=venue.postcode,
            city=venue.city,
            country=venue.country,
            room=meeting.room or venue.room,
        )
        if venue is not None
        else None,
        "online_url": meeting.online_link if can(user, "meeting.online_link", meeting) else None,
        "cancel_reason": meeting.cancel_reason,
        "updated_at": in_zone(meeting.updated_at, zone),
        "links": schemas.ObjectLinks(
            self=url_for("api.meeting", meeting_id=meeting.id),
            html=url_for("scheduling.meeting", meeting_id=meeting.id, _external=True),
        ),
    }


def meeting(user: Any, meeting: Meeting) -> schemas.Meeting:
    return schemas.Meeting(**_meeting_fields(user, meeting))


def _agenda_row(row: TimetableRow, zone: str) -> schemas.AgendaItem:
    return schemas.AgendaItem(
        number=row.number,
        title=row.title,
        description=row.description,
        presenter=row.presenter,
        kind=row.kind,
        duration_minutes=row.duration_minutes,
        starts_at=in_zone(row.starts_at, zone) if row.starts_at else None,
        ends_at=in_zone(row.ends_at, zone) if row.ends_at else None,
        children=[_agenda_row(child, zone) for child in row.children],
    )


def meeting_detail(user: Any, meeting: Meeting) -> schemas.MeetingDetail:
    agenda = None
    if may_see_agenda(user, meeting):
        agenda = [_agenda_row(row, meeting.timezone) for row in build_timetable(meeting)]
    invitation = invitation_for(user, meeting) if user is not None else None
    mine = None
    if invitation is not None:
        mine = schemas.MyInvitation(
            answer=invitation.rsvp,
            comment=invitation.rsvp_comment,
            answered_at=in_zone(invitation.responded_at, meeting.timezone)
            if invitation.responded_at
            else None,
        )
    return schemas.MeetingDetail(
        **_meeting_fields(user, meeting),
        description=meeting.description,
        agenda=agenda,
        my_invitation=mine,
    )


def decision(row: RegisterRow) -> schemas.Decision:
    return schemas.Decision(
        label=row.label,
        text=row.text,
        votes_for=row.votes[0],
        votes_against=row.votes[1],
        votes_abstaining=row.votes[2],
        adopted=row.adopted,
        quorum_rule=row.quorum_rule,
        minutes_state=row.state,
        meeting_id=row.meeting_id,
        correspondence_vote_id=row.vote_id,
        meeting_title=row.meeting_title,
        meeting_starts_at=in_zone(row.meeting_starts_at, row.meeting_timezone),
        timezone=row.meeting_timezone,
        group=schemas.GroupRef(slug=row.group_slug, name=row.group_name),
    )
