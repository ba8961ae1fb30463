"""The unsubscribe link (no sign-in, one-click POST, a tampered link refused), the choices
on the account page, reminder times with bad input, the admin page."""

from __future__ import annotations

from email.message import EmailMessage

import time_machine

from meetings.reminders.choices import choices_of, unsubscribe_url
from meetings.reminders.jobs import send_reminders

from .conftest import at, delivered


def _link(message: EmailMessage) -> str:
    return message["List-Unsubscribe"].strip("<>").removeprefix("http://meetings.test")


def _wanted(email: str) -> dict[str, bool]:
    return {c.kind: c.wanted for c in choices_of(email)}


def test_the_link_shows_a_page_and_the_button_unsubscribes(client, setting, smtp_server):
    with time_machine.travel(at(2030, 10, 20, 10, 1), tick=False):
        send_reminders()
    [message] = [m for m in delivered(smtp_server, 2) if "guest" in str(m["To"])]
    page = client.get(_link(message))
    assert page.status_code == 200
    assert "guest@partner.example" in page.text
    assert _wanted("guest@partner.example")["meeting"] is True  # a GET changes nothing

    done = client.post(_link(message))
    assert done.status_code == 200
    assert "no longer receives" in done.text
    wanted = _wanted("guest@partner.example")
    assert (wanted["meeting"], wanted["unanswered"]) == (False, True)


def test_one_click_post_without_a_form_or_sign_in(client, setting, app):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        url = unsubscribe_url(setting.member.email, "unanswered")
        response = client.post(
            url.removeprefix("http://meetings.test"), data={"List-Unsubscribe": "One-Click"}
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 200
    assert _wanted(setting.member.email)["unanswered"] is False


def test_a_tampered_link_is_refused_with_a_clear_page(client, setting):
    url = unsubscribe_url(setting.member.email, "meeting").removeprefix("http://meetings.test")
    tampered = url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")
    for response in (client.get(tampered), client.post(tampered)):
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.text
    assert _wanted(setting.member.email)["meeting"] is True


def test_the_refusal_page_is_in_the_visitors_language(client, setting):
    response = client.get("/mail/unsubscribe/nonsense", headers={"Accept-Language": "hu"})
    assert response.status_code == 400
    assert "Ez a leiratkozási link érvénytelen" in response.text


def test_choices_on_the_account_page(login_as, setting):
    browser = login_as(setting.member)
    page = browser.get("/auth/account")
    assert "Emlékeztetők az ülések előtt, amelyeken részt veszek" in page.text
    assert "Týdenní přehled" not in page.text  # the member reads Hungarian
    response = browser.post("/account/reminders", data={"wanted": ["unanswered", "digest"]})
    assert response.status_code == 302
    assert _wanted(setting.member.email) == {
        "meeting": False,
        "unanswered": True,
        "poll": False,
        "vote": False,
        "task": False,
        "task_overdue": False,
        "minutes_approval": False,
        "digest": True,
    }


def test_reminder_times_of_a_meeting(login_as, setting):
    browser = login_as(setting.assistant)
    url = f"/meetings/{setting.meeting.id}/reminders"
    assert browser.get(url).status_code == 200
    bad = browser.post(url, data={"offsets": "tomorrow"})
    assert bad.status_code == 200
    assert "Az időpontokat napokban, órákban vagy percekben adja meg" in bad.text
    good = browser.post(url, data={"offsets": "1d 30m"})
    assert good.status_code == 302
    assert "1d 30m" in browser.get(url).text


def test_reminder_times_refused_to_a_member(login_as, setting):
    browser = login_as(setting.member)
    assert browser.get(f"/meetings/{setting.meeting.id}/reminders").status_code == 403


def test_admin_page_lists_planned_and_sent(login_as, setting, smtp_server):
    from tests import factories

    admin = factories.make_user("admin@vas.example", "Admin", is_admin=True, locale="en")
    with time_machine.travel(at(2030, 10, 20, 10, 1), tick=False):
        send_reminders()
        page = login_as(admin).get("/admin/reminders")
    assert page.status_code == 200
    assert "peter@vas.example" in page.text
    assert "Sent" in page.text and "Planned" in page.text


def test_the_reminder_pages_are_linked_for_those_who_may_use_them(login_as, setting):
    from tests import factories

    admin_user = factories.make_user("admin@vas.example", "Admin", is_admin=True, locale="en")
    meeting_link = f'href="/meetings/{setting.meeting.id}/reminders"'
    group_link = f'href="/groups/{setting.group.slug}/reminders"'
    assistant = login_as(setting.assistant)
    assert meeting_link in assistant.get(f"/meetings/{setting.meeting.id}").text
    member = login_as(setting.member)
    assert meeting_link not in member.get(f"/meetings/{setting.meeting.id}").text
    assert group_link not in member.get(f"/groups/{setting.group.slug}").text
    admin = login_as(admin_user)
    assert group_link in admin.get(f"/groups/{setting.group.slug}").text  # may edit the group
    assert 'href="/admin/reminders"' in admin.get("/admin").text
