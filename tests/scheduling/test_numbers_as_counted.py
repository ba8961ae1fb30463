"""Numbers as the group counts them: a group sets the number of its next meeting, numbers
follow the dates of the meetings to come (held ones never change), and the standard item
names the minutes of the previous held meeting."""

from __future__ import annotations

from meetings.extensions import db
from meetings.models import Meeting

from .. import factories


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
