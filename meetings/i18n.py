"""Which language and time zone a page, a message or a document is rendered in."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from babel.core import get_global
from flask import current_app, has_request_context, request, session
from flask_babel import force_locale as _babel_force_locale
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_login import current_user


def site_name() -> str:
    """The installation's name: MEETINGS_SITE_NAME when set, else "Working groups" in the
    current language (the page's, or the recipient's inside ``force_locale``)."""
    return current_app.config.get("SITE_NAME") or gettext("Working groups")


def available_locales() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """The person's preference, then a choice made in this browser, then Accept-Language."""
    languages = available_locales()
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def select_timezone() -> str:
    if has_request_context() and current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


@contextmanager
def force_locale(locale: str | None) -> Iterator[None]:
    """Render mail, calendar text or a PDF in the recipient's or the group's language."""
    languages = available_locales()
    chosen = locale if locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]
    with _babel_force_locale(chosen):
        yield


#: Weekday names, Monday first as ``date.weekday()``.
WEEKDAY_NAMES = (
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
)


class GrammaticalGender(enum.StrEnum):
    """How a person is spoken of where the language tells a woman from a man (Czech
    "předsedkyně" and "předseda", Latvian "priekšsēdētāja" and "priekšsēdētājs")."""

    FEMININE = "feminine"
    MASCULINE = "masculine"


class GenderedLabel(NamedTuple):
    """A role or attendance label in three forms: the neutral one ("Předseda /
    předsedkyně", "Přítomen/a") where the person's gender is not known, else theirs.

    The gendered forms are translated in the contexts "woman" and "man"; languages that
    do not tell them apart (Hungarian, English) give all three the same words."""

    neutral: LazyString
    feminine: LazyString
    masculine: LazyString

    def of(self, gender: str | None) -> str:
        if gender == GrammaticalGender.FEMININE:
            return str(self.feminine)
        if gender == GrammaticalGender.MASCULINE:
            return str(self.masculine)
        return str(self.neutral)

    def __str__(self) -> str:
        return str(self.neutral)


#: Each language named in itself, for the language menu.
LANGUAGE_NAMES = {
    "en": "English",
    "cs": "Čeština",
    "sk": "Slovenčina",
    "hu": "Magyar",
    "lv": "Latviešu",
}


def language_names() -> list[tuple[str, str]]:
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in available_locales()]


def _locale() -> str:
    """The locale for formatting; English as used in Europe (24-hour clock, day first)."""
    locale = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    return "en_GB" if locale == "en" else locale


def in_zone(value: dt.datetime, zone: str | None) -> dt.datetime:
    """The instant as wall-clock time in ``zone`` (the meeting's, the group's)."""
    return value.astimezone(ZoneInfo(zone or current_app.config["BABEL_DEFAULT_TIMEZONE"]))


def format_local_datetime(value: dt.datetime | None, zone: str | None, fmt: str = "medium") -> str:
    """Date and time in the given zone, e.g. "20. 3. 2018 10:00" in Czech.

    Both lengths people read keep the time without seconds or zone: "short" is the date at
    medium length ("20. 3. 2018 10:05"; CLDR's own short form writes two-digit years in
    Czech and Latvian, "20.03.18", which a record kept for years must not), "long" the date
    in words, for status cards and documents ("20. března 2018 10:05", "2018. gada 20.
    marts 10:05")."""
    if value is None:
        return ""
    local, locale = in_zone(value, zone), _locale()
    if fmt in _DATE_LENGTH:
        length = _DATE_LENGTH[fmt]
        # One LDML pattern, as Babel joins its own, so that quoted words stay quoted.
        pattern = (
            str(babel_dates.get_datetime_format(length, locale=locale))
            .replace("{1}", babel_dates.get_date_format(length, locale=locale).pattern)
            .replace("{0}", babel_dates.get_time_format("short", locale=locale).pattern)
        )
        return babel_dates.format_datetime(local, pattern, locale=locale)
    return babel_dates.format_datetime(local, fmt, locale=locale)


#: The date's length in each of format_local_datetime's forms that drop the seconds.
_DATE_LENGTH = {"short": "medium", "long": "long"}


def format_local_date(
    value: dt.datetime | dt.date | None, zone: str | None = None, fmt: str = "long"
) -> str:
    """A date, e.g. "20. března 2018"; datetimes are first moved into ``zone``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = in_zone(value, zone).date()
    return babel_dates.format_date(value, fmt, locale=_locale())


#: Month-and-year patterns where CLDR's own reads wrong: Latvian writes "2026. gada
#: decembris", CLDR's yMMMM gives "2026. gada. decembris".
_MONTH_YEAR = {"lv": "y. 'gada' LLLL"}


def format_month(value: dt.date) -> str:
    """A month and its year as a heading, in the language's own order: "prosinec 2026",
    "2026. december", "2026. gada decembris", "December 2026"."""
    locale = _locale()
    pattern = _MONTH_YEAR.get(locale)
    if pattern:
        return babel_dates.format_date(value, pattern, locale=locale)
    return babel_dates.format_skeleton("yMMMM", value, locale=locale)


def format_local_time(value: dt.datetime | None, zone: str | None, fmt: str = "short") -> str:
    """Time of day in the given zone, e.g. "10:00"."""
    if value is None:
        return ""
    return babel_dates.format_time(in_zone(value, zone), fmt, locale=_locale())


#: The zones of the groups this product is made for: first in every list of zones.
HOME_ZONES = ("Europe/Prague", "Europe/Bratislava", "Europe/Budapest", "Europe/Riga")

#: Regions of the IANA ids offered in the lists (the rest are aliases kept for old data).
_OFFERED_REGIONS = (
    "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia",
    "Europe", "Indian", "Pacific",
)  # fmt: skip


def zone_city(zone: str | None) -> str:
    """The city of a zone in the current language ("Praha" for Europe/Prague)."""
    if not zone:
        return ""
    if zone.upper() in ("UTC", "ETC/UTC"):
        return "UTC"
    try:
        return babel_dates.get_timezone_location(ZoneInfo(zone), locale=_locale(), return_city=True)
    except (LookupError, ValueError):
        return zone


def zone_description(zone: str | None) -> str:
    """A zone in full, in the current language: "Praha (časové pásmo Česko)"."""
    if not zone:
        return ""
    city = zone_city(zone)
    if city in ("UTC", zone):
        return city
    region = babel_dates.get_timezone_location(ZoneInfo(zone), locale=_locale())
    return f"{city} ({region})"


def zone_choices(zones: Iterable[str], first: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(id, "Praha (časové pásmo Česko)") for a select, in the current language: the
    zones ``first`` (the groups' own), then the rest of the offered ones by name."""
    return list(_zone_choices(_locale(), tuple(sorted(set(zones))), tuple(first)))


@lru_cache(maxsize=16)
def _zone_choices(
    locale: str, zones: tuple[str, ...], first: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    # Depends on nothing but the language and the zones: kept per process, like a
    # compiled template.
    with _babel_force_locale(locale):
        aliases = get_global("zone_aliases")
        head = [(z, zone_description(z)) for z in first if z in zones]
        # Old names of a zone (Asia/Chungking for Asia/Shanghai) read the same: one each.
        named: dict[str, str] = {label: z for z, label in head}
        for zone in sorted(zones, key=lambda z: (z in aliases, z)):
            if zone == "UTC" or zone.split("/", 1)[0] in _OFFERED_REGIONS:
                named.setdefault(zone_description(zone), zone)
        shown = {z for z, _ in head}
        rest = sorted(
            ((z, label) for label, z in named.items() if z not in shown),
            key=lambda choice: choice[1].casefold(),
        )
    return tuple(head + rest)
