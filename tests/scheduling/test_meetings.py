"""Creating, editing, numbering and the status workflow of meetings, through the pages and
the services."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.groups.enums import Language, Role
from meetings.models import Meeting
from meetings.scheduling.enums import MeetingKind, MeetingStatus
from meetings.scheduling.numbering import default_title, is_default_title
from meetings.scheduling.workflow import TransitionError, transition_meeting

from .. import factories

UTC = dt.UTC


def _form(group, **values) -> dict:
    data = {
        "group_id": str(group.id),
        "kind": "regular",
        "title": "",
        "start_date": "2030-03-19",
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


def _only_meeting(group) -> Meeting:
    return db.session.scalars(select(Meeting).where(Meeting.group_id == group.id)).one()


# --- creating -------------------------------------------------------------------------------


def test_create_meeting_is_draft_without_number(people, login_as):
    people.group.meeting_counter = 9
    client = login_as(people.assistant)

    response = client.post("/meetings/new", data=_form(people.group))

    meeting = _only_meeting(people.group)
    assert response.status_code == 302
    assert response.location == f"/meetings/{meeting.id}"
    assert (meeting.status, meeting.number) == (MeetingStatus.DRAFT, None)
    assert meeting.title == "10. setkání pracovní skupiny Sociální služby"
    assert meeting.starts_at == dt.datetime(2030, 3, 19, 9, tzinfo=UTC)  # 10:00 in Prague
    assert meeting.ends_at == dt.datetime(2030, 3, 19, 11, tzinfo=UTC)
    assert meeting.timezone == "Europe/Prague"
    assert meeting.created_by_id == people.assistant.id


def test_create_meeting_form_prefills_numbered_title(people, login_as):
    people.group.meeting_counter = 9

    response = login_as(people.chair).get(f"/meetings/new?group={people.group.id}")

    assert response.status_code == 200
    assert 'value="10. setkání pracovní skupiny Sociální služby"' in response.text


def test_create_meeting_times_in_group_zone(people, login_as):
    group = factories.make_group("Szociális", timezone="Europe/Budapest", language=Language.HU)
    factories.add_member(people.assistant, group, factories.Role.ASSISTANT)

    login_as(people.assistant).post(
        "/meetings/new", data=_form(group, start_date="2030-07-01", start_time="09:30")
    )

    meeting = _only_meeting(group)
    assert meeting.starts_at == dt.datetime(2030, 7, 1, 7, 30, tzinfo=UTC)
    assert meeting.timezone == "Europe/Budapest"


def test_create_meeting_for_group_not_managed_refused(people, login_as):
    client = login_as(people.assistant)

    response = client.post("/meetings/new", data=_form(people.other_group, title="Cizí"))

    assert response.status_code == 200
    assert "Choose a group you manage." in response.text
    assert 'value="Cizí"' in response.text
    assert db.session.scalars(select(Meeting)).all() == []


def test_create_meeting_member_forbidden(people, login_as):
    assert login_as(people.member).get("/meetings/new").status_code == 403


@pytest.mark.parametrize(
    ("values", "message", "kept"),
    [
        ({"group_id": "999999"}, "Choose a group you manage.", None),
        ({"group_id": "abc"}, "Choose a group you manage.", None),
        ({"venue_id": "999999"}, "Choose one of the venues in the list.", None),
        ({"organiser_id": "x"}, "Choose one of the organisations in the list.", None),
        ({"kind": "party"}, "Choose the kind of meeting.", None),
        ({"end_time": "09:00"}, "The meeting must end after it starts.", 'value="09:00"'),
        ({"start_time": "25:99"}, "Enter a time of day, for example 10:00.", 'value="25:99"'),
        ({"start_date": "31.2.2030"}, "Enter a date, for example 2018-03-20.", 'value="31.2.2030"'),
        (
            {"start_date": "2030-03-31", "start_time": "02:30"},
            "This time does not exist on that day in Prague",
            'value="02:30"',
        ),
        ({"kind": "joint"}, "A joint meeting needs at least one other group.", None),
        ({"online_url": "meet dot example"}, "Enter a web address starting with https://", None),
        ({"extra_group_ids": "999999"}, "Choose the other groups from the list.", None),
    ],
)
def test_create_meeting_bad_input_gives_message(people, login_as, values, message, kept):
    client = login_as(people.assistant)

    response = client.post("/meetings/new", data=_form(people.group, title="Můj název", **values))

    assert response.status_code == 200
    assert message in response.text
    assert 'value="Můj název"' in response.text
    if kept:
        assert kept in response.text
    assert db.session.scalars(select(Meeting)).all() == []


def test_create_joint_meeting_with_other_group_proposes_it(people, login_as):
    """A public group the assistant does not run is asked, not added: it takes part once
    one of its managers accepts (tests/scheduling/test_joint_proposals.py)."""
    factories.make_group("Zaměstnanost", slug="zamestnanost")  # not visible to the assistant
    public = factories.make_group("Otevřená skupina", slug="otevrena", is_public=True)
    client = login_as(people.assistant)

    response = client.post(
        "/meetings/new", data=_form(people.group, kind="joint", extra_group_ids=[str(public.id)])
    )

    meeting = _only_meeting(people.group)
    assert response.status_code == 302
    assert (meeting.kind, meeting.extra_groups) == (MeetingKind.JOINT, [])
    assert [(p.group, p.state) for p in meeting.joint_proposals] == [(public, "proposed")]


def test_create_joint_meeting_with_group_the_assistant_runs_joins_directly(people, login_as):
    factories.add_member(people.assistant, people.other_group, Role.ASSISTANT)
    client = login_as(people.assistant)

    client.post(
        "/meetings/new",
        data=_form(people.group, kind="joint", extra_group_ids=[str(people.other_group.id)]),
    )

    meeting = _only_meeting(people.group)
    assert (meeting.extra_groups, meeting.joint_proposals) == ([people.other_group], [])


def test_create_meeting_description_rendered_as_markdown(people, login_as):
    client = login_as(people.assistant)
    client.post("/meetings/new", data=_form(people.group, description="**Důležité** <script>"))

    page = client.get(f"/meetings/{_only_meeting(people.group).id}").text

    assert "<strong>Důležité</strong>" in page
    assert "<script>" not in page


# --- numbering ------------------------------------------------------------------------------


def test_schedule_meeting_number_is_next_in_group(people, login_as):
    people.group.meeting_counter = 9
    draft = factories.make_meeting(
        people.group, status=MeetingStatus.DRAFT, title=default_title(people.group, 10)
    )
    client = login_as(people.assistant)

    response = client.post(f"/meetings/{draft.id}/schedule")

    assert response.status_code == 302
    assert (draft.status, draft.number) == (MeetingStatus.SCHEDULED, 10)
    assert people.group.meeting_counter == 10
    assert "The meeting is scheduled as meeting no. 10." in client.get(response.location).text


def test_schedule_meeting_renumbers_default_title(people):
    people.group.meeting_counter = 9
    first = factories.make_meeting(
        people.group, status=MeetingStatus.DRAFT, title=default_title(people.group, 10)
    )
    second = factories.make_meeting(
        people.group, status=MeetingStatus.DRAFT, title=default_title(people.group, 10)
    )
    own = factories.make_meeting(people.group, status=MeetingStatus.DRAFT, title="Kulatý stůl")

    for meeting in (second, first, own):
        transition_meeting(meeting, MeetingStatus.SCHEDULED, actor=people.assistant)

    assert [(m.number, m.title) for m in (second, first, own)] == [
        (10, "10. setkání pracovní skupiny Sociální služby"),
        (11, "11. setkání pracovní skupiny Sociální služby"),
        (12, "Kulatý stůl"),
    ]


def test_cancelled_meeting_number_never_reused(people):
    first = factories.make_meeting(people.group, status=MeetingStatus.DRAFT)
    second = factories.make_meeting(people.group, status=MeetingStatus.DRAFT)
    transition_meeting(first, MeetingStatus.SCHEDULED, actor=people.assistant)

    transition_meeting(first, MeetingStatus.CANCELLED, actor=people.assistant, reason="Nemoc")
    transition_meeting(second, MeetingStatus.SCHEDULED, actor=people.assistant)

    assert (first.status, first.number, first.cancel_reason) == (
        MeetingStatus.CANCELLED,
        1,
        "Nemoc",
    )
    assert second.number == 2


def test_schedule_meeting_numbers_per_group(people):
    ours = factories.make_meeting(people.group, status=MeetingStatus.DRAFT)
    theirs = factories.make_meeting(people.other_group, status=MeetingStatus.DRAFT)
    people.group.meeting_counter = 4

    transition_meeting(ours, MeetingStatus.SCHEDULED, actor=None)
    transition_meeting(theirs, MeetingStatus.SCHEDULED, actor=None)

    assert (ours.number, theirs.number) == (5, 1)


# --- the workflow ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "target", "message"),
    [
        (MeetingStatus.HELD, MeetingStatus.DRAFT, "A held meeting cannot become draft."),
        (
            MeetingStatus.CANCELLED,
            MeetingStatus.SCHEDULED,
            "A cancelled meeting cannot become scheduled.",
        ),
        (MeetingStatus.DRAFT, MeetingStatus.HELD, "A draft meeting cannot become held."),
        (MeetingStatus.SCHEDULED, MeetingStatus.DRAFT, "A scheduled meeting cannot become draft."),
        (MeetingStatus.HELD, MeetingStatus.CANCELLED, "A held meeting cannot become cancelled."),
        (MeetingStatus.SCHEDULED, MeetingStatus.SCHEDULED, "The meeting is already scheduled."),
    ],
)
def test_transition_impossible_refused(people, start, target, message):
    meeting = factories.make_meeting(people.group, status=start)
    number = meeting.number

    with pytest.raises(TransitionError) as refused:
        transition_meeting(meeting, target, actor=people.assistant, reason="Důvod")

    assert str(refused.value.message) == message
    assert (meeting.status, meeting.number) == (start, number)


def test_mark_held_before_start_refused(people, login_as):
    meeting = factories.make_meeting(people.group)  # 2030
    client = login_as(people.chair)

    response = client.post(f"/meetings/{meeting.id}/held", follow_redirects=True)

    assert meeting.status == MeetingStatus.SCHEDULED
    assert "A meeting can be marked as held only once it has begun." in response.text


def test_mark_held_after_start(people, login_as):
    meeting = factories.make_meeting(
        people.group, starts_at=factories.local_time("Europe/Prague", 2018, 3, 20, 10)
    )

    response = login_as(people.assistant).post(f"/meetings/{meeting.id}/held")

    assert response.status_code == 302
    assert meeting.status == MeetingStatus.HELD


def test_schedule_held_meeting_refused_with_message(people, login_as):
    meeting = factories.make_meeting(
        people.group,
        status=MeetingStatus.HELD,
        starts_at=factories.local_time("Europe/Prague", 2018, 3, 20, 10),
    )

    response = login_as(people.assistant).post(
        f"/meetings/{meeting.id}/schedule", follow_redirects=True
    )

    assert response.status_code == 200
    assert "A held meeting cannot become scheduled." in response.text
    assert meeting.status == MeetingStatus.HELD


def test_cancel_requires_reason(people, login_as):
    meeting = factories.make_meeting(people.group)
    client = login_as(people.assistant)

    response = client.post(f"/meetings/{meeting.id}/cancel", data={"reason": "   "})

    assert response.status_code == 200
    assert "Give a reason for the cancellation; participants see it." in response.text
    assert meeting.status == MeetingStatus.SCHEDULED


def test_cancel_requires_reason_in_service(people):
    meeting = factories.make_meeting(people.group)

    with pytest.raises(TransitionError) as refused:
        transition_meeting(meeting, MeetingStatus.CANCELLED, actor=None, reason=None)

    assert str(refused.value.message) == "Give a reason for the cancellation; participants see it."


def test_cancel_with_reason_shown_on_meeting_page(people, login_as):
    meeting = factories.make_meeting(people.group)
    client = login_as(people.assistant)

    response = client.post(
        f"/meetings/{meeting.id}/cancel", data={"reason": "Předsedkyně je nemocná."}
    )

    assert response.status_code == 302
    assert (meeting.status, meeting.cancel_reason) == (
        MeetingStatus.CANCELLED,
        "Předsedkyně je nemocná.",
    )
    assert "Předsedkyně je nemocná." in login_as(people.member).get(response.location).text


def test_cancel_page_of_held_meeting_says_why(people, login_as):
    meeting = factories.make_meeting(
        people.group,
        status=MeetingStatus.HELD,
        starts_at=factories.local_time("Europe/Prague", 2018, 3, 20, 10),
    )
    client = login_as(people.assistant)

    response = client.post(f"/meetings/{meeting.id}/cancel", data={"reason": "Pozdě"})

    assert response.status_code == 200
    assert "A held meeting cannot become cancelled." in response.text
    assert meeting.status == MeetingStatus.HELD


# --- editing --------------------------------------------------------------------------------


def test_edit_scheduled_meeting_move_increments_sequence(people, login_as):
    venue = factories.make_venue("ANNOLK", room="zasedací místnost 2. patro")
    meeting = factories.make_meeting(
        people.group, starts_at=factories.local_time("Europe/Prague", 2030, 3, 19, 10), venue=venue
    )
    client = login_as(people.assistant)

    response = client.post(
        f"/meetings/{meeting.id}/edit",
        data=_form(
            people.group,
            title=meeting.title,
            start_time="13:00",
            end_time="15:00",
            venue_id=str(venue.id),
        ),
    )

    assert response.status_code == 302
    assert meeting.starts_at == dt.datetime(2030, 3, 19, 12, tzinfo=UTC)
    assert meeting.sequence == 1


def test_edit_scheduled_meeting_description_keeps_sequence(people, login_as):
    meeting = factories.make_meeting(
        people.group, starts_at=factories.local_time("Europe/Prague", 2030, 3, 19, 10)
    )
    client = login_as(people.assistant)

    client.post(
        f"/meetings/{meeting.id}/edit",
        data=_form(people.group, title="Nový název", description="Program doplníme."),
    )

    assert (meeting.title, meeting.sequence) == ("Nový název", 0)


def test_edit_draft_move_keeps_sequence(people, login_as):
    meeting = factories.make_meeting(people.group, status=MeetingStatus.DRAFT)

    login_as(people.assistant).post(
        f"/meetings/{meeting.id}/edit", data=_form(people.group, title="Koncept")
    )

    assert (meeting.starts_at, meeting.sequence) == (dt.datetime(2030, 3, 19, 9, tzinfo=UTC), 0)


def test_edit_form_shows_times_in_meeting_zone(people, login_as):
    meeting = factories.make_meeting(
        people.other_group, starts_at=factories.local_time("Europe/Budapest", 2030, 7, 1, 9, 30)
    )
    factories.add_member(people.assistant, people.other_group, factories.Role.ASSISTANT)

    page = login_as(people.assistant).get(f"/meetings/{meeting.id}/edit").text

    assert 'value="2030-07-01"' in page
    assert 'value="09:30"' in page


def test_edit_numbered_meeting_keeps_host_group(people, login_as):
    second = factories.make_group("Druhá skupina", slug="druha")
    factories.add_member(people.assistant, second, factories.Role.ASSISTANT)
    meeting = factories.make_meeting(
        people.group, starts_at=factories.local_time("Europe/Prague", 2030, 3, 19, 10)
    )

    login_as(people.assistant).post(
        f"/meetings/{meeting.id}/edit", data=_form(second, title=meeting.title)
    )

    assert meeting.group_id == people.group.id


def test_meeting_page_shows_actions_to_managers_only(people, login_as):
    meeting = factories.make_meeting(people.group, status=MeetingStatus.DRAFT)

    chair_page = login_as(people.chair).get(f"/meetings/{meeting.id}").text
    transition_meeting(meeting, MeetingStatus.SCHEDULED, actor=None)
    member_page = login_as(people.member).get(f"/meetings/{meeting.id}").text

    assert f'action="/meetings/{meeting.id}/schedule"' in chair_page
    assert f'href="/meetings/{meeting.id}/edit"' in chair_page
    assert f"/meetings/{meeting.id}/edit" not in member_page
    assert f"/meetings/{meeting.id}/cancel" not in member_page


def test_joint_meeting_programme_shows_responsible_group(people, login_as):
    from meetings.models import AgendaItem

    meeting = factories.make_meeting(
        people.group,
        kind=MeetingKind.JOINT,
        extra_groups=[people.other_group],
        agenda_published_at=dt.datetime(2029, 12, 1, tzinfo=UTC),
    )
    db.session.add(
        AgendaItem(
            meeting=meeting, position=0, title="Zahájení", responsible_group=people.other_group
        )
    )
    db.session.flush()

    page = login_as(people.member).get(f"/meetings/{meeting.id}").text

    assert "Responsible: Szociális gondoskodás" in page


# --- titles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "name", "title"),
    [
        (Language.CS, "Sociální služby", "10. setkání pracovní skupiny Sociální služby"),
        (Language.SK, "Sociálne služby", "10. zasadnutie pracovnej skupiny Sociálne služby"),
        (Language.HU, "Szociális gondoskodás", "A Szociális gondoskodás munkacsoport 10. ülése"),
        (Language.HU, "Egészségügy", "Az Egészségügy munkacsoport 10. ülése"),
        (Language.HU, "Önkormányzati", "Az Önkormányzati munkacsoport 10. ülése"),
        (Language.LV, "Sociālo pakalpojumu", "Sociālo pakalpojumu darba grupas 10. sanāksme"),
        (
            Language.CS,
            "Odborná pracovní skupina Sociální služby",
            "10. setkání Odborné pracovní skupiny Sociální služby",
        ),
        (
            Language.CS,
            "Pracovní skupina pro zaměstnanost",
            "10. setkání pracovní skupiny pro zaměstnanost",
        ),
        (
            Language.SK,
            "Odborná pracovná skupina Sociálne služby",
            "10. zasadnutie Odbornej pracovnej skupiny Sociálne služby",
        ),
        (
            Language.CS,
            "Krajská odborná pracovní skupina",
            "10. setkání Krajské odborné pracovní skupiny",
        ),
        (Language.HU, "Szociális munkacsoport", "A Szociális munkacsoport 10. ülése"),
        (
            Language.LV,
            "Sociālo pakalpojumu darba grupa",
            "Sociālo pakalpojumu darba grupas 10. sanāksme",
        ),
        (
            Language.EN,
            "Social Services working group",
            "10th meeting of the Social Services working group",
        ),
    ],
)
def test_default_title_in_group_language(db_session, language, name, title):
    group = factories.make_group(name, language=language)

    assert default_title(group, 10) == title
    assert is_default_title(group, default_title(group, 7)) is True


@pytest.mark.parametrize(
    ("number", "ordinal"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (11, "11th"), (12, "12th"), (21, "21st"), (112, "112th")],
)
def test_default_title_english_ordinal(db_session, number, ordinal):
    group = factories.make_group("Employment pact", language=Language.EN)

    assert default_title(group, number) == f"{ordinal} meeting of the Employment pact"


def test_create_meeting_title_of_other_group_replaced(people, login_as):
    second = factories.make_group("Zaměstnanost", slug="zamestnanost")
    factories.add_member(people.assistant, second, factories.Role.ASSISTANT)
    second.meeting_counter = 4
    prefilled = default_title(people.group, 1)  # prefilled for the first group

    login_as(people.assistant).post("/meetings/new", data=_form(second, title=prefilled))

    assert _only_meeting(second).title == "5. setkání pracovní skupiny Zaměstnanost"


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01"])
def test_create_meeting_far_outside_the_calendar_years_is_refused_keeping_the_form(
    people, login_as, date
):
    client = login_as(people.assistant)

    response = client.post(
        "/meetings/new", data=_form(people.group, title="Přespříliš", start_date=date)
    )
    page = response.get_data(as_text=True)

    assert response.status_code == 200  # the form again, as for any other mistake
    assert "Enter a date between 1900 and 2199." in page
    assert 'value="Přespříliš"' in page
    assert (
        db.session.scalars(select(Meeting).where(Meeting.group_id == people.group.id)).all() == []
    )
