"""Calendar feeds, their addresses, following groups by e-mail, and the outbox page.

A feed at a secret address answers whoever has the address (calendar programs have no
session), so its rows are the same for every role; the token is the permission.
"""

from __future__ import annotations

import datetime as dt

from meetings.extensions import db
from meetings.ical import services as feed_services
from meetings.invitations.models import GroupFollower
from meetings.mail.enums import DeliveryStatus
from meetings.mail.models import OutgoingMessage

from .framework import Entry, expect, managers, signed_in


def _cached(world, name, make):
    if not hasattr(world, name):
        setattr(world, name, make())
    return getattr(world, name)


def _person_token(w) -> str:
    return _cached(w, "_person_feed", lambda: feed_services.ensure_feed(w.people.member)).token


def _group_token(w) -> str:
    return _cached(w, "_group_feed", lambda: feed_services.ensure_feed(w.group)).token


def _revoked_token(w) -> str:
    def make():
        old = feed_services.ensure_feed(w.people.observer)
        feed_services.regenerate_feed(w.people.observer)
        return old

    return _cached(w, "_revoked_feed", make).token


def _follower(w) -> GroupFollower:
    def make():
        follower = GroupFollower(group=w.public_group, email="follower@example.net", name="F")
        db.session.add(follower)
        db.session.flush()
        return follower

    return _cached(w, "_follower", make)


def _follow_link(action: str):
    return lambda w: f"/follow/{_follower(w).id}/{_follower(w).nonce}/{action}"


def _failed_message(w) -> OutgoingMessage:
    def make():
        message = OutgoingMessage(
            recipient="nobody@example.net",
            subject="Pozvánka",
            kind="invitation",
            raw=b"Subject: x\r\n\r\nx",
            status=DeliveryStatus.FAILED,
            attempts=1,
            last_error="550 5.1.1 No such user",
            created_at=dt.datetime.now(dt.UTC),
        )
        db.session.add(message)
        db.session.flush()
        return message

    return _cached(w, "_failed_message", make)


#: Members-only group: visitors sign in, outsiders do not know it exists.
_MEMBERS_ONLY_POST = signed_in(302, outsider=404)

ENTRIES = [
    # --- feeds ---------------------------------------------------------------------------
    Entry(
        "ical.feed",
        lambda w: f"/calendar/feeds/{_person_token(w)}.ics",
        expect(200),
        note="a person's feed: the secret address is the permission",
    ),
    Entry(
        "ical.feed",
        lambda w: f"/calendar/feeds/{_group_token(w)}.ics",
        expect(200),
        note="a members-only group's feed at its secret address",
    ),
    Entry(
        "ical.feed",
        lambda w: f"/calendar/feeds/{_revoked_token(w)}.ics",
        expect(404),
        note="a regenerated (revoked) address",
    ),
    Entry("ical.feed", lambda w: "/calendar/feeds/not-a-token.ics", expect(404)),
    Entry("ical.group_feed", lambda w: f"/groups/{w.public_group.slug}/calendar.ics", expect(200)),
    Entry(
        "ical.group_feed",
        lambda w: f"/groups/{w.group.slug}/calendar.ics",
        expect(404),
        note="a members-only group has no public feed, not even for members",
    ),
    Entry("ical.public_feed", lambda w: "/events/calendar.ics", expect(200)),
    # --- feed addresses ------------------------------------------------------------------
    Entry("ical.make_person_address", lambda w: "/calendar/address", signed_in(302), "POST"),
    Entry(
        "ical.regenerate_person_address",
        lambda w: "/calendar/address/regenerate",
        signed_in(302),
        "POST",
    ),
    Entry(
        "ical.make_group_address",
        lambda w: f"/groups/{w.group.slug}/calendar/address",
        _MEMBERS_ONLY_POST,
        "POST",
        note="any member may make the members-only group's address",
    ),
    Entry(
        "ical.make_group_address",
        lambda w: f"/groups/{w.public_group.slug}/calendar/address",
        signed_in(403, admin=302),
        "POST",
        note="the public group has no members in the world; the admin acts as assistant",
    ),
    Entry(
        "ical.regenerate_group_address",
        lambda w: f"/groups/{w.group.slug}/calendar/address/regenerate",
        managers(302, outsider=404),
        "POST",
    ),
    # --- following by e-mail -------------------------------------------------------------
    Entry("ical.follow", lambda w: f"/groups/{w.public_group.slug}/follow", expect(200)),
    Entry(
        "ical.follow",
        lambda w: f"/groups/{w.group.slug}/follow",
        signed_in(200, outsider=404),
        note="members may follow their members-only group (with their own address)",
    ),
    Entry(
        "ical.follow",
        lambda w: f"/groups/{w.public_group.slug}/follow",
        expect(302),
        "POST",
        data=lambda w: {"email": "someone@example.net", "name": "Někdo"},
        note="anyone may ask to follow a public group (confirmed by mail)",
    ),
    Entry(
        "ical.follow",
        lambda w: f"/groups/{w.group.slug}/follow",
        signed_in(403, outsider=404),
        "POST",
        data=lambda w: {"email": "someone@example.net"},
        note="a members-only group is not followed with any address",
    ),
    Entry(
        "ical.follow_as_user",
        lambda w: f"/groups/{w.public_group.slug}/follow/me",
        signed_in(302),
        "POST",
    ),
    Entry(
        "ical.follow_as_user",
        lambda w: f"/groups/{w.group.slug}/follow/me",
        _MEMBERS_ONLY_POST,
        "POST",
    ),
    Entry(
        "ical.unfollow_as_user",
        lambda w: f"/groups/{w.public_group.slug}/unfollow/me",
        signed_in(302),
        "POST",
    ),
    Entry(
        "ical.unfollow_as_user",
        lambda w: f"/groups/{w.group.slug}/unfollow/me",
        _MEMBERS_ONLY_POST,
        "POST",
    ),
    Entry("ical.confirm_follow", _follow_link("confirm"), expect(200)),
    Entry("ical.confirm_follow", _follow_link("confirm"), expect(302), "POST"),
    Entry(
        "ical.confirm_follow",
        lambda w: f"/follow/{_follower(w).id}/wrong-nonce/confirm",
        expect(404),
    ),
    Entry("ical.unfollow", _follow_link("unfollow"), expect(200)),
    Entry("ical.unfollow", _follow_link("unfollow"), expect(302), "POST"),
    Entry(
        "ical.unfollow",
        lambda w: f"/follow/{_follower(w).id}/wrong-nonce/unfollow",
        expect(404),
        "POST",
    ),
    # --- the outbox ----------------------------------------------------------------------
    Entry("ical.outbox", lambda w: "/admin/mail", signed_in(403, admin=200)),
    Entry(
        "ical.retry_outgoing",
        lambda w: f"/admin/mail/{_failed_message(w).id}/retry",
        signed_in(403, admin=302),
        "POST",
    ),
]
