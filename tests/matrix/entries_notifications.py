from .framework import Entry, signed_in


def _members_notification(world) -> int:
    """A notification of the member's: only the member may open or mark it."""
    from meetings.notifications import services
    from meetings.notifications.kinds import Kind
    from meetings.notifications.models import Notification

    services.notify(
        [world.people.member],
        Kind.AGENDA_PUBLISHED,
        link=f"/meetings/{world.meeting.id}#agenda",
        values={"title": world.meeting.title, "group": world.group.name},
        meeting=world.meeting,
    )
    from meetings.extensions import db

    return db.session.query(Notification).order_by(Notification.id.desc()).first().id


ENTRIES = [
    Entry(
        "notifications.index",
        lambda w: "/notifications",
        signed_in(200),
        note="everyone's own list",
    ),
    Entry(
        "notifications.follow",
        lambda w: f"/notifications/{_members_notification(w)}",
        signed_in(404, member=302),
        note="someone else's notification is as good as missing",
    ),
    Entry(
        "notifications.mark_read",
        lambda w: f"/notifications/{_members_notification(w)}/read",
        signed_in(404, member=302),
        method="POST",
        note="someone else's notification is as good as missing",
    ),
    Entry(
        "notifications.mark_all_read",
        lambda w: "/notifications/read-all",
        signed_in(302),
        method="POST",
        note="marks only one's own",
    ),
    Entry(
        "notifications.preferences",
        lambda w: "/notifications/preferences",
        signed_in(302),
        method="POST",
        data=lambda w: {"in_app": ["invitation"]},
        note="saves only one's own",
    ),
]
