"""Searching the index: what a person may see, grouped by kind, counted, filtered, paged,
with the matching words highlighted.

Who may see a row is decided in SQL, before anything is counted, by the permission
policy's SQL rules (``auth.permissions.sql_*``, tested against ``can`` itself) over the
live meetings, minutes and memberships. Every search is the same few statements however
many rows match: the groups for the filter, the counts, one page of results.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sqlalchemy import (
    and_,
    case,
    column,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
)

from ..auth.permissions import (
    sql_action_view,
    sql_agenda_view,
    sql_group_view,
    sql_meeting_view,
    sql_minutes_view,
    sql_user_view,
)
from ..db import utcnow
from ..extensions import db
from ..groups.models import WorkingGroup
from ..minutes.models import Minutes
from ..scheduling.models import Meeting, meeting_groups
from .models import KINDS, SearchDocument
from .words import MAX_WORDS, Query, highlight, parse_query, snippet, words

#: Results per page when one kind is shown.
PAGE_SIZE = 20
#: Results per kind when every kind is shown (the rest one click away).
PER_KIND = 5
#: Characters of a search used (a longer one is cut here).
MAX_QUERY = 200

documents = SearchDocument.__table__


@dataclass
class Hit:
    kind: str
    object_id: int
    title: Markup
    snippet: Markup
    label: str | None
    meeting_id: int | None
    meeting_title: str | None
    meeting_starts_at: dt.datetime | None
    meeting_timezone: str | None
    minutes_edition: int | None
    agenda_item_id: int | None
    group_name: str | None
    group_slug: str | None


@dataclass
class GroupChoice:
    id: int
    name: str
    slug: str
    #: Told apart by it where groups of several pacts share a name.
    parent_body: str | None = None


@dataclass
class Search:
    """One search: what was asked, and what the person may see of what it found."""

    text: str = ""
    query: Query | None = None
    kind: str | None = None
    group: GroupChoice | None = None
    year: int | None = None
    #: Hits of every kind (with the group and year filters), by kind, in KINDS order.
    counts: dict[str, int] = field(default_factory=dict)
    #: Years with hits (of the chosen kind), newest first.
    years: list[int] = field(default_factory=list)
    groups: list[GroupChoice] = field(default_factory=list)
    #: (kind, its hits on this page), in KINDS order, kinds without hits left out.
    sections: list[tuple[str, list[Hit]]] = field(default_factory=list)
    page: int = 1
    pages: int = 1
    #: The search was longer than MAX_QUERY characters (or words) and was cut.
    shortened: bool = False
    #: The group asked for is none the person may see: not applied.
    unknown_group: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def shown_total(self) -> int:
        return self.counts.get(self.kind, 0) if self.kind else self.total


def _section(kind_column: Any) -> Any:
    """The kind shown: a minutes text under an agenda item counts among the minutes."""
    return case((kind_column == "minutes_entry", "minutes"), else_=kind_column)


def _match(query: Query) -> tuple[Any, Any, Any]:
    """(FROM clause with the full-text match, condition, score: lower is better)."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        tsquery = func.to_tsquery(literal_column("'simple'::regconfig"), query.tsquery())
        vector = literal_column("search_documents.search_vector")
        return documents, vector.op("@@")(tsquery), -func.ts_rank(vector, tsquery)
    fts = table("search_fts", column("rowid"))
    found = (
        select(
            fts.c.rowid.label("id"),
            func.bm25(literal_column("search_fts")).label("score"),
        )
        .where(literal_column("search_fts").op("MATCH")(query.fts5()))
        .subquery("found")
    )
    return documents.join(found, found.c.id == documents.c.id), None, found.c.score


def visible(user: Any, meeting: Any, minutes: Any, group: Any, now: dt.datetime) -> Any:
    """SQL: the person may see the index row (``documents``) with its meeting, minutes and
    group (aliases joined to it): the policy's rule for each kind."""
    d = documents.c
    current = Minutes.__table__.alias("current_minutes")
    latest = (
        select(func.max(Minutes.edition))
        .where(Minutes.meeting_id == d.meeting_id)
        .correlate_except(Minutes)
        .scalar_subquery()
    )
    return or_(
        and_(d.kind == "meeting", sql_meeting_view(user, meeting)),
        and_(d.kind == "agenda_item", sql_agenda_view(user, meeting, now)),
        and_(
            d.kind == "attachment",
            or_(
                and_(d.agenda_item_id.is_(None), sql_meeting_view(user, meeting)),
                and_(d.agenda_item_id.is_not(None), sql_agenda_view(user, meeting, now)),
            ),
        ),
        and_(d.kind.in_(("minutes", "minutes_entry")), sql_minutes_view(user, minutes, meeting)),
        # A decision is read in the current edition of its meeting's minutes.
        and_(
            d.kind == "decision",
            exists()
            .where(
                current.c.meeting_id == d.meeting_id,
                current.c.edition == latest,
                sql_minutes_view(user, current, meeting),
            )
            .correlate_except(current),
        ),
        and_(d.kind == "action_item", sql_action_view(user, d.group_id)),
        and_(d.kind == "group", sql_group_view(user, group.c.id, group.c.is_public)),
        # Organisations' pages are public.
        d.kind == "organisation",
        and_(d.kind == "person", sql_user_view(user, d.object_id)),
    )


def group_choices(user: Any) -> list[GroupChoice]:
    """The groups a search may be narrowed to: those the person may see. One query."""
    rows = db.session.execute(
        select(WorkingGroup.id, WorkingGroup.name, WorkingGroup.slug, WorkingGroup.parent_body)
        .where(sql_group_view(user, WorkingGroup.id, WorkingGroup.is_public))
        .order_by(WorkingGroup.name, WorkingGroup.id)
    )
    return [GroupChoice(r.id, r.name, r.slug, r.parent_body) for r in rows]


def search(
    user: Any,
    text: str | None,
    *,
    kind: str | None = None,
    group: str | None = None,
    year: int | None = None,
    page: int = 1,
    now: dt.datetime | None = None,
) -> Search:
    """What the person may see of what ``text`` finds (see the module's notes).

    ``kind`` (one of KINDS) shows that kind only, page by page; otherwise the first few
    hits of each kind. ``group`` (a slug) and ``year`` narrow every kind. Three queries."""
    text = " ".join((text or "").split())
    result = Search(text=text, kind=kind if kind in KINDS else None)
    if len(text) > MAX_QUERY:
        result.shortened = True
        text = text[:MAX_QUERY]
    result.groups = group_choices(user)
    if group:
        result.group = next((g for g in result.groups if g.slug == group), None)
        result.unknown_group = result.group is None
    result.year = year if year is not None and 1 <= year <= 9999 else None
    query = parse_query(text)
    result.query = query
    if query is None:
        return result
    if len(dict.fromkeys(words(text))) > MAX_WORDS:
        result.shortened = True

    now = now or utcnow()
    meeting = Meeting.__table__.alias("meeting")
    minutes = Minutes.__table__.alias("minutes_of")
    owner = WorkingGroup.__table__.alias("owner")
    source, match, score = _match(query)
    source = (
        source.outerjoin(meeting, meeting.c.id == documents.c.meeting_id)
        .outerjoin(minutes, minutes.c.id == documents.c.minutes_id)
        .outerjoin(owner, owner.c.id == documents.c.group_id)
    )
    conditions = [visible(user, meeting, minutes, owner, now)]
    if match is not None:
        conditions.append(match)
    if result.group is not None:
        gid = result.group.id
        conditions.append(
            or_(
                documents.c.group_id == gid,
                documents.c.meeting_id.in_(
                    select(meeting_groups.c.meeting_id).where(meeting_groups.c.group_id == gid)
                ),
            )
        )
    section = _section(documents.c.kind)

    counted = db.session.execute(
        select(section.label("section"), documents.c.year, func.count().label("hits"))
        .select_from(source)
        .where(*conditions)
        .group_by(section, documents.c.year)
    ).all()
    counts = dict.fromkeys(KINDS, 0)
    years: set[int] = set()
    for row in counted:
        if result.year is None or row.year == result.year:
            counts[row.section] += row.hits
        if row.year is not None and (result.kind is None or row.section == result.kind):
            years.add(row.year)
    result.counts = counts
    result.years = sorted(years, reverse=True)
    if result.year is not None:
        conditions.append(documents.c.year == result.year)

    columns = [
        section.label("section"),
        documents.c.kind,
        documents.c.object_id,
        documents.c.title,
        documents.c.body,
        documents.c.label,
        documents.c.meeting_id,
        documents.c.agenda_item_id,
        meeting.c.title.label("meeting_title"),
        meeting.c.starts_at.label("meeting_starts_at"),
        meeting.c.timezone.label("meeting_timezone"),
        minutes.c.edition.label("minutes_edition"),
        owner.c.name.label("group_name"),
        owner.c.slug.label("group_slug"),
    ]
    order = (score, meeting.c.starts_at.desc().nulls_last(), documents.c.id)
    if result.kind:
        total = counts[result.kind]
        result.pages = max(1, -(-total // PAGE_SIZE))
        result.page = min(max(1, page), result.pages)
        statement = (
            select(*columns)
            .select_from(source)
            .where(*conditions, section == result.kind)
            .order_by(*order)
            .limit(PAGE_SIZE)
            .offset((result.page - 1) * PAGE_SIZE)
        )
    else:
        ranked = (
            select(
                *columns,
                func.row_number().over(partition_by=section, order_by=order).label("n"),
            )
            .select_from(source)
            .where(*conditions)
            .subquery("ranked")
        )
        statement = (
            select(*(c for c in ranked.c if c.name != "n"))
            .where(ranked.c.n <= PER_KIND)
            .order_by(ranked.c.section, ranked.c.n)
        )
    by_kind: dict[str, list[Hit]] = {k: [] for k in KINDS}
    for row in db.session.execute(statement):
        by_kind[row.section].append(_hit(row, query))
    result.sections = [(k, hits) for k, hits in by_kind.items() if hits]
    return result


def _hit(row: Any, query: Query) -> Hit:
    return Hit(
        kind=row.kind,
        object_id=row.object_id,
        title=highlight(row.title, query),
        snippet=snippet(row.body, query),
        label=row.label,
        meeting_id=row.meeting_id,
        meeting_title=row.meeting_title,
        meeting_starts_at=row.meeting_starts_at,
        meeting_timezone=row.meeting_timezone,
        minutes_edition=row.minutes_edition,
        agenda_item_id=row.agenda_item_id,
        group_name=row.group_name,
        group_slug=row.group_slug,
    )
