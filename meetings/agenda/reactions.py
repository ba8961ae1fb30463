"""The agenda domain's answers to what happens to meetings (``scheduling.signals``)."""

from __future__ import annotations

from typing import Any

from ..scheduling.models import Meeting
from ..scheduling.signals import meeting_copied
from . import services


@meeting_copied.connect
def copy_agenda(meeting: Meeting, *, source: Meeting, **_: Any) -> dict[str, Any]:
    """A copied meeting starts with the earlier meeting's agenda (not its minutes)."""
    try:
        return {"agenda_items": services.copy_agenda(meeting, source)}
    except services.AgendaError as error:
        return {"not_copied": [str(error)]}
