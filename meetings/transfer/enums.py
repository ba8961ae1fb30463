"""Choices of the export domain."""

from __future__ import annotations

import enum


class ExportState(enum.StrEnum):
    """Where a downloadable export stands."""

    #: Asked for; waits for the job queue.
    QUEUED = "queued"
    #: Being written by a worker.
    RUNNING = "running"
    #: Ready to download until it expires.
    DONE = "done"
    #: Could not be made (``error`` says why).
    FAILED = "failed"
