"""What every part of the minutes' services shares: the refusals, the limits of a text
and the labels of states in the user's language."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from ...i18n import GenderedLabel

# The words of attendance belong to the invitations (where attendance is kept); the
# minutes name them as their own.
from ...invitations.labels import ATTENDANCE_LABELS as ATTENDANCE_LABELS
from ..enums import ActionStatus, MinutesState
from ..models import Minutes

#: Longest text kept in one field of the minutes (a long course of a meeting fits easily).
MAX_TEXT = 100_000
#: Longest comment, return comment or correction reason.
MAX_COMMENT = 5_000


class MinutesError(Exception):
    """A change that cannot be made; ``message`` says why, in the user's language."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


class EditConflict(Exception):
    """Someone saved the minutes after the version the editor was based on."""

    def __init__(self, minutes: Minutes) -> None:
        super().__init__(f"minutes {minutes.id} changed (now version {minutes.version})")
        self.minutes = minutes


STATE_LABELS = {
    MinutesState.DRAFT: _l("Draft"),
    MinutesState.SUBMITTED: _l("Submitted for approval"),
    MinutesState.APPROVED: _l("Approved"),
    # In context: the agenda is published too, and Latvian and Slovak tell them apart
    # by gender ("protokols publicēts", "darba kārtība publicēta").
    MinutesState.PUBLISHED: lazy_pgettext("minutes", "Published"),
}

ACTION_STATUS_LABELS = {
    ActionStatus.OPEN: _l("Open"),
    ActionStatus.DONE: _l("Done"),
    ActionStatus.DROPPED: _l("Dropped"),
}


#: Who recorded and who verified the minutes, in the person's form ("Zapsala", "Ověřil").
RECORDED_BY_LABEL = GenderedLabel(
    _l("Recorded by"), lazy_pgettext("woman", "Recorded by"), lazy_pgettext("man", "Recorded by")
)
VERIFIED_BY_LABEL = GenderedLabel(
    _l("Verified by"), lazy_pgettext("woman", "Verified by"), lazy_pgettext("man", "Verified by")
)


def clean_text(text: str | None) -> str:
    """Line ends as "\\n", no trailing blanks at the end (how every text is stored, and
    how a posted text is compared with the saved one)."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").rstrip()
