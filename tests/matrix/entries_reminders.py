from .entries_groups import _GROUP_EDITORS
from .entries_scheduling import _MEETING_MANAGERS
from .framework import Entry, expect, signed_in


def _token(world) -> str:
    from meetings.reminders.choices import unsubscribe_token

    return unsubscribe_token(world.people.member.email, "meeting")


ENTRIES = [
    Entry(
        "reminders.meeting_times",
        lambda w: f"/meetings/{w.meeting.id}/reminders",
        _MEETING_MANAGERS,
    ),
    Entry(
        "reminders.meeting_times",
        lambda w: f"/meetings/{w.meeting.id}/reminders",
        _MEETING_MANAGERS,
        method="POST",
        data=lambda w: {"offsets": "not a time"},
        note="a refused form is shown again with its message",
    ),
    Entry(
        "reminders.group_times",
        lambda w: f"/groups/{w.group.slug}/reminders",
        _GROUP_EDITORS,
    ),
    Entry(
        "reminders.group_times",
        lambda w: f"/groups/{w.group.slug}/reminders",
        _GROUP_EDITORS,
        method="POST",
        data=lambda w: {"offsets": "not a time"},
        note="a refused form is shown again with its message",
    ),
    Entry(
        "reminders.choices",
        lambda w: "/account/reminders",
        signed_in(302),
        method="POST",
        data=lambda w: {"wanted": ["meeting"]},
        note="saves only one's own",
    ),
    Entry(
        "reminders.unsubscribe",
        lambda w: f"/mail/unsubscribe/{_token(w)}",
        expect(200),
        note="the signed link is the key: no sign-in",
    ),
    Entry(
        "reminders.unsubscribe",
        lambda w: f"/mail/unsubscribe/{_token(w)}",
        expect(200),
        method="POST",
        note="RFC 8058 one-click: no CSRF token, the signature protects it",
    ),
    Entry("reminders.admin", lambda w: "/admin/reminders", signed_in(403, admin=200)),
]
