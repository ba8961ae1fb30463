"""Webhooks: a group's managers (and site admins) manage the group's; site admins the
installation's. Anyone outside a members-only group learns nothing of its webhooks (404);
its members are refused (403)."""

from .framework import Entry, managers, signed_in

_PAGE = managers(200, outsider=404)
_ACTION = managers(302, outsider=404)
_SITE_PAGE = signed_in(403, admin=200)


def _webhook(world):
    """The group's webhook (made once per world, by its assistant)."""
    if not hasattr(world, "webhook"):
        from meetings.webhooks import services

        world.webhook = services.create_webhook(
            group=world.group,
            url="https://intranet.example.org/hooks",
            kinds=["meeting.scheduled"],
            actor=world.people.assistant,
        )
    return world.webhook


def _delivery(world):
    if not hasattr(world, "delivery"):
        from meetings.webhooks import services

        world.delivery = services.send_test(_webhook(world))
    return world.delivery


ENTRIES = [
    Entry("webhooks.group_webhooks", lambda w: f"/groups/{w.group.slug}/webhooks", _PAGE),
    Entry(
        "webhooks.group_webhooks",
        lambda w: f"/groups/{w.group.slug}/webhooks",
        _PAGE,
        method="POST",
        data=lambda w: {"url": "ftp://intranet.example.org", "events": ["meeting.scheduled"]},
        note="a refused form is shown again with its message",
    ),
    Entry("webhooks.site_webhooks", lambda w: "/admin/webhooks", _SITE_PAGE),
    Entry(
        "webhooks.site_webhooks",
        lambda w: "/admin/webhooks",
        _SITE_PAGE,
        method="POST",
        data=lambda w: {"url": "", "events": []},
        note="a refused form is shown again with its message",
    ),
    Entry("webhooks.webhook", lambda w: f"/webhooks/{_webhook(w).id}", _PAGE),
    Entry(
        "webhooks.webhook",
        lambda w: f"/webhooks/{_webhook(w).id}",
        _ACTION,
        method="POST",
        data=lambda w: {
            "url": "https://intranet.example.org/other",
            "events": ["meeting.cancelled"],
            "active": "y",
        },
    ),
    Entry(
        "webhooks.regenerate_secret",
        lambda w: f"/webhooks/{_webhook(w).id}/secret",
        _ACTION,
        method="POST",
    ),
    Entry(
        "webhooks.send_test", lambda w: f"/webhooks/{_webhook(w).id}/test", _ACTION, method="POST"
    ),
    Entry(
        "webhooks.delete", lambda w: f"/webhooks/{_webhook(w).id}/delete", _ACTION, method="POST"
    ),
    Entry(
        "webhooks.retry",
        lambda w: f"/webhooks/deliveries/{_delivery(w).id}/retry",
        _ACTION,
        method="POST",
    ),
]
