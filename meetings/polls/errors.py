"""The one error of date polls: a request the poll cannot take."""

from __future__ import annotations

from typing import Any


class PollError(ValueError):
    """A request the poll cannot take, with the message for the person."""

    def __init__(self, message: Any, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
