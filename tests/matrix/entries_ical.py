"""Calendar downloads: whoever may see the meeting may download it."""

from .framework import Entry, expect, managers

ENTRIES = [
    Entry(
        "ical.meeting_ics",
        lambda w: f"/meetings/{w.meeting.id}.ics",
        expect(200, anonymous="sign-in", outsider=404),
        note="a members-only group's meeting: its existence is private to outsiders",
    ),
    Entry(
        "ical.meeting_ics",
        lambda w: f"/meetings/{w.public_meeting.id}.ics",
        expect(200),
        note="a public group's meeting: anyone, signed in or not",
    ),
    Entry(
        "ical.meeting_ics",
        lambda w: f"/meetings/{w.draft_meeting.id}.ics",
        managers(200, outsider=404),
        note="a draft: only its managers; members know it exists (403)",
    ),
]
