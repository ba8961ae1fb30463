"""Each demo account's day starts on its dashboard: the chair approves the 11th meeting's
minutes from there, the member answers an invitation from there."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import sign_in, use_language

ELEVENTH = "11. setkání pracovní skupiny Sociální služby"


def test_the_chair_approves_the_eleventh_minutes_from_her_dashboard(page):
    sign_in(page, "chair@demo.example")
    use_language(page, "en")
    page.goto("/dashboard")
    approvals = page.locator("#approvals")
    waiting = approvals.get_by_role("listitem").filter(has_text=ELEVENTH)
    expect(waiting).to_have_count(1)
    waiting.get_by_role("button", name="Approve").click()

    expect(page.get_by_role("status").filter(has_text="The minutes are approved.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/dashboard#approvals$"))
    expect(
        page.locator("#approvals").get_by_role("listitem").filter(has_text=ELEVENTH)
    ).to_have_count(0)


def test_the_member_answers_an_invitation_from_his_dashboard(page):
    sign_in(page, "member@demo.example")
    use_language(page, "en")
    page.goto("/dashboard")
    answers = page.locator("#answers")
    first = answers.get_by_role("listitem").first
    title = first.get_by_role("link").first.inner_text()
    first.get_by_role("button", name="Accept").click()

    expect(page.get_by_role("status").filter(has_text="has been recorded")).to_be_visible()
    expect(page.locator("#answers").get_by_role("link", name=title, exact=True)).to_have_count(0)
    # Overdue work is there too, marked.
    tasks = page.locator("#tasks")
    expect(tasks.get_by_role("listitem").first).to_contain_text("Overdue")
