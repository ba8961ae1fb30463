"""The meeting page offers to write the minutes once the meeting has begun, not before;
and a meeting that was held no longer says its invitations are "not sent yet"."""

from __future__ import annotations

import datetime as dt

from meetings.db import utcnow
from meetings.extensions import db
from meetings.invitations.models import Invitation
from meetings.scheduling.enums import MeetingStatus

from .. import factories


def test_write_the_minutes_is_offered_once_the_meeting_has_begun(people, login_as):
    ahead = factories.make_meeting(people.group, utcnow() + dt.timedelta(days=30))
    begun = factories.make_meeting(people.group, utcnow() - dt.timedelta(minutes=30))
    assistant = login_as(people.assistant)

    before = assistant.get(f"/meetings/{ahead.id}").text
    during = assistant.get(f"/meetings/{begun.id}").text

    assert "Write the minutes" not in before
    assert f'href="/meetings/{begun.id}/minutes/edit"' in during


def test_a_held_meeting_does_not_say_its_invitations_are_not_sent(people, login_as):
    held = factories.make_meeting(
        people.group, utcnow() - dt.timedelta(days=3), status=MeetingStatus.HELD
    )
    ahead = factories.make_meeting(people.group, utcnow() + dt.timedelta(days=3))
    for meeting in (held, ahead):
        db.session.add(Invitation(meeting=meeting, user_id=people.member.id))
    db.session.flush()
    assistant = login_as(people.assistant)

    assert "invitation not sent yet" not in assistant.get(f"/meetings/{held.id}").text
    assert "invitation not sent yet" in assistant.get(f"/meetings/{ahead.id}").text
