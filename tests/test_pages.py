"""The pages a newcomer browses: groups, a group, a meeting, the calendar, events, tasks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from meetings.extensions import db
from meetings.groups.enums import Role
from meetings.models import AgendaItem, Meeting, User, WorkingGroup
from meetings.scheduling.enums import MeetingKind, MeetingStatus
from meetings.scheduling.listings import PAST_PER_PAGE, UPCOMING_SHOWN

from . import factories
from .conftest import count_queries


def _user(email: str) -> User:
    return db.session.scalars(select(User).where(User.email == email)).one()


def _meeting(slug: str, number: int) -> Meeting:
    return db.session.scalars(
        select(Meeting)
        .join(Meeting.group)
        .where(WorkingGroup.slug == slug, Meeting.number == number)
    ).one()


# --- groups --------------------------------------------------------------------------------


def test_group_page_lists_meetings_10_and_11_with_venues_for_the_assistant(demo, login_as):
    client = login_as(_user("assistant@demo.example"))

    page = client.get("/groups/pzlk-socialni-sluzby").get_data(as_text=True)

    assert "Odborná pracovní skupina Sociální služby" in page
    assert ">10.<" in page
    assert ">11.<" in page
    assert "U Nisy 362/6" in page
    assert "U Jezu 642/2a" in page
    assert "zasedací místnost 2. patro" in page
    assert "zasedací místnost 326a" in page
    assert "Pakt zaměstnanosti Libereckého kraje (PZLK)" in page
    # Members by role, for a member of the group.
    assert "Jana Dvořáková" in page
    assert "Eva Nováková" in page


def test_group_index_shows_my_groups_and_public_ones(demo, login_as):
    client = login_as(_user("assistant@demo.example"))

    page = client.get("/groups/").get_data(as_text=True)

    mine, others = page.split('id="other-groups"')
    assert "Odborná pracovní skupina Sociální služby" in mine
    assert "Eiropas tīkls sociālās integrācijas uzņēmējdarbībai" in others
    # Members-only groups of others are not listed.
    assert "Szociális gondoskodás" not in page


def test_group_index_shows_every_group_to_the_admin(demo, login_as):
    client = login_as(_user("admin@demo.example"))

    page = client.get("/groups/").get_data(as_text=True)

    assert "Szociális gondoskodás" in page
    assert "Pracovní skupina Vzdělávání" in page


def test_group_index_shows_public_groups_to_visitors(demo, client):
    page = client.get("/groups/").get_data(as_text=True)

    assert "Národné kompetenčné centrum pre sociálne inovácie" in page
    assert "Odborná pracovní skupina Sociální služby" not in page


def test_public_group_hides_members_from_visitors(demo, client):
    page = client.get("/groups/ksk-socialny-rozvoj").get_data(as_text=True)

    assert "Sociálny rozvoj mikroregiónov / Sociálne podnikanie" in page
    assert "Podpora vylúčených komunít" in page  # goals
    assert "Martin Horváth" not in page


def test_group_page_shows_joint_meetings_it_takes_part_in(demo, login_as):
    client = login_as(_user("admin@demo.example"))

    page = client.get("/groups/pzlk-vzdelavani").get_data(as_text=True)

    assert "Společné setkání pracovních skupin PZLK" in page
    assert "Hosted by Odborná pracovní skupina Sociální služby" in page


def test_members_only_group_is_not_found_for_an_outsider(people, login_as):
    meeting = factories.make_meeting(people.group)
    client = login_as(people.outsider)

    assert client.get(f"/groups/{people.group.slug}").status_code == 404
    assert client.get(f"/meetings/{meeting.id}").status_code == 404


def test_members_only_group_asks_a_visitor_to_sign_in(people, client):
    meeting = factories.make_meeting(people.group)

    group_response = client.get(f"/groups/{people.group.slug}")
    meeting_response = client.get(f"/meetings/{meeting.id}")

    assert group_response.status_code == 302
    assert "/auth/sign-in" in group_response.location
    assert meeting_response.status_code == 302


def test_unknown_group_is_not_found(db_session, client):
    assert client.get("/groups/no-such-group").status_code == 404


def test_group_page_query_count_does_not_grow_with_meetings(people, login_as, app):
    client = login_as(people.member)
    venue = factories.make_venue("ANNOLK", street="U Nisy 362/6", room="2. patro")

    def make_meetings(group: WorkingGroup, past: int, upcoming: int) -> None:
        years = [2018] * past + [2040] * upcoming
        for n, year in enumerate(years):
            meeting = factories.make_meeting(
                group,
                starts_at=factories.local_time("Europe/Prague", year, 1 + n % 12, 1 + n % 28, 10),
                venue=venue,
            )
            meeting.extra_groups.append(people.other_group)
        db.session.flush()

    small = factories.make_group("Small", slug="small")
    large = factories.make_group("Large", slug="large")
    for group in (small, large):
        factories.add_member(people.member, group, Role.MEMBER)
        factories.add_member(people.chair, group, Role.CHAIR)
    # One of each against more than the page shows of each: 20 past meetings a page (and a
    # second page), the first 10 upcoming.
    make_meetings(small, past=1, upcoming=1)
    make_meetings(large, past=2 * PAST_PER_PAGE + 1, upcoming=UPCOMING_SHOWN + 2)

    with count_queries(app) as few:
        assert client.get("/groups/small").status_code == 200
    with count_queries(app) as many:
        large_page = client.get("/groups/large")
        assert large_page.status_code == 200

    assert many.count == few.count, (few.statements, many.statements)
    assert "Page 1 of 3" in large_page.get_data(as_text=True)


# --- meetings ------------------------------------------------------------------------------


def test_vas_meeting_shows_10_00_budapest_time(demo, login_as):
    meeting = _meeting("vas-szocialis-gondoskodas", 1)
    client = login_as(_user("tag@demo.example"))

    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    assert "Munkacsoport ülés – Szociális gondoskodás" in page
    assert "10:00" in page
    assert "Budapest" in page  # the zone by its city, in Hungarian
    assert "Europe/Budapest" not in page
    assert "Vas Megyei Önkormányzat" in page


def test_vas_meeting_shows_10_00_to_a_viewer_in_another_zone(demo, login_as):
    meeting = _meeting("vas-szocialis-gondoskodas", 1)
    # A Latvian member (Europe/Riga, an hour ahead of Budapest) opens the public meeting.
    client = login_as(_user("dalibnieks@demo.example"))

    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    assert '<time datetime="2022-10-27T08:00:00+00:00">' in page
    assert "10:00" in page
    assert "11:00" in page  # … and the time in the viewer's own zone, labelled as such


def test_meeting_page_numbers_the_agenda_with_sub_items(demo, login_as):
    meeting = _meeting("pzlk-socialni-sluzby", 10)
    client = login_as(_user("member@demo.example"))

    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    for label in ("1.", "2.", "2a", "2b", "2c", "2d", "2e", "3.", "6."):
        assert f'<span class="number">{label}</span>' in page
    assert '<span class="number">2f</span>' not in page
    assert "zástupkyně ANNOLK" in page  # presenter
    assert "U Nisy 362/6, 460 01 Liberec" in page
    assert "Pakt zaměstnanosti Libereckého kraje" in page  # organiser


def test_joint_meeting_page_shows_its_timetable_and_groups(demo, login_as):
    # The 2018 joint meeting (the pact's upcoming one has no agenda yet).
    joint = db.session.scalars(
        select(Meeting).where(
            Meeting.kind == MeetingKind.JOINT,
            Meeting.title == "Společné setkání pracovních skupin PZLK",
        )
    ).one()
    client = login_as(_user("member@demo.example"))

    page = client.get(f"/meetings/{joint.id}").get_data(as_text=True)

    assert "Planetárium – komentované představení" in page
    assert "60 min" in page
    # Start times computed from the durations: 9:30 and 10:30 (cs locale for this person).
    assert ">9:30<" in page
    assert ">10:30<" in page
    # The other groups taking part are members-only and this person belongs to neither:
    # they are not named to them.
    assert ("Pracovní skupina Zaměstnanost" in page, "Pracovní skupina Vzdělávání" in page) == (
        False,
        False,
    )
    assert page.count("Neveřejná pracovní skupina") == 2
    assert "IQ Landia" in page


def test_draft_meeting_is_forbidden_to_a_member_of_the_group(people, login_as):
    draft = factories.make_meeting(people.group, status=MeetingStatus.DRAFT)

    assert login_as(people.member).get(f"/meetings/{draft.id}").status_code == 403
    assert login_as(people.assistant).get(f"/meetings/{draft.id}").status_code == 200


def test_meeting_page_query_count_does_not_grow_with_agenda(people, login_as, app):
    client = login_as(people.member)
    small = factories.make_meeting(people.group)
    large = factories.make_meeting(people.group)
    for meeting, count in ((small, 3), (large, 30)):
        for n in range(count):
            parent = AgendaItem(
                meeting=meeting, position=n, title=f"Item {n}", presenter=people.chair
            )
            db.session.add(parent)
            db.session.add(AgendaItem(meeting=meeting, parent=parent, position=0, title="Sub"))
    db.session.flush()
    small_id, large_id = small.id, large.id

    with count_queries(app) as few:
        assert client.get(f"/meetings/{small_id}").status_code == 200
    with count_queries(app) as many:
        assert client.get(f"/meetings/{large_id}").status_code == 200

    assert many.count == few.count, (few.statements, many.statements)


# --- calendar, events, tasks, dashboard, admin --------------------------------------------


def test_events_page_shows_public_events_to_visitors(demo, client):
    response = client.get("/events")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    for number in range(1, 7):
        assert f"ENSIE projekta pasākums Nr. {number}" in page
    assert "Munkacsoport ülés – Szociális gondoskodás" in page
    assert "Společné setkání pracovních skupin PZLK" in page
    assert "Informačné podujatie o sociálnom podnikaní v Košickom kraji" in page
    # Meetings of members-only groups that are not public stay hidden.
    assert "10. setkání Odborné pracovní skupiny Sociální služby" not in page
    assert "A Szociális gondoskodás munkacsoport 2. ülése" not in page


def test_calendar_lists_the_persons_upcoming_meetings(demo, login_as):
    client = login_as(_user("assistant@demo.example"))

    page = client.get("/calendar").get_data(as_text=True)

    assert "13. setkání pracovní skupiny Sociální služby" in page
    assert "14. setkání pracovní skupiny Sociální služby" in page
    assert "Szociális gondoskodás" not in page


def test_calendar_asks_a_visitor_to_sign_in(db_session, client):
    response = client.get("/calendar")

    assert response.status_code == 302
    assert "/auth/sign-in" in response.location


def test_tasks_lists_open_action_items_and_marks_overdue(demo, login_as):
    client = login_as(_user("chair@demo.example"))

    page = client.get("/tasks").get_data(as_text=True)

    assert "Pozvat zástupce Moravskoslezského" in page
    assert 'class="overdue"' in page
    assert "Dohodnout termín dubnového jednání" not in page  # done, and not the chair's


def test_tasks_of_the_assistant_are_not_overdue(demo, login_as):
    page = login_as(_user("assistant@demo.example")).get("/tasks").get_data(as_text=True)

    assert "Zajistit prostory pro rozšířené setkání" in page
    assert 'class="overdue"' not in page


def test_tasks_ask_a_visitor_to_sign_in(db_session, client):
    assert client.get("/tasks").status_code == 302


def test_dashboard_shows_next_meetings_and_tasks(demo, login_as):
    page = login_as(_user("assistant@demo.example")).get("/dashboard").get_data(as_text=True)

    assert "13. setkání pracovní skupiny Sociální služby" in page
    assert "Zajistit prostory pro rozšířené setkání" in page
    assert "Odborná pracovní skupina Sociální služby" in page


def test_start_page_shows_upcoming_public_events(demo, client):
    page = client.get("/").get_data(as_text=True)

    assert "Informačné podujatie o sociálnom podnikaní v Košickom kraji" in page


def test_admin_page_shows_organisations_with_office_hours(demo, login_as):
    page = login_as(_user("admin@demo.example")).get("/admin").get_data(as_text=True)

    assert "Odbor sociálnych vecí" in page
    assert "Wednesday: 07:30–16:30" in page


def test_admin_page_is_forbidden_to_others(demo, login_as):
    assert login_as(_user("chair@demo.example")).get("/admin").status_code == 403


def test_today_helper_is_aware():
    # The demo's relative dates come from a plain date; a sanity check on the factories'.
    assert factories.local_time("Europe/Budapest", 2022, 10, 27, 10).utcoffset() == dt.timedelta(
        hours=2
    )
