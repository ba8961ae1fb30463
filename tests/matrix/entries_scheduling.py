from .framework import Entry, expect, signed_in

ENTRIES = [
    Entry("scheduling.calendar", lambda w: "/calendar", signed_in(200)),
    Entry("scheduling.events", lambda w: "/events", expect(200)),
    Entry(
        "scheduling.meeting",
        lambda w: f"/meetings/{w.meeting.id}",
        expect(200, anonymous="sign-in", outsider=404),
    ),
]
