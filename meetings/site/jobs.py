"""Timed upkeep of the site as a whole."""

from __future__ import annotations

import logging

from huey import crontab

from ..db import refresh_statistics
from ..extensions import db
from ..mail.jobs import huey, in_app_context
from ..page_cache.services import forget_old_pages

log = logging.getLogger(__name__)


def _refresh() -> None:
    forget_old_pages()
    refresh_statistics(db.session.connection())
    db.session.commit()


@huey.periodic_task(crontab(hour="4", minute="17"))
def refresh_planner_statistics() -> None:
    """Every night: kept pages older than a day go, and the planner's statistics are
    refreshed, so that pages keep using the indexes as the archive grows (see
    ``db.refresh_statistics``)."""
    in_app_context(_refresh)
    log.info("refreshed the query planner's statistics")
