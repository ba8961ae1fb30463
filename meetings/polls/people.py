"""Who is asked in a date poll: their name, address, language and time zone (members or
guests by e-mail), their signed answer links, and the messages they get."""

from __future__ import annotations

import hmac
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer

from ..extensions import db
from ..i18n import force_locale, format_local_datetime, format_local_time
from ..links import external_url
from ..mail.services import compose, mailbox, render_email
from .errors import PollError
from .models import Poll, PollOption, PollParticipant

#: Salt of the signed answer links (a token for one purpose is useless for another).
ANSWER_SALT = "polls.answer"


def participant_email(participant: PollParticipant) -> str:
    return participant.user.email if participant.user else (participant.email or "")


def participant_name(participant: PollParticipant) -> str:
    if participant.user:
        return participant.user.name
    return participant.name or participant.email or ""


def participant_locale(participant: PollParticipant, poll: Poll) -> str:
    if participant.user and participant.user.locale:
        return participant.user.locale
    return str(poll.group.language)


def participant_zone(participant: PollParticipant, poll: Poll) -> str:
    if participant.user and participant.user.timezone:
        return participant.user.timezone
    return poll.group.timezone


def participant_for(user: Any, poll: Poll) -> PollParticipant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return next((p for p in poll.participants if p.user_id == user.id), None)


def answer_token(participant: PollParticipant) -> str:
    """The signed part of a person's answer link: (participant, its nonce)."""
    serializer = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=ANSWER_SALT)
    return serializer.dumps([participant.id, participant.answer_nonce])


def read_answer_token(token: str) -> PollParticipant:
    """The participant an answer link stands for; PollError if the link is not ours (cut
    off, mistyped, tampered with) or no longer valid."""
    serializer = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=ANSWER_SALT)
    invalid = PollError(
        _l("This answer link is not valid. Use the link from the latest e-mail about the poll.")
    )
    try:
        participant_id, nonce = serializer.loads(token)
        if not isinstance(participant_id, int):
            raise ValueError(participant_id)
        nonce = str(nonce)
    except (BadSignature, TypeError, ValueError):
        raise invalid from None
    participant = db.session.get(PollParticipant, participant_id)
    if participant is None or not hmac.compare_digest(
        participant.answer_nonce.encode(), nonce.encode()
    ):
        raise invalid
    return participant


def poll_message(poll: Poll, participant: PollParticipant, template: str, **extra: Any):
    """A message about the poll to one person, in their language, from plain values."""
    locale = participant_locale(participant, poll)
    zone = participant_zone(participant, poll)
    with force_locale(locale):
        context = {
            "name": participant_name(participant) if participant.user else "",
            "title": poll.title,
            "group": poll.group.name,
            "deadline": format_local_datetime(poll.closes_at, zone, "long"),
            "slots": [slot_label(o, zone) for o in poll.options],
            "link": external_url("polls.answer_by_link", token=answer_token(participant)),
            **extra,
        }
        for key, value in list(context.items()):
            if callable(value):
                context[key] = value(zone)
    return compose(
        mailbox(participant_email(participant), participant_name(participant)),
        **render_email(template, locale, **context),
    )


def slot_label(option: PollOption, zone: str) -> str:
    """ "20. března 2030 10:00–12:00", in ``zone`` and the current locale."""
    return (
        f"{format_local_datetime(option.starts_at, zone, 'long')}–"
        f"{format_local_time(option.ends_at, zone)}"
    )
