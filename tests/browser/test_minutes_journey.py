"""Issue acceptance (minutes): in the browser, the demo assistant writes the minutes of a
meeting of the Liberec group following seed 001 (six items, the task from item 6) and
submits them, with the demo member as verifier; the demo chair returns them with a
comment; the assistant corrects and resubmits; the member verifies them; the chair
approves; the minutes are published and mailed (received by the live server's SMTP
server).

The journey makes its own held meeting (the six items of the 10th meeting's agenda, no
minutes yet), so that it takes the same path whichever journeys ran before it.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from meetings.agenda.models import AgendaItem
from meetings.db import writer_transactions
from meetings.extensions import db
from meetings.models import Meeting, WorkingGroup
from meetings.scheduling.enums import MeetingStatus
from meetings.scheduling.numbering import next_meeting_number

from .conftest import sign_in, use_language, wait_for_mail

GROUP_SLUG = "pzlk-socialni-sluzby"
#: The agenda of the 10th meeting (seed 001), first-level items.
ITEMS = [
    "Příprava rozšířeného jednání pracovní skupiny sociální na téma „Sociální podnikání "
    "v Libereckém kraji“",
    "Stanovení odborného obsahu rozšířeného setkání skupiny",
    "Zajištění příkladů dobré praxe z jiných krajů a ze zahraničí",
    "Výběr účastníků rozšířeného setkání",
    "Zajištění prostor pro přípravné jednání",
    "Přípravné setkání se zástupci Libereckého kraje",
]
COURSE = [
    "Zástupce (ANNOLK) úvodem setkání představila historii jednání o sociálním podnikání. "
    "Pracovní skupina se shoduje na postupu obnovit jednání se zástupci Libereckého kraje.",
    "Pracovní skupina stanovila témata pro rozšířené jednání pracovní skupiny.",
    "V rámci příkladů dobré praxe přednese předsedkyně ANNOLK informace z konference v EU.",
    "Jako potenciální účastníci jednání jsou navrženi zástupci Libereckého kraje a města Liberce.",
    "Prostory pro jednání budou zajištěny na Krajském úřadě nebo v IQ parku Liberec.",
    "Bude dohodnut termín dubnového jednání.",
]
TASK = "Bude dohodnut termín dubnového jednání (prohlížečová zkouška)"
COMMENT = "Doplňte prosím k bodu 6 navrhovaný termín."
CORRECTED = "Bude dohodnut termín dubnového jednání; navržen je 18. 4. 2018."


def _held_meeting(app: Flask) -> int:
    """A held meeting of the Liberec group, numbered as scheduling numbers it, with the 10th
    meeting's six agenda items and no minutes; committed on the live server's database."""
    with app.app_context(), writer_transactions():
        group = db.session.scalars(
            select(WorkingGroup).where(WorkingGroup.slug == GROUP_SLUG)
        ).one()
        starts = dt.datetime(2018, 3, 20, 9, tzinfo=dt.UTC)  # 10:00 in Liberec
        meeting = Meeting(
            group=group,
            number=next_meeting_number(db.session, group),
            title=f"Setkání pro zkoušku zápisu {uuid.uuid4().hex[:8]}",
            status=MeetingStatus.HELD,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            timezone=group.timezone,
        )
        db.session.add(meeting)
        for position, title in enumerate(ITEMS):
            db.session.add(AgendaItem(meeting=meeting, position=position, title=title))
        db.session.commit()
        return meeting.id


def _person(browser, live_server, email: str):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, email)
    use_language(page, "en")
    return page


def _current_minutes_id(app: Flask, meeting_id: int) -> int:
    from meetings.minutes.services import current_minutes

    with app.app_context():
        return current_minutes(db.session.get(Meeting, meeting_id)).id


def _brings_the_pdf(meeting_id: int):
    """Whether a message is the publication of this meeting's minutes: the PDF attached and
    the link to it in the text."""
    link = f"/meetings/{meeting_id}/minutes.pdf"

    def check(message) -> bool:
        attached = [p.get_content_type() for p in message.iter_attachments()]
        text = message.get_body(preferencelist=("plain",))
        return "application/pdf" in attached and text is not None and link in text.get_content()

    return check


def test_minutes_written_returned_corrected_approved_and_published(browser, live_server):
    meeting_id = _held_meeting(live_server.app)
    url = f"/meetings/{meeting_id}/minutes"
    assistant = _person(browser, live_server, "assistant@demo.example")

    # Nothing is written yet: the assistant starts the minutes.
    assistant.goto(url)
    expect(assistant.get_by_text("No minutes have been written yet.")).to_be_visible()
    assistant.get_by_role("link", name="Write the minutes").click()
    assistant.wait_for_url(re.compile(r"/minutes/edit$"))

    # The six items of seed 001 and the task from item 6.
    for number, text in enumerate(COURSE, start=1):
        assistant.get_by_label(re.compile(rf"^Course of the meeting: {number}\. ")).fill(text)
    item6 = assistant.locator("section.minutes-item", has_text="6. Přípravné setkání")
    new_task = item6.locator("details.new-action")
    new_task.locator("summary").click()
    new_task.get_by_label("Task", exact=True).fill(TASK)
    new_task.get_by_label("Owner (member)").select_option(label="Eva Nováková")
    new_task.get_by_label("Due date").fill("2018-04-06")
    assistant.get_by_role("button", name="Save and view").click()
    assistant.wait_for_url(re.compile(r"/minutes$"))
    expect(assistant.get_by_text(TASK)).to_have_count(1)
    expect(assistant.get_by_text(COURSE[4])).to_have_count(1)
    expect(assistant.locator("[data-state=draft]").first).to_be_visible()
    expect(assistant.get_by_role("button", name="Approve")).to_have_count(0)
    # The group's minutes are verified: the assistant chooses the member who verifies them.
    assistant.get_by_label("Verified by").select_option(label="Petr Svoboda")
    assistant.locator("#signatories").get_by_role("button", name="Save").click()
    expect(assistant.locator("#verified-by")).to_contain_text("Petr Svoboda")
    expect(assistant.locator("#recorded-by")).to_contain_text("Eva Nováková")
    assistant.get_by_role("button", name="Submit for approval").click()
    expect(assistant.locator("[data-state=submitted]").first).to_be_visible()

    # The chair returns them with a comment.
    chair = _person(browser, live_server, "chair@demo.example")
    chair.goto(url)
    expect(chair.locator("[data-state=submitted]").first).to_be_visible()
    chair.get_by_text("Return for changes").first.click()
    chair.get_by_label("What should be changed").fill(COMMENT)
    chair.get_by_role("button", name="Return for changes").click()
    expect(chair.locator("[data-state=draft]").first).to_be_visible()

    # The assistant sees the comment, corrects and resubmits.
    assistant.goto(url)
    expect(assistant.locator("#return-comment")).to_contain_text(COMMENT)
    assistant.get_by_role("link", name="Edit the minutes").first.click()
    assistant.wait_for_url(re.compile(r"/minutes/edit"))
    assistant.get_by_label(re.compile(r"^Course of the meeting: 6\. ")).fill(CORRECTED)
    assistant.get_by_role("button", name="Save and view").click()
    assistant.wait_for_url(re.compile(r"/minutes$"))
    expect(assistant.get_by_text(CORRECTED)).to_have_count(1)
    assistant.get_by_role("button", name="Submit for approval").click()
    expect(assistant.locator("[data-state=submitted]").first).to_be_visible()

    # The chair waits for the verifier, who confirms the minutes; then she approves: name
    # and time recorded; then publishes.
    chair.goto(url)
    expect(chair.locator("#awaiting-verification")).to_contain_text("Petr Svoboda")
    expect(chair.get_by_role("button", name="Approve")).to_have_count(0)
    member = _person(browser, live_server, "member@demo.example")
    member.goto(url)
    member.get_by_role("button", name="Confirm the minutes as verified").click()
    expect(member.locator("#verified-by")).to_contain_text("verified on")
    chair.goto(url)
    chair.get_by_role("button", name="Approve").click()
    expect(chair.locator("[data-state=approved]").first).to_be_visible()
    expect(chair.locator("#approval")).to_contain_text("by Jana Dvořáková on")
    chair.get_by_role("button", name="Publish").click()
    expect(chair.locator("#publish-status")).to_be_visible()

    # The job queue's worker makes the PDF, signs, stores and mails it (run here, as the
    # huey consumer would); the live server's mail thread delivers the messages, other mail
    # (the approval notice) perhaps first: wait until the publication has arrived.
    from meetings.minutes import jobs

    minutes_id = _current_minutes_id(live_server.app, meeting_id)
    with live_server.app.app_context(), writer_transactions():
        assert jobs.publish_minutes(minutes_id) is True
    published = wait_for_mail(
        live_server.mail, _brings_the_pdf(meeting_id), what="the published minutes"
    )
    assert published != []
    chair.goto(url)
    expect(chair.locator("[data-state=published]").first).to_be_visible()
    expect(chair.get_by_text(CORRECTED)).to_have_count(1)

    # The history shows who saved when, and the changed sentence.
    chair.get_by_role("link", name="History of changes").click()
    chair.wait_for_url(re.compile(r"/minutes/history"))
    expect(chair.locator("table.revisions tbody tr").nth(1)).to_be_attached()  # two or more
    expect(chair.locator("#diff ins", has_text=CORRECTED)).to_have_count(1)


def test_text_typed_in_the_minutes_is_kept_by_the_browser_until_saved(browser, live_server):
    meeting_id = _held_meeting(live_server.app)
    editor = f"/meetings/{meeting_id}/minutes/edit"
    assistant = _person(browser, live_server, "assistant@demo.example")
    assistant.goto(editor)
    state = assistant.locator("#save-state")
    opening = assistant.get_by_label("Opening", exact=True)
    expect(state).to_have_text("All changes saved")

    opening.fill("Setkání zahájila předsedkyně v 10:05.")
    expect(state).to_have_text("Unsaved changes: kept in this browser until you save")
    assistant.wait_for_function(
        "key => (localStorage.getItem(key) || '').includes('10:05')",
        arg=f"meetings:minutes-draft:{meeting_id}",
    )

    # The tab is closed before saving (a lost connection would do the same).
    context = assistant.context
    assistant.close()
    again = context.new_page()
    again.goto(editor)
    offer = again.locator("#draft-offer")
    expect(offer).to_be_visible()
    offer.get_by_role("button", name="Put it back in the form").click()
    expect(again.get_by_label("Opening", exact=True)).to_have_value(
        "Setkání zahájila předsedkyně v 10:05."
    )
    again.get_by_role("button", name="Save", exact=True).click()

    expect(again.locator("#save-state")).to_have_text("All changes saved")
    expect(again.locator("#draft-offer")).to_be_hidden()
    expect(again.get_by_label("Opening", exact=True)).to_have_value(
        "Setkání zahájila předsedkyně v 10:05."
    )
    # Saved: the copy is gone, a later visit offers nothing.
    again.goto(editor)
    expect(again.locator("#draft-offer")).to_be_hidden()
    context.close()


def test_the_preview_shows_the_text_as_the_minutes_will(browser, live_server):
    meeting_id = _held_meeting(live_server.app)
    assistant = _person(browser, live_server, "assistant@demo.example")
    assistant.goto(f"/meetings/{meeting_id}/minutes/edit")
    opening = assistant.get_by_label("Opening", exact=True)
    toggle = assistant.locator("#opening ~ button.preview-toggle")

    toggle.click()
    opening.fill("Přítomní:\n\n- **Jana Dvořáková**, předsedkyně\n- Eva Nováková")

    preview = assistant.get_by_role("region", name="Preview: as the minutes will show it")
    expect(preview.get_by_role("listitem")).to_have_count(2)
    expect(preview.locator("strong")).to_have_text("Jana Dvořáková")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    toggle.click()
    expect(preview).to_be_hidden()
    assistant.context.close()
