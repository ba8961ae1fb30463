"""Timed work of the accounts: forgetting sign-ins long over."""

from __future__ import annotations

import logging

from huey import crontab

from ..mail.jobs import huey, in_app_context
from .sign_ins import forget_old_sign_ins

log = logging.getLogger(__name__)


@huey.periodic_task(crontab(hour="3", minute="41"))
def forget_sign_ins() -> None:
    """Every night: delete sign-ins ended or expired three months ago."""
    count = in_app_context(forget_old_sign_ins)
    log.info("forgot %d old sign-ins", count)
