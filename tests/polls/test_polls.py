"""Date polls: a poll is created for a group, answered (signed in and by the e-mail link),
ranked, reminded once, closed into a draft meeting, exported as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from sqlalchemy import select

from meetings.extensions import db
from meetings.minutes.enums import ActionStatus
from meetings.polls.enums import PollState
from meetings.polls.models import Poll
from meetings.reminders.jobs import send_reminders
from meetings.scheduling.enums import MeetingStatus

from .. import factories
from ..conftest import count_queries, translated
from .conftest import GUEST, ZONE, day, poll_form


def _create(client, setting, **values) -> Poll:
    response = client.post(
        f"/groups/{setting.group.slug}/polls/new", data=poll_form(setting, **values)
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalars(select(Poll).order_by(Poll.id.desc())).first()


def _answer(client, poll, values, comment="") -> object:
    data = {f"answer-{o.id}": v for o, v in zip(poll.options, values, strict=True)}
    data["comment"] = comment
    return client.post(f"/polls/{poll.id}/answer", data=data)


def _link(message) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://\S+/polls/answer/\S+", text).group(0)


def test_assistant_creates_poll_and_everyone_asked_gets_a_link(setting, login_as, smtp_server):
    poll = _create(login_as(setting.assistant), setting)

    assert [o.starts_at.astimezone(dt.UTC) for o in poll.options] == [
        factories.local_time(ZONE, *day(n).timetuple()[:3], 10).astimezone(dt.UTC)
        for n in (20, 21, 22)
    ]
    assert poll.options[0].venue == setting.venue
    assert poll.options[2].online_url == "https://meet.example/dubnove"
    assert poll.action_item == setting.task
    messages = smtp_server.wait_for(5)
    recipients = sorted(m["To"].addresses[0].addr_spec for m in messages)
    # Chair, assistant, both members and the guest; not the observer.
    assert recipients == sorted(
        [
            setting.chair.email,
            setting.assistant.email,
            setting.member.email,
            setting.foreign_member.email,
            GUEST,
        ]
    )
    hungarian = next(m for m in messages if m["To"].addresses[0].addr_spec == "peter@vas.example")
    assert hungarian["Subject"] == "Időpont-egyeztetés: Termín dubnového jednání"


def test_answers_rank_slots_by_yes_then_if_need_be(setting, login_as, browser_of):
    poll = _create(login_as(setting.assistant), setting)
    assert _answer(browser_of(setting.chair), poll, ["yes", "if_need_be", "no"]).status_code == 302
    assert _answer(browser_of(setting.member), poll, ["if_need_be", "yes", "no"]).status_code == 302
    assert (
        _answer(
            browser_of(setting.foreign_member), poll, ["no", "yes", "yes"], "Ráno nemohu"
        ).status_code
        == 302
    )

    from meetings.polls.results import load_poll, results

    ranked = results(load_poll(poll.id)).ranked
    assert [(r.option.id, r.yes, r.if_need_be, r.rank, r.best) for r in ranked] == [
        (poll.options[1].id, 2, 1, 1, True),
        (poll.options[0].id, 1, 1, 2, False),
        (poll.options[2].id, 1, 0, 3, False),
    ]
    page = login_as(setting.assistant).get(f"/polls/{poll.id}").get_data(as_text=True)
    assert "Ráno nemohu" in page
    assert "Eva Nováková" in page.split("not-answered")[1]


def test_member_changes_answer_until_the_deadline_then_is_refused(setting, login_as, browser_of):
    poll = _create(login_as(setting.assistant), setting)
    member = browser_of(setting.member)
    _answer(member, poll, ["yes", "yes", "yes"])
    _answer(member, poll, ["no", "yes", "no"], "Jen úterý")
    [participant] = [p for p in poll.participants if p.user == setting.member]
    db.session.refresh(participant)
    assert sorted(a.value.value for a in participant.answers) == ["no", "no", "yes"]

    poll.closes_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    db.session.commit()
    response = _answer(member, poll, ["yes", "yes", "yes"], "Pozdě")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert (
        translated("cs", "The deadline of this poll has passed; answers are no longer taken.")
        in page
    )
    assert "Pozdě" in page  # nothing typed is lost


def test_guest_answers_through_the_link_in_the_mail_without_an_account(
    setting, login_as, client, smtp_server
):
    poll = _create(login_as(setting.assistant), setting)
    link = _link(smtp_server.wait_for_recipient(GUEST))
    login_as(None)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    data = {f"answer-{o.id}": "yes" for o in poll.options}
    data |= {"name": "Marie Hostová", "comment": "Přijdu"}
    assert client.post("/" + path, data=data).status_code == 302

    page = client.get("/" + path).get_data(as_text=True)
    assert "Marie Hostová" in page
    assert "Přijdu" in page


def test_tampered_link_is_refused_with_a_clear_message(setting, login_as, client, smtp_server):
    _create(login_as(setting.assistant), setting)
    link = _link(smtp_server.wait_for_recipient(GUEST))
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    login_as(None)
    response = client.get(path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB"))
    assert response.status_code == 400
    assert "This answer link is not valid" in response.get_data(as_text=True)


def test_member_of_another_group_cannot_see_the_poll(setting, login_as):
    poll = _create(login_as(setting.assistant), setting)
    other = factories.make_group("Szociális gondoskodás", slug="vas")
    outsider = factories.make_user("otto@vas.example", "Ottó Kívülálló")
    factories.add_member(outsider, other)
    client = login_as(outsider)
    assert client.get(f"/polls/{poll.id}").status_code == 404
    assert client.get(f"/polls/{poll.id}/results.csv").status_code == 404
    assert _answer(client, poll, ["yes", "yes", "yes"]).status_code == 404


def test_bad_slots_and_deadline_get_clear_messages_and_keep_what_was_typed(setting, login_as):
    client = login_as(setting.assistant)
    response = client.post(
        f"/groups/{setting.group.slug}/polls/new",
        data=poll_form(
            setting,
            **{
                "title": "Zkouška zpráv",
                "slots-0-day": day(-3).isoformat(),
                "slots-1-end": "09:00",
                "slots-2-day": day(20).isoformat(),  # the same as slot 1
                "deadline_day": day(30).isoformat(),
            },
        ),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert translated("cs", "This slot is in the past.") in page
    assert translated("cs", "The slot must end after it starts.") in page
    assert translated("cs", "The deadline must be before the first slot.") in page
    assert 'value="Zkouška zpráv"' in page
    assert db.session.scalars(select(Poll)).all() == []


def test_duplicate_slot_is_refused(setting, login_as):
    client = login_as(setting.assistant)
    response = client.post(
        f"/groups/{setting.group.slug}/polls/new",
        data=poll_form(setting, **{"slots-1-day": day(20).isoformat()}),
    )
    assert response.status_code == 422
    assert translated("cs", "This slot is offered twice.") in response.get_data(as_text=True)


def test_reminder_goes_once_a_day_before_the_deadline_to_those_not_answered(
    setting, login_as, browser_of, smtp_server
):
    poll = _create(login_as(setting.assistant), setting)
    smtp_server.wait_for(5)
    _answer(browser_of(setting.chair), poll, ["yes", "yes", "yes"])
    early = poll.closes_at - dt.timedelta(days=2)
    # The reminder is a planned message of the reminders (``reminders.poll_kinds``).
    assert send_reminders(now=early) == 0
    due = poll.closes_at - dt.timedelta(hours=20)
    assert send_reminders(now=due) == 4
    assert send_reminders(now=due + dt.timedelta(minutes=1)) == 0
    reminders = smtp_server.wait_for(9)[5:]
    assert sorted(m["To"].addresses[0].addr_spec for m in reminders) == sorted(
        [setting.assistant.email, setting.member.email, setting.foreign_member.email, GUEST]
    )
    assert all("Připomínka" in m["Subject"] or "Emlékeztető" in m["Subject"] for m in reminders)
    assert all(m["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" for m in reminders)
    assert all("/mail/unsubscribe/" in m.get_body(("plain",)).get_content() for m in reminders)


def test_closing_creates_draft_meeting_marks_task_done_and_tells_everyone(
    setting, login_as, browser_of, smtp_server
):
    poll = _create(login_as(setting.assistant), setting)
    smtp_server.wait_for(5)
    chosen = poll.options[0]
    client = login_as(setting.chair)
    response = client.post(f"/polls/{poll.id}/close", data={"option_id": str(chosen.id)})
    assert response.status_code == 302
    db.session.expire_all()
    poll = db.session.get(Poll, poll.id)
    meeting = poll.meeting
    assert poll.state == PollState.CLOSED
    assert meeting.status == MeetingStatus.DRAFT
    assert (meeting.starts_at, meeting.ends_at, meeting.venue) == (
        chosen.starts_at,
        chosen.ends_at,
        setting.venue,
    )
    assert poll.action_item.status == ActionStatus.DONE
    told = smtp_server.wait_for(10)[5:]
    assert len(told) == 5
    hungarian = next(m for m in told if m["To"].addresses[0].addr_spec == "peter@vas.example")
    czech = next(m for m in told if m["To"].addresses[0].addr_spec == setting.member.email)
    assert hungarian["Subject"] != czech["Subject"]
    # The poll stays readable, without the answer form.
    page = client.get(f"/polls/{poll.id}").get_data(as_text=True)
    assert translated("cs", "Save my answer") not in page
    assert (
        client.post(f"/polls/{poll.id}/close", data={"option_id": str(chosen.id)}).status_code
        == 403
    )


def test_results_export_as_csv(setting, login_as, browser_of):
    poll = _create(login_as(setting.assistant), setting)
    _answer(browser_of(setting.member), poll, ["yes", "if_need_be", "no"], "Dobře")
    response = login_as(setting.assistant).get(f"/polls/{poll.id}/results.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows[0]) == 6
    [member_row] = [r for r in rows if r[0] == "Petr Svoboda"]
    assert member_row[1:] == ["petr@annolk.example", "Ano", "Pokud je to nutné", "Ne", "Dobře"]
    assert rows[-3][2:5] == ["1", "0", "0"]


def test_foreign_member_sees_slots_in_own_zone_and_clashes(setting, login_as):
    poll = _create(login_as(setting.assistant), setting)
    first = poll.options[0]
    factories.make_meeting(setting.group, starts_at=first.starts_at, title="Porada ředitelů")
    page = login_as(setting.foreign_member).get(f"/polls/{poll.id}").get_data(as_text=True)
    assert "Londýn" in page or "London" in page
    assert "Porada ředitelů" in page


def test_poll_page_queries_do_not_grow_with_answers(setting, login_as, browser_of, app):
    poll = _create(login_as(setting.assistant), setting)
    client = login_as(setting.assistant)
    client.get(f"/polls/{poll.id}")
    with count_queries(app) as few:
        client.get(f"/polls/{poll.id}")
    for person in (setting.chair, setting.member, setting.foreign_member):
        _answer(browser_of(person), poll, ["yes", "no", "if_need_be"])
    client.get(f"/polls/{poll.id}")
    with count_queries(app) as many:
        client.get(f"/polls/{poll.id}")
    assert many.count == few.count, "\n".join(many.statements[len(few.statements) :])


def test_dashboard_lists_polls_waiting_for_my_answer(setting, login_as, browser_of):
    poll = _create(login_as(setting.assistant), setting)
    from meetings.polls.services import polls_waiting_for

    assert polls_waiting_for(setting.member) == [poll]
    _answer(browser_of(setting.member), poll, ["yes", "yes", "yes"])
    assert polls_waiting_for(setting.member) == []
