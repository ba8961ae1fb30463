"""Issue 3 acceptance: the demo assistant invites a new member, who activates the account
from the e-mail and finds the Liberec group."""

from __future__ import annotations

import re

from flask_babel import gettext
from playwright.sync_api import expect

from meetings.i18n import force_locale

from .conftest import sign_in, sign_out, use_language

NEW_MEMBER = "new.member@example.org"
GROUP = "Odborná pracovní skupina Sociální služby"


def _text_part(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_invited_person_activates_account_and_sees_liberec_group(browser, live_server, page):
    sign_in(page, "assistant@demo.example")
    use_language(page, "en")
    page.get_by_role("link", name="Groups", exact=True).click()
    page.get_by_role("link", name=GROUP).first.click()
    page.get_by_role("link", name="Manage members").click()

    invite = page.locator("form", has=page.get_by_role("button", name="Send the invitation"))
    invite.get_by_label("Name").fill("Nová Členka")
    invite.get_by_label("E-mail address").fill(NEW_MEMBER)
    invite.get_by_label("Language of the invitation").select_option("cs")
    invite.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Nová Členka").first).to_be_visible()

    message = live_server.mail.wait_for_recipient(NEW_MEMBER)
    with live_server.app.app_context(), force_locale("cs"):
        expected = gettext("Activate your account at %(site)s", site=gettext("Working groups"))
    assert expected.startswith("Aktivace")  # the catalog has it
    assert message["Subject"] == expected  # in the language chosen for the invitation
    link = re.search(r"http://127\.0\.0\.1:\d+/auth/activate/\S+", _text_part(message)).group(0)

    # The new member opens the link in their own browser.
    context = browser.new_context(base_url=live_server.url, locale="cs-CZ")
    newcomer = context.new_page()
    newcomer.goto(link)
    passwords = newcomer.locator("input[type=password]")
    passwords.nth(0).fill("a long new password")
    passwords.nth(1).fill("a long new password")
    newcomer.locator("main form button[type=submit]").click()
    expect(newcomer.locator("h1")).to_have_text(GROUP)

    # Later they sign in with the password they chose and find their group.
    sign_out(newcomer)
    sign_in(newcomer, NEW_MEMBER, "a long new password")
    expect(newcomer.get_by_role("link", name=GROUP).first).to_be_visible()
    context.close()
