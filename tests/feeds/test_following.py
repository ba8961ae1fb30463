"""Following a group by e-mail: request → confirmation mail → confirm link → confirmed;
the unfollow link; members following in one click; whom a new meeting goes to."""

from __future__ import annotations

import re

from sqlalchemy import select

from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.invitations import following
from meetings.invitations.models import GroupFollower
from meetings.scheduling.enums import MeetingStatus

from .. import factories


def _path(text: str, action: str) -> str:
    return re.search(rf"http://meetings\.test(/follow/\d+/[^/\s]+/{action})", text)[1]


def _followers() -> list[GroupFollower]:
    return list(db.session.scalars(select(GroupFollower).order_by(GroupFollower.id)))


def _public_group():
    return factories.make_group(
        "Szociális gondoskodás", slug="szocialis", is_public=True, language="hu"
    )


def test_follow_flow_confirms_the_address_through_the_mailed_link(people, client, smtp_server):
    group = _public_group()

    response = client.post(
        "/groups/szocialis/follow", data={"email": " Anna@Example.org ", "name": "Anna Kovács"}
    )
    [message] = smtp_server.wait_for(1)
    [follower] = _followers()
    text = message.get_body(("plain",)).get_content()
    confirm = _path(text, "confirm")

    assert response.status_code == 302
    assert (follower.email, follower.name, follower.confirmed_at) == (
        "anna@example.org",
        "Anna Kovács",
        None,
    )
    assert message["To"] == "Anna Kovács <anna@example.org>"
    assert message["Subject"] == "Confirm: new meetings of Szociális gondoskodás by e-mail"
    assert message["List-Unsubscribe"].strip() == (
        f"<http://meetings.test/follow/{follower.id}/{follower.nonce}/unfollow>"
    )
    assert confirm == f"/follow/{follower.id}/{follower.nonce}/confirm"
    assert following.followers_to_invite(factories.make_meeting(group)) == []

    page = client.get(confirm)
    confirmed = client.post(confirm)

    assert "Yes, follow the group" in page.get_data(as_text=True)
    assert confirmed.status_code == 302
    assert follower.confirmed_at is not None
    assert following.followers_to_invite(factories.make_meeting(group)) == [follower]


def test_follow_confirm_page_alone_confirms_nothing(people, client, smtp_server):
    _public_group()
    client.post("/groups/szocialis/follow", data={"email": "anna@example.org"})
    [message] = smtp_server.wait_for(1)

    client.get(_path(message.get_body(("plain",)).get_content(), "confirm"))

    assert _followers()[0].confirmed_at is None


def test_follow_request_for_a_confirmed_address_sends_nothing_new(people, client, smtp_server):
    group = _public_group()
    follower = following.follow_as_user(group, people.outsider)
    db.session.commit()

    response = client.post("/groups/szocialis/follow", data={"email": people.outsider.email})

    assert response.status_code == 302
    assert smtp_server.wait_for(1, timeout=0.3) == []
    assert _followers() == [follower]


def test_follow_form_refuses_an_invalid_address(people, client):
    _public_group()

    response = client.post("/groups/szocialis/follow", data={"email": "not an address"})

    assert response.status_code == 200
    assert "Enter an e-mail address like name@example.org." in response.get_data(as_text=True)
    assert _followers() == []


def test_unfollow_link_works_and_then_is_gone(people, client, smtp_server):
    _public_group()
    client.post("/groups/szocialis/follow", data={"email": "anna@example.org"})
    [message] = smtp_server.wait_for(1)
    unfollow = _path(message.get_body(("plain",)).get_content(), "unfollow")

    page = client.get(unfollow)
    done = client.post(unfollow)

    assert "Stop sending the new meetings of Szociális gondoskodás to anna@example.org?" in (
        page.get_data(as_text=True)
    )
    assert done.status_code == 302
    assert _followers() == []
    assert client.get(unfollow).status_code == 404


def test_unfollow_link_is_revoked_by_renewing_the_links(people, client):
    group = _public_group()
    follower = following.follow_as_user(group, people.outsider)
    old = f"/follow/{follower.id}/{follower.nonce}/unfollow"

    following.renew_links(follower)

    assert client.get(old).status_code == 404
    assert client.post(old).status_code == 404
    assert client.get(f"/follow/{follower.id}/{follower.nonce}/unfollow").status_code == 200
    assert _followers() == [follower]


def test_unfollow_one_click_post_from_a_mail_program_needs_no_form(people, app, client):
    group = _public_group()
    follower = following.follow_as_user(group, people.outsider)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(
            f"/follow/{follower.id}/{follower.nonce}/unfollow",
            data={"List-Unsubscribe": "One-Click"},
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False

    assert response.status_code == 302
    assert _followers() == []


def test_member_follows_own_group_in_one_click_without_confirmation(people, login_as, smtp_server):
    client = login_as(people.member)

    response = client.post(f"/groups/{people.group.slug}/follow/me")
    [follower] = _followers()
    page = client.get(f"/groups/{people.group.slug}").get_data(as_text=True)

    assert response.status_code == 302
    assert (follower.email, follower.user_id) == ("member@example.org", people.member.id)
    assert follower.confirmed_at is not None
    assert smtp_server.wait_for(1, timeout=0.3) == []
    assert "You follow this group: new meetings come to member@example.org." in page


def test_member_unfollows_own_group_from_the_group_page(people, login_as):
    client = login_as(people.member)
    client.post(f"/groups/{people.group.slug}/follow/me")

    client.post(f"/groups/{people.group.slug}/unfollow/me")

    assert _followers() == []


def test_followers_to_invite_skips_members_and_counts_each_address_once(people):
    public = _public_group()
    second = factories.make_group("Open 2", slug="open-2", is_public=True)
    factories.add_member(people.observer, public, Role.MEMBER)
    guest = following.follow_group(public, "guest@example.net")
    following.confirm_following(guest)
    twice = following.follow_group(second, "guest@example.net")
    following.confirm_following(twice)
    pending = following.follow_group(public, "pending@example.net")
    member = following.follow_as_user(public, people.observer)
    # A follower by address who is a member under that address is invited as a member.
    by_address = following.follow_group(public, people.chair.email)
    following.confirm_following(by_address)
    factories.add_member(people.chair, second, Role.MEMBER)
    meeting = factories.make_meeting(public, extra_groups=[second])

    invited = following.followers_to_invite(meeting)

    assert invited == [guest]
    assert pending not in invited and member not in invited


def test_followers_to_invite_of_a_members_only_group_is_empty(people):
    follower = following.follow_as_user(people.group, people.member)
    meeting = factories.make_meeting(people.group)
    draft = factories.make_meeting(_public_group(), status=MeetingStatus.DRAFT)

    assert following.followers_to_invite(meeting) == []
    assert following.followers_to_invite(draft) == []
    assert follower.confirmed_at is not None


def test_follow_page_of_a_members_only_group_is_private(people, login_as):
    assert login_as(people.outsider).get(f"/groups/{people.group.slug}/follow").status_code == 404
    response = login_as(None).get(f"/groups/{people.group.slug}/follow")
    assert (response.status_code, response.location.split("?")[0]) == (302, "/auth/sign-in")
