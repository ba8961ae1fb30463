"""The month grid: weeks as rows (Monday first), the person's groups' meetings in their day."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import re
from zoneinfo import ZoneInfo

from meetings.groups.enums import Role
from meetings.scheduling.enums import MeetingKind, MeetingStatus
from meetings.scheduling.listings import month_grid

from .. import factories
from ..conftest import count_queries


def _day_cell(page: str, day: int) -> str:
    """The HTML of the table cell for ``day`` of the shown month."""
    cells = re.findall(r'<td class="[^"]*">(.*?)</td>', page, flags=re.S)
    for cell in cells:
        number = re.search(r'<div class="day-number">(?:<strong[^>]*>)?(\d+)', cell)
        if number and int(number.group(1)) == day and "outside" not in cell:
            return cell
    raise AssertionError(f"no cell for day {day}")


def test_month_grid_weeks_monday_first(people):
    grid = month_grid(people.member, 2030, 3)

    assert grid.weeks[0][0].day == dt.date(2030, 2, 25)  # a Monday
    assert [len(week) for week in grid.weeks] == [7] * len(grid.weeks)
    assert grid.weeks[-1][-1].day == dt.date(2030, 3, 31)  # a Sunday
    assert (grid.previous, grid.next) == ((2030, 2), (2030, 4))


def test_month_grid_shows_joint_meeting_to_both_groups(people, login_as):
    joint = factories.make_meeting(
        people.group,
        starts_at=factories.local_time("Europe/Prague", 2030, 3, 19, 10),
        kind=MeetingKind.JOINT,
        extra_groups=[people.other_group],
        title="Společné setkání pracovních skupin",
    )

    host_page = login_as(people.member).get("/calendar/month?year=2030&month=3").text
    guest_page = login_as(people.outsider).get("/calendar/month?year=2030&month=3").text

    for page in (host_page, guest_page):
        cell = _day_cell(page, 19)
        assert f'href="/meetings/{joint.id}"' in cell
        assert "Společné setkání pracovních skupin" in cell
        assert "10:00" in cell


def test_month_grid_hides_other_groups_meetings(people, login_as):
    theirs = factories.make_meeting(
        people.other_group, starts_at=factories.local_time("Europe/Budapest", 2030, 3, 19, 10)
    )

    page = login_as(people.member).get("/calendar/month?year=2030&month=3").text

    assert f"/meetings/{theirs.id}" not in page


def test_month_grid_drafts_only_for_managers(people, login_as):
    draft = factories.make_meeting(
        people.group,
        status=MeetingStatus.DRAFT,
        starts_at=factories.local_time("Europe/Prague", 2030, 3, 5, 10),
    )

    member_page = login_as(people.member).get("/calendar/month?year=2030&month=3").text
    assistant_page = login_as(people.assistant).get("/calendar/month?year=2030&month=3").text

    assert f"/meetings/{draft.id}" not in member_page
    assert f"/meetings/{draft.id}" in _day_cell(assistant_page, 5)


def test_month_grid_day_in_meeting_zone(people):
    # 23:30 in Riga on 31 March is 22:30 in Prague, still 31 March: placed by its own zone.
    riga = factories.make_group("Rīgas grupa", timezone="Europe/Riga")
    factories.add_member(people.member, riga, Role.MEMBER)
    meeting = factories.make_meeting(
        riga, starts_at=factories.local_time("Europe/Riga", 2030, 4, 1, 0, 30), hours=1
    )

    grid = month_grid(people.member, 2030, 4)

    cell = next(c for week in grid.weeks for c in week if c.day == dt.date(2030, 4, 1))
    assert cell.meetings == [meeting]


def _shown_month(page: str) -> tuple[str, list[int], list[str]]:
    """The month's heading, the day numbers of its own cells, and the days marked today."""
    heading = re.search(r"<h1>(.*?)</h1>", page, flags=re.S).group(1).strip()
    cells = re.findall(
        r'<td class="([^"]*)">\s*<div class="day-number">(?:<strong[^>]*>)?(\d+)', page
    )
    days = [int(day) for classes, day in cells if "outside-month" not in classes]
    today = re.findall(r'<strong aria-label="Today">(\d+)</strong>', page)
    return heading, days, today


def _month_view(day: dt.date) -> tuple[str, list[int], list[str]]:
    """What the month view of ``day``'s month shows in English, ``day`` marked today."""
    days_in_month = pycalendar.monthrange(day.year, day.month)[1]
    heading = f"{pycalendar.month_name[day.month]} {day.year}"
    return heading, list(range(1, days_in_month + 1)), [str(day.day)]


def test_month_grid_bad_parameters_show_current_month(people, login_as):
    people.member.locale = "en"
    client = login_as(people.member)
    prague = ZoneInfo("Europe/Prague")  # the site's zone: the member chose none

    march = _shown_month(client.get("/calendar/month?year=2030&month=3").text)
    assert march[:2] == ("March 2030", list(range(1, 32)))

    for query in ("year=abc&month=3", "year=2030&month=13", "year=99999&month=1", ""):
        before = dt.datetime.now(prague).date()
        response = client.get(f"/calendar/month?{query}")
        after = dt.datetime.now(prague).date()

        assert response.status_code == 200, query
        # Today's month (either side of a midnight passing during the request).
        assert _shown_month(response.text) in (_month_view(before), _month_view(after)), query


def test_month_grid_links_previous_and_next(people, login_as):
    page = login_as(people.member).get("/calendar/month?year=2030&month=12").text

    assert 'href="/calendar/month?year=2030&amp;month=11"' in page
    assert 'href="/calendar/month?year=2031&amp;month=1"' in page


def test_month_grid_constant_queries(app, people, login_as):
    client = login_as(people.member)

    def queries() -> int:
        with count_queries(app) as counter:
            assert client.get("/calendar/month?year=2030&month=3").status_code == 200
        return counter.count

    factories.make_meeting(
        people.group, starts_at=factories.local_time("Europe/Prague", 2030, 3, 2, 10)
    )
    few = queries()
    for day in range(3, 28):
        factories.make_meeting(
            people.group if day % 2 else people.other_group,
            starts_at=factories.local_time("Europe/Prague", 2030, 3, day, 10),
            kind=MeetingKind.JOINT,
            extra_groups=[people.other_group if day % 2 else people.group],
            venue=factories.make_venue(f"Místo {day}"),
        )
    many = queries()

    assert many == few


def test_calendar_links_month_view_and_new_meeting_for_managers(people, login_as):
    assistant_page = login_as(people.assistant).get("/calendar").text
    member_page = login_as(people.member).get("/calendar").text

    assert 'href="/calendar/month"' in assistant_page
    assert 'href="/meetings/new"' in assistant_page
    assert 'href="/calendar/month"' in member_page
    assert 'href="/meetings/new"' not in member_page
