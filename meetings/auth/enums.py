"""Choices of the auth domain."""

from __future__ import annotations

import enum


class ApiScope(enum.StrEnum):
    """What an API token may do."""

    #: Reading only: any request that changes something is refused (403).
    READ = "read"
    #: Reading, and the writes the API offers (answering one's own invitations).
    WRITE = "write"
