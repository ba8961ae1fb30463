"""The invitations domain's answers to what happens to meetings (``scheduling.signals``).

Receivers run inside the transaction of the change: what they queue in the outbox
commits with it.
"""

from __future__ import annotations

from typing import Any

from ..scheduling.enums import MeetingStatus, ProposalState
from ..scheduling.models import JointMeetingProposal, Meeting, MeetingSeries
from ..scheduling.signals import (
    joint_meeting_decided,
    meeting_cancelled,
    meeting_copied,
    meeting_moved,
    meeting_renumbered,
    meeting_scheduled,
    series_changed,
)
from . import series as series_messages
from . import services


@meeting_scheduled.connect
def invite(meeting: Meeting, *, notify: bool, **_: Any) -> None:
    """Invite the participants; send their invitations unless a series message follows."""
    if notify:
        services.invite_to_meeting(meeting)
    else:
        services.invite_participants(meeting)


@meeting_cancelled.connect
def cancel(meeting: Meeting, *, notify: bool, **_: Any) -> None:
    """Send METHOD:CANCEL to everyone an invitation went to."""
    if notify:
        services.send_cancellations(meeting)


@meeting_moved.connect
def ask_again(meeting: Meeting, *, notify: bool, **_: Any) -> None:
    """Ask every invitee again; send them the new time or place unless a series message
    follows."""
    services.ask_again(meeting)
    if notify:
        services.send_meeting_update(meeting)


@meeting_renumbered.connect
def send_new_number(meeting: Meeting, **_: Any) -> None:
    """The meeting's number (in its title) changed: invitees get the update; their answers
    stand (its time and place did not change)."""
    services.send_meeting_update(meeting)


@series_changed.connect
def bring_series_up_to_date(series: MeetingSeries, *, exceptions_changed: bool, **_: Any) -> None:
    """One message per invitee for the whole series; its SEQUENCE first grows when
    occurrences joined or left it after it was sent."""
    if exceptions_changed:
        series_messages.note_exceptions_changed(series)
    series_messages.send_series_messages(series)


@meeting_copied.connect
def copy_invitees(meeting: Meeting, *, source: Meeting, **_: Any) -> dict[str, Any]:
    """A copied meeting invites whom the earlier one did, with the answers reset; nothing
    is sent before it is scheduled."""
    try:
        return {"invitees": services.copy_invitees(meeting, source)}
    except services.InvitationError as error:
        return {"not_copied": [str(error.message)]}


@joint_meeting_decided.connect
def invite_joining_group(proposal: JointMeetingProposal, **_: Any) -> None:
    """A group accepted a joint meeting whose invitations went out already: its members
    are invited the way a group's members are (``invite_to_meeting``: whoever should be and
    is not yet, each sent the current version). A draft invites them when scheduled."""
    meeting = proposal.meeting
    if proposal.state == ProposalState.ACCEPTED and meeting.status == MeetingStatus.SCHEDULED:
        services.invite_to_meeting(meeting)
