"""Why making an official document (published minutes, a vote's record) stopped: a problem
named by a key of the maker's table of messages, kept in English and shown translated."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from ..i18n import force_locale


class DocumentFailed(Exception):
    """The document was not made; ``problem`` is a key of ``messages`` (which has an
    "unexpected" entry), ``detail`` goes to the log."""

    #: The problems' messages (lazy strings), by key: set by each kind of document.
    messages: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, problem: str, detail: str) -> None:
        super().__init__(f"{problem}: {detail}")
        self.problem = problem
        self.detail = detail

    @property
    def stored_message(self) -> str:
        """The message as stored (English, the msgid), translated when shown."""
        with force_locale("en"):
            return str(self.messages.get(self.problem, self.messages["unexpected"]))
