"""Every kind of notification, in one place: its label on the preferences, whether it
also goes by mail, and its text, rendered in the reader's language when shown.

A notification stores plain values (a meeting's title, a person's name), never a
translated text: the same notification reads in Czech today and in Hungarian after the
person changes their language.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l


class Kind(enum.StrEnum):
    INVITATION = "invitation"
    AGENDA_REVIEW = "agenda_review"
    AGENDA_REVIEWED = "agenda_reviewed"
    AGENDA_PUBLISHED = "agenda_published"
    MINUTES_SUBMITTED = "minutes_submitted"
    MINUTES_RETURNED = "minutes_returned"
    MINUTES_COMMENTED = "minutes_commented"
    MINUTES_TO_VERIFY = "minutes_to_verify"
    MINUTES_VERIFIED = "minutes_verified"
    MINUTES_APPROVED = "minutes_approved"
    MINUTES_PUBLISHED = "minutes_published"
    TASK_ASSIGNED = "task_assigned"
    JOINT_PROPOSED = "joint_proposed"
    JOINT_ACCEPTED = "joint_accepted"
    JOINT_DECLINED = "joint_declined"
    VOTE_STARTED = "vote_started"
    VOTE_CLOSED = "vote_closed"


class _Values(dict):
    """The stored values; one missing (an older notification) reads as a dash, not an error."""

    def __missing__(self, key: str) -> str:
        return "—"


@dataclass(frozen=True)
class KindInfo:
    #: What the preference is called on the account page.
    label: Any
    #: The text of one notification from its values, in the current language.
    text: Callable[[Mapping[str, Any]], str]
    #: The kind is also mailed by this package (a mail preference is offered).
    mail: bool = False


# The texts are written out with ``_`` here so that pybabel finds them; they are
# translated when shown (``describe``), in the reader's language.
KINDS: dict[Kind, KindInfo] = {
    Kind.INVITATION: KindInfo(
        label=_l("I am invited to a meeting"),
        text=lambda v: _("You are invited to %(title)s (%(group)s).") % _Values(v),
    ),
    Kind.AGENDA_REVIEW: KindInfo(
        label=_l("I am asked to review an agenda"),
        text=lambda v: _("%(actor)s asks you to review the agenda of %(title)s.") % _Values(v),
        mail=True,
    ),
    Kind.AGENDA_REVIEWED: KindInfo(
        label=_l("The agenda I asked to be reviewed has been reviewed"),
        text=lambda v: _("%(actor)s has reviewed the agenda of %(title)s.") % _Values(v),
    ),
    Kind.AGENDA_PUBLISHED: KindInfo(
        label=_l("An agenda is published"),
        text=lambda v: _("The agenda of %(title)s (%(group)s) has been published.") % _Values(v),
        mail=True,
    ),
    Kind.MINUTES_SUBMITTED: KindInfo(
        label=_l("Minutes are submitted for my approval"),
        text=lambda v: (
            _("%(actor)s has submitted the minutes of %(title)s for your approval.") % _Values(v)
        ),
        mail=True,
    ),
    Kind.MINUTES_RETURNED: KindInfo(
        label=_l("Minutes are returned for changes"),
        text=lambda v: (
            _("%(actor)s has returned the minutes of %(title)s for changes: %(comment)s")
            % _Values(v)
        ),
        mail=True,
    ),
    Kind.MINUTES_COMMENTED: KindInfo(
        label=_l("Someone comments on minutes I write"),
        text=lambda v: _("%(actor)s has commented on the minutes of %(title)s.") % _Values(v),
    ),
    Kind.MINUTES_TO_VERIFY: KindInfo(
        label=_l("Minutes wait for my verification"),
        text=lambda v: _("%(actor)s asks you to verify the minutes of %(title)s.") % _Values(v),
    ),
    Kind.MINUTES_VERIFIED: KindInfo(
        label=_l("Minutes I approve are verified"),
        text=lambda v: (
            _("%(actor)s has verified the minutes of %(title)s: you can approve them.") % _Values(v)
        ),
    ),
    Kind.MINUTES_APPROVED: KindInfo(
        label=_l("Minutes I write are approved"),
        text=lambda v: _("%(actor)s has approved the minutes of %(title)s.") % _Values(v),
        mail=True,
    ),
    Kind.MINUTES_PUBLISHED: KindInfo(
        label=_l("Minutes are published"),
        text=lambda v: _("The minutes of %(title)s (%(group)s) have been published.") % _Values(v),
    ),
    Kind.TASK_ASSIGNED: KindInfo(
        label=_l("A task is assigned to me"),
        text=lambda v: _("%(actor)s has assigned you a task: %(task)s (%(title)s)") % _Values(v),
    ),
    Kind.JOINT_PROPOSED: KindInfo(
        label=_l("My group is asked to take part in another group's joint meeting"),
        text=lambda v: (
            _("%(actor)s asks %(asked)s to take part in the joint meeting %(title)s (%(group)s).")
            % _Values(v)
        ),
        mail=True,
    ),
    Kind.JOINT_ACCEPTED: KindInfo(
        label=_l("A group accepts our joint meeting"),
        text=lambda v: (
            _("%(asked)s takes part in the joint meeting %(title)s (accepted by %(actor)s).")
            % _Values(v)
        ),
    ),
    Kind.JOINT_DECLINED: KindInfo(
        label=_l("A group declines our joint meeting"),
        text=lambda v: (
            _("%(asked)s has declined the joint meeting %(title)s (%(actor)s).") % _Values(v)
        ),
        mail=True,
    ),
    Kind.VOTE_STARTED: KindInfo(
        label=_l("I am asked to vote by correspondence"),
        text=lambda v: (
            _("%(actor)s asks you to vote by correspondence: %(title)s (%(group)s).") % _Values(v)
        ),
    ),
    Kind.VOTE_CLOSED: KindInfo(
        label=_l("A vote by correspondence I took part in has closed"),
        text=lambda v: (
            _("The vote by correspondence on %(title)s (%(group)s) has closed.") % _Values(v)
        ),
    ),
}


def describe(kind: str, values: Mapping[str, Any]) -> str:
    """The notification's text in the current language (an unknown kind: an empty text)."""
    try:
        info = KINDS[Kind(kind)]
    except ValueError:
        return ""
    return info.text(values or {})


def mailed_kinds() -> list[Kind]:
    return [kind for kind, info in KINDS.items() if info.mail]
