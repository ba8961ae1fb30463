from .framework import Entry, expect, signed_in

ENTRIES = [
    Entry(
        "site.index",
        lambda w: "/",
        expect(
            200,
            **{r: 302 for r in ("outsider", "observer", "member", "assistant", "chair", "admin")},
        ),
        note="signed-in people are taken to their dashboard",
    ),
    Entry("site.dashboard", lambda w: "/dashboard", signed_in(200)),
    Entry("site.ping", lambda w: "/ping", expect(200), note="liveness, no data"),
    Entry("site.healthz", lambda w: "/healthz", expect(200), note="readiness, no data"),
    Entry(
        "site.set_language",
        lambda w: "/language",
        expect(302),
        method="POST",
        data=lambda w: {"language": "cs", "next": "/"},
    ),
    Entry("site.admin", lambda w: "/admin", signed_in(403, admin=200)),
    Entry("site.audit_log", lambda w: "/admin/audit", signed_in(403, admin=200)),
    Entry(
        "site.style_guide",
        lambda w: "/style-guide",
        signed_in(403, admin=200),
        note="the design system's components: the site admins (and a development server)",
    ),
]
