"""Starting an agenda (previous meeting, template, standard items), publishing and review."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from meetings.agenda import services
from meetings.agenda.models import AgendaItem
from meetings.extensions import db
from meetings.minutes.enums import ActionStatus
from meetings.minutes.models import ActionItem
from meetings.scheduling.enums import MeetingStatus

from .. import factories
from .conftest import add_items


def _titles(meeting):
    items = db.session.scalars(
        select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting.id, AgendaItem.parent_id.is_(None))
        .order_by(AgendaItem.position)
    ).all()
    return [i.title for i in items]


def _eleventh(liberec):
    return factories.make_meeting(
        liberec.group,
        starts_at=factories.local_time("Europe/Prague", 2018, 4, 18, 10),
        number=11,
        title="11. setkání pracovní skupiny Sociální služby",
    )


def test_start_from_previous_meeting_copies_items_and_sub_items(liberec, people, login_as):
    _first, second = add_items(liberec, ["Úvod", "Témata"], durations={0: 15})
    add_items(liberec, ["a", "b"], parent=second)
    eleventh = _eleventh(liberec)

    response = login_as(people.assistant).post(
        f"/meetings/{eleventh.id}/agenda/start", data={"source": "previous"}
    )

    assert response.status_code == 302
    assert _titles(eleventh) == ["Úvod", "Témata"]
    copied = services.build_timetable(eleventh)
    assert [c.title for c in copied.rows[1].children] == ["a", "b"]
    assert copied.rows[0].duration_minutes == 15


def test_start_adds_standard_items_in_the_groups_language(liberec, people, login_as):
    liberec.status = MeetingStatus.HELD
    liberec.group.adds_minutes_approval_item = True
    liberec.group.adds_action_review_item = True
    add_items(liberec, ["Schválení zápisu z 9. setkání", "Úvod"])
    db.session.add(
        ActionItem(
            group=liberec.group,
            meeting=liberec,
            text="Bude dohodnut termín dubnového jednání",
            owner=people.assistant,
            status=ActionStatus.OPEN,
        )
    )
    db.session.add(
        ActionItem(
            group=liberec.group,
            text="Hotový úkol",
            status=ActionStatus.DONE,
            closed_at=dt.datetime(2018, 3, 1, tzinfo=dt.UTC),
        )
    )
    db.session.flush()
    eleventh = _eleventh(liberec)

    login_as(people.assistant).post(
        f"/meetings/{eleventh.id}/agenda/start", data={"source": "previous"}
    )

    assert _titles(eleventh) == [
        "Schválení zápisu z 10. setkání",
        "Kontrola plnění otevřených úkolů",
        "Úvod",
    ]
    review = services.build_timetable(eleventh).rows[1]
    assert review.description == "- Bude dohodnut termín dubnového jednání (Eva Asistentová)"


def test_start_from_template_uses_the_groups_lines(liberec, people, login_as):
    liberec.group.agenda_template = "Zahájení\n\nAktuality z regionu\nRůzné\n"

    response = login_as(people.assistant).post(
        f"/meetings/{liberec.id}/agenda/start", data={"source": "template"}
    )

    assert response.status_code == 302
    assert _titles(liberec) == ["Zahájení", "Aktuality z regionu", "Různé"]


def test_start_on_a_non_empty_agenda_is_refused(liberec, people, login_as):
    add_items(liberec, ["Úvod"])

    response = login_as(people.assistant).post(
        f"/meetings/{liberec.id}/agenda/start", data={"source": "standard"}, follow_redirects=True
    )

    assert "The agenda already has items. Delete them first to start anew." in response.get_data(
        as_text=True
    )
    assert _titles(liberec) == ["Úvod"]


def test_start_without_an_earlier_agenda_gets_a_message(liberec, people, login_as):
    response = login_as(people.assistant).post(
        f"/meetings/{liberec.id}/agenda/start", data={"source": "previous"}, follow_redirects=True
    )

    assert "There is no earlier meeting of this group with an agenda." in response.get_data(
        as_text=True
    )


def test_member_sees_the_agenda_only_once_published(liberec, people, login_as):
    add_items(liberec, ["Úvod do tématu"])
    url = f"/meetings/{liberec.id}"

    before = login_as(people.member).get(url).get_data(as_text=True)
    manager = login_as(people.assistant).get(url).get_data(as_text=True)
    login_as(people.assistant).post(f"{url}/agenda/publish", data={"action": "now"})
    after = login_as(people.member).get(url).get_data(as_text=True)

    assert ("Úvod do tématu" in before, "The agenda has not been published yet." in before) == (
        False,
        True,
    )
    assert ("Úvod do tématu" in manager, "Draft agenda" in manager) == (True, True)
    assert ("Úvod do tématu" in after, "Draft agenda" in after) == (True, False)


def test_unpublished_agenda_pdf_is_404_for_members(liberec, people, login_as):
    add_items(liberec, ["Úvod"])

    assert login_as(people.member).get(f"/meetings/{liberec.id}/agenda.pdf").status_code == 404


def test_scheduled_publication_happens_when_a_page_is_viewed_after_the_time(
    liberec, people, login_as
):
    add_items(liberec, ["Úvod do tématu"])
    liberec.agenda_publish_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    due = liberec.agenda_publish_at
    db.session.flush()

    page = login_as(people.member).get(f"/meetings/{liberec.id}").get_data(as_text=True)

    db.session.refresh(liberec)
    assert "Úvod do tématu" in page
    assert (liberec.agenda_published_at, liberec.agenda_publish_at) == (due, None)


def test_schedule_publication_over_http_in_the_meetings_zone(liberec, people, login_as):
    response = login_as(people.assistant).post(
        f"/meetings/{liberec.id}/agenda/publish",
        data={"action": "schedule", "publish_at": "2099-03-13T09:00"},
    )

    assert response.status_code == 302
    assert liberec.agenda_publish_at == dt.datetime(2099, 3, 13, 8, 0, tzinfo=dt.UTC)
    assert liberec.agenda_published_at is None


def test_schedule_publication_in_the_past_is_refused(liberec, people, login_as):
    response = login_as(people.assistant).post(
        f"/meetings/{liberec.id}/agenda/publish",
        data={"action": "schedule", "publish_at": "2001-03-13T09:00"},
    )

    assert response.status_code == 422
    assert "Choose a publishing time in the future." in response.get_data(as_text=True)
    assert 'value="2001-03-13T09:00"' in response.get_data(as_text=True)


def test_schedule_publication_with_garbage_time_gets_a_message(liberec, people, login_as):
    response = login_as(people.assistant).post(
        f"/meetings/{liberec.id}/agenda/publish",
        data={"action": "schedule", "publish_at": "zítra ráno"},
    )

    assert response.status_code == 422
    assert "Enter a date and time, for example 2030-03-20 09:00." in response.get_data(as_text=True)


def test_publish_due_agendas_publishes_only_those_due(liberec, people):
    later = factories.make_meeting(people.group)
    now = dt.datetime(2030, 1, 1, 12, tzinfo=dt.UTC)
    liberec.agenda_publish_at = now - dt.timedelta(hours=1)
    later.agenda_publish_at = now + dt.timedelta(hours=1)
    db.session.flush()

    count = services.publish_due_agendas(now)

    assert count == 1
    assert (liberec.agenda_published_at, later.agenda_published_at) == (
        now - dt.timedelta(hours=1),
        None,
    )


def test_chair_sees_review_request_and_marks_it_reviewed(liberec, people, login_as):
    add_items(liberec, ["Úvod"])
    login_as(people.assistant).post(f"/meetings/{liberec.id}/agenda/request-review")

    chair_page = login_as(people.chair).get(f"/meetings/{liberec.id}").get_data(as_text=True)
    response = login_as(people.chair).post(f"/meetings/{liberec.id}/agenda/reviewed")
    after = login_as(people.chair).get(f"/meetings/{liberec.id}").get_data(as_text=True)

    assert "Review requested" in chair_page
    assert response.status_code == 302
    assert liberec.agenda_reviewed_by_id == people.chair.id
    assert "Review requested" not in after


def test_assistant_may_not_mark_the_review(liberec, people, login_as):
    response = login_as(people.assistant).post(f"/meetings/{liberec.id}/agenda/reviewed")

    assert response.status_code == 403


@pytest.mark.parametrize("when", ["0001-01-01T09:00", "9999-12-31T09:00", "2200-01-01T00:00"])
def test_schedule_publication_far_outside_the_calendar_years_is_refused(
    liberec, people, login_as, when
):
    response = login_as(people.assistant).post(
        f"/meetings/{liberec.id}/agenda/publish",
        data={"action": "schedule", "publish_at": when},
    )

    page = response.get_data(as_text=True)
    assert (response.status_code, "Enter a date between 1900 and 2199." in page) == (422, True)
    assert f'value="{when}"' in page
    assert liberec.agenda_publish_at is None
