"""E-mail that keeps the approval moving: the chair hears of submitted minutes, the
assistants of returned and approved ones."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..groups.enums import Role
from ..groups.models import Membership
from ..i18n import force_locale
from ..links import external_url
from ..mail.services import compose, mailbox, render_email, send_message
from .enums import MinutesState
from .models import Minutes

#: Who is told of each step, by their role in the host group.
_RECIPIENT_ROLES = {
    MinutesState.SUBMITTED: (Role.CHAIR,),
    MinutesState.DRAFT: (Role.ASSISTANT, Role.CHAIR),  # returned for changes
    MinutesState.APPROVED: (Role.ASSISTANT,),
}


def notify_workflow_step(minutes: Minutes, state: MinutesState, *, actor: Any) -> int:
    """Queue a message about the step the minutes just took to the people who act next.

    Side effects: mail (queued), one per recipient in their language (else the group's);
    the person who took the step is not told. Returns how many were queued.
    """
    roles = _RECIPIENT_ROLES.get(state)
    if not roles:
        return 0
    meeting = minutes.meeting
    group = meeting.group
    actor_id = getattr(actor, "id", None)
    memberships = db.session.scalars(
        select(Membership)
        .options(joinedload(Membership.user))
        .where(Membership.group_id == group.id, Membership.role.in_(roles))
    ).all()
    recipients = [
        m.user
        for m in memberships
        if m.user.id != actor_id and m.user.is_enabled and not m.user.is_pending
    ]
    link = external_url("minutes.view", meeting_id=meeting.id)
    for person in recipients:
        locale = person.locale or group.language.value
        with force_locale(locale):
            content = render_email(
                "minutes_workflow",
                locale,
                step=state.value,
                name=person.name,
                actor=getattr(actor, "name", None),
                title=meeting.title,
                group=group.name,
                comment=minutes.return_comment if state == MinutesState.DRAFT else None,
                link=link,
                site_name=current_app.config["SITE_NAME"],
            )
        send_message(
            compose(mailbox(person.email, person.name), **content),
            kind="minutes_workflow",
        )
    return len(recipients)
