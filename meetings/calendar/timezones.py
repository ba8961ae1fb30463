"""VTIMEZONE components that every calendar program reads the same way.

icalendar's ``Calendar.add_missing_timezones`` writes several transition dates on one
RDATE line; ical.js (Thunderbird) and vobject read only the first of them, so a feed
spanning more than a year showed summer meetings an hour off. Here the offset changes
come from :mod:`zoneinfo` and are written as calendar programs write them: one
observance per yearly rule (RRULE, with UNTIL when the rule ends), one observance with
only DTSTART per irregular change, never a multi-valued RDATE.

Besides "nth weekday", "last weekday" and "fixed day" rules, a rule may name the seven days
its weekday falls on (BYDAY=FR;BYMONTHDAY=23,...,29: Israel's "Friday from 23 March",
Palestine's "Saturday up to the 30th"), as in RFC 5545's own RRULE examples.

ical.js drops the seconds of UTC offsets; the few zones whose offsets had seconds used them
before 1972, so from 1972 on every parser reads these components alike.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass
from typing import NamedTuple
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

__all__ = ["vtimezone", "vtimezone_ical"]

#: Step of the forward scan for offset changes. The shortest-lived offset in the tz
#: database since 1900 lasted four days (Africa/Freetown, 1939); since 1970, seven.
_STEP = 86_400
#: Step of the backward search for the last change before the span. Only the offset at
#: the start of the span must be right; a blip shorter than this before the span only
#: moves the first DTSTART further back.
_BACK_STEP = 30 * 86_400
#: The tz database has no offset change before this (local mean time ends from the 1830s).
_FLOOR = int(dt.datetime(1800, 1, 1, tzinfo=dt.UTC).timestamp())
#: Years past the span scanned to learn whether a rule goes on (then it gets no UNTIL).
_LOOKAHEAD_YEARS = 3
#: DTSTART of the only observance of a zone that never changed (as Thunderbird writes it).
_EARLY = dt.datetime(1970, 1, 1)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: Days every instance of the month has: a weekday window must fit in each year.
_SHORTEST_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class _Pattern(NamedTuple):
    """How a run's dates recur: "last" weekday of the month; the weekday in the "window"
    day..day+6 (the nth weekday when day = 7n-6); or a fixed "day" of the month."""

    kind: str
    day: int  #: first day of the window, the fixed day; 0 for "last"
    weekday: int  #: 0 = Monday; -1 for a fixed day


@dataclass(frozen=True, slots=True)
class _Change:
    """One change of the UTC offset."""

    at: dt.datetime  #: the instant, in UTC
    before: dt.timedelta
    after: dt.timedelta
    name: str  #: the abbreviation after the change
    dst_before: dt.timedelta  #: zoneinfo's dst() before and after the change
    dst_after: dt.timedelta

    @property
    def local(self) -> dt.datetime:
        """DTSTART: the wall-clock time at the change, read in the offset before it."""
        return (self.at + self.before).replace(tzinfo=None)


@dataclass(slots=True)
class _Run:
    """Changes in consecutive years that one yearly RRULE describes."""

    changes: list[_Change]
    daylight: bool
    patterns: set[_Pattern]


def vtimezone(zone: str, first: dt.date, last: dt.date) -> Timezone:
    """A VTIMEZONE for IANA ``zone`` that is correct for every instant from ``first`` to
    ``last`` (inclusive, local dates)."""
    if first > last:
        raise ValueError(f"first ({first}) is after last ({last})")
    component = Timezone()
    component.add("tzid", zone)
    for observance in _observances(zone, first, last):
        component.add_component(observance)
    return component


@functools.lru_cache(maxsize=1024)
def vtimezone_ical(zone: str, first_year: int, last_year: int) -> bytes:
    """The same as serialised bytes (CRLF, folded, as icalendar's to_ical() writes a
    component), covering 1 January first_year to 31 December last_year; memoised with
    functools.lru_cache (pure function of tzdata, so a per-process memo is fine)."""
    return vtimezone(zone, dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)).to_ical()


def vtimezone_for_years(zone: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE covering the years, as a fresh component (a calendar may take it), read
    from the memoised bytes: computing the observances takes far longer than reading them
    back, and an invitation to hundreds of people needs the same one for each."""
    return Timezone.from_ical(vtimezone_ical(zone, first_year, last_year))


def _observances(
    zone: str, first: dt.date, last: dt.date
) -> list[TimezoneStandard | TimezoneDaylight]:
    """The observances in order: the one in effect at the start of the span (from its
    last change before the span), then those starting within it."""
    tz = ZoneInfo(zone)
    # A day's margin either side covers every UTC offset (they stay within ±14 hours).
    start = int(dt.datetime.combine(first, dt.time(), dt.UTC).timestamp()) - 86_400
    horizon = last.year + _LOOKAHEAD_YEARS
    # One more year than the runs need, so the last change of the horizon has a neighbour.
    scan_until = int(dt.datetime(horizon + 2, 1, 2, tzinfo=dt.UTC).timestamp())
    previous = _last_change_before(tz, start)
    changes = ([previous] if previous else []) + _changes(tz, start, scan_until)
    kinds = [(c, _daylight(changes, i)) for i, c in enumerate(changes) if c.local.year <= horizon]
    result: list[tuple[dt.datetime, TimezoneStandard | TimezoneDaylight]] = []
    if previous is None:
        moment = dt.datetime.fromtimestamp(start, tz)
        offset, name = moment.utcoffset(), moment.tzname()
        # Narrows the types only: an aware datetime of a ZoneInfo always has both.
        assert offset is not None and name is not None  # noqa: S101
        early = min(_EARLY, dt.datetime(max(first.year - 1, 1), 1, 1))
        instant = early.replace(tzinfo=dt.UTC) - offset
        result.append((instant, _observance(False, early, offset, offset, name)))
    for run in _runs(kinds):
        head = run.changes[0]
        if head.local.date() > last:
            continue
        if len(run.changes) < 2:
            result.append((head.at, _from_change(run.daylight, head, previous)))
            continue
        observance = _from_change(run.daylight, head, previous)
        rule: dict[str, object] = {"FREQ": "YEARLY", "BYMONTH": head.local.month}
        rule.update(_rule_days(_preferred(run.patterns)))
        tail = run.changes[-1]
        if tail.local.year < horizon:
            # RFC 5545 wants UNTIL in UTC, but dateutil (so vobject and icalendar's
            # tzical) compares it with the local DTSTART times as if both were local:
            # the later of the two readings keeps the last change for everyone.
            rule["UNTIL"] = max(tail.at, tail.local.replace(tzinfo=dt.UTC))
        observance.add("rrule", vRecur(rule))
        result.append((head.at, observance))
    result.sort(key=lambda pair: pair[0])
    return [observance for _, observance in result]


def _from_change(
    daylight: bool, change: _Change, previous: _Change | None
) -> TimezoneStandard | TimezoneDaylight:
    before = change.before
    if change is previous and before % dt.timedelta(minutes=1):
        # Local mean time before the span has seconds, which ical.js and Outlook drop:
        # whole minutes move only that long-past change, by under half a minute.
        before = dt.timedelta(minutes=round(before / dt.timedelta(minutes=1)))
    return _observance(daylight, change.local, before, change.after, change.name)


def _observance(
    daylight: bool, start: dt.datetime, before: dt.timedelta, after: dt.timedelta, name: str
) -> TimezoneStandard | TimezoneDaylight:
    observance = TimezoneDaylight() if daylight else TimezoneStandard()
    observance.add("dtstart", start)
    observance.add("tzoffsetfrom", before)
    observance.add("tzoffsetto", after)
    observance.add("tzname", name)
    return observance


def _state(tz: ZoneInfo, ts: int) -> tuple[dt.timedelta, dt.timedelta, str]:
    moment = dt.datetime.fromtimestamp(ts, tz)
    offset, dst, name = moment.utcoffset(), moment.dst(), moment.tzname()
    # Narrows the types only: an aware datetime of a ZoneInfo always has all three.
    assert offset is not None and dst is not None and name is not None  # noqa: S101
    return offset, dst, name


def _change(tz: ZoneInfo, lo: int, hi: int) -> tuple[_Change, int]:
    """The first offset change in (lo, hi], given that the offsets at lo and hi differ;
    and its instant in seconds."""
    offset, dst, _ = _state(tz, lo)
    while hi - lo > 1:
        middle = (lo + hi) // 2
        if _state(tz, middle)[0] == offset:
            lo = middle
        else:
            hi = middle
    after, dst_after, name = _state(tz, hi)
    at = dt.datetime.fromtimestamp(hi, dt.UTC)
    return _Change(at, offset, after, name, dst, dst_after), hi


def _changes(tz: ZoneInfo, start: int, end: int) -> list[_Change]:
    """Every offset change in (start, end]; changes that only rename are no changes."""
    result = []
    offset = _state(tz, start)[0]
    lo = start
    while lo < end:
        hi = min(lo + _STEP, end)
        target = dt.datetime.fromtimestamp(hi, tz).utcoffset()
        while offset != target:
            change, lo = _change(tz, lo, hi)
            result.append(change)
            offset = change.after
        lo = hi
    return result


def _last_change_before(tz: ZoneInfo, start: int) -> _Change | None:
    offset = _state(tz, start)[0]
    hi = start
    while hi > _FLOOR:
        lo = max(hi - _BACK_STEP, _FLOOR)
        if _state(tz, lo)[0] != offset:
            return _changes(tz, lo, hi)[-1]
        hi = lo
    return None


def _daylight(changes: list[_Change], index: int) -> bool:
    """Whether the offset that ``changes[index]`` brings is the larger half of a DST pair:
    zoneinfo calls it DST, or it lies between two spells of Dublin-style negative DST
    (the Irish summer, which calendar programs expect as DAYLIGHT). A lasting change,
    such as Namibia leaving negative DST in 2017, is STANDARD."""
    change = changes[index]
    if change.dst_after != dt.timedelta(0):
        return change.dst_after > dt.timedelta(0)
    following = changes[index + 1].dst_after if index + 1 < len(changes) else dt.timedelta(0)
    return change.dst_before < dt.timedelta(0) and following < dt.timedelta(0)


def _patterns(day: dt.date) -> set[_Pattern]:
    weekday = day.weekday()
    result = {_Pattern("day", day.day, -1)}
    if day.day + 7 > calendar.monthrange(day.year, day.month)[1]:
        result.add(_Pattern("last", 0, weekday))
    for first_day in range(max(1, day.day - 6), day.day + 1):
        if first_day + 6 <= _SHORTEST_MONTH[day.month]:
            result.add(_Pattern("window", first_day, weekday))
    return result


def _preferred(patterns: set[_Pattern]) -> _Pattern:
    """The way tz rules are usually written: last weekday, nth weekday, weekday in another
    window, fixed day. (A long run leaves one pattern; a short one may fit several.)"""

    def rank(pattern: _Pattern) -> tuple[int, int]:
        if pattern.kind == "window":
            return (1 if pattern.day % 7 == 1 else 2, pattern.day)
        return (0 if pattern.kind == "last" else 3, pattern.day)

    return min(patterns, key=rank)


def _rule_days(pattern: _Pattern) -> dict[str, object]:
    weekday = _WEEKDAYS[pattern.weekday]
    if pattern.kind == "last":
        return {"BYDAY": f"-1{weekday}"}
    if pattern.kind == "day":
        return {"BYMONTHDAY": pattern.day}
    if pattern.day % 7 == 1:
        return {"BYDAY": f"{pattern.day // 7 + 1}{weekday}"}
    return {"BYMONTHDAY": list(range(pattern.day, pattern.day + 7)), "BYDAY": weekday}


def _runs(changes: list[tuple[_Change, bool]]) -> list[_Run]:
    """Changes (with whether each is DAYLIGHT) grouped into runs: same month, wall-clock
    time, offsets, abbreviation and kind, in consecutive years, on dates one pattern
    describes."""
    runs: list[_Run] = []
    open_runs: dict[tuple[object, ...], _Run] = {}
    for change, daylight in changes:
        local = change.local
        key = (local.month, local.time(), change.before, change.after, change.name, daylight)
        patterns = _patterns(local.date())
        run = open_runs.get(key)
        if run and run.changes[-1].local.year == local.year - 1 and run.patterns & patterns:
            run.changes.append(change)
            run.patterns &= patterns
            continue
        run = _Run([change], daylight, patterns)
        runs.append(run)
        open_runs[key] = run
    return runs
