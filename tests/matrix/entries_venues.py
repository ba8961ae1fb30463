from .framework import Entry, expect, managers

ENTRIES = [
    Entry(
        "venues.index",
        lambda w: "/venues/",
        expect(200),
        note="venues are public buildings: anyone may see the list",
    ),
    Entry(
        "venues.detail",
        lambda w: f"/venues/{w.venue.id}",
        expect(200),
        note="anyone may see a venue; its meetings are filtered by meeting.view",
    ),
    Entry(
        "venues.create",
        lambda w: "/venues/new",
        managers(200, stranger=200),
        note="venue.manage: site admins and the assistants and chairs of any group",
    ),
    Entry(
        "venues.create",
        lambda w: "/venues/new",
        managers(200, stranger=200),
        method="POST",
        data=lambda w: {"name": ""},
        note="an incomplete form comes back with its messages",
    ),
    Entry(
        "venues.edit",
        lambda w: f"/venues/{w.venue.id}/edit",
        managers(200),
        note="venue.edit: site admins and the managers of the groups meeting there; the "
        "assistant of another group (stranger) is refused",
    ),
    Entry(
        "venues.edit",
        lambda w: f"/venues/{w.venue.id}/edit",
        managers(200),
        method="POST",
        data=lambda w: {"name": ""},
    ),
    Entry(
        "venues.archive",
        lambda w: f"/venues/{w.venue.id}/archive",
        managers(302),
        method="POST",
    ),
    Entry(
        "venues.restore",
        lambda w: f"/venues/{w.venue.id}/restore",
        managers(302),
        method="POST",
    ),
]
