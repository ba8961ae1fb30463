"""Warming a new server up before it takes requests, so the first visitor after a start
or a deploy waits no longer than the next one.

What the first request would otherwise pay: configuring the models' mappers, compiling
the templates, and compiling each page's SQL (SQLAlchemy caches compiled statements on
the engine). ``wsgi.py`` calls ``warm_up`` once; with gunicorn's ``preload_app`` that is
before the workers fork, and they inherit all of it.
"""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import configure_mappers

from ..extensions import db
from ..groups.enums import Role
from ..models import Meeting, Membership, User, WorkingGroup

log = logging.getLogger(__name__)

#: Pages anyone may see.
PUBLIC_PAGES = ("/", "/events", "/groups")
#: Pages of a signed-in person; {group} and {meeting} are one of their group's.
PERSONAL_PAGES = (
    "/dashboard",
    "/calendar",
    "/tasks",
    "/groups/{group}",
    "/meetings/{meeting}",
    "/meetings/{meeting}/minutes",
    "/meetings/{meeting}/agenda",
)


def warm_up(app: Flask) -> None:
    """Configure mappers, compile every template, and show the main pages once each (read
    only: as a visitor, then as some member of a group). Any failure (say, a database not
    migrated yet) only leaves that page to warm up on its first real visit. The database
    connections opened here are closed again, so no forked worker shares one."""
    configure_mappers()
    env = app.jinja_env
    for name in env.list_templates():
        if name.endswith((".html", ".txt")):
            env.get_template(name)
    client = app.test_client()
    try:
        for path in PUBLIC_PAGES:
            client.get(path)
        with app.app_context():
            someone = _member_with_a_meeting()
        if someone is not None:
            session_id, group, meeting = someone
            with client.session_transaction() as session:
                session["_user_id"] = session_id
                session["_fresh"] = False
            for path in PERSONAL_PAGES:
                client.get(path.format(group=group, meeting=meeting))
    except Exception:
        log.info("warm-up stopped early", exc_info=True)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _member_with_a_meeting() -> tuple[str, str, int] | None:
    """(session id, group slug, meeting id) of a member of a group that has a meeting: an
    assistant if there is one, who sees every part of those pages."""
    row = db.session.execute(
        select(Membership.user_id, WorkingGroup.slug, Meeting.id)
        .join(WorkingGroup, WorkingGroup.id == Membership.group_id)
        .join(Meeting, Meeting.group_id == WorkingGroup.id)
        .order_by((Membership.role == Role.ASSISTANT).desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    user = db.session.get(User, row[0])
    return (user.get_id(), row[1], row[2]) if user is not None else None


def connect(app: Flask) -> None:
    """Open a new worker's first database connection before it takes a request (the
    warm-up closed those of the process it was forked from)."""
    with app.app_context():
        db.engine.connect().close()
