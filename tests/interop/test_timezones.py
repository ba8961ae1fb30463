"""The VTIMEZONEs of meetings.calendar.timezones, read by calendar libraries other than ours.

Every parser must read the file's own VTIMEZONE, not a zone database of its own, and put
each meeting at the instant Python's zoneinfo gives:

- ical.js (Thunderbird) through tests/js/read_many.mjs, which registers the file's
  VTIMEZONEs with ICAL.TimezoneService as read_ics.mjs does, one Node process for all files;
- vobject, which turns a VTIMEZONE into a tzinfo with dateutil's tzical and registers it by
  TZID for the whole process, keeping the first one it saw: `_read_with_vobject` forgets
  them before each file;
- icalendar, whose ``Calendar.from_ical`` ignores a VTIMEZONE whose TZID zoneinfo knows:
  the tests use icalendar's own expansion of the component instead (its pytz provider's
  ``create_timezone``, built on ``Timezone.get_transitions``).

Plain functions, no Flask app and no database.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import zoneinfo
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import pytz
import vobject
import vobject.icalendar
from icalendar import Calendar, Event, Timezone
from icalendar.timezone import TZP

from meetings.calendar.timezones import vtimezone, vtimezone_ical

READ_MANY = Path(__file__).resolve().parent.parent / "js" / "read_many.mjs"
FIRST, LAST = 2017, 2030
#: The zones of the groups (and two neighbours with other DST histories: Lisbon, London).
ACCEPTANCE_ZONES = [
    "Europe/Prague",
    "Europe/Bratislava",
    "Europe/Budapest",
    "Europe/Riga",
    "Europe/Lisbon",
    "Europe/London",
    "Europe/Helsinki",
]
#: icalendar with its own reading of VTIMEZONE components (see the module docstring).
ICALENDAR_OWN = TZP("pytz")
#: UID → (start, end), as UTC instants in ical.js's notation.
Instants = dict[str, tuple[str, str]]


# --- helpers -------------------------------------------------------------------------


def _utc(moment: dt.datetime) -> str:
    """An instant as ical.js's toISOString() writes it."""
    return f"{moment.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%S}.000Z"


def _unambiguous(zone: ZoneInfo, local: dt.datetime) -> bool:
    """The wall-clock time happens exactly once (neither skipped nor repeated)."""
    return (
        local.replace(tzinfo=zone, fold=0).utcoffset()
        == local.replace(tzinfo=zone, fold=1).utcoffset()
    )


def _offset_changes(zone: ZoneInfo, year: int, last_year: int) -> list[dt.datetime]:
    """For each offset change, its wall-clock time in the offset before and in the one
    after; found here, not by the module under test: day by day, then to the second."""

    def offset(seconds: int) -> dt.timedelta | None:
        return dt.datetime.fromtimestamp(seconds, zone).utcoffset()

    lo = int(dt.datetime(year - 1, 12, 30, tzinfo=dt.UTC).timestamp())
    end = int(dt.datetime(last_year + 1, 1, 2, tzinfo=dt.UTC).timestamp())
    current, result = offset(lo), []
    while lo < end:
        hi = lo + 86_400
        while offset(hi) != current:
            low, high = lo, hi
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if offset(middle) == current else (low, middle)
            instant = dt.datetime.fromtimestamp(high, dt.UTC).replace(tzinfo=None)
            after = offset(high)
            assert current is not None and after is not None
            result += [instant + current, instant + after]
            current, lo = after, high
        lo = hi
    return result


def _meeting_times(name: str) -> list[dt.datetime]:
    """10:00 on the 15th of every month, and a minute before, at and after each offset
    change (wall clock before and after it), leaving out times that are skipped or repeated."""
    zone = ZoneInfo(name)
    times = {
        dt.datetime(year, month, 15, 10)
        for year in range(FIRST, LAST + 1)
        for month in range(1, 13)
    }
    for local in _offset_changes(zone, FIRST, LAST):
        times |= {local + dt.timedelta(minutes=step) for step in (-1, 0, 1)}
    return sorted(t for t in times if FIRST <= t.year <= LAST and _unambiguous(zone, t))


def _plain_calendar(zone: str, starts: list[dt.datetime]) -> str:
    """A PUBLISH calendar of one-moment events, written directly: icalendar would take
    longer than the parsers to write 600 calendars."""
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//meetings//tests//EN\r\nMETHOD:PUBLISH\r\n"
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:{index}@meetings.test\r\nDTSTAMP:20250101T000000Z\r\n"
        f"DTSTART;TZID={zone}:{start:%Y%m%dT%H%M%S}\r\nEND:VEVENT\r\n"
        for index, start in enumerate(starts)
    )
    return head + vtimezone_ical(zone, FIRST, LAST).decode() + events + "END:VCALENDAR\r\n"


def _monthly_calendar(zone: str, timezone: Timezone) -> bytes:
    """A meeting 10:00–12:00 on the last Sunday of every month, 2017–2030 (the day of the
    European DST changes), with the given VTIMEZONE."""
    calendar = Calendar()
    calendar.add("prodid", "-//meetings//tests//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(timezone)
    for start in _last_sundays():
        event = Event()
        event.add("uid", f"{start:%Y-%m}@meetings.test")
        event.add("dtstamp", dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
        event.add("summary", "Working group")
        event.add("dtstart", start.replace(tzinfo=ZoneInfo(zone)))
        event.add("dtend", (start + dt.timedelta(hours=2)).replace(tzinfo=ZoneInfo(zone)))
        calendar.add_component(event)
    return calendar.to_ical()


def _last_sundays() -> list[dt.datetime]:
    result = []
    for year in range(FIRST, LAST + 1):
        for month in range(1, 13):
            day = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
            day -= dt.timedelta(days=(day.weekday() + 1) % 7)
            result.append(dt.datetime.combine(day, dt.time(10)))
    return result


def _expected(zone: str) -> Instants:
    tz = ZoneInfo(zone)
    return {
        f"{start:%Y-%m}@meetings.test": (
            _utc(start.replace(tzinfo=tz)),
            _utc((start + dt.timedelta(hours=2)).replace(tzinfo=tz)),
        )
        for start in _last_sundays()
    }


def _read_with_vobject(text: str | bytes) -> vobject.base.Component:
    """The file as a fresh process's vobject reads it: vobject registers a VTIMEZONE only
    when its TZID is not registered yet, so a second file's zone of that name is ignored."""
    registry = vars(vobject.icalendar)["__tzidMap"]
    registry.clear()
    vobject.icalendar.registerTzid("UTC", vobject.icalendar.utc)
    return vobject.readOne(text.decode() if isinstance(text, bytes) else text)


def _vobject_instants(text: bytes, zone: str) -> Instants:
    calendar = _read_with_vobject(text)
    events = calendar.vevent_list
    # The file's VTIMEZONE, as dateutil's tzical made it, is what vobject attached.
    assert {repr(e.dtstart.value.tzinfo) for e in events} == {f"<tzicalvtz {zone!r}>"}
    return {e.uid.value: (_utc(e.dtstart.value), _utc(e.dtend.value)) for e in events}


def _icalendar_instants(text: bytes) -> Instants:
    calendar = Calendar.from_ical(text)
    (component,) = calendar.walk("VTIMEZONE")
    tz = ICALENDAR_OWN.create_timezone(component)
    result: Instants = {}
    for event in calendar.walk("VEVENT"):
        start, end = (event[name].dt.replace(tzinfo=None) for name in ("DTSTART", "DTEND"))
        result[str(event["UID"])] = (_utc(tz.localize(start)), _utc(tz.localize(end)))
    return result


def _icaljs_instants(result: list[dict]) -> Instants:
    return {event["uid"]: (event["start"], event["end"]) for event in result}


def _observances(component: Timezone) -> list[tuple[str, str]]:
    """Each observance as ("KIND DTSTART TZOFFSETFROM TZOFFSETTO TZNAME", "RRULE")."""
    result = []
    for sub in component.subcomponents:
        lines = sub.to_ical().decode().replace("\r\n ", "").split("\r\n")
        value = dict(line.split(":", 1) for line in lines if line)
        names = ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO", "TZNAME")
        result.append((" ".join([sub.name, *(value[n] for n in names)]), value.get("RRULE", "")))
    return result


@pytest.fixture(scope="module")
def read_many(icaljs) -> Callable[[list[str]], list[list[dict]]]:
    """A function: .ics texts → what ical.js reads from each (tests/js/read_many.mjs).
    Depends on the ``icaljs`` fixture only for its installation of ical.js."""
    node = shutil.which("node")
    assert node

    def read(texts: list[str]) -> list[list[dict]]:
        done = subprocess.run(
            [node, str(READ_MANY)],
            input=json.dumps(texts).encode(),
            capture_output=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        return json.loads(done.stdout)

    return read


# --- the shape of the output ---------------------------------------------------------


def test_prague_2017_2030_is_one_standard_and_one_daylight_rule_without_until():
    component = vtimezone("Europe/Prague", dt.date(2017, 1, 1), dt.date(2030, 12, 31))

    assert _observances(component) == [
        ("STANDARD 20161030T030000 +0200 +0100 CET", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"),
        ("DAYLIGHT 20170326T020000 +0100 +0200 CEST", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"),
    ]


def test_sao_paulo_2017_2022_dst_rules_end_with_until_after_brazil_abolished_dst():
    component = vtimezone("America/Sao_Paulo", dt.date(2017, 1, 1), dt.date(2022, 12, 31))

    assert _observances(component) == [
        (
            "DAYLIGHT 20161016T000000 -0300 -0200 -02",
            "FREQ=YEARLY;UNTIL=20171015T030000Z;BYDAY=3SU;BYMONTH=10",
        ),
        (
            "STANDARD 20170219T000000 -0200 -0300 -03",
            "FREQ=YEARLY;UNTIL=20190217T020000Z;BYDAY=3SU;BYMONTH=2",
        ),
        ("DAYLIGHT 20181104T000000 -0300 -0200 -02", ""),
    ]


def test_tokyo_is_one_standard_observance_since_its_last_change_in_1951():
    component = vtimezone("Asia/Tokyo", dt.date(2017, 1, 1), dt.date(2030, 12, 31))

    assert _observances(component) == [
        ("STANDARD 19510909T010000 +1000 +0900 JST", ""),
    ]


def test_zone_that_never_changed_is_one_standard_observance_from_1970():
    first, last = dt.date(2017, 1, 1), dt.date(2030, 12, 31)

    assert [_observances(vtimezone(zone, first, last)) for zone in ("UTC", "Etc/GMT+5")] == [
        [("STANDARD 19700101T000000 +0000 +0000 UTC", "")],
        [("STANDARD 19700101T000000 -0500 -0500 -05", "")],
    ]


def test_dublin_irish_summer_time_is_daylight_despite_negative_dst_in_the_tz_data():
    component = vtimezone("Europe/Dublin", dt.date(2017, 1, 1), dt.date(2030, 12, 31))

    assert _observances(component) == [
        ("STANDARD 20161030T020000 +0100 +0000 GMT", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"),
        ("DAYLIGHT 20170326T010000 +0000 +0100 IST", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"),
    ]


def test_until_east_of_utc_is_the_local_time_so_dateutil_keeps_the_last_change():
    """Apia's DST ended in 2021. The last DST start, 2020-09-27 03:00 at +13, is 14:00Z
    the day before; dateutil reads UNTIL as a wall-clock time, so UNTIL is 03:00Z."""
    component = vtimezone("Pacific/Apia", dt.date(2017, 1, 1), dt.date(2030, 12, 31))

    assert _observances(component) == [
        (
            "DAYLIGHT 20160925T030000 +1300 +1400 +14",
            "FREQ=YEARLY;UNTIL=20200927T030000Z;BYDAY=-1SU;BYMONTH=9",
        ),
        (
            "STANDARD 20170402T040000 +1400 +1300 +13",
            "FREQ=YEARLY;UNTIL=20210404T040000Z;BYDAY=1SU;BYMONTH=4",
        ),
    ]


def test_jerusalem_dst_start_on_the_friday_from_23_march_is_one_rule():
    """Israel starts DST on the Friday before the last Sunday of March, which is neither an
    nth nor a last Friday: the rule names the seven days that Friday falls on."""
    component = vtimezone("Asia/Jerusalem", dt.date(2017, 1, 1), dt.date(2030, 12, 31))

    assert _observances(component) == [
        ("STANDARD 20161030T020000 +0300 +0200 IST", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"),
        (
            "DAYLIGHT 20170324T020000 +0200 +0300 IDT",
            "FREQ=YEARLY;BYDAY=FR;BYMONTHDAY=23,24,25,26,27,28,29;BYMONTH=3",
        ),
    ]


def test_rdate_lines_never_hold_several_values_in_any_zone():
    lines = [
        line
        for zone in sorted(zoneinfo.available_timezones())
        for line in vtimezone_ical(zone, FIRST, LAST).split(b"\r\n")
        if line.startswith(b"RDATE") and b"," in line
    ]

    assert lines == []


def test_vtimezone_is_the_same_bytes_every_time():
    first, last = dt.date(2017, 1, 1), dt.date(2030, 12, 31)
    made = [vtimezone("Asia/Gaza", first, last).to_ical() for _ in range(2)]

    assert made == [vtimezone_ical("Asia/Gaza", 2017, 2030)] * 2


def test_vtimezone_with_first_after_last_is_refused():
    with pytest.raises(ValueError):
        vtimezone("Europe/Prague", dt.date(2030, 1, 1), dt.date(2017, 1, 1))


# --- the groups' zones: ical.js, vobject and icalendar ---------------------------------


@pytest.fixture(scope="module")
def monthly(read_many) -> dict[str, dict[str, Instants]]:
    """For each acceptance zone: what each parser reads from the monthly calendar."""
    texts = {
        zone: _monthly_calendar(zone, vtimezone(zone, dt.date(FIRST, 1, 1), dt.date(LAST, 12, 31)))
        for zone in ACCEPTANCE_ZONES
    }
    icaljs = read_many([text.decode() for text in texts.values()])
    return {
        zone: {
            "ical.js": _icaljs_instants(read),
            "vobject": _vobject_instants(text, zone),
            "icalendar": _icalendar_instants(text),
        }
        for (zone, text), read in zip(texts.items(), icaljs, strict=True)
    }


@pytest.mark.parametrize("zone", ACCEPTANCE_ZONES)
def test_monthly_meetings_read_alike_in_icaljs_vobject_and_icalendar(monthly, zone):
    expected = _expected(zone)

    assert monthly[zone] == {"ical.js": expected, "vobject": expected, "icalendar": expected}


def test_vtimezone_without_daylight_moves_summer_meetings_in_every_parser(read_many):
    """The check above can fail: each parser really uses the file's rules."""
    zone = "Europe/Prague"
    stripped = vtimezone(zone, dt.date(FIRST, 1, 1), dt.date(LAST, 12, 31))
    stripped.subcomponents = [s for s in stripped.subcomponents if s.name == "STANDARD"]
    text = _monthly_calendar(zone, stripped)
    expected = _expected(zone)
    read = {
        "ical.js": _icaljs_instants(read_many([text.decode()])[0]),
        "vobject": _vobject_instants(text, zone),
        "icalendar": _icalendar_instants(text),
    }

    summer = {
        f"{start:%Y-%m}@meetings.test"
        for start in _last_sundays()
        if start.replace(tzinfo=ZoneInfo(zone)).dst()
    }
    moved = {
        name: {uid for uid in expected if got[uid] != expected[uid]} for name, got in read.items()
    }
    assert moved == {"ical.js": summer, "vobject": summer, "icalendar": summer}


def test_vobject_without_forgetting_keeps_the_first_vtimezone_of_a_tzid():
    """Why _read_with_vobject empties vobject's registry first."""
    zone = "Europe/Prague"
    good = vtimezone(zone, dt.date(FIRST, 1, 1), dt.date(LAST, 12, 31))
    stripped = vtimezone(zone, dt.date(FIRST, 1, 1), dt.date(LAST, 12, 31))
    stripped.subcomponents = [s for s in stripped.subcomponents if s.name == "STANDARD"]
    _read_with_vobject(_monthly_calendar(zone, good))

    calendar = vobject.readOne(_monthly_calendar(zone, stripped).decode())

    read = {e.uid.value: (_utc(e.dtstart.value), _utc(e.dtend.value)) for e in calendar.vevent_list}
    assert read == _expected(zone)


# --- every zone ---------------------------------------------------------------------


@dataclass
class EveryZone:
    zones: list[str]
    times: dict[str, list[dt.datetime]]
    texts: dict[str, str]
    #: ical.js's reading, done by Node in the background while Python reads the rest.
    icaljs: Future[list[list[dict]]]


@pytest.fixture(scope="module")
def every_zone(read_many) -> Iterator[EveryZone]:
    zones = sorted(zoneinfo.available_timezones())
    times = {zone: _meeting_times(zone) for zone in zones}
    texts = {zone: _plain_calendar(zone, times[zone]) for zone in zones}
    with ThreadPoolExecutor(max_workers=1) as pool:
        yield EveryZone(zones, times, texts, pool.submit(read_many, list(texts.values())))


def _utc_alike(zone: str) -> bool:
    """The VTIMEZONE says UTC+0 throughout (Africa/Abidjan, Atlantic/Reykjavik, Etc/UTC …)."""
    return set(re.findall(rb"TZOFFSETTO:(\S+)", vtimezone_ical(zone, FIRST, LAST))) == {b"+0000"}


def test_every_zone_reads_in_vobject_as_in_zoneinfo(every_zone):
    """vobject registers a parsed VTIMEZONE only when it differs from UTC (it compares
    2000–2020); for the UTC+0 zones it looks the TZID up in pytz instead, which agrees,
    and for "Factory" and "localtime", which pytz lacks, it reads the times as floating:
    no instant to compare. Those are vobject's limits, not the file's."""
    wrong, not_registered, floating = {}, set(), set()
    for zone in every_zone.zones:
        times = every_zone.times[zone]
        # Parsing one event is enough: vobject attaches the same tzinfo to every TZID=zone.
        calendar = _read_with_vobject(_plain_calendar(zone, times[:1]))
        tzinfo = calendar.vevent.dtstart.value.tzinfo
        if repr(tzinfo) != f"<tzicalvtz {zone!r}>":
            not_registered.add(zone)
        if tzinfo is None:
            floating.add(zone)
            continue
        tz = ZoneInfo(zone)
        got = [_utc(t.replace(tzinfo=tzinfo)) for t in times]
        missed = [
            (str(t), g) for t, g in zip(times, got, strict=True) if g != _utc(t.replace(tzinfo=tz))
        ]
        if missed:
            wrong[zone] = missed[:3]

    assert wrong == {}
    utc_alike = {zone for zone in every_zone.zones if _utc_alike(zone)}
    assert not_registered == utc_alike
    assert floating == {zone for zone in utc_alike if zone not in pytz.all_timezones_set}


def test_every_zone_reads_in_icalendar_as_in_zoneinfo(every_zone):
    wrong = {}
    for zone in every_zone.zones:
        own = ICALENDAR_OWN.create_timezone(Timezone.from_ical(vtimezone_ical(zone, FIRST, LAST)))
        tz = ZoneInfo(zone)
        missed = [
            str(t)
            for t in every_zone.times[zone]
            if _utc(own.localize(t)) != _utc(t.replace(tzinfo=tz))
        ]
        if missed:
            wrong[zone] = missed[:3]

    assert wrong == {}


def test_every_zone_reads_in_icaljs_as_in_zoneinfo(every_zone):
    """Last in the file, so that Node has been reading while the tests above ran."""
    wrong = {}
    for zone, events in zip(every_zone.zones, every_zone.icaljs.result(), strict=True):
        tz = ZoneInfo(zone)
        got = [(e["start"], e["zone"]) for e in events]
        expected = [(_utc(t.replace(tzinfo=tz)), zone) for t in every_zone.times[zone]]
        missed = [
            (str(t), g)
            for t, g, e in zip(every_zone.times[zone], got, expected, strict=True)
            if g != e
        ]
        if missed:
            wrong[zone] = missed[:3]

    assert wrong == {}
