"""Issue 13's acceptance: "kulateho stolu" in the demo, as its assistant and as a member of
the Vas county group (on SQLite, and on PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

from sqlalchemy import select

from meetings.extensions import db
from meetings.models import Meeting, User, WorkingGroup

from ..conftest import translated

ROUND_TABLE = "Zahájení kulatého stolu, aktuální informace k tématu sociálního podnikání"
HIGHLIGHTED = "Zahájení <mark>kulatého</mark> <mark>stolu</mark>, aktuální informace"


def _user(email: str) -> User:
    return db.session.scalars(select(User).where(User.email == email)).one()


def _liberec_meeting(number: int) -> Meeting:
    return db.session.scalars(
        select(Meeting)
        .join(Meeting.group)
        .where(WorkingGroup.slug == "pzlk-socialni-sluzby", Meeting.number == number)
    ).one()


def test_kulateho_stolu_as_the_demo_assistant_finds_the_round_table_highlighted(demo, search_as):
    tenth = _liberec_meeting(10)
    eleventh = _liberec_meeting(11)

    page = search_as(_user("assistant@demo.example"), "kulateho stolu")

    assert page.status == 200
    agenda = [h for h in page.hits if h.kind == "agenda_item"]
    # The 10th meeting's item 2a, first: its meeting's agenda at the item.
    assert [(h.title, h.href) for h in agenda if h.title == ROUND_TABLE] == [
        (ROUND_TABLE, f"/meetings/{tenth.id}#agenda-item-{_item_id(tenth, ROUND_TABLE)}")
    ]
    assert any(h.title_html.startswith(HIGHLIGHTED) for h in agenda)
    assert tenth.title in [h.meta.split(" · ")[0] for h in agenda]
    # The minutes text of the round table (the demo's 10th minutes list the topics as
    # agenda items 2a–e; the text itself is in the 11th meeting's minutes).
    minutes = [h for h in page.hits if h.kind == "minutes"]
    assert [h.snippet for h in minutes if h.href.startswith(f"/meetings/{eleventh.id}/")] == [
        HIGHLIGHTED + " k tématu sociálního podnikání."
    ]
    # The 10th's item 2a and the 11th's item 1; the 11th's minutes (the page is in Czech).
    assert page.counts[translated("cs", "Agenda items")] == 2
    assert page.counts[translated("cs", "Minutes")] == 1


def _item_id(meeting: Meeting, title: str) -> int:
    return next(i.id for i in _all_items(meeting) if i.title == title)


def _all_items(meeting: Meeting):
    for item in meeting.agenda_items:
        yield item
        yield from item.children


def test_kulateho_stolu_as_a_vas_county_member_finds_nothing_of_liberec(demo, search_as):
    liberec_meetings = {
        f"/meetings/{m.id}"
        for m in db.session.scalars(
            select(Meeting).join(Meeting.group).where(WorkingGroup.slug.like("pzlk-%"))
        )
    }

    page = search_as(_user("tag@demo.example"), "kulateho stolu")
    group_page = search_as(_user("tag@demo.example"), "Odborná pracovní skupina Sociální služby")

    assert page.status == 200
    assert page.hits == []
    assert translated("hu", "Nothing you may see matches “%(query)s”.", query="kulateho stolu") in (
        page.html
    )
    assert not [h for h in page.hits + group_page.hits if h.href.split("#")[0] in liberec_meetings]
    assert "Odborná pracovní skupina Sociální služby" not in group_page.titles()
