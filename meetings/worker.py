"""The background worker's entry point: ``huey_consumer meetings.worker.huey``."""

from meetings import create_app
from meetings.mail.jobs import huey

app = create_app()

__all__ = ["app", "huey"]
