"""The webhooks' pages: who may see and change them, and what a bad address is told."""

from __future__ import annotations

import pytest

from meetings.extensions import db
from meetings.webhooks.models import Webhook
from meetings.webhooks.services import webhooks_of

from ..conftest import translated


def test_an_assistant_registers_a_webhook_and_sees_its_secret(people, login_as):
    client = login_as(people.assistant)

    response = client.post(
        f"/groups/{people.group.slug}/webhooks",
        data={
            "url": " https://intranet.example.org/hooks/meetings ",
            "events": ["meeting.scheduled", "minutes.published"],
        },
    )

    (webhook,) = webhooks_of(people.group)
    assert response.location == f"/webhooks/{webhook.id}"
    assert (webhook.url, webhook.events, webhook.active, webhook.created_by) == (
        "https://intranet.example.org/hooks/meetings",
        "meeting.scheduled minutes.published",
        True,
        people.assistant,
    )
    assert webhook.secret.startswith("whsec_")
    assert len(webhook.secret) > 40
    page = client.get(response.location).get_data(as_text=True)
    assert webhook.secret in page


def test_the_group_page_and_the_admin_page_link_to_the_webhooks(people, login_as):
    link = f"/groups/{people.group.slug}/webhooks"

    assistant = login_as(people.assistant).get(f"/groups/{people.group.slug}").get_data(True)
    member = login_as(people.member).get(f"/groups/{people.group.slug}").get_data(True)
    admin = login_as(people.admin).get("/admin").get_data(True)

    assert (link in assistant, link in member, "/admin/webhooks" in admin) == (True, False, True)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "ftp://intranet.example.org/hooks",
            "Enter a web address starting with https://, for example https://intranet.example.org/hooks/meetings.",
        ),
        (
            "intranet.example.org",
            "Enter a web address starting with https://, for example https://intranet.example.org/hooks/meetings.",
        ),
        (
            "https://",
            "Enter a web address starting with https://, for example https://intranet.example.org/hooks/meetings.",
        ),
        (
            "https://intranet.example.org:port/",
            "Enter a web address starting with https://, for example https://intranet.example.org/hooks/meetings.",
        ),
        (
            "http://intranet.example.org/hooks",
            "Use an https:// address: events are sent unencrypted over http:// only to this "
            "computer (localhost).",
        ),
        (
            "https://user:heslo@intranet.example.org/",
            "The address must not contain a user name or password.",
        ),
        ("", "Enter the address that is to receive the events."),
    ],
)
def test_a_bad_address_is_refused_with_a_message_in_the_persons_language(
    people, login_as, url, message
):
    people.assistant.locale = "cs"
    db.session.flush()

    response = login_as(people.assistant).post(
        f"/groups/{people.group.slug}/webhooks",
        data={"url": url, "events": ["meeting.scheduled"]},
    )

    assert response.status_code == 200
    assert translated("cs", message) != message
    assert translated("cs", message) in response.get_data(as_text=True)
    assert webhooks_of(people.group) == []


def test_no_event_chosen_is_refused(people, login_as):
    response = login_as(people.assistant).post(
        f"/groups/{people.group.slug}/webhooks",
        data={"url": "https://intranet.example.org/hooks"},
    )

    assert "Choose at least one event." in response.get_data(as_text=True)
    assert webhooks_of(people.group) == []


def test_http_to_another_host_is_allowed_where_configured(app, people, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOKS_ALLOW_HTTP", True)

    login_as(people.assistant).post(
        f"/groups/{people.group.slug}/webhooks",
        data={"url": "http://intranet.example.org/hooks", "events": ["meeting.scheduled"]},
    )

    assert [w.url for w in webhooks_of(people.group)] == ["http://intranet.example.org/hooks"]


@pytest.fixture
def webhook(people, group_webhook):
    return group_webhook("meeting.scheduled", url="https://registry.example.org/hooks")


def test_a_member_of_another_group_neither_sees_nor_changes_a_groups_webhooks(
    people, login_as, webhook
):
    client = login_as(people.outsider)

    answers = [
        client.get(f"/groups/{people.group.slug}/webhooks").status_code,
        client.get(f"/webhooks/{webhook.id}").status_code,
        client.post(
            f"/webhooks/{webhook.id}",
            data={"url": "https://evil.example.org/", "events": ["meeting.scheduled"]},
        ).status_code,
        client.post(f"/webhooks/{webhook.id}/secret").status_code,
        client.post(f"/webhooks/{webhook.id}/delete").status_code,
    ]

    assert answers == [404, 404, 404, 404, 404]
    db.session.refresh(webhook)
    assert webhook.url == "https://registry.example.org/hooks"


def test_the_assistant_of_another_group_does_not_see_them_in_his_own_list(
    people, login_as, webhook
):
    from meetings.groups.enums import Role

    from .. import factories

    stranger = factories.make_user("stranger@example.org", "Sára Cizí")
    factories.add_member(stranger, people.other_group, Role.ASSISTANT)

    page = login_as(stranger).get(f"/groups/{people.other_group.slug}/webhooks")

    assert page.status_code == 200
    assert "registry.example.org" not in page.get_data(as_text=True)
    assert login_as(stranger).get(f"/webhooks/{webhook.id}").status_code == 404


def test_a_member_of_the_group_is_refused(people, login_as, webhook):
    client = login_as(people.member)

    assert [
        client.get(f"/groups/{people.group.slug}/webhooks").status_code,
        client.get(f"/webhooks/{webhook.id}").status_code,
    ] == [403, 403]


def test_the_installation_wide_webhooks_are_the_site_admins(people, login_as, group_webhook):
    group_webhook(
        "meeting.scheduled", site=True, actor=people.admin, url="https://all.example.org/"
    )
    group_webhook("meeting.scheduled", url="https://group.example.org/")

    page = login_as(people.admin).get("/admin/webhooks").get_data(as_text=True)

    assert ("https://all.example.org/" in page, "https://group.example.org/" in page) == (
        True,
        False,
    )
    (site_hook,) = webhooks_of(None)
    assert login_as(people.chair).get(f"/webhooks/{site_hook.id}").status_code == 404


def test_a_manager_deactivates_and_deletes_a_webhook(people, login_as, webhook):
    client = login_as(people.chair)

    client.post(
        f"/webhooks/{webhook.id}",
        data={"url": "https://intranet.example.org/v2", "events": ["meeting.cancelled"]},
    )
    db.session.refresh(webhook)
    changed = (webhook.url, webhook.events, webhook.active)
    response = client.post(f"/webhooks/{webhook.id}/delete")

    assert changed == ("https://intranet.example.org/v2", "meeting.cancelled", False)
    assert response.location == f"/groups/{people.group.slug}/webhooks"
    assert db.session.get(Webhook, webhook.id) is None


def test_the_buttons_of_the_webhook_page_carry_their_csrf_token(
    app, people, login_as, webhook, monkeypatch
):
    import re

    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    client = login_as(people.assistant)
    page = client.get(f"/webhooks/{webhook.id}").get_data(as_text=True)
    forms = re.findall(r'<form method="post"(?: action="([^"]*)")?.*?</form>', page, re.S)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    answers = {
        action: client.post(action, data={"csrf_token": token}).status_code
        for action in forms
        if action.startswith("/webhooks/") and not action.endswith("/delete")
    }

    assert answers == {
        f"/webhooks/{webhook.id}/test": 302,
        f"/webhooks/{webhook.id}/secret": 302,
    }
