"""The sections a group's minutes have and their headings: offices differ in what they
record ("Prezence" or "Přítomni", with or without a list of tasks). The choice is stored on
the group (``WorkingGroup.minutes_sections``); the minutes' PDF follows it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

#: The sections in the order the minutes show them, with their usual headings.
DEFAULT_HEADINGS = {
    "attendance": _l("Attendance"),
    "course": _l("Course of the meeting"),
    "decisions": _l("Decisions"),
    "actions": _l("Action items"),
    "next_meeting": _l("Next meeting"),
}
SECTION_KEYS = tuple(DEFAULT_HEADINGS)
#: Longest heading a group may give a section.
MAX_HEADING = 100


@dataclass(frozen=True)
class Section:
    key: str
    shown: bool
    #: The group's own heading, "" for the usual one.
    own_heading: str = ""

    @property
    def heading(self) -> str:
        """The heading to show, in the current language (the group's, in its documents)."""
        return self.own_heading or str(DEFAULT_HEADINGS[self.key])


def sections_of(group: Any) -> dict[str, Section]:
    """Every section by its key, as the group chose (all shown with the usual headings when
    it chose nothing). Keys the product does not know are ignored."""
    stored = {
        entry.get("key"): entry
        for entry in (group.minutes_sections or [])
        if isinstance(entry, Mapping)
    }
    sections = {}
    for key in SECTION_KEYS:
        entry = stored.get(key, {})
        sections[key] = Section(
            key,
            shown=bool(entry.get("shown", True)),
            own_heading=str(entry.get("heading") or "")[:MAX_HEADING],
        )
    return sections


def stored_sections(sections: Mapping[str, tuple[bool, str]]) -> list[dict[str, Any]] | None:
    """What to store for the choices (key → (shown, own heading)); None when every section
    is shown with its usual heading, so that the usual headings follow the language."""
    entries = [
        {"key": key, "shown": bool(shown), "heading": (heading or "").strip()}
        for key, (shown, heading) in ((k, sections.get(k, (True, ""))) for k in SECTION_KEYS)
    ]
    if all(e["shown"] and not e["heading"] for e in entries):
        return None
    return entries
