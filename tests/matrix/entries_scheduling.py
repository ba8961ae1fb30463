import datetime as dt

from meetings.extensions import db
from meetings.scheduling.models import MeetingSeries

from .framework import Entry, expect, managers, signed_in

#: A members-only group's meeting: outsiders get 404 (it does not exist for them).
_MEETING_MANAGERS = managers(200, outsider=404)


def _series(w) -> MeetingSeries:
    series = MeetingSeries(
        group=w.group,
        title="Pravidelná setkání",
        rule="FREQ=MONTHLY;BYDAY=+2TU;COUNT=3",
        first_day=dt.date(2030, 1, 1),
        start_time=dt.time(10),
        duration_minutes=120,
        timezone=w.group.timezone,
    )
    db.session.add(series)
    db.session.flush()
    return series


ENTRIES = [
    Entry("scheduling.calendar", lambda w: "/calendar", signed_in(200)),
    Entry(
        "scheduling.month",
        lambda w: "/calendar/month?year=2030&month=1",
        signed_in(200),
        note="everyone signed in has a month grid; it shows only their groups' meetings",
    ),
    Entry("scheduling.events", lambda w: "/events", expect(200)),
    Entry(
        "scheduling.meeting",
        lambda w: f"/meetings/{w.meeting.id}",
        expect(200, anonymous="sign-in", outsider=404),
    ),
    Entry(
        "scheduling.create",
        lambda w: "/meetings/new",
        managers(200),
        note="group.create_meeting: chairs and assistants of some group, and site admins",
    ),
    Entry(
        "scheduling.create",
        lambda w: "/meetings/new",
        managers(200),
        method="POST",
        data=lambda w: {"group_id": str(w.group.id), "start_date": ""},
        note="an incomplete form comes back with its messages",
    ),
    Entry("scheduling.edit", lambda w: f"/meetings/{w.meeting.id}/edit", _MEETING_MANAGERS),
    Entry(
        "scheduling.edit",
        lambda w: f"/meetings/{w.meeting.id}/edit",
        _MEETING_MANAGERS,
        method="POST",
        data=lambda w: {"start_date": "not a date"},
    ),
    Entry(
        "scheduling.schedule",
        lambda w: f"/meetings/{w.draft_meeting.id}/schedule",
        managers(302, outsider=404),
        method="POST",
        note="a draft: members of the group know it exists (403), outsiders do not (404)",
    ),
    Entry(
        "scheduling.mark_held",
        lambda w: f"/meetings/{w.meeting.id}/held",
        managers(302, outsider=404),
        method="POST",
        note="refused with a message (it has not begun yet) and sent back to the meeting",
    ),
    Entry("scheduling.cancel", lambda w: f"/meetings/{w.meeting.id}/cancel", _MEETING_MANAGERS),
    Entry(
        "scheduling.cancel",
        lambda w: f"/meetings/{w.meeting.id}/cancel",
        managers(302, outsider=404),
        method="POST",
        data=lambda w: {"reason": "Předsedkyně je nemocná."},
    ),
    Entry("scheduling.create_series", lambda w: "/meetings/series/new", managers(200)),
    Entry(
        "scheduling.create_series",
        lambda w: "/meetings/series/new",
        managers(200),
        method="POST",
        data=lambda w: {"group_id": str(w.group.id)},
    ),
    Entry(
        "scheduling.series",
        lambda w: f"/meetings/series/{_series(w).id}",
        managers(200, outsider=404),
        note="the series is the managers' tool; its meetings have their own pages",
    ),
]
