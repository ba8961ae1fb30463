"""The "Add to calendar" download: a real iCalendar file, read back with icalendar."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar
from sqlalchemy import select

from meetings.calendar.builder import build_calendar, calendar_bytes, event_data
from meetings.extensions import db
from meetings.models import Meeting, WorkingGroup
from meetings.scheduling.enums import MeetingStatus

from .. import factories


def _meeting(slug: str, number: int) -> Meeting:
    return db.session.scalars(
        select(Meeting)
        .join(Meeting.group)
        .where(WorkingGroup.slug == slug, Meeting.number == number)
    ).one()


def _user(email: str):
    from meetings.models import User

    return db.session.scalars(select(User).where(User.email == email)).one()


def _download(client, meeting: Meeting):
    response = client.get(f"/meetings/{meeting.id}.ics")
    assert response.status_code == 200
    return response, Calendar.from_ical(response.data)


def test_meeting_ics_is_a_publish_calendar_with_the_zone_and_its_vtimezone(demo, login_as):
    client = login_as(_user("member@demo.example"))
    meeting = _meeting("pzlk-socialni-sluzby", 10)

    response, calendar = _download(client, meeting)
    [event] = calendar.walk("VEVENT")
    [timezone] = calendar.walk("VTIMEZONE")

    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="pzlk-socialni-sluzby-10.ics"'
    )
    assert (str(calendar["METHOD"]), str(calendar["VERSION"])) == ("PUBLISH", "2.0")
    assert "PRODID" in calendar
    assert str(event["UID"]) == meeting.uid
    assert event["SEQUENCE"] == meeting.sequence
    assert event["DTSTART"].params["TZID"] == "Europe/Prague"
    assert event.decoded("DTSTART") == dt.datetime(
        2018, 3, 20, 10, tzinfo=event.decoded("DTSTART").tzinfo
    )
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(hours=1)
    assert event.decoded("DTEND").astimezone(dt.UTC) == meeting.ends_at
    assert str(timezone["TZID"]) == "Europe/Prague"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["SUMMARY"]) == "10. setkání Odborné pracovní skupiny Sociální služby"
    assert str(event["URL"]) == f"http://meetings.test/meetings/{meeting.id}"
    assert "DTSTAMP" in event


def test_meeting_ics_uid_is_stable_across_downloads(demo, login_as):
    client = login_as(_user("member@demo.example"))
    meeting = _meeting("pzlk-socialni-sluzby", 10)

    _, first = _download(client, meeting)
    _, second = _download(client, meeting)

    assert [str(e["UID"]) for e in first.walk("VEVENT")] == [
        str(e["UID"]) for e in second.walk("VEVENT")
    ]
    assert str(first.walk("VEVENT")[0]["UID"]) == meeting.uid


def test_meeting_ics_location_keeps_the_czech_room_intact(demo, login_as):
    client = login_as(_user("member@demo.example"))

    response, calendar = _download(client, _meeting("pzlk-socialni-sluzby", 10))
    [event] = calendar.walk("VEVENT")

    assert str(event["LOCATION"]) == (
        "ANNOLK, U Nisy 362/6, 460 01 Liberec, zasedací místnost 2. patro"
    )
    # Commas are escaped in the file, not lost.
    unfolded = response.data.replace(b"\r\n ", b"").decode()
    assert "LOCATION:ANNOLK\\, U Nisy 362/6\\, 460 01 Liberec\\, zasedací místnost 2. patro" in (
        unfolded
    )


def test_meeting_ics_keeps_hungarian_text_intact_for_visitors(demo, client):
    meeting = _meeting("vas-szocialis-gondoskodas", 1)

    _, calendar = _download(client, meeting)
    [event] = calendar.walk("VEVENT")
    [timezone] = calendar.walk("VTIMEZONE")

    assert str(event["SUMMARY"]) == "Munkacsoport ülés – Szociális gondoskodás"
    assert "Vas Megyei Önkormányzat" in str(event["DESCRIPTION"])
    assert event["DTSTART"].params["TZID"] == "Europe/Budapest"
    assert str(timezone["TZID"]) == "Europe/Budapest"
    assert str(event["URL"]) == f"http://meetings.test/events/{meeting.id}"


def test_meeting_ics_raw_lines_are_crlf_and_at_most_75_octets(demo, client):
    meeting = _meeting("pzlk-socialni-sluzby", 12)
    meeting.description = "Společné setkání všech pracovních skupin Paktu zaměstnanosti " * 8

    response = client.get(f"/meetings/{meeting.id}.ics")
    raw = response.data

    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # long lines were folded
    for line in lines:
        line.decode("utf-8")  # no line ends inside a character


def test_meeting_ics_description_has_the_published_agenda(demo, client):
    meeting = _meeting("pzlk-socialni-sluzby", 12)

    _, calendar = _download(client, meeting)
    description = str(calendar.walk("VEVENT")[0]["DESCRIPTION"])

    assert "Agenda:" in description
    assert "09:30 1. Planetárium – komentované představení" in description
    assert "2. Společné zasedání pracovních skupin" in description


def test_meeting_ics_description_leaves_out_an_unpublished_agenda(demo, login_as):
    meeting = _meeting("pzlk-socialni-sluzby", 12)
    meeting.agenda_published_at = None

    _, calendar = _download(login_as(_user("assistant@demo.example")), meeting)

    assert "Planetárium" not in str(calendar.walk("VEVENT")[0]["DESCRIPTION"])


def test_meeting_ics_escapes_commas_semicolons_and_newlines(people, login_as):
    meeting = factories.make_meeting(
        people.group, title="Porada; body: a, b", description="První řádek\nDruhý; řádek, konec"
    )

    response, calendar = _download(login_as(people.member), meeting)
    [event] = calendar.walk("VEVENT")

    assert str(event["SUMMARY"]) == "Porada; body: a, b"
    assert str(event["DESCRIPTION"]).endswith("První řádek\nDruhý; řádek, konec")
    assert b"SUMMARY:Porada\\; body: a\\, b" in response.data


def test_meeting_ics_of_a_cancelled_meeting_has_status_cancelled(people, login_as):
    meeting = factories.make_meeting(
        people.group, status=MeetingStatus.CANCELLED, cancel_reason="Nemoc"
    )

    _, calendar = _download(login_as(people.member), meeting)

    assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


def test_meeting_ics_names_the_groups_contact_as_organizer(people, login_as):
    people.group.contact_email = "socialni.sluzby@example.org"
    meeting = factories.make_meeting(people.group)

    _, calendar = _download(login_as(people.member), meeting)
    organizer = calendar.walk("VEVENT")[0]["ORGANIZER"]

    assert (str(organizer), organizer.params["CN"]) == (
        "mailto:socialni.sluzby@example.org",
        "Sociální služby",
    )


def test_meeting_ics_has_no_organizer_without_a_contact_address(people, login_as):
    meeting = factories.make_meeting(people.group)

    _, calendar = _download(login_as(people.member), meeting)

    assert "ORGANIZER" not in calendar.walk("VEVENT")[0]


def test_meeting_ics_of_a_members_only_meeting_is_not_found_for_an_outsider(people, login_as):
    meeting = factories.make_meeting(people.group)

    assert login_as(people.outsider).get(f"/meetings/{meeting.id}.ics").status_code == 404


def test_meeting_ics_of_a_members_only_meeting_asks_a_visitor_to_sign_in(people, client):
    meeting = factories.make_meeting(people.group)

    response = client.get(f"/meetings/{meeting.id}.ics")

    assert (response.status_code, response.location.split("?")[0]) == (302, "/auth/sign-in")


def test_meeting_ics_of_a_draft_is_refused_to_members(people, login_as):
    draft = factories.make_meeting(people.group, status=MeetingStatus.DRAFT)

    assert login_as(people.member).get(f"/meetings/{draft.id}.ics").status_code == 403
    assert login_as(people.assistant).get(f"/meetings/{draft.id}.ics").status_code == 200


def test_meeting_ics_of_an_unknown_meeting_is_not_found(db_session, client):
    assert client.get("/meetings/999999.ics").status_code == 404


def test_build_calendar_holds_several_events_and_one_vtimezone_per_zone(people, app):
    prague = factories.make_meeting(people.group)
    budapest = factories.make_meeting(people.other_group)
    again = factories.make_meeting(
        people.group, factories.local_time("Europe/Prague", 2030, 7, 1, 9)
    )

    with app.test_request_context():
        calendar = Calendar.from_ical(
            calendar_bytes([prague, budapest, event_data(again)], name="Kalendář")
        )

    assert sorted(str(e["UID"]) for e in calendar.walk("VEVENT")) == sorted(
        [prague.uid, budapest.uid, again.uid]
    )
    assert sorted(str(t["TZID"]) for t in calendar.walk("VTIMEZONE")) == [
        "Europe/Budapest",
        "Europe/Prague",
    ]
    assert str(calendar["X-WR-CALNAME"]) == "Kalendář"


def test_build_calendar_refuses_an_unknown_method(people, app):
    with app.test_request_context(), pytest.raises(ValueError):
        build_calendar([], "REPLY")
