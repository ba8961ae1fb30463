"""The JSON of each event, as the webhook's creator may see it.

Every payload is ``{"id", "kind", "occurred_at", "group", "data"}``: the event's id (the
same for every webhook told of it), its kind, when it happened (UTC, ISO 8601), the slug
of the group it concerns, and the objects. The objects have the JSON API's shapes
(``api.serialise``) for the person who made the webhook: what the policy hides from them
(a private group's name, an online link, an unpublished agenda) is not there, and a
payload they may not see at all is not made (None).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from flask import current_app, has_request_context, url_for

from ..agenda.services import may_see_agenda
from ..api import serialise
from ..auth.permissions import can
from ..correspondence.lists import register_rows
from ..correspondence.models import CorrespondenceVote
from ..i18n import in_zone
from ..minutes.models import Decision, Minutes
from ..minutes.services.decisions import quorum_rule_text, register_row
from ..scheduling.models import Meeting
from .enums import EventKind


@contextmanager
def links_context() -> Iterator[None]:
    """Where ``url_for`` can build absolute links: the request's, or (in the worker) one
    for ``BASE_URL``."""
    if has_request_context():
        with nullcontext():
            yield
        return
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        yield


def envelope(
    kind: EventKind, event_id: str, occurred_at: dt.datetime, group_slug: str | None, data: dict
) -> str:
    """The body as sent: compact UTF-8 JSON."""
    return json.dumps(
        {
            "id": event_id,
            "kind": kind.value,
            "occurred_at": occurred_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
            "group": group_slug,
            "data": data,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _dump(model: Any) -> dict:
    return model.model_dump(mode="json", by_alias=True)


def meeting_data(user: Any, meeting: Meeting) -> dict | None:
    """``{"meeting": …}`` as the API shows it to ``user``; None if they may not see it."""
    if not can(user, "meeting.view", meeting):
        return None
    return {"meeting": _dump(serialise.meeting(user, meeting))}


def agenda_data(user: Any, meeting: Meeting) -> dict | None:
    """``{"meeting": …}`` with its description and agenda (the API's meeting detail),
    without the person's own invitation."""
    if not can(user, "meeting.view", meeting) or not may_see_agenda(user, meeting):
        return None
    detail = serialise.meeting_detail(user, meeting).model_copy(update={"my_invitation": None})
    data = _dump(detail)
    data.pop("my_invitation", None)
    return {"meeting": data}


def minutes_data(user: Any, minutes: Minutes) -> dict | None:
    """``{"meeting": …, "minutes": …}``: the edition, when it was approved and
    published, its PDF (address and SHA-256) and page."""
    if not can(user, "minutes.view", minutes):
        return None
    meeting = minutes.meeting
    zone = meeting.timezone
    return {
        "meeting": _dump(serialise.meeting(user, meeting)),
        "minutes": {
            "edition": minutes.edition,
            "state": minutes.state.value,
            "approved_at": in_zone(minutes.approved_at, zone).isoformat()
            if minutes.approved_at
            else None,
            "published_at": in_zone(minutes.published_at, zone).isoformat()
            if minutes.published_at
            else None,
            "pdf_sha256": minutes.pdf_sha256,
            "links": {
                "html": url_for("minutes.view", meeting_id=meeting.id, _external=True),
                "pdf": url_for(
                    "minutes.minutes_pdf",
                    meeting_id=meeting.id,
                    edition=minutes.edition,
                    _external=True,
                ),
            },
        },
    }


def decision_data(user: Any, decision: Decision, minutes: Minutes) -> dict | None:
    """``{"decision": …}`` in the API's shape of the decisions register."""
    if not can(user, "minutes.view", minutes):
        return None
    row = register_row(decision, minutes, quorum_rule_text(decision.group))
    return {"decision": _dump(serialise.decision(row))}


def vote_decision_data(user: Any, vote: CorrespondenceVote) -> dict | None:
    """``{"decision": …}`` of a vote by correspondence that closed with a numbered
    decision, as the register shows it to ``user``; None if they may not read it."""
    for row in register_rows(user, [vote.group_id], None, 50):
        if row.vote_id == vote.id:
            return {"decision": _dump(serialise.decision(row))}
    return None


def ping_data(webhook_id: int) -> dict:
    return {"webhook": {"id": webhook_id}, "message": "Test event from the meetings app."}
