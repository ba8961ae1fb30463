"""Renumbering says so before saving and tells the invitees; a meeting held in the past is
recorded with its real number (issue 16)."""

from __future__ import annotations

from meetings.extensions import db
from meetings.models import Meeting
from meetings.scheduling.enums import MeetingStatus
from meetings.scheduling.numbering import default_title

from ..forms import form_values
from ..invitations.conftest import event_of, meeting_form, recipient
from .test_numbers_as_counted import _meeting_form

TITLE_1 = "1. setkání pracovní skupiny Sociální služby"
TITLE_2 = "2. setkání pracovní skupiny Sociální služby"


def _scheduled(client, group, day: str) -> Meeting:
    """A meeting made through the form and scheduled through its button (its invitations
    go out)."""
    response = client.post("/meetings/new", data=_meeting_form(group, day))
    assert response.status_code == 302, response.get_data(as_text=True)
    meeting_id = int(response.location.rsplit("/", 1)[1])
    assert client.post(f"/meetings/{meeting_id}/schedule").status_code == 302
    return db.session.get(Meeting, meeting_id)


# --- the warning before a date change renumbers ---------------------------------------------


def test_moving_past_another_meeting_warns_and_saves_nothing_until_confirmed(people, login_as):
    client = login_as(people.assistant)
    first = _scheduled(client, people.group, "2030-03-19")
    second = _scheduled(client, people.group, "2030-04-16")

    response = client.post(
        f"/meetings/{first.id}/edit",
        data=meeting_form(first, start_date="2030-05-21", description="Přesunuto."),
    )

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The new date changes meeting numbers" in page
    assert f"meeting no. 2 ({TITLE_2}) becomes no. 1" in page
    assert "this meeting (no. 1) becomes no. 2" in page
    assert "Save and renumber" in page
    # Nothing saved yet; what was typed is kept.
    assert [(m.number, m.title) for m in (first, second)] == [(1, TITLE_1), (2, TITLE_2)]
    assert first.description is None
    values = form_values(page, action=f"/meetings/{first.id}/edit")
    assert (values["start_date"], values["description"].strip()) == ("2030-05-21", "Přesunuto.")

    confirmed = client.post(f"/meetings/{first.id}/edit", data=values)

    assert confirmed.status_code == 302
    assert [(m.number, m.title) for m in (second, first)] == [(1, TITLE_1), (2, TITLE_2)]
    assert first.description == "Přesunuto."


def test_confirmation_of_another_renumbering_asks_again(people, login_as):
    """A confirmation given for one renumbering does not stand for another (the date was
    changed again, or someone moved a meeting meanwhile)."""
    client = login_as(people.assistant)
    first = _scheduled(client, people.group, "2030-03-19")
    _scheduled(client, people.group, "2030-04-16")
    third = _scheduled(client, people.group, "2030-05-21")
    page = client.post(
        f"/meetings/{first.id}/edit", data=meeting_form(first, start_date="2030-04-30")
    ).get_data(as_text=True)
    values = form_values(page, action=f"/meetings/{first.id}/edit")

    values["start_date"] = "2030-06-18"
    again = client.post(f"/meetings/{first.id}/edit", data=values)

    assert again.status_code == 200
    assert "this meeting (no. 1) becomes no. 3" in again.get_data(as_text=True)
    assert (first.number, third.number) == (1, 3)


def test_moving_without_renumbering_saves_at_once(people, login_as):
    client = login_as(people.assistant)
    first = _scheduled(client, people.group, "2030-03-19")
    second = _scheduled(client, people.group, "2030-04-16")

    response = client.post(
        f"/meetings/{first.id}/edit", data=meeting_form(first, start_date="2030-04-02")
    )

    assert response.status_code == 302
    assert (first.number, second.number) == (1, 2)


def test_renumbered_meeting_invitees_get_an_update_with_the_new_number(
    people, login_as, smtp_server
):
    client = login_as(people.assistant)
    first = _scheduled(client, people.group, "2030-03-19")
    second = _scheduled(client, people.group, "2030-04-16")
    # Chair, member and observer are invited to each (the assistant organises).
    sent = smtp_server.wait_for(6)
    assert len(sent) == 6
    page = client.post(
        f"/meetings/{first.id}/edit", data=meeting_form(first, start_date="2030-05-21")
    ).get_data(as_text=True)

    client.post(
        f"/meetings/{first.id}/edit", data=form_values(page, action=f"/meetings/{first.id}/edit")
    )
    updates = smtp_server.wait_for(12)[6:]

    events = {(recipient(m), str(event_of(m)["UID"])): event_of(m) for m in updates}
    assert len(events) == 6
    renumbered = events[(people.member.email, second.uid)]
    assert str(renumbered["SUMMARY"]) == TITLE_1
    assert renumbered["SEQUENCE"] == 1
    moved = events[(people.member.email, first.uid)]
    assert (str(moved["SUMMARY"]), moved["SEQUENCE"]) == (TITLE_2, 1)
    assert second.sequence == 1


# --- a meeting held in the past, with its real number ---------------------------------------


def test_group_starting_at_its_10th_meeting_records_meetings_8_and_9(people, login_as):
    people.group.meeting_counter = 9  # "the number of the next meeting": 10
    db.session.flush()
    client = login_as(people.assistant)

    for day, number in (("2017-11-14", "8"), ("2018-01-16", "9")):
        response = client.post(
            "/meetings/new",
            data=_meeting_form(
                people.group, day, held_number=number, title=default_title(people.group, 10)
            ),
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    eighth, ninth = db.session.scalars(
        db.select(Meeting).where(Meeting.group_id == people.group.id).order_by(Meeting.number)
    ).all()
    tenth = _scheduled(client, people.group, "2030-03-20")

    assert [(m.number, m.status, m.title) for m in (eighth, ninth)] == [
        (8, MeetingStatus.HELD, "8. setkání pracovní skupiny Sociální služby"),
        (9, MeetingStatus.HELD, "9. setkání pracovní skupiny Sociální služby"),
    ]
    assert (tenth.number, tenth.title) == (10, "10. setkání pracovní skupiny Sociální služby")
    page = client.get(f"/meetings/{eighth.id}").get_data(as_text=True)
    assert "Meeting no. 8" in page


def test_held_meeting_keeps_its_number_when_a_meeting_to_come_moves(people, login_as):
    people.group.meeting_counter = 9
    db.session.flush()
    client = login_as(people.assistant)
    client.post("/meetings/new", data=_meeting_form(people.group, "2018-01-16", held_number="9"))
    held = db.session.scalars(db.select(Meeting).where(Meeting.number == 9)).one()
    tenth = _scheduled(client, people.group, "2030-03-20")
    eleventh = _scheduled(client, people.group, "2030-04-17")

    page = client.post(
        f"/meetings/{eleventh.id}/edit", data=meeting_form(eleventh, start_date="2030-02-13")
    ).get_data(as_text=True)
    client.post(
        f"/meetings/{eleventh.id}/edit",
        data=form_values(page, action=f"/meetings/{eleventh.id}/edit"),
    )

    assert (held.number, eleventh.number, tenth.number) == (9, 10, 11)


def test_past_number_already_borne_is_refused_with_a_clear_message(people, login_as):
    people.group.meeting_counter = 9
    db.session.flush()
    client = login_as(people.assistant)
    client.post("/meetings/new", data=_meeting_form(people.group, "2017-11-14", held_number="8"))

    response = client.post(
        "/meetings/new", data=_meeting_form(people.group, "2017-12-12", held_number="8")
    )

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert (
        "The group already has a meeting no. 8: 8. setkání pracovní skupiny Sociální služby."
        in page
    )
    assert 'value="2017-12-12"' in page
    assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 1


def test_past_number_above_those_given_is_refused(people, login_as):
    people.group.meeting_counter = 9
    db.session.flush()

    response = login_as(people.assistant).post(
        "/meetings/new", data=_meeting_form(people.group, "2017-11-14", held_number="12")
    )

    assert response.status_code == 200
    assert "Numbers from 10 on are given to meetings when they are scheduled." in (
        response.get_data(as_text=True)
    )


def test_number_for_a_meeting_to_come_is_refused(people, login_as):
    people.group.meeting_counter = 9
    db.session.flush()

    response = login_as(people.assistant).post(
        "/meetings/new", data=_meeting_form(people.group, "2030-11-14", held_number="8")
    )

    assert response.status_code == 200
    assert "Only a meeting held in the past is recorded with its number" in (
        response.get_data(as_text=True)
    )


def test_past_number_that_is_not_a_number_is_refused(people, login_as):
    people.group.meeting_counter = 9
    db.session.flush()

    response = login_as(people.assistant).post(
        "/meetings/new", data=_meeting_form(people.group, "2017-11-14", held_number="osm")
    )

    assert response.status_code == 200
    assert "Enter a whole number, for example 5." in response.get_data(as_text=True)


def test_new_meeting_form_offers_the_past_number_field_edit_form_does_not(people, login_as):
    client = login_as(people.assistant)
    meeting = _scheduled(client, people.group, "2030-03-19")

    new_page = client.get("/meetings/new").get_data(as_text=True)
    edit_page = client.get(f"/meetings/{meeting.id}/edit").get_data(as_text=True)

    assert "Number of a meeting held in the past" in new_page
    assert "Number of a meeting held in the past" not in edit_page
