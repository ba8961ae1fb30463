"""Numbers as the group counts them: a group sets the number of its next meeting, numbers
follow the dates of the meetings to come (held ones never change), and the standard item
names the minutes of the previous held meeting."""

from __future__ import annotations

from sqlalchemy import select

from meetings.agenda.models import AgendaItem
from meetings.extensions import db
from meetings.models import Meeting, WorkingGroup
from meetings.scheduling.enums import MeetingStatus
from meetings.scheduling.numbering import default_title
from meetings.scheduling.workflow import transition_meeting

from .. import factories
from ..forms import form_values


def _group_form(group, **values) -> dict:
    data = {
        "name": group.name,
        "slug": group.slug,
        "description": "",
        "goals": "",
        "parent_body": "",
        "lead_organisation": "",
        "language": "cs",
        "timezone": "Europe/Prague",
        "quorum": "",
        "quorum_rule": "count",
        "alarm_minutes": "1440",
    }
    data.update(values)
    return data


def _meeting_form(group, day: str, **values) -> dict:
    data = {
        "group_id": str(group.id),
        "kind": "regular",
        "title": "",
        "start_date": day,
        "start_time": "10:00",
        "end_time": "12:00",
        "venue_id": "",
        "room": "",
        "online_url": "",
        "organiser_id": "",
        "description": "",
    }
    data.update(values)
    return data


def _new_meeting(client, group, day: str, **values) -> Meeting:
    """A draft made through the form, then scheduled through its button."""
    response = client.post("/meetings/new", data=_meeting_form(group, day, **values))
    assert response.status_code == 302
    meeting_id = int(response.location.rsplit("/", 1)[1])
    assert client.post(f"/meetings/{meeting_id}/schedule").status_code == 302
    return db.session.get(Meeting, meeting_id)


# --- the number of the next meeting ---------------------------------------------------------


def test_group_sets_next_number_10_next_meeting_is_10_setkani(people, login_as):
    chair = login_as(people.chair)
    response = chair.post(
        f"/groups/{people.group.slug}/edit",
        data=_group_form(people.group, next_meeting_number="10"),
    )
    assert response.status_code == 302
    assert people.group.meeting_counter == 9

    meeting = _new_meeting(login_as(people.assistant), people.group, "2030-03-19")

    assert (meeting.number, meeting.title) == (
        10,
        "10. setkání pracovní skupiny Sociální služby",
    )


def test_group_edit_form_shows_number_of_next_meeting(people, login_as):
    people.group.meeting_counter = 14

    page = login_as(people.chair).get(f"/groups/{people.group.slug}/edit").get_data(as_text=True)

    assert "Number of the next meeting" in page
    assert 'value="15"' in page


def test_group_next_number_below_a_given_number_is_refused(people, login_as):
    people.group.meeting_counter = 11
    factories.make_meeting(people.group)  # no. 12
    chair = login_as(people.chair)

    response = chair.post(
        f"/groups/{people.group.slug}/edit",
        data=_group_form(people.group, next_meeting_number="12", name="Nové jméno"),
    )

    assert response.status_code == 200
    assert (
        "Meeting no. 12 already exists: the next meeting can be no. 13 or higher."
        in response.get_data(as_text=True)
    )
    db.session.expire_all()
    assert (people.group.meeting_counter, people.group.name) == (12, "Sociální služby")


def test_group_next_number_may_go_back_to_just_after_the_highest_given(people, login_as):
    factories.make_meeting(people.group)  # no. 1
    people.group.meeting_counter = 40  # typed too high by mistake

    response = login_as(people.chair).post(
        f"/groups/{people.group.slug}/edit",
        data=_group_form(people.group, next_meeting_number="2"),
    )

    assert response.status_code == 302
    assert people.group.meeting_counter == 1


def test_group_edit_without_next_number_keeps_counter(people, login_as):
    people.group.meeting_counter = 7

    response = login_as(people.chair).post(
        f"/groups/{people.group.slug}/edit", data=_group_form(people.group)
    )

    assert response.status_code == 302
    assert people.group.meeting_counter == 7


# --- numbers in date order ------------------------------------------------------------------


def _meeting(group, when: tuple[int, int, int], status=MeetingStatus.SCHEDULED, **fields):
    return factories.make_meeting(
        group, factories.local_time(group.timezone, *when, 10), status=status, **fields
    )


def test_next_number_10_then_earlier_dated_meeting_numbers_by_date_held_untouched(people, login_as):
    group = people.group
    held = _meeting(group, (2026, 11, 10), title=default_title(group, 1))  # no. 1
    held.status = MeetingStatus.HELD
    chair = login_as(people.chair)
    chair.post(f"/groups/{group.slug}/edit", data=_group_form(group, next_meeting_number="10"))
    assistant = login_as(people.assistant)
    january = _new_meeting(assistant, group, "2027-01-15")
    february = _new_meeting(assistant, group, "2027-02-16", title="Kulatý stůl")
    assert [(january.number, february.number)] == [(10, 11)]

    response = assistant.post("/meetings/new", data=_meeting_form(group, "2026-12-16"))
    december_id = int(response.location.rsplit("/", 1)[1])
    response = assistant.post(f"/meetings/{december_id}/schedule", follow_redirects=True)

    december = db.session.get(Meeting, december_id)
    db.session.refresh(january)
    db.session.refresh(february)
    assert [(m.number, m.title) for m in (held, december, january, february)] == [
        (1, "1. setkání pracovní skupiny Sociální služby"),
        (10, "10. setkání pracovní skupiny Sociální služby"),
        (11, "11. setkání pracovní skupiny Sociální služby"),
        (12, "Kulatý stůl"),
    ]
    assert group.meeting_counter == 12
    page = response.get_data(as_text=True)
    assert "The meeting is scheduled as meeting no. 10." in page
    assert "no. 10 is now no. 11 (11. setkání pracovní skupiny Sociální služby)" in page
    assert "no. 11 is now no. 12 (Kulatý stůl)" in page


def test_earlier_dated_meeting_never_takes_a_held_or_cancelled_number(people):
    group = people.group
    held = _meeting(group, (2027, 1, 10))  # no. 1
    held.status = MeetingStatus.HELD
    cancelled = _meeting(group, (2027, 2, 10))  # no. 2
    cancelled.status = MeetingStatus.CANCELLED
    march = _meeting(group, (2027, 3, 10))  # no. 3
    draft = _meeting(group, (2026, 12, 10), status=MeetingStatus.DRAFT)

    transition_meeting(draft, MeetingStatus.SCHEDULED, actor=people.assistant)

    assert [m.number for m in (held, cancelled, draft, march)] == [1, 2, 3, 4]


def test_moving_a_meeting_past_another_renumbers_and_says_so(people, login_as):
    group = people.group
    first = _meeting(group, (2030, 3, 19), title=default_title(group, 1))
    second = _meeting(group, (2030, 4, 16), title=default_title(group, 2))
    client = login_as(people.assistant)
    # The new numbers are shown first (nothing saved), then confirmed.
    warning = client.post(
        f"/meetings/{first.id}/edit", data=_meeting_form(group, "2030-05-21", title=first.title)
    )
    assert "The new date changes meeting numbers" in warning.get_data(as_text=True)

    response = client.post(
        f"/meetings/{first.id}/edit",
        data=form_values(warning.get_data(as_text=True), action=f"/meetings/{first.id}/edit"),
        follow_redirects=True,
    )

    assert response.status_code == 200
    assert [(m.number, m.title) for m in (second, first)] == [
        (1, "1. setkání pracovní skupiny Sociální služby"),
        (2, "2. setkání pracovní skupiny Sociální služby"),
    ]
    page = response.get_data(as_text=True)
    assert "no. 2 is now no. 1 (1. setkání pracovní skupiny Sociální služby)" in page
    assert "no. 1 is now no. 2 (2. setkání pracovní skupiny Sociální služby)" in page


# --- the standard item names the previous held meeting --------------------------------------


def test_minutes_approval_item_names_the_previous_held_meeting_not_the_previous_number(
    people, login_as
):
    group = people.group
    group.adds_minutes_approval_item = True
    group.adds_action_review_item = False
    held = _meeting(group, (2026, 11, 10))  # no. 1
    held.status = MeetingStatus.HELD
    cancelled = _meeting(group, (2026, 12, 1))  # no. 2
    cancelled.status = MeetingStatus.CANCELLED
    later = _meeting(group, (2027, 1, 15))  # no. 3, to come
    december = _meeting(group, (2026, 12, 16), status=MeetingStatus.DRAFT)
    transition_meeting(december, MeetingStatus.SCHEDULED, actor=people.assistant)
    assert (december.number, later.number) == (3, 4)

    response = login_as(people.assistant).post(
        f"/meetings/{december.id}/agenda/start", data={"source": "standard"}
    )

    assert response.status_code == 302
    titles = db.session.scalars(
        select(AgendaItem.title).where(AgendaItem.meeting_id == december.id)
    ).all()
    assert titles == ["Schválení zápisu z 1. setkání"]


def test_minutes_approval_item_without_a_held_meeting_says_previous_meeting(people, login_as):
    group = people.group
    group.adds_minutes_approval_item = True
    group.adds_action_review_item = False
    _meeting(group, (2027, 1, 15))  # no. 1, not held yet
    february = _meeting(group, (2027, 2, 15))

    login_as(people.assistant).post(
        f"/meetings/{february.id}/agenda/start", data={"source": "standard"}
    )

    titles = db.session.scalars(
        select(AgendaItem.title).where(AgendaItem.meeting_id == february.id)
    ).all()
    assert titles == ["Schválení zápisu z předchozího setkání"]


def test_group_next_number_refusal_is_in_the_persons_language(people, login_as):
    people.chair.locale = "cs"
    factories.make_meeting(people.group)  # no. 1

    response = login_as(people.chair).post(
        f"/groups/{people.group.slug}/edit",
        data=_group_form(people.group, next_meeting_number="1"),
    )

    assert response.status_code == 200
    assert "Setkání č. 1 už existuje: příští setkání může mít číslo 2 nebo vyšší." in (
        response.get_data(as_text=True)
    )


def test_new_group_starting_at_its_10th_meeting(people, login_as):
    response = login_as(people.admin).post(
        "/groups/new",
        data={
            **_group_form(people.group, name="Pracovní skupina Vzdělávání", slug="vzdelavani"),
            "next_meeting_number": "10",
        },
    )

    assert response.status_code == 302
    group = db.session.scalars(select(WorkingGroup).where(WorkingGroup.slug == "vzdelavani")).one()
    assert group.meeting_counter == 9
