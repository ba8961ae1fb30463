"""What public events add to a meeting's page (``scheduling.signals.meeting_page``): for
its managers, the registrations and the form that opens or closes them."""

from __future__ import annotations

from typing import Any

from ..scheduling.models import Meeting
from ..scheduling.signals import meeting_page
from .forms import RegistrationSettingsForm
from .services import is_public_event, registrations_of


@meeting_page.connect
def registrations_section(meeting: Meeting, *, may_edit: bool, **_: Any) -> dict[str, Any]:
    return {
        "is_public_event": is_public_event(meeting),
        "registrations": registrations_of(meeting) if may_edit else [],
        "registration_form": RegistrationSettingsForm(
            data={
                "registration_open": meeting.registration_open,
                "capacity": str(meeting.registration_capacity or ""),
            }
        ),
    }
