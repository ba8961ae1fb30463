"""A date poll from the task that asked for it: the demo assistant opens a poll with three
slots for the Liberec group, the chair and the assistant answer on the page, the member
through the link in his e-mail without signing in; the best slot wins and closing it
creates the draft meeting and marks the task done."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect
from sqlalchemy import select

from meetings.db import writer_transactions
from meetings.extensions import db
from meetings.minutes.enums import ActionStatus
from meetings.minutes.models import ActionItem
from meetings.models import WorkingGroup

from .conftest import sign_in, sign_out, use_language, wait_for_mail

SLUG = "pzlk-socialni-sluzby"
TASK = "Bude dohodnut termín jednání v červnu (hlasování o termínu)."


def _task_id(live_server) -> int:
    with live_server.app.app_context(), writer_transactions():
        group = db.session.scalars(select(WorkingGroup).where(WorkingGroup.slug == SLUG)).one()
        task = ActionItem(group=group, text=TASK)
        db.session.add(task)
        db.session.commit()
        return task.id


def _answer(page, answers: list[str]) -> None:
    for fieldset, label in zip(page.locator("fieldset.poll-choice").all(), answers, strict=True):
        fieldset.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Save my answer").click()
    expect(page.get_by_role("status").filter(has_text="Your answer is saved")).to_be_visible()


def test_poll_from_task_answered_ranked_and_closed_into_a_draft_meeting(page, live_server):
    task_id = _task_id(live_server)
    today = dt.date.today()
    days = [today + dt.timedelta(days=n) for n in (40, 41, 42)]

    sign_in(page, "assistant@demo.example")
    use_language(page, "en")
    page.goto(f"/groups/{SLUG}/polls/new?action={task_id}")
    expect(page.get_by_label("Title")).to_have_value(TASK)
    page.get_by_label("Title").fill("Termín červnového jednání")
    for number, day in enumerate(days, start=1):
        slot = page.locator(f"#slot-{number}")
        slot.get_by_label("Date").fill(day.isoformat())
        slot.get_by_label("Starts at").fill("10:00")
        slot.get_by_label("Ends at").fill("12:00")
    page.get_by_label("Answers by (date)").fill((today + dt.timedelta(days=30)).isoformat())
    page.get_by_label("Answers by (time)").fill("12:00")
    page.get_by_role("button", name="Open the poll and send the links").click()
    expect(page.get_by_role("status").filter(has_text="The poll is open")).to_be_visible()
    poll_url = page.url
    _answer(page, ["Yes", "If need be", "No"])
    sign_out(page)

    sign_in(page, "chair@demo.example")
    use_language(page, "en")
    page.goto(poll_url)
    _answer(page, ["If need be", "Yes", "No"])
    sign_out(page)

    # The member answers from his e-mail, without signing in.
    [message] = wait_for_mail(
        live_server.mail,
        lambda m: (
            m["To"].addresses[0].addr_spec == "member@demo.example"
            and "Termín červnového jednání" in str(m["Subject"])
        ),
        what="the member's poll link",
    )
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/polls/answer/\S+", text).group(0)
    page.goto(link)
    for fieldset, value in zip(
        page.locator("fieldset.poll-choice").all(), ["no", "yes", "yes"], strict=True
    ):
        fieldset.locator(f"input[value={value}]").check()
    page.locator("form.poll-answer button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()

    # The second slot has two yes and one if need be: it is the best.
    sign_in(page, "assistant@demo.example")
    page.goto(poll_url)
    best = page.locator("table.poll-results thead th.best")
    expect(best).to_have_count(1)
    ranks = page.locator("table.poll-results tfoot td.rank")
    expect(ranks).to_have_text(["2", "1", "3"])
    # Keyboard alone: the chosen slot's radio is focused and picked with the keys.
    page.locator("section[aria-labelledby=close-poll]").get_by_role("radio").first.focus()
    expect(
        page.locator("section[aria-labelledby=close-poll]").get_by_role("radio").first
    ).to_be_checked()
    page.get_by_role("button", name="Close and create the draft meeting").click()
    expect(page.get_by_role("status").filter(has_text="a draft meeting is created")).to_be_visible()

    with live_server.app.app_context():
        task = db.session.get(ActionItem, task_id)
        assert task.status == ActionStatus.DONE
        from meetings.polls.models import Poll

        poll = db.session.scalars(select(Poll).where(Poll.action_item_id == task_id)).one()
        chosen = next(o for o in poll.options if o.is_chosen)
        assert chosen.starts_at.date() == days[1]
        assert (poll.meeting.starts_at, poll.meeting.status.value) == (chosen.starts_at, "draft")


def test_poll_page_fits_a_narrow_screen(page, live_server):
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, "assistant@demo.example")
    use_language(page, "en")
    page.goto(f"/groups/{SLUG}/polls/new")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375


def _new_poll(live_server, title: str) -> tuple[int, list[int]]:
    """An open poll of the Liberec group with three slots weeks ahead: its id, its slots'."""
    from meetings.demo.loader import PRAGUE
    from meetings.models import User
    from meetings.polls.services import PollData, SlotData, create_poll
    from meetings.scheduling.services import to_utc

    today = dt.date.today()
    with live_server.app.app_context(), writer_transactions():
        group = db.session.scalars(select(WorkingGroup).where(WorkingGroup.slug == SLUG)).one()
        assistant = db.session.scalars(
            select(User).where(User.email == "assistant@demo.example")
        ).one()
        days = [today + dt.timedelta(days=n) for n in (50, 51, 52)]
        poll = create_poll(
            PollData(
                group=group,
                title=title,
                closes_at=to_utc(today + dt.timedelta(days=45), dt.time(12), PRAGUE),
                slots=[
                    SlotData(to_utc(day, dt.time(9), PRAGUE), to_utc(day, dt.time(11), PRAGUE))
                    for day in days
                ],
            ),
            actor=assistant,
        )
        db.session.commit()
        return poll.id, [o.id for o in poll.options]


def _focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_poll_answered_with_the_keyboard_alone(page, live_server):
    poll_id, option_ids = _new_poll(live_server, "Termín jednání (klávesnice)")
    sign_in(page, "member@demo.example")
    use_language(page, "en")
    page.goto(f"/polls/{poll_id}")

    # Tab from the top of the page to the first slot's answers.
    first = f"answer-{option_ids[0]}-yes"
    for _ in range(100):
        if _focused_id(page) == first:
            break
        page.keyboard.press("Tab")
    assert _focused_id(page) == first
    # First slot: yes (Space); second: if need be (one arrow down); third: no (two).
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert _focused_id(page) == f"answer-{option_ids[1]}-yes"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert _focused_id(page) == f"answer-{option_ids[2]}-yes"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    # The comment, then the button, submitted with Enter.
    page.keyboard.press("Tab")
    page.keyboard.type("Ráno mohu až od 9:30.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save my answer")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Your answer is saved")).to_be_visible()

    with live_server.app.app_context():
        from meetings.polls.models import PollParticipant

        member = next(
            p
            for p in db.session.scalars(
                select(PollParticipant).where(PollParticipant.poll_id == poll_id)
            )
            if p.user and p.user.email == "member@demo.example"
        )
        answers = {a.option_id: a.value.value for a in member.answers}
        assert [answers[i] for i in option_ids] == ["yes", "if_need_be", "no"]
        assert member.comment == "Ráno mohu až od 9:30."


def test_demo_poll_page_fits_a_phone_screen(page, live_server):
    from meetings.demo.liberec_poll import TITLE
    from meetings.polls.models import Poll

    with live_server.app.app_context():
        poll_id = db.session.scalars(select(Poll.id).where(Poll.title == TITLE)).one()
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, "assistant@demo.example")
    page.goto(f"/polls/{poll_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_another_slot_is_added_on_the_page(page, live_server):
    from meetings.polls.models import Poll

    today = dt.date.today()
    sign_in(page, "assistant@demo.example")
    use_language(page, "en")
    page.goto(f"/groups/{SLUG}/polls/new")
    page.get_by_label("Title").fill("Termín se čtyřmi možnostmi")
    expect(page.locator("fieldset.poll-slot")).to_have_count(3)
    page.get_by_role("button", name="Add another slot").click()
    expect(page.locator("fieldset.poll-slot")).to_have_count(4)
    fourth = page.locator("#slot-4")
    expect(fourth.get_by_label("Date")).to_be_focused()
    for number in range(1, 5):
        slot = page.locator(f"#slot-{number}")
        slot.get_by_label("Date").fill((today + dt.timedelta(days=60 + number)).isoformat())
        slot.get_by_label("Starts at").fill("14:00")
        slot.get_by_label("Ends at").fill("15:30")
    page.get_by_label("Answers by (date)").fill((today + dt.timedelta(days=55)).isoformat())
    page.get_by_label("Answers by (time)").fill("12:00")
    page.get_by_role("button", name="Open the poll and send the links").click()
    expect(page.get_by_role("status").filter(has_text="The poll is open")).to_be_visible()

    with live_server.app.app_context():
        poll = db.session.scalars(
            select(Poll).where(Poll.title == "Termín se čtyřmi možnostmi")
        ).one()
        assert len(poll.options) == 4
