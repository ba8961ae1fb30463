from tests.conftest import signed_in_id

from .framework import Entry, expect, signed_in


def _members_sign_in(world) -> int:
    """A sign-in of the member's (on another device than the one probing)."""
    from meetings.auth.models import SignIn
    from meetings.extensions import db

    signed_in_id(world.people.member)
    return db.session.query(SignIn).order_by(SignIn.id.desc()).first().id


_SIGNED_IN = ("outsider", "observer", "member", "assistant", "chair", "admin")

ENTRIES = [
    Entry(
        "auth.sign_in",
        lambda w: "/auth/sign-in",
        expect(200, **{r: 302 for r in _SIGNED_IN}),
        note="signed-in people are sent on to their dashboard",
    ),
    Entry(
        "auth.sign_in",
        lambda w: "/auth/sign-in",
        expect(200, **{r: 302 for r in _SIGNED_IN}),
        method="POST",
        data=lambda w: {"email": "", "password": ""},
    ),
    Entry("auth.sign_out", lambda w: "/auth/sign-out", expect(302), method="POST"),
    Entry(
        "auth.sign_out_everywhere",
        lambda w: "/auth/sign-out-everywhere",
        signed_in(302),
        method="POST",
    ),
    Entry(
        "auth.end_sign_in",
        lambda w: f"/auth/sign-ins/{_members_sign_in(w)}/end",
        signed_in(302),
        method="POST",
        note="only one's own sign-ins end: the member's stays open for everyone else "
        "(tests/auth/test_sessions_end.py)",
    ),
    Entry("auth.account", lambda w: "/auth/account", signed_in(200)),
    Entry(
        "auth.account",
        lambda w: "/auth/account",
        signed_in(200),
        method="POST",
        data=lambda w: {"name": ""},
    ),
    Entry("auth.change_password", lambda w: "/auth/password", signed_in(200)),
    Entry(
        "auth.change_password",
        lambda w: "/auth/password",
        signed_in(200),
        method="POST",
        data=lambda w: {},
    ),
    Entry("auth.request_reset", lambda w: "/auth/reset", expect(200)),
    Entry(
        "auth.request_reset",
        lambda w: "/auth/reset",
        expect(200),
        method="POST",
        data=lambda w: {"email": "not an address"},
    ),
    Entry(
        "auth.reset_password",
        lambda w: "/auth/reset/not-a-token",
        expect(400),
        note="a link that was not made by us is refused with a page, for everyone",
    ),
    Entry(
        "auth.reset_password",
        lambda w: "/auth/reset/not-a-token",
        expect(400),
        method="POST",
        data=lambda w: {},
    ),
    Entry("auth.activate", lambda w: "/auth/activate/not-a-token", expect(400)),
    Entry(
        "auth.activate",
        lambda w: "/auth/activate/not-a-token",
        expect(400),
        method="POST",
        data=lambda w: {},
    ),
    Entry(
        "auth.profile",
        lambda w: f"/people/{w.people.member.id}",
        signed_in(200, outsider=404),
        note="the person, admins and people sharing a group see a profile; to others it does "
        "not exist",
    ),
    Entry("auth.users", lambda w: "/admin/users", signed_in(403, admin=200)),
    Entry(
        "auth.deactivate_user",
        lambda w: f"/admin/users/{w.people.outsider.id}/deactivate",
        signed_in(403, admin=302),
        method="POST",
    ),
    Entry(
        "auth.reactivate_user",
        lambda w: f"/admin/users/{w.people.outsider.id}/reactivate",
        signed_in(403, admin=302),
        method="POST",
    ),
]
