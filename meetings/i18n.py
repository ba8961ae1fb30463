"""Which language and time zone a page, a message or a document is rendered in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from flask import current_app, has_request_context, request, session
from flask_babel import force_locale as _babel_force_locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user


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
    """Date and time in the given zone, e.g. "20. 3. 2018 10:00" in Czech."""
    if value is None:
        return ""
    return babel_dates.format_datetime(in_zone(value, zone), fmt, locale=_locale())


def format_local_date(
    value: dt.datetime | dt.date | None, zone: str | None = None, fmt: str = "long"
) -> str:
    """A date, e.g. "20. března 2018"; datetimes are first moved into ``zone``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = in_zone(value, zone).date()
    return babel_dates.format_date(value, fmt, locale=_locale())


def format_local_time(value: dt.datetime | None, zone: str | None, fmt: str = "short") -> str:
    """Time of day in the given zone, e.g. "10:00"."""
    if value is None:
        return ""
    return babel_dates.format_time(in_zone(value, zone), fmt, locale=_locale())


def zone_label(value: dt.datetime, zone: str) -> str:
    """The zone as people say it, e.g. "Central European Time" / "Budapest"."""
    return babel_dates.get_timezone_location(ZoneInfo(zone), locale=_locale(), return_city=True)
