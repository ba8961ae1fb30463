"""Issue acceptance (minutes): in the browser, the demo assistant writes the minutes of the
10th Liberec meeting following seed 001 (six items, the task from item 6) and submits them;
the demo chair returns them with a comment; the assistant corrects and resubmits; the chair
approves; the minutes are published and mailed (received by the live server's SMTP server).

The demo may already hold published minutes of the 10th meeting: then the journey starts a
correction (a new edition, the old one staying readable) and runs the same cycle on it.
"""

from __future__ import annotations

import re
import time

from flask import Flask

from meetings.db import writer_transactions

from .conftest import sign_in, use_language

GROUP = "Odborná pracovní skupina Sociální služby"
MEETING = "10. setkání Odborné pracovní skupiny Sociální služby"
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


def _person(browser, live_server, email: str):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, email)
    use_language(page, "en")
    return page


def _minutes_url(page) -> str:
    page.goto("/groups/pzlk-socialni-sluzby")
    page.get_by_role("link", name=MEETING).first.click()
    meeting_id = re.search(r"/meetings/(\d+)", page.url).group(1)
    return f"/meetings/{meeting_id}/minutes"


def _current_minutes_id(app: Flask, meeting_id: int) -> int:
    from meetings.extensions import db
    from meetings.minutes.services import current_minutes
    from meetings.scheduling.models import Meeting

    with app.app_context():
        return current_minutes(db.session.get(Meeting, meeting_id)).id


def test_minutes_written_returned_corrected_approved_and_published(browser, live_server):
    assistant = _person(browser, live_server, "assistant@demo.example")
    url = _minutes_url(assistant)
    meeting_id = int(url.split("/")[2])

    # Start: write new minutes, continue a draft, or correct approved ones.
    assistant.goto(url)
    if assistant.get_by_text("Correct the approved minutes").count():
        assistant.get_by_text("Correct the approved minutes").click()
        assistant.get_by_label("Reason for the correction").fill(
            "Doplnění úkolu z bodu 6 (zkouška v prohlížeči)."
        )
        assistant.get_by_role("button", name="Start a correction").click()
    else:
        assistant.goto(f"{url}/edit")
    assistant.wait_for_url(re.compile(r"/minutes/edit"))

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
    assert assistant.get_by_text(TASK).count() == 1
    assert assistant.get_by_text(COURSE[4]).count() == 1
    assert assistant.get_by_role("button", name="Approve").count() == 0
    assistant.get_by_role("button", name="Submit for approval").click()
    assert assistant.locator("[data-state=submitted]").first.is_visible()

    # The chair returns them with a comment.
    chair = _person(browser, live_server, "chair@demo.example")
    chair.goto(url)
    chair.get_by_text("Return for changes").first.click()
    chair.get_by_label("What should be changed").fill(COMMENT)
    chair.get_by_role("button", name="Return for changes").click()
    assert chair.locator("[data-state=draft]").first.is_visible()

    # The assistant sees the comment, corrects and resubmits.
    assistant.goto(url)
    assert assistant.locator("#return-comment").inner_text().count(COMMENT) == 1
    assistant.get_by_role("link", name="Edit the minutes").first.click()
    assistant.get_by_label(re.compile(r"^Course of the meeting: 6\. ")).fill(CORRECTED)
    assistant.get_by_role("button", name="Save and view").click()
    assert assistant.get_by_text(CORRECTED).count() == 1
    assistant.get_by_role("button", name="Submit for approval").click()
    assert assistant.locator("[data-state=submitted]").first.is_visible()

    # The chair approves: name and time recorded; then publishes.
    chair.goto(url)
    chair.get_by_role("button", name="Approve").click()
    assert chair.locator("[data-state=approved]").first.is_visible()
    assert "by Jana Dvořáková on" in chair.locator("#approval").inner_text()
    before = len(live_server.mail.messages)
    chair.get_by_role("button", name="Publish").click()
    assert chair.locator("#publish-status").is_visible()

    # The job queue's worker makes the PDF, signs, stores and mails it (run here, as the
    # huey consumer would; the live server's mail thread delivers the messages).
    from meetings.minutes import publishing

    def with_pdf(messages):
        return [
            m
            for m in messages
            if any(part.get_content_type() == "application/pdf" for part in m.iter_attachments())
        ]

    minutes_id = _current_minutes_id(live_server.app, meeting_id)
    with live_server.app.app_context(), writer_transactions():
        assert publishing.publish_minutes(minutes_id) is True
    # The worker thread delivers; other mail (the approval notice) may come first.
    deadline = time.monotonic() + 20
    while not with_pdf(live_server.mail.messages[before:]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert with_pdf(live_server.mail.messages[before:]), "no e-mail brought the minutes"
    chair.goto(url)
    assert chair.locator("[data-state=published]").first.is_visible()
    assert chair.get_by_text(CORRECTED).count() == 1

    # The history shows who saved when, and the changed sentence.
    chair.get_by_role("link", name="History of changes").click()
    assert chair.locator("table.revisions tbody tr").count() >= 2
    assert chair.locator("#diff ins", has_text=CORRECTED).count() == 1
