from .framework import Entry, expect

ENTRIES = [
    Entry("groups.index", lambda w: "/groups/", expect(200)),
    Entry(
        "groups.detail",
        lambda w: f"/groups/{w.group.slug}",
        expect(200, anonymous="sign-in", outsider=404),
        note="a members-only group does not exist for outsiders",
    ),
]
