"""Review comments: members comment on an item (or the whole minutes) while the minutes
are submitted for approval."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ..models import Minutes, MinutesComment
from ..signals import minutes_commented
from .common import MAX_COMMENT, MinutesError, clean_text
from .items import agenda_rows


def add_comment(
    minutes: Minutes, agenda_item_id: int | None, text: str, *, actor: Any
) -> MinutesComment:
    """A member's review comment on one item (or the whole minutes, ``agenda_item_id`` None).

    Side effects: adds a MinutesComment; flushes; ``minutes_commented`` sent. Raises
    MinutesError for an empty or overlong text.
    """
    text = clean_text(text)
    if not text:
        raise MinutesError(_l("Write the comment first."))
    if len(text) > MAX_COMMENT:
        raise MinutesError(_l("At most %(num)d characters.", num=MAX_COMMENT))
    valid_items = {row.agenda_item_id for row in agenda_rows(minutes.meeting)}
    comment = MinutesComment(
        minutes=minutes,
        agenda_item_id=agenda_item_id if agenda_item_id in valid_items else None,
        author_id=getattr(actor, "id", None),
        text=text,
    )
    db.session.add(comment)
    db.session.flush()
    minutes_commented.send(comment, actor=actor)
    return comment


def comments_by_item(minutes: Minutes | None) -> dict[int | None, list[MinutesComment]]:
    """Review comments grouped by agenda item id (None: on the whole minutes). One query."""
    if minutes is None or minutes.id is None:
        return {}
    grouped: dict[int | None, list[MinutesComment]] = {}
    for comment in db.session.scalars(
        select(MinutesComment)
        .options(joinedload(MinutesComment.author))
        .where(MinutesComment.minutes_id == minutes.id)
        .order_by(MinutesComment.created_at, MinutesComment.id)
    ):
        grouped.setdefault(comment.agenda_item_id, []).append(comment)
    return grouped
