"""The search index: one row per searchable thing, and the databases' full-text structure.

``search_documents`` holds, for each meeting, agenda item, minutes text, decision, task,
attachment, group, organisation and person, the text shown in results (``title``,
``body``, ``label``) and the folded words the full-text index reads (``terms``, see
``words``). Who may see a row is never stored: it is decided at search time by the
permission policy's SQL rules over the live meeting, minutes and memberships, so a
membership, a published agenda or an approved minutes counts at once.

The full-text structure is the database's own, made by migration 0014 and not part of
the models (so ``include_name`` hides it from Alembic's comparison):

- SQLite: the FTS5 table ``search_fts`` (external content: it reads ``terms`` of
  ``search_documents``, rowid = id), kept in step by three triggers on the table;
- PostgreSQL: the generated column ``search_vector`` (``to_tsvector('simple', terms)``)
  with a GIN index.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

#: The kinds of things searched, in the order the results page shows them.
KINDS = (
    "meeting",
    "agenda_item",
    "minutes",
    "decision",
    "action_item",
    "attachment",
    "group",
    "organisation",
    "person",
)

#: Names in the database that belong to the full-text structure, not to the models.
FULL_TEXT_NAMES = ("search_fts", "search_vector", "ix_search_documents_search_vector")


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's comparison of models and database skips the full-text structure."""
    if name is None:
        return True
    return not any(name == n or name.startswith(f"{n}_") for n in FULL_TEXT_NAMES)


class SearchDocument(db.Model):
    __tablename__ = "search_documents"
    __table_args__ = (UniqueConstraint("kind", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: One of KINDS.
    kind: Mapped[str] = mapped_column(String(20))
    #: The id of the meeting, agenda item, minutes, minutes entry … the row stands for.
    object_id: Mapped[int]
    #: The group it belongs to (a meeting's host group); None for organisations, people.
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("working_groups.id", ondelete="CASCADE"), index=True
    )
    #: The meeting it belongs to: deleting the meeting deletes its rows.
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    #: The minutes (edition) of a minutes text: who may read it follows their state.
    minutes_id: Mapped[int | None] = mapped_column(
        ForeignKey("minutes.id", ondelete="CASCADE"), index=True
    )
    #: The agenda item of an attachment or of a minutes text (for the link's anchor).
    agenda_item_id: Mapped[int | None]
    #: The year of the meeting in its time zone (of the task when it has no meeting).
    year: Mapped[int | None]
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    #: Shown beside the title, not searched: a decision's number, a minutes text's item.
    label: Mapped[str | None] = mapped_column(String(600))
    #: The folded words of title and body: what the full-text index reads.
    terms: Mapped[str] = mapped_column(Text, default="")
