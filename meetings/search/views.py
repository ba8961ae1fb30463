"""The search page (``/search?q=…``) and ``flask search rebuild``."""

from __future__ import annotations

import time

import click
from flask import Blueprint, render_template, request, url_for
from flask.cli import AppGroup
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..db import begin_write
from ..extensions import db
from ..page_cache.services import personal_page
from . import indexing, services
from .models import KINDS
from .words import MAX_WORDS

bp = Blueprint("search", __name__)

#: Headings of the kinds of results.
KIND_LABELS = {
    "meeting": _l("Meetings"),
    "agenda_item": _l("Agenda items"),
    "minutes": _l("Minutes"),
    "decision": _l("Decisions"),
    "action_item": _l("Tasks"),
    "attachment": _l("Attachments"),
    "group": _l("Working groups"),
    "organisation": _l("Organisations"),
    "person": _l("People"),
}


def hit_url(hit: services.Hit) -> str:
    """Where a result leads: the page that shows the thing, at the thing."""
    kind, meeting_id = hit.kind, hit.meeting_id
    if kind == "meeting":
        return url_for("scheduling.meeting", meeting_id=hit.object_id)
    if kind == "agenda_item":
        return url_for(
            "scheduling.meeting", meeting_id=meeting_id, _anchor=f"agenda-item-{hit.object_id}"
        )
    if kind == "attachment":
        return url_for("agenda.download", meeting_id=meeting_id, attachment_id=hit.object_id)
    if kind in ("minutes", "minutes_entry"):
        anchor = f"item-{hit.agenda_item_id}" if hit.agenda_item_id else None
        return url_for(
            "minutes.view", meeting_id=meeting_id, edition=hit.minutes_edition, _anchor=anchor
        )
    if kind == "decision":
        return url_for("minutes.view", meeting_id=meeting_id, _anchor=f"decision-{hit.object_id}")
    if kind == "action_item":
        if meeting_id is not None:
            return url_for("minutes.view", meeting_id=meeting_id)
        return url_for("minutes.tasks")
    if kind == "group":
        return url_for("groups.detail", slug=hit.group_slug)
    if kind == "organisation":
        return url_for("groups.organisation", organisation_id=hit.object_id)
    return url_for("auth.profile", user_id=hit.object_id)


@bp.get("/search")
@login_required
def search():
    # Results change only with the data (the clock), never with time alone.
    return personal_page(current_user.id, lambda: (_results_page(), None))


def _results_page() -> str:
    args = request.args
    result = services.search(
        current_user,
        args.get("q", ""),
        kind=args.get("kind") or None,
        group=args.get("group") or None,
        year=args.get("year", type=int),
        page=args.get("page", 1, type=int),
    )
    # The filters as the page's links keep them.
    filters = {
        "q": result.text,
        "group": result.group.slug if result.group else None,
        "year": result.year,
    }
    return render_template(
        "search/search.html",
        result=result,
        filters={k: v for k, v in filters.items() if v},
        kinds=KINDS,
        kind_labels=KIND_LABELS,
        hit_url=hit_url,
        limits=(services.MAX_QUERY, MAX_WORDS),
    )


# --- the command -----------------------------------------------------------------------------

search_group = AppGroup("search", help="The search index.")


@search_group.command("rebuild")
@click.option(
    "--if-empty", is_flag=True, help="Only when the index holds nothing (after an upgrade)."
)
def rebuild_command(if_empty: bool) -> None:
    """Rebuild the whole search index from the database (in one transaction)."""
    started = time.perf_counter()
    try:
        if not db.session().in_transaction():
            begin_write(db.session)
        connection = db.session.connection()
        if if_empty and indexing.indexed_count(connection):
            click.echo("The search index is already filled: nothing done.")
            db.session.rollback()
            return
        total = indexing.rebuild(connection, progress=lambda m: click.echo(f"  {m}", err=True))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    click.echo(f"Search index rebuilt: {total} rows in {time.perf_counter() - started:.1f} s.")
