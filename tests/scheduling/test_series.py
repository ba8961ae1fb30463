"""Series: a regular schedule creates meetings that keep their local time and live on alone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import Meeting
from meetings.scheduling.enums import MeetingStatus
from meetings.scheduling.recurrence import SeriesFrequency, build_rule, series_occurrences
from meetings.scheduling.series import SeriesData, create_series
from meetings.scheduling.workflow import transition_meeting

from .. import factories

UTC = dt.UTC
PRAGUE = ZoneInfo("Europe/Prague")


def _series_form(group, **values) -> dict:
    data = {
        "group_id": str(group.id),
        "frequency": "monthly",
        "ordinal": "2",
        "weekday": "1",
        "interval": "1",
        "first_day": "2030-09-01",
        "start_time": "10:00",
        "end_time": "12:00",
        "count": "3",
        "until": "",
        "title": "",
        "venue_id": "",
        "room": "",
        "online_url": "",
        "schedule": "y",
    }
    data.update(values)
    return data


def _meetings(group) -> list[Meeting]:
    return list(
        db.session.scalars(
            select(Meeting).where(Meeting.group_id == group.id).order_by(Meeting.starts_at)
        )
    )


def test_series_across_end_of_october_keeps_10_local(people, login_as):
    """A monthly series across the end of October keeps 10:00 Europe/Prague on both sides."""
    client = login_as(people.assistant)

    response = client.post("/meetings/series/new", data=_series_form(people.group))

    meetings = _meetings(people.group)
    assert response.status_code == 302
    # Second Tuesdays: 10 September and 8 October (CEST, UTC+2), 12 November (CET, UTC+1).
    assert [m.starts_at for m in meetings] == [
        dt.datetime(2030, 9, 10, 8, tzinfo=UTC),
        dt.datetime(2030, 10, 8, 8, tzinfo=UTC),
        dt.datetime(2030, 11, 12, 9, tzinfo=UTC),
    ]
    assert [m.starts_at.astimezone(PRAGUE).time() for m in meetings] == [dt.time(10)] * 3
    assert [m.ends_at.astimezone(PRAGUE).time() for m in meetings] == [dt.time(12)] * 3


def test_series_scheduled_numbers_in_date_order(people, login_as):
    people.group.meeting_counter = 9

    login_as(people.assistant).post("/meetings/series/new", data=_series_form(people.group))

    meetings = _meetings(people.group)
    assert [(m.status, m.number) for m in meetings] == [
        (MeetingStatus.SCHEDULED, 10),
        (MeetingStatus.SCHEDULED, 11),
        (MeetingStatus.SCHEDULED, 12),
    ]
    assert meetings[0].title == "10. setkání pracovní skupiny Sociální služby"
    assert meetings[2].title == "12. setkání pracovní skupiny Sociální služby"
    assert len({m.series_id for m in meetings}) == 1


def test_series_as_drafts_without_numbers(people, login_as):
    data = _series_form(people.group)
    del data["schedule"]

    login_as(people.assistant).post("/meetings/series/new", data=data)

    assert [(m.status, m.number) for m in _meetings(people.group)] == [
        (MeetingStatus.DRAFT, None)
    ] * 3


def test_series_meeting_edited_alone(people, login_as):
    client = login_as(people.assistant)
    client.post("/meetings/series/new", data=_series_form(people.group))
    first, second, third = _meetings(people.group)

    response = client.post(
        f"/meetings/{second.id}/edit",
        data={
            "group_id": str(people.group.id),
            "kind": "regular",
            "title": second.title,
            "start_date": "2030-10-09",
            "start_time": "13:00",
            "end_time": "14:30",
        },
    )
    transition_meeting(third, MeetingStatus.CANCELLED, actor=people.assistant, reason="Svátek")

    assert response.status_code == 302
    assert second.starts_at == dt.datetime(2030, 10, 9, 11, tzinfo=UTC)
    assert second.sequence == 1
    assert first.starts_at == dt.datetime(2030, 9, 10, 8, tzinfo=UTC)
    assert (first.sequence, first.status) == (0, MeetingStatus.SCHEDULED)
    assert third.status == MeetingStatus.CANCELLED
    assert first.series_id == second.series_id == third.series_id


def test_series_page_lists_its_meetings(people, login_as):
    client = login_as(people.chair)
    response = client.post("/meetings/series/new", data=_series_form(people.group))

    page = client.get(response.location).text

    assert page.count("setkání pracovní skupiny Sociální služby") >= 3


def test_series_weekly_every_second_week_until_date(people):
    rule = build_rule(SeriesFrequency.WEEKLY, 0, interval=2, until=dt.date(2030, 4, 15))

    occurrences = series_occurrences(rule, dt.date(2030, 3, 4), dt.time(9, 30), 90, "Europe/Prague")

    assert rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20300415T235959"
    assert [s.astimezone(PRAGUE).replace(tzinfo=None) for s, _e in occurrences] == [
        dt.datetime(2030, 3, 4, 9, 30),
        dt.datetime(2030, 3, 18, 9, 30),
        dt.datetime(2030, 4, 1, 9, 30),  # after the change to summer time
        dt.datetime(2030, 4, 15, 9, 30),
    ]


def test_series_monthly_last_friday(people):
    rule = build_rule(SeriesFrequency.MONTHLY, 4, ordinal=-1, count=2)

    occurrences = series_occurrences(rule, dt.date(2030, 1, 1), dt.time(10), 60, "Europe/Riga")

    assert rule == "FREQ=MONTHLY;BYDAY=-1FR;COUNT=2"
    assert [s for s, _e in occurrences] == [
        dt.datetime(2030, 1, 25, 8, tzinfo=UTC),
        dt.datetime(2030, 2, 22, 8, tzinfo=UTC),
    ]


def test_series_without_count_or_end_refused(people, login_as):
    response = login_as(people.assistant).post(
        "/meetings/series/new", data=_series_form(people.group, count="")
    )

    assert response.status_code == 200
    assert "Give the number of meetings or the date of the last one." in response.text
    assert _meetings(people.group) == []


def test_series_bad_input_keeps_typed_values(people, login_as):
    response = login_as(people.assistant).post(
        "/meetings/series/new",
        data=_series_form(people.group, count="abc", end_time="09:00", title="Porada"),
    )

    assert response.status_code == 200
    assert "Enter a whole number from 1 to 60." in response.text
    assert "The meetings must end after they start." in response.text
    assert 'value="abc"' in response.text
    assert 'value="Porada"' in response.text


def test_series_too_many_meetings_refused(people):
    data = SeriesData(
        group=people.group,
        rule="FREQ=WEEKLY;BYDAY=MO;COUNT=61",
        first_day=dt.date(2030, 1, 1),
        start_time=dt.time(10),
        duration_minutes=60,
    )

    with pytest.raises(ValueError):
        create_series(data, actor=None)

    assert _meetings(people.group) == []


def test_series_member_forbidden(people, login_as):
    assert login_as(people.member).get("/meetings/series/new").status_code == 403


def test_series_page_of_other_group_not_found(people, login_as):
    client = login_as(people.assistant)
    response = client.post("/meetings/series/new", data=_series_form(people.group))

    assert login_as(people.outsider).get(response.location).status_code == 404


def test_series_venue_used_for_every_meeting(people, login_as):
    venue = factories.make_venue("ANNOLK", room="zasedací místnost 2. patro")

    login_as(people.assistant).post(
        "/meetings/series/new", data=_series_form(people.group, venue_id=str(venue.id))
    )

    assert [m.room_name for m in _meetings(people.group)] == ["zasedací místnost 2. patro"] * 3


def test_series_page_describes_rule_in_words(people, login_as):
    client = login_as(people.assistant)
    response = client.post("/meetings/series/new", data=_series_form(people.group))

    page = client.get(response.location).text

    assert "Every second Tuesday of the month, 3 meetings" in page


# --- changing and cancelling "this and all following" / "the whole series" ------------------


def _edit_form(meeting, **values) -> dict:
    local = meeting.starts_at.astimezone(PRAGUE)
    data = {
        "group_id": str(meeting.group_id),
        "kind": "regular",
        "title": meeting.title,
        "start_date": f"{local:%Y-%m-%d}",
        "start_time": f"{local:%H:%M}",
        "end_time": f"{meeting.ends_at.astimezone(PRAGUE):%H:%M}",
        "venue_id": "",
        "room": "",
        "scope": "this",
    }
    data.update(values)
    return data


def _outbox_to(address: str) -> list:
    from email import message_from_bytes, policy

    from meetings.mail.models import OutgoingMessage

    rows = db.session.scalars(
        select(OutgoingMessage)
        .where(OutgoingMessage.recipient == address)
        .order_by(OutgoingMessage.id)
    ).all()
    return [message_from_bytes(r.raw, policy=policy.default) for r in rows]


def _events(message) -> list:
    from icalendar import Calendar

    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")


def test_series_edit_page_offers_the_three_scopes(people, login_as):
    client = login_as(people.assistant)
    client.post("/meetings/series/new", data=_series_form(people.group))
    second = _meetings(people.group)[1]

    page = client.get(f"/meetings/{second.id}/edit").text

    for label in (
        "This meeting only",
        "This meeting and all following ones of the series",
        "Every meeting of the series still to come",
    ):
        assert label in page


def test_series_this_and_following_moves_the_time_and_sends_one_update(people, login_as):
    client = login_as(people.assistant)
    client.post("/meetings/series/new", data=_series_form(people.group))
    first, second, third = _meetings(people.group)
    before = len(_outbox_to(people.member.email))

    response = client.post(
        f"/meetings/{second.id}/edit",
        data=_edit_form(second, start_time="14:00", end_time="16:00", scope="following"),
    )
    after = _outbox_to(people.member.email)[before:]

    assert response.status_code == 302
    assert [m.starts_at.astimezone(PRAGUE).time() for m in (first, second, third)] == [
        dt.time(10),
        dt.time(14),
        dt.time(14),
    ]
    assert [m.starts_at.astimezone(PRAGUE).date() for m in (second, third)] == [
        dt.date(2030, 10, 8),
        dt.date(2030, 11, 12),
    ]
    [update] = after
    events = _events(update)
    assert sorted(e["RECURRENCE-ID"].dt for e in events) == [
        second.recurrence_at,
        third.recurrence_at,
    ]
    assert {e.decoded("DTSTART").astimezone(PRAGUE).time() for e in events} == {dt.time(14)}


def test_series_whole_change_moves_the_rule_and_resends_the_series(people, login_as):
    client = login_as(people.assistant)
    client.post("/meetings/series/new", data=_series_form(people.group))
    first, second, third = _meetings(people.group)
    before = len(_outbox_to(people.member.email))

    client.post(
        f"/meetings/{third.id}/edit",
        data=_edit_form(third, start_time="09:00", end_time="11:00", scope="all"),
    )
    [resent] = _outbox_to(people.member.email)[before:]
    series = first.series

    assert (series.start_time, series.duration_minutes, series.sequence) == (dt.time(9), 120, 1)
    assert [m.recurrence_at.astimezone(PRAGUE).time() for m in (first, second, third)] == [
        dt.time(9)
    ] * 3
    masters = [e for e in _events(resent) if "RRULE" in e]
    assert [m["SEQUENCE"] for m in masters] == [1]
    assert len(_events(resent)) == 4


def test_series_date_change_for_the_following_is_refused_with_the_reason(people, login_as):
    client = login_as(people.assistant)
    client.post("/meetings/series/new", data=_series_form(people.group))
    second = _meetings(people.group)[1]
    start = second.starts_at

    response = client.post(
        f"/meetings/{second.id}/edit",
        data=_edit_form(second, start_date="2030-10-09", scope="following"),
    )

    assert response.status_code == 200
    assert "The date can be changed for this meeting only." in response.text
    assert 'value="2030-10-09"' in response.text
    assert second.starts_at == start


def test_series_cancel_this_and_following_ends_the_rule(people, login_as):
    client = login_as(people.assistant)
    client.post("/meetings/series/new", data=_series_form(people.group))
    first, second, third = _meetings(people.group)

    page = client.get(f"/meetings/{second.id}/cancel").text
    response = client.post(
        f"/meetings/{second.id}/cancel", data={"scope": "following", "reason": "Konec projektu."}
    )

    assert "This meeting and all following ones of the series" in page
    assert response.status_code == 302
    assert [m.status for m in (first, second, third)] == [
        MeetingStatus.SCHEDULED,
        MeetingStatus.CANCELLED,
        MeetingStatus.CANCELLED,
    ]
    assert first.series.rule == "FREQ=MONTHLY;BYDAY=+2TU;UNTIL=20301007T235959"
    assert {m.cancel_reason for m in (second, third)} == {"Konec projektu."}


def test_series_cancel_without_reason_changes_nothing(people, login_as):
    client = login_as(people.assistant)
    client.post("/meetings/series/new", data=_series_form(people.group))

    response = client.post(
        f"/meetings/{_meetings(people.group)[0].id}/cancel", data={"scope": "all", "reason": ""}
    )

    assert response.status_code == 200
    assert {m.status for m in _meetings(people.group)} == {MeetingStatus.SCHEDULED}


def test_series_drafts_scheduled_together_send_one_invitation_each(people, login_as):
    client = login_as(people.assistant)
    data = _series_form(people.group)
    del data["schedule"]
    response = client.post("/meetings/series/new", data=data)
    page = client.get(response.location).text

    scheduled = client.post(response.location + "/schedule")
    member_mail = _outbox_to(people.member.email)

    assert "Schedule them and send the invitations" in page
    assert scheduled.status_code == 302
    assert {m.status for m in _meetings(people.group)} == {MeetingStatus.SCHEDULED}
    [invitation] = member_mail
    assert len([e for e in _events(invitation) if "RRULE" in e]) == 1


def test_series_following_time_skipped_on_a_later_date_moves_forward_not_500(people, login_as):
    """Weekly on Sundays across 31 March 2030, when Prague's clocks skip 02:00–03:00."""
    client = login_as(people.assistant)
    client.post(
        "/meetings/series/new",
        data=_series_form(
            people.group,
            frequency="weekly",
            weekday="6",
            first_day="2030-03-24",
            start_time="10:00",
            end_time="11:00",
            count="2",
        ),
    )
    first, second = _meetings(people.group)

    response = client.post(
        f"/meetings/{first.id}/edit",
        data=_edit_form(first, start_time="02:30", end_time="04:00", scope="following"),
    )

    assert response.status_code == 302
    assert first.starts_at.astimezone(PRAGUE).time() == dt.time(2, 30)
    # 02:30 does not exist on 31 March: as the series' rule does, it moves forward an hour.
    assert second.starts_at.astimezone(PRAGUE) == dt.datetime(2030, 3, 31, 3, 30, tzinfo=PRAGUE)
    assert second.ends_at.astimezone(PRAGUE).time() == dt.time(4)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("count", "100000000000000000000", "Enter a whole number from 1 to 60."),
        ("count", "²", "Enter a whole number from 1 to 60."),
        ("count", "NaN", "Enter a whole number from 1 to 60."),
        ("interval", "1e309", "Enter a whole number from 1 to 52."),
        ("interval", "-1", "Enter a whole number from 1 to 52."),
        ("first_day", "0001-01-01", "Enter a date between 1900 and 2199."),
        ("until", "9999-12-31", "Enter a date between 1900 and 2199."),
    ],
)
def test_series_numbers_and_dates_out_of_range_are_refused_keeping_the_form(
    people, login_as, field, value, message
):
    response = login_as(people.assistant).post(
        "/meetings/series/new",
        data=_series_form(people.group, title="Porada", **{field: value}),
    )

    assert (response.status_code, message in response.text) == (200, True)
    assert f'value="{value}"' in response.text
    assert _meetings(people.group) == []
