"""The JSON API: each role sends its own token (``extra["token"]``: its scope); a visitor
sends none. Refusals are 401 / 403 / 404 problems, never a redirect to sign in."""

from .framework import Entry, expect, signed_in

_TOKEN = {"token": "read"}
_WRITE = {"token": "write", "json": {"answer": "accepted"}}
_MEMBERS_ONLY = expect(200, anonymous=401, outsider=404)


def _members_token(world) -> int:
    from meetings.auth import api_tokens

    return api_tokens.create_token(world.people.member, name="m", scope="read", days=30).token.id


ENTRIES = [
    Entry("api.groups", lambda w: "/api/v1/groups", expect(200), extra=_TOKEN),
    Entry("api.group", lambda w: f"/api/v1/groups/{w.group.slug}", _MEMBERS_ONLY, extra=_TOKEN),
    Entry("api.meetings", lambda w: "/api/v1/meetings", expect(200), extra=_TOKEN),
    Entry(
        "api.meeting",
        lambda w: f"/api/v1/meetings/{w.meeting.id}",
        _MEMBERS_ONLY,
        extra=_TOKEN,
    ),
    Entry(
        "api.answer_invitation",
        lambda w: f"/api/v1/meetings/{w.meeting.id}/invitation/answer",
        expect(200, anonymous=401, outsider=404, observer=403),
        method="POST",
        extra=_WRITE,
        note="observers only read; the site admin acts as an assistant of every group",
    ),
    Entry("api.events", lambda w: "/api/v1/events", expect(200), extra=_TOKEN),
    Entry(
        "api.decisions",
        lambda w: f"/api/v1/decisions?group={w.group.slug}",
        _MEMBERS_ONLY,
        extra=_TOKEN,
    ),
    Entry("api.openapi_document", lambda w: "/api/v1/openapi.json", expect(200)),
    Entry("api.docs", lambda w: "/api/v1/docs", expect(200)),
    Entry(
        "auth.create_api_token",
        lambda w: "/auth/api-tokens",
        signed_in(302),
        method="POST",
        data=lambda w: {"token-name": ""},
        note="a form with errors goes back to the account page",
    ),
    Entry(
        "auth.revoke_api_token",
        lambda w: f"/auth/api-tokens/{_members_token(w)}/revoke",
        signed_in(302),
        method="POST",
        note="only one's own tokens are revoked (tests/api/test_tokens.py)",
    ),
]
