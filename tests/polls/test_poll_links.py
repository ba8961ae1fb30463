"""How people come to a date poll: the group page links its polls for its members (and a
new poll for its chair and assistants), an open task offers finding a date with a poll,
the poll page leads back to that task, and the dashboard lists the polls waiting for the
person's answer until they answer."""

from __future__ import annotations

import html as html_lib

import lxml.html
from sqlalchemy import select

from meetings.demo.liberec_poll import TASK, TITLE
from meetings.extensions import db
from meetings.models import ActionItem, User
from meetings.polls.models import Poll

from .. import factories
from ..conftest import translated
from .test_polls import _answer, _create


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html_lib.unescape(response.get_data(as_text=True))


def _polls_section(page: str) -> str:
    start = page.index('id="polls"')
    return page[start : page.index("</section>", start)]


def test_group_page_links_its_polls_for_members_and_a_new_poll_for_managers(setting, login_as):
    _create(login_as(setting.assistant), setting)
    polls_url = f"/groups/{setting.group.slug}/polls"
    new_url = f"/groups/{setting.group.slug}/polls/new"

    member_page = _page(login_as(setting.member), f"/groups/{setting.group.slug}")
    assert f'href="{polls_url}"' in member_page
    assert translated("cs", "%(num)d open", plural="%(num)d open", num=1) in (
        _polls_section(member_page)
    )
    assert f'href="{new_url}"' not in member_page

    assistant_page = _page(login_as(setting.assistant), f"/groups/{setting.group.slug}")
    assert f'href="{polls_url}"' in assistant_page
    assert f'href="{new_url}"' in assistant_page


def test_group_page_shows_no_polls_to_outsiders(setting, login_as):
    setting.group.is_public = True
    outsider = factories.make_user("ottó@vas.example", "Kovács Ottó", locale="cs")
    db.session.flush()

    page = _page(login_as(outsider), f"/groups/{setting.group.slug}")

    assert f"/groups/{setting.group.slug}/polls" not in page
    assert login_as(outsider).get(f"/groups/{setting.group.slug}/polls").status_code in (403, 404)


def test_open_task_on_group_page_opens_the_poll_form_with_the_task(setting, login_as):
    client = login_as(setting.assistant)
    link = f"/groups/{setting.group.slug}/polls/new?action={setting.task.id}"

    page = _page(client, f"/groups/{setting.group.slug}")
    assert f'href="{link}"' in page
    assert translated("cs", "Find a date with a poll") in page
    # A member sees the task but may not start a poll.
    assert f'href="{link}"' not in _page(login_as(setting.member), f"/groups/{setting.group.slug}")

    form = _page(login_as(setting.assistant), link)
    fields = lxml.html.fromstring(form).xpath("//form[@class='poll-form']//input")
    [task_field] = [f for f in fields if f.name == "action_item_id"]
    assert task_field.value == str(setting.task.id)
    assert translated("cs", "Started from the task: %(task)s", task=setting.task.text) in form


def test_my_tasks_page_offers_a_poll_for_the_tasks_of_groups_i_manage(setting, login_as):
    setting.task.owner_id = setting.assistant.id
    mine = ActionItem(group=setting.group, text="Obeslat členy.", owner_id=setting.member.id)
    db.session.add(mine)
    db.session.flush()
    link = f"/groups/{setting.group.slug}/polls/new?action={setting.task.id}"

    assert f'href="{link}"' in _page(login_as(setting.assistant), "/tasks")
    member_tasks = _page(login_as(setting.member), "/tasks")
    assert "Obeslat členy." in member_tasks
    assert "/polls/new" not in member_tasks


def test_poll_page_links_back_to_the_task_it_was_started_from(setting, login_as):
    poll = _create(login_as(setting.assistant), setting)

    page = _page(login_as(setting.member), f"/polls/{poll.id}")

    # The task has no meeting: it is read among the group's open tasks.
    assert translated("cs", "Started from the task:") in page
    assert f'<a href="/groups/{setting.group.slug}#tasks">{setting.task.text}</a>' in page


def test_demo_member_sees_the_liberec_poll_waiting_until_he_answers(demo, login_as):
    member = db.session.scalars(select(User).where(User.email == "member@demo.example")).one()
    poll = db.session.scalars(select(Poll).where(Poll.title == TITLE)).one()
    client = login_as(member)

    dashboard = _page(client, "/dashboard")
    section = _polls_section(dashboard)
    assert translated("cs", "Date polls waiting for your answer") in section
    assert f'<a href="/polls/{poll.id}">{TITLE}</a>' in section
    assert poll.action_item.text == TASK
    assert len(poll.options) == 3
    assert all(poll.closes_at < option.starts_at for option in poll.options)

    response = _answer(client, poll, ["yes", "if_need_be", "no"])
    assert response.status_code == 302

    section = _polls_section(_page(client, "/dashboard"))
    assert TITLE not in section
    assert (
        translated(
            "cs",
            "No date poll waits for you. Polls asking you when the next meeting of your group "
            "suits you appear here.",
        )
        in section
    )


def test_demo_poll_is_answered_by_some_members_only(demo):
    poll = db.session.scalars(select(Poll).where(Poll.title == TITLE)).one()

    answered = sorted(p.user.email for p in poll.participants if p.answered_at is not None)
    waiting = sorted(p.user.email for p in poll.participants if p.answered_at is None)

    assert answered == ["assistant@demo.example", "chair@demo.example"]
    assert "member@demo.example" in waiting


def test_add_another_slot_without_javascript_keeps_what_was_typed(setting, login_as):
    from .conftest import poll_form

    client = login_as(setting.assistant)
    data = poll_form(setting) | {"add_slot": "1"}

    response = client.post(f"/groups/{setting.group.slug}/polls/new", data=data)

    assert response.status_code == 200
    document = lxml.html.fromstring(response.get_data(as_text=True))
    rows = document.xpath("//fieldset[@data-slot]")
    assert len(rows) == 4
    values = {i.name: i.value for i in document.xpath("//form[@class='poll-form']//input")}
    assert values["slots-2-day"] == data["slots-2-day"]
    assert values["slots-3-day"] in ("", None)
    assert values["title"] == data["title"]
    # Nothing is created until the poll is opened.
    assert db.session.scalars(select(Poll)).first() is None
