import datetime as dt

from meetings.extensions import db
from meetings.scheduling.models import EventRegistration, MeetingSeries

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


def _registration_link(w) -> str:
    """The cancel link of a registration for the public group's meeting (made on demand)."""
    registration = EventRegistration(
        meeting_id=w.public_meeting.id, name="Anna Nováková", email="anna@example.org"
    )
    db.session.add(registration)
    db.session.flush()
    return (
        f"/events/{w.public_meeting.id}/registrations/{registration.id}/"
        f"{registration.cancel_nonce}/cancel"
    )


ENTRIES = [
    Entry("scheduling.calendar", lambda w: "/calendar", signed_in(200)),
    Entry(
        "scheduling.month",
        lambda w: "/calendar/month?year=2030&month=1",
        signed_in(200),
        note="everyone signed in has a month grid; it shows only their groups' meetings",
    ),
    Entry("events.events", lambda w: "/events", expect(200)),
    Entry(
        "events.events",
        lambda w: f"/events?group={w.group.slug}&month=2030-01&city=Liberec&organisation=x",
        expect(200),
        note="filters not understood get a message on their field, never an error",
    ),
    Entry(
        "events.event",
        lambda w: f"/events/{w.public_meeting.id}",
        expect(200),
        note="a public event page: anyone, signed in or not",
    ),
    Entry(
        "events.event",
        lambda w: f"/events/{w.meeting.id}",
        expect(404),
        note="a members-only meeting has no public event page (members use the meeting page)",
    ),
    Entry(
        "events.register",
        lambda w: f"/events/{w.public_meeting.id}/register",
        expect(302),
        method="POST",
        data=lambda w: {"name": "Anna Nováková", "email": "anna@example.org"},
        note="registration is not open there: refused with a message, back to the event",
    ),
    Entry(
        "events.register",
        lambda w: f"/events/{w.meeting.id}/register",
        expect(404),
        method="POST",
        data=lambda w: {"name": "Anna Nováková", "email": "anna@example.org"},
    ),
    Entry(
        "events.cancel_registration",
        _registration_link,
        expect(200),
        note="the secret link is the permission: whoever has it may cancel",
    ),
    Entry(
        "events.cancel_registration",
        _registration_link,
        expect(302),
        method="POST",
    ),
    Entry(
        "events.cancel_registration",
        lambda w: _registration_link(w).replace("/cancel", "x/cancel"),
        expect(404),
        method="POST",
        note="a tampered link",
    ),
    Entry(
        "events.registration_settings",
        lambda w: f"/meetings/{w.meeting.id}/registration",
        managers(302, outsider=404),
        method="POST",
        data=lambda w: {"registration_open": "", "capacity": "30"},
        note="meeting.edit",
    ),
    Entry(
        "scheduling.meeting",
        lambda w: f"/meetings/{w.meeting.id}",
        expect(200, anonymous="sign-in", outsider=404),
    ),
    Entry(
        "scheduling.create",
        lambda w: "/meetings/new",
        managers(200, stranger=200),
        note="group.create_meeting: chairs and assistants of some group, and site admins",
    ),
    Entry(
        "scheduling.create",
        lambda w: "/meetings/new",
        managers(200, stranger=200),
        method="POST",
        data=lambda w: {"group_id": str(w.group.id), "start_date": ""},
        note="an incomplete form comes back with its messages (the stranger's: this group "
        "is not among the choices)",
    ),
    Entry(
        "scheduling.copy",
        lambda w: f"/meetings/{w.meeting.id}/copy",
        _MEETING_MANAGERS,
        note="group.create_meeting in the meeting's group: its chair, assistants and admins; "
        "its members see the meeting but may not copy it (403)",
    ),
    Entry(
        "scheduling.copy",
        lambda w: f"/meetings/{w.meeting.id}/copy",
        _MEETING_MANAGERS,
        method="POST",
        data=lambda w: {"group_id": str(w.group.id), "start_date": ""},
        note="an incomplete form comes back with its messages; nothing is created",
    ),
    Entry(
        "scheduling.copy",
        lambda w: f"/meetings/{w.public_meeting.id}/copy",
        signed_in(403, admin=200),
        note="a public group's meeting: anyone signed in sees it, only its own managers "
        "(none here but the admin, who acts as one) copy it",
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
    Entry(
        "scheduling.create_series",
        lambda w: "/meetings/series/new",
        managers(200, stranger=200),
    ),
    Entry(
        "scheduling.create_series",
        lambda w: "/meetings/series/new",
        managers(200, stranger=200),
        method="POST",
        data=lambda w: {"group_id": str(w.group.id)},
    ),
    Entry(
        "scheduling.series",
        lambda w: f"/meetings/series/{_series(w).id}",
        managers(200, outsider=404),
        note="the series is the managers' tool; its meetings have their own pages",
    ),
    Entry(
        "scheduling.schedule_series",
        lambda w: f"/meetings/series/{_series(w).id}/schedule",
        managers(302, outsider=404),
        method="POST",
    ),
]


def _proposal_to_group(w) -> int:
    """The other group's meeting asks this group to take part (made on demand)."""
    from meetings.models import JointMeetingProposal

    from .. import factories

    proposal = JointMeetingProposal(meeting=factories.make_meeting(w.other_group), group=w.group)
    db.session.add(proposal)
    db.session.flush()
    return proposal.id


ENTRIES += [
    Entry(
        "scheduling.accept_proposal",
        lambda w: f"/joint-proposals/{_proposal_to_group(w)}/accept",
        managers(302),
        method="POST",
        note="proposal.decide: the managers of the group asked; the host group's people "
        "(outsider, stranger) and this group's members know of it: 403",
    ),
    Entry(
        "scheduling.decline_proposal",
        lambda w: f"/joint-proposals/{_proposal_to_group(w)}/decline",
        managers(302),
        method="POST",
        note="proposal.decide",
    ),
]
