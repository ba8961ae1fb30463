"""A person's role in a working group, in words: "Předsedkyně" of a woman, "Předseda" of
a man, "Předseda / předsedkyně" where the person has not said."""

from __future__ import annotations

from typing import Protocol

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp

from ..i18n import GenderedLabel
from .enums import QuorumRule, Role

ROLE_LABELS = {
    Role.CHAIR: GenderedLabel(_l("Chair"), _lp("woman", "Chair"), _lp("man", "Chair")),
    Role.ASSISTANT: GenderedLabel(
        _l("Assistant"), _lp("woman", "Assistant"), _lp("man", "Assistant")
    ),
    Role.MEMBER: GenderedLabel(_l("Member"), _lp("woman", "Member"), _lp("man", "Member")),
    Role.OBSERVER: GenderedLabel(_l("Observer"), _lp("woman", "Observer"), _lp("man", "Observer")),
}

#: The quorum rules, as the group's form offers them.
QUORUM_RULE_LABELS = {
    QuorumRule.COUNT: _l("A number of members"),
    QuorumRule.MAJORITY: _l("More than half of the voting members"),
    QuorumRule.TWO_THIRDS: _l("At least two thirds of the voting members"),
}


class Person(Protocol):
    grammatical_gender: str | None


def role_label(role: Role | str, person: Person | None = None) -> str:
    """The role's name, in the person's form when they chose one."""
    return ROLE_LABELS[Role(role)].of(person.grammatical_gender if person is not None else None)
