"""The permission matrix: every endpoint × every role → the status a person gets.

Each domain keeps its rows in ``entries_<domain>.py``. ``test_matrix.py`` walks the
application's URL map and fails for any (endpoint, method) without a row, so no page can
ship without its permissions being stated and checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: The roles checked: a visitor, a member of another group (outsider), the assistant of
#: another group (stranger: runs a group, not this one), and every role in the group.
ROLES = (
    "anonymous",
    "outsider",
    "stranger",
    "observer",
    "member",
    "assistant",
    "chair",
    "admin",
)

#: Expected outcome for an anonymous visitor on a page that needs an account.
SIGN_IN = "sign-in"


def expect(default: int | str, **per_role: int | str) -> dict[str, int | str]:
    """Expected status for every role: ``default`` unless named, e.g. expect(403, chair=200).
    The stranger gets what the outsider gets unless named: running another group gives no
    right in this one."""
    unknown = set(per_role) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")
    if "outsider" in per_role:
        per_role = {"stranger": per_role["outsider"]} | per_role
    return {role: per_role.get(role, default) for role in ROLES}


def signed_in(status: int | str, **per_role: int | str) -> dict[str, int | str]:
    """Anonymous visitors are sent to sign in; everyone else gets ``status`` unless named."""
    return expect(status, anonymous=SIGN_IN, **per_role)


def managers(allowed: int | str, refused: int | str = 403, **per_role) -> dict[str, int | str]:
    """Only the group's assistant, chair and the site admin may."""
    return signed_in(refused, assistant=allowed, chair=allowed, admin=allowed, **per_role)


@dataclass(frozen=True)
class Entry:
    endpoint: str
    url: Callable[[Any], str]
    expected: dict[str, int | str]
    method: str = "GET"
    #: Form data for POST requests (built from the world).
    data: Callable[[Any], dict] | None = None
    #: Why the row is as it is, where that is not obvious.
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.endpoint, self.method)
