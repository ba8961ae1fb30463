from .framework import Entry, signed_in

ENTRIES = [
    Entry(
        "search.search",
        lambda w: "/search?q=Bude+dohodnut",
        signed_in(200),
        note="everyone signed in may search; the results are filtered by the policy",
    ),
]
