"""``/api/v1/``: invitations. The token owner's own (``/invitations``: what waits for an
answer, what was answered) and everyone invited to a meeting with their answers, for the
meeting's managers (``/meetings/<id>/invitations``: the answer table of the meeting page).
Routes on the blueprint of ``views``; the same policy as the pages."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..i18n import in_zone
from ..invitations.enums import Rsvp
from ..invitations.models import Invitation
from ..invitations.services import answer_summary
from ..invitations.waiting import invitations_of
from ..scheduling.listings import get_meeting, meetings_after
from ..scheduling.models import Meeting
from . import paging, schemas, serialise
from .authentication import require_token
from .problems import ApiProblem, field_error
from .views import _cursor_position, _guarded, _json, _latest, _meeting_conditions, bp


def _answer_param() -> Rsvp | None:
    raw = request.args.get("answer")
    if raw is None:
        return None
    try:
        return Rsvp(raw)
    except ValueError:
        values = ", ".join(answer.value for answer in Rsvp)
        raise ApiProblem(
            400,
            _("Unknown answer."),
            errors=[field_error("answer", _("One of: %(values)s.", values=values))],
        ) from None


@bp.get("/invitations")
def my_invitations():
    """The token owner's invitations, by the meeting's start; ``answer=needs_action``: those
    waiting for an answer."""
    require_token()
    user = current_user._get_current_object()
    answer = _answer_param()
    mine = select(Invitation.meeting_id).where(Invitation.user_id == user.id)
    if answer is not None:
        mine = mine.where(Invitation.rsvp == answer)
    conditions = [*_meeting_conditions(None), Meeting.id.in_(mine)]
    size = paging.limit()
    page, following = meetings_after(
        user, *conditions, after=_cursor_position("invitations"), limit=size
    )
    invitations = invitations_of(user, [m.id for m in page])
    entries = []
    for meeting in page:
        invitation = invitations[meeting.id]
        zone = meeting.timezone
        entries.append(
            schemas.MyInvitationEntry(
                meeting=serialise.meeting(user, meeting),
                answer=invitation.rsvp,
                comment=invitation.rsvp_comment,
                answered_at=in_zone(invitation.responded_at, zone)
                if invitation.responded_at
                else None,
                asked_again_at=in_zone(invitation.asked_again_at, zone)
                if invitation.asked_again_at
                else None,
            )
        )
    next_position = [following[0].isoformat(), following[1]] if following else None
    return _json(
        schemas.MyInvitationList(
            data=entries, links=schemas.Links(**paging.links(next_position, "invitations"))
        ),
        last_modified=_latest(page),
    )


@bp.get("/meetings/<int:meeting_id>/invitations")
def meeting_invitations(meeting_id: int):
    """Everyone invited to the meeting with their answer: for those who manage its
    invitations (the host group's chair and assistants), as on the meeting page."""
    require_token()
    meeting = _guarded(get_meeting(meeting_id), "meeting.view")
    _guarded(meeting, "meeting.invite")
    summary = answer_summary(meeting)
    zone = meeting.timezone
    rows, links = paging.offset_page(summary.rows, "meeting-invitations")
    return _json(
        schemas.InviteeList(
            counts={key: value for key, value in summary.counts.items() if key in _COUNTED},
            data=[
                schemas.Invitee(
                    id=row.invitation_id,
                    name=row.name,
                    email=row.email,
                    organisation=row.organisation or None,
                    role=row.role,
                    is_guest=row.is_guest,
                    answer=row.rsvp,
                    comment=row.comment or None,
                    answered_at=in_zone(row.responded_at, zone) if row.responded_at else None,
                    sent=row.sent,
                )
                for row in rows
            ],
            links=schemas.Links(**links),
        )
    )


#: The counts an answer table gives: one per answer, and everyone.
_COUNTED = {*(answer.value for answer in Rsvp), "total"}
