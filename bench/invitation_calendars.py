"""The calendar part of invitations to many people: each invitee's message carries the
meeting with the VTIMEZONE of its zone. Inviting a pasted list or a CSV of 500 people builds
500 such calendars in one request, so their cost is what that request waits for.

Measures, in-process and without a database, the median time to build one REQUEST calendar
(one VEVENT with organiser and attendee, the zone's VTIMEZONE from 1999 to the year after
the meeting) in each of the zones the product offers:

- ``memoised``: as the app does now: the VTIMEZONE read back from the memoised text;
- ``computed``: the observances computed again for every message (as before), by clearing
  the memo before each calendar.

    .venv/bin/python -m bench.invitation_calendars [--repeat 200]

Results: docs/performance.md ("Invitations to many people").
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from zoneinfo import ZoneInfo

ZONES = ["Europe/Prague", "Europe/Bratislava", "Europe/Budapest", "Europe/Riga"]


def _calendar(zone: str) -> bytes:
    from meetings.calendar.builder import AttendeeData, EventData, build_calendar

    start = dt.datetime(2031, 1, 21, 10, tzinfo=ZoneInfo(zone))
    data = EventData(
        uid="bench@meetings",
        sequence=0,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        timezone=zone,
        summary="12. setkání pracovní skupiny Sociální služby",
        location="ANNOLK, U Nisy 362/6, 460 01 Liberec",
        organizer_email="skupina@example.org",
        organizer_name="Sociální služby",
        attendees=[
            AttendeeData(
                email="jana@example.org",
                name="Jana Nováková",
                role="REQ-PARTICIPANT",
                partstat="NEEDS-ACTION",
                rsvp=True,
            )
        ],
    )
    return build_calendar([data], "REQUEST").to_ical()


def _median_ms(zone: str, repeat: int, *, memoised: bool) -> float:
    from meetings.calendar.timezones import vtimezone_ical

    times = []
    for _ in range(repeat):
        if not memoised:
            vtimezone_ical.cache_clear()
        started = time.perf_counter()
        _calendar(zone)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    print("| zone | computed (ms) | memoised (ms) | ratio |")
    print("|---|---:|---:|---:|")
    for zone in ZONES:
        _calendar(zone)  # imports and the memo warmed
        computed = _median_ms(zone, args.repeat, memoised=False)
        memoised = _median_ms(zone, args.repeat, memoised=True)
        print(f"| {zone} | {computed:.2f} | {memoised:.2f} | {computed / memoised:.1f}× |")


if __name__ == "__main__":
    main()
