"""Recurrence rules of meeting series (RFC 5545 RRULE), on local wall-clock time.

Pure functions: no database, no request (the description in words is in the active
language). A rule runs on naive local dates and times and the
zone is attached to each occurrence on its own, so 10:00 stays 10:00 across
daylight-saving changes. An UNTIL is kept as a local wall-clock time here; calendars get it
in UTC (``calendar.objects.calendar_rule``).
"""

from __future__ import annotations

import datetime as dt
import enum
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..i18n import WEEKDAY_NAMES, format_local_date

#: Most meetings one series holds.
MAX_OCCURRENCES = 60

#: RRULE day codes, Monday first as ``date.weekday()``.
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


WEEKDAY_LABELS = WEEKDAY_NAMES

#: BYDAY ordinal → its word ("every second Tuesday").
ORDINAL_WORDS = {
    "1": _l("first"),
    "2": _l("second"),
    "3": _l("third"),
    "4": _l("fourth"),
    "-1": _l("last"),
}


class SeriesFrequency(enum.StrEnum):
    #: Every N weeks on a weekday.
    WEEKLY = "weekly"
    #: Every month on the Nth (or last) weekday.
    MONTHLY = "monthly"


def build_rule(
    frequency: SeriesFrequency,
    weekday: int,
    *,
    interval: int = 1,
    ordinal: int = 1,
    count: int | None = None,
    until: dt.date | None = None,
) -> str:
    """An iCalendar RRULE, e.g. "FREQ=MONTHLY;BYDAY=+2TU;COUNT=6" (every second Tuesday,
    six times) or "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20301231T235959"."""
    day = RRULE_DAYS[weekday]
    if frequency == SeriesFrequency.WEEKLY:
        parts = ["FREQ=WEEKLY"]
        if interval > 1:
            parts.append(f"INTERVAL={interval}")
        parts.append(f"BYDAY={day}")
    else:
        parts = ["FREQ=MONTHLY", f"BYDAY={ordinal:+d}{day}"]
    if count is not None:
        parts.append(f"COUNT={count}")
    if until is not None:
        parts.append(f"UNTIL={until:%Y%m%d}T235959")
    return ";".join(parts)


def end_rule_before(rule: str, day: dt.date) -> str:
    """The rule stopped before ``day``: COUNT and UNTIL give way to an UNTIL at the end of
    the previous day (local time). For "cancel this and all following"."""
    parts = [
        part
        for part in rule.split(";")
        if part and not part.upper().startswith(("COUNT=", "UNTIL="))
    ]
    parts.append(f"UNTIL={day - dt.timedelta(days=1):%Y%m%d}T235959")
    return ";".join(parts)


def series_occurrences(
    rule: str, first_day: dt.date, start_time: dt.time, duration_minutes: int, zone: str
) -> list[tuple[dt.datetime, dt.datetime]]:
    """(start, end) of every occurrence, as aware UTC instants.

    The rule runs on local wall-clock dates and times (naive), and the zone is attached to
    each occurrence on its own: 10:00 stays 10:00 in ``zone`` across daylight-saving
    changes (never a fixed offset added to UTC). A start inside a skipped hour moves
    forward by the gap. At most MAX_OCCURRENCES + 1 are computed (so that "too many" can
    be told).
    """
    tz = ZoneInfo(zone)
    start = dt.datetime.combine(first_day, start_time)
    recurrence = rrulestr(rule, dtstart=start)
    length = dt.timedelta(minutes=duration_minutes)
    result = []
    for local in recurrence:
        result.append(
            (
                local.replace(tzinfo=tz).astimezone(dt.UTC),
                (local + length).replace(tzinfo=tz).astimezone(dt.UTC),
            )
        )
        if len(result) > MAX_OCCURRENCES:
            break
    return result


def describe_rule(rule: str) -> str:
    """The series' rule in words (active language), e.g. "Every second Tuesday of the
    month, 6 meetings"."""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    byday = parts.get("BYDAY", "")
    day_code = byday[-2:]
    if day_code not in RRULE_DAYS:
        return rule
    weekday = str(WEEKDAY_LABELS[RRULE_DAYS.index(day_code)])
    if parts.get("FREQ") == "MONTHLY":
        ordinal = ORDINAL_WORDS.get(str(int(byday[:-2] or 1)), byday[:-2])
        text = _("Every %(ordinal)s %(weekday)s of the month", ordinal=ordinal, weekday=weekday)
    elif parts.get("INTERVAL", "1") != "1":
        text = _("Every %(num)s weeks on %(weekday)s", num=parts["INTERVAL"], weekday=weekday)
    else:
        text = _("Every week on %(weekday)s", weekday=weekday)
    if "COUNT" in parts:
        text += ", " + _("%(num)s meetings", num=parts["COUNT"])
    elif "UNTIL" in parts:
        until = dt.datetime.strptime(parts["UNTIL"][:8], "%Y%m%d").date()
        text += ", " + _("until %(date)s", date=format_local_date(until))
    return text
