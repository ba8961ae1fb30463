from .framework import Entry, signed_in

ENTRIES = [
    Entry("minutes.tasks", lambda w: "/tasks", signed_in(200)),
]
