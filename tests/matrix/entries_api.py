"""The JSON API: each role sends its own token (``extra["token"]``: its scope); a visitor
sends none. Refusals are 401 / 403 / 404 problems, never a redirect to sign in."""

from .framework import Entry, expect, signed_in

_TOKEN = {"token": "read"}
_WRITE = {"token": "write", "json": {"answer": "accepted"}}
_MEMBERS_ONLY = expect(200, anonymous=401, outsider=404)


def _members_token(world) -> int:
    from meetings.auth import api_tokens

    return api_tokens.create_token(world.people.member, name="m", scope="read", days=30).token.id


def _minutes_of_held_meeting(world, state, *, pdf: bool = False) -> int:
    """A meeting of the group held in 2020 with minutes in ``state``: its id."""
    import datetime as dt

    from meetings.extensions import db
    from meetings.minutes.enums import MinutesState
    from meetings.minutes.models import Minutes
    from meetings.scheduling.enums import MeetingStatus
    from meetings.storage import services as storage
    from tests import factories

    meeting = factories.make_meeting(
        world.group,
        factories.local_time("Europe/Prague", 2020, 3, 20, 10),
        status=MeetingStatus.HELD,
    )
    when = dt.datetime(2020, 3, 25, tzinfo=dt.UTC)
    minutes = Minutes(meeting=meeting, state=state, opening="Zahájení.")
    if state != MinutesState.DRAFT:
        minutes.submitted_at = when
    if state in (MinutesState.APPROVED, MinutesState.PUBLISHED):
        minutes.approved_at = when
    if pdf:
        stored = storage.store(b"%PDF-1.7 matrix", "application/pdf", name=None)
        minutes.pdf_file = stored
        minutes.pdf_sha256 = stored.sha256
        minutes.published_at = when
    db.session.add(minutes)
    db.session.flush()
    return meeting.id


def _minutes_url(state, step: str = "", *, pdf: bool = False):
    def url(world) -> str:
        meeting_id = _minutes_of_held_meeting(world, state, pdf=pdf)
        return f"/api/v1/meetings/{meeting_id}/minutes{step}"

    return url


def _poll_url(world) -> str:
    import datetime as dt

    from meetings.extensions import db
    from meetings.polls.models import Poll, PollOption

    poll = Poll(
        group=world.group,
        title="Termín dubnového jednání",
        closes_at=dt.datetime(2030, 3, 1, tzinfo=dt.UTC),
        options=[
            PollOption(
                starts_at=dt.datetime(2030, 4, 1, 8, tzinfo=dt.UTC),
                ends_at=dt.datetime(2030, 4, 1, 10, tzinfo=dt.UTC),
            )
        ],
    )
    db.session.add(poll)
    db.session.flush()
    return f"/api/v1/polls/{poll.id}"


def _new_meeting(world) -> dict:
    return {
        "group": world.group.slug,
        "title": "Jednání o sociálním podnikání",
        "starts_at": "2031-03-19T10:00:00",
        "ends_at": "2031-03-19T12:00:00",
        "agenda": [{"title": "Zahájení", "duration_minutes": 10}],
    }


def _same_url(url: str) -> str:
    """The read whose ETag a conditional write sends: the address itself, or the minutes'."""
    for step in ("/submit", "/approve", "/return", "/publish"):
        if url.endswith(step):
            return url.removesuffix(step)
    return url


_MANAGERS_WRITE = expect(403, anonymous=401, outsider=404, assistant=200, chair=200, admin=200)


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
        "api.my_invitations",
        lambda w: "/api/v1/invitations",
        expect(200, anonymous=401),
        extra=_TOKEN,
        note="everyone's own invitations only",
    ),
    Entry(
        "api.meeting_invitations",
        lambda w: f"/api/v1/meetings/{w.meeting.id}/invitations",
        expect(403, anonymous=401, outsider=404, assistant=200, chair=200, admin=200),
        extra=_TOKEN,
        note="the answer table: names, addresses and comments for the chair and assistants",
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
    Entry("api.organisations", lambda w: "/api/v1/organisations", expect(200), extra=_TOKEN),
    Entry(
        "api.organisation",
        lambda w: f"/api/v1/organisations/{w.organisation.id}",
        expect(200),
        extra=_TOKEN,
        note="organisations are public, as their pages",
    ),
    Entry("api.venues", lambda w: "/api/v1/venues", expect(200), extra=_TOKEN),
    Entry("api.venue", lambda w: f"/api/v1/venues/{w.venue.id}", expect(200), extra=_TOKEN),
    Entry(
        "api.group_members",
        lambda w: f"/api/v1/groups/{w.group.slug}/members",
        _MEMBERS_ONLY,
        extra=_TOKEN,
    ),
    Entry("api.minutes_list", lambda w: "/api/v1/minutes", expect(200), extra=_TOKEN),
    Entry(
        "api.meeting_minutes",
        _minutes_url("submitted"),
        _MEMBERS_ONLY,
        extra=_TOKEN,
        note="submitted minutes: everyone of the group; drafts: its managers (tests/api)",
    ),
    Entry(
        "api.minutes_pdf",
        _minutes_url("published", ".pdf", pdf=True),
        _MEMBERS_ONLY,
        extra=_TOKEN,
    ),
    Entry(
        "api.action_items",
        lambda w: "/api/v1/action-items",
        expect(200, anonymous=401),
        extra=_TOKEN,
    ),
    Entry("api.polls", lambda w: "/api/v1/polls", expect(200, anonymous=401), extra=_TOKEN),
    Entry("api.poll", _poll_url, _MEMBERS_ONLY, extra=_TOKEN),
    Entry(
        "api.create_meeting",
        lambda w: "/api/v1/meetings",
        expect(403, anonymous=401, stranger=422, assistant=201, chair=201, admin=201),
        method="POST",
        extra={"token": "write", "json": _new_meeting},
        note="the stranger runs another group: this one is no choice of theirs (422)",
    ),
    Entry(
        "api.change_meeting",
        lambda w: f"/api/v1/meetings/{w.meeting.id}",
        _MANAGERS_WRITE,
        method="PATCH",
        extra={"token": "write", "json": {"title": "Přejmenované jednání"}, "if_match": True},
    ),
    Entry(
        "api.submit_minutes",
        _minutes_url("draft", "/submit"),
        expect(404, anonymous=401, assistant=200, chair=200, admin=200),
        method="POST",
        extra={"token": "write", "json": {}, "if_match": True},
        note="draft minutes are the managers' own: to the others they do not exist",
    ),
    Entry(
        "api.approve_minutes",
        _minutes_url("submitted", "/approve"),
        expect(403, anonymous=401, outsider=404, chair=200),
        method="POST",
        extra={"token": "write", "json": {}, "if_match": True},
        note="approving stays the chair's act, also for a site admin",
    ),
    Entry(
        "api.return_minutes",
        _minutes_url("submitted", "/return"),
        expect(403, anonymous=401, outsider=404, chair=200),
        method="POST",
        extra={"token": "write", "json": {"comment": "Doplňte bod 2."}, "if_match": True},
    ),
    Entry(
        "api.publish_minutes",
        _minutes_url("approved", "/publish"),
        expect(403, anonymous=401, outsider=404, assistant=202, chair=202, admin=202),
        method="POST",
        extra={"token": "write", "json": {}, "if_match": True},
    ),
    Entry(
        "api.action_item_done",
        lambda w: f"/api/v1/action-items/{w.action.id}/done",
        expect(403, anonymous=401, outsider=404, member=200, assistant=200, chair=200, admin=200),
        method="POST",
        extra={"token": "write", "json": {}},
        note="the member owns the task; observers only read",
    ),
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
