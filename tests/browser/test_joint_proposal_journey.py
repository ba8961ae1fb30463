"""Joint meetings asked of other groups, in the browser (issue 16): the Liberec assistant
creates a joint meeting of the pact and chooses its two other groups, which are asked, not
added. Until their assistants accept (on their dashboards) the meeting is in neither
group's page nor calendar feed; once accepted it is, and their members get the invitation
(the live server's SMTP server). Declining is in tests/scheduling/test_joint_proposals.py.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar
from playwright.sync_api import expect
from sqlalchemy import select

from meetings.db import writer_transactions
from meetings.extensions import db
from meetings.ical import services as feed_services
from meetings.models import Meeting, WorkingGroup

from .conftest import sign_in, use_language, wait_for_mail

TITLE = "Společné setkání PZLK: souhlas skupin z prohlížeče"
#: The pact's other groups: slug, name, its assistant and a member (pzlk_assistants demo).
ASKED = [
    (
        "pzlk-zamestnanost",
        "Pracovní skupina Zaměstnanost",
        "zamestnanost@demo.example",
        "clen.zamestnanost@demo.example",
    ),
    (
        "pzlk-vzdelavani",
        "Pracovní skupina Vzdělávání",
        "vzdelavani@demo.example",
        "clen.vzdelavani@demo.example",
    ),
]


def _person(browser, live_server, email: str):
    """A browser of one's own, signed in, in English."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, email)
    use_language(page, "en")
    page.wait_for_load_state()
    return context, page


def _feed_path(app, slug: str) -> str:
    """The group's calendar feed, as its members subscribe to it."""
    with app.app_context(), writer_transactions():
        group = db.session.scalars(select(WorkingGroup).where(WorkingGroup.slug == slug)).one()
        path = f"/calendar/feeds/{feed_services.ensure_feed(group).token}.ics"
        db.session.commit()
        return path


def _meeting_uid(app) -> str:
    with app.app_context():
        return db.session.scalars(select(Meeting.uid).where(Meeting.title == TITLE)).one()


def _seen_by_member(page, slug: str, feed: str, uid: str) -> tuple[bool, bool]:
    """(on the group's page, in the group's feed) as a member of the group."""
    page.goto(f"/groups/{slug}")
    on_page = TITLE in page.locator("main").inner_text()
    response = page.request.get(feed)
    assert response.status == 200
    events = Calendar.from_ical(response.body()).walk("VEVENT")
    return on_page, uid in {str(e["UID"]) for e in events}


def _invitations_to(mail, email: str, uid: str):
    def matching(message) -> bool:
        if email not in [a.addr_spec for a in message["To"].addresses]:
            return False
        parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        return any(
            str(e["UID"]) == uid
            for p in parts
            for e in Calendar.from_ical(p.get_payload(decode=True)).walk("VEVENT")
        )

    return wait_for_mail(mail, matching, what=f"the invitation to {email}")


def test_pact_groups_asked_to_a_joint_meeting_accept_it_from_their_dashboards(browser, live_server):
    app = live_server.app
    day = dt.date.today() + dt.timedelta(days=75)

    # The Liberec assistant creates the joint meeting, asking the pact's two other groups.
    host, page = _person(browser, live_server, "assistant@demo.example")
    page.goto("/groups/pzlk-socialni-sluzby")
    page.get_by_role("link", name="New meeting").click()
    page.get_by_label("Kind of meeting").select_option(label="Joint meeting")
    for _slug, name, _assistant, _member in ASKED:
        page.get_by_label(name).check()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Date", exact=True).fill(day.isoformat())
    page.get_by_label("Starts at").fill("09:30")
    page.get_by_label("Ends at").fill("12:00")
    page.get_by_role("button", name="Save as draft").click()
    page.get_by_role("button", name="Schedule").click()
    expect(page.locator(".badge", has_text="Scheduled")).to_have_count(1)
    # The host sees both groups asked, neither answered.
    states = page.locator(".joint-proposal-states li")
    expect(states).to_have_count(2)
    for slug, *_ in ASKED:
        expect(page.locator(f".joint-proposal-states li[data-group='{slug}']")).to_contain_text(
            "Asked, no answer yet"
        )
    host.close()
    uid = _meeting_uid(app)
    feeds = {slug: _feed_path(app, slug) for slug, *_ in ASKED}

    # Asked, not added: the members of the other groups do not see it yet.
    members = {}
    for slug, _name, _assistant, member in ASKED:
        members[slug] = _person(browser, live_server, member)
        assert _seen_by_member(members[slug][1], slug, feeds[slug], uid) == (False, False)

    # Each asked group's assistant finds it on the dashboard and accepts it.
    for _slug, name, assistant, _member in ASKED:
        context, page = _person(browser, live_server, assistant)
        page.goto("/dashboard")
        proposals = page.locator("#joint-proposals")
        expect(proposals.get_by_role("heading")).to_have_text("Proposed joint meetings")
        item = proposals.locator("li", has_text=TITLE)
        expect(item).to_contain_text(f"for {name}")
        item.get_by_role("button", name="Accept").click()
        expect(page.locator("main")).to_contain_text(
            "Your group takes part in the joint meeting: it is now in the group's calendar."
        )
        page.goto("/dashboard")
        expect(page.locator("#joint-proposals li", has_text=TITLE)).to_have_count(0)
        context.close()

    # Now it is in both groups' pages and feeds, and their members are invited.
    for slug, _name, _assistant, member in ASKED:
        context, page = members[slug]
        assert _seen_by_member(page, slug, feeds[slug], uid) == (True, True)
        context.close()
        assert _invitations_to(live_server.mail, member, uid)
