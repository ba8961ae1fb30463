"""Searching the index: what a person may see, grouped by kind, counted, filtered, paged,
with the matching words highlighted.

Who may see a row is decided in SQL, before anything is counted, by the permission
policy's SQL rules (``auth.permissions.sql_*``, tested against ``can`` itself) over the
live meetings, minutes and memberships; a cheap first sieve (``_sieve``) spares most
rows of a common word from those rules. Every search is the same few statements however
many rows match: the groups for the filter; one pass over the matches that counts them
and chooses the page's hits; the texts of those hits.
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
    null,
    or_,
    select,
    table,
    union_all,
)

from ..auth.permissions import (
    can,
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
    """(FROM clause, the full-text match condition, score: lower is better)."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        tsquery = func.to_tsquery(literal_column("'simple'::regconfig"), query.tsquery())
        vector = literal_column("search_documents.search_vector")
        return documents, vector.op("@@")(tsquery), -func.ts_rank(vector, tsquery)
    # Joined, not a subquery: FTS5 then scores only the rows that pass the other
    # conditions (bm25 of 60,000 prefix matches costs 100 ms, most of them not visible).
    fts = table("search_fts", column("rowid"))
    match = literal_column("search_fts").op("MATCH")(query.fts5())
    score = func.bm25(literal_column("search_fts"))
    return fts.join(documents, documents.c.id == fts.c.rowid), match, score


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


def _sieve(user: Any, groups: list[GroupChoice]) -> Any | None:
    """SQL: a cheap first test that keeps every row the person may see (and some they
    may not, which ``visible`` then refuses): rows of the groups they may see (their own
    and the public ones), of meetings joint with one of those or open to everyone, and
    rows of no group (organisations, people). For a common word most rows fail here,
    before the policy's rules are worked out for them. None for a site admin."""
    if can(user, "site.admin"):
        return None
    ids = [g.id for g in groups]
    d = documents.c
    return or_(
        d.group_id.in_(ids),
        d.group_id.is_(None),
        d.meeting_id.in_(
            select(meeting_groups.c.meeting_id).where(meeting_groups.c.group_id.in_(ids))
        ),
        d.meeting_id.in_(select(Meeting.id).where(Meeting.is_public.is_(True))),
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
    hits of each kind. ``group`` (a slug) and ``year`` narrow every kind. Three queries:
    the groups, the counts with the hits chosen, the texts of those hits."""
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

    def joined(source: Any) -> Any:
        return (
            source.outerjoin(meeting, meeting.c.id == documents.c.meeting_id)
            .outerjoin(minutes, minutes.c.id == documents.c.minutes_id)
            .outerjoin(owner, owner.c.id == documents.c.group_id)
        )

    matched, match, score = _match(query)
    source = joined(matched)
    conditions = [match, visible(user, meeting, minutes, owner, now)]
    sieve = _sieve(user, result.groups)
    if sieve is not None:
        conditions.insert(1, sieve)
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

    # One pass over the matches: the visible ones are worked out once (a CTE), then
    # counted by kind and year and ranked for the page in the same statement. A common
    # word matches tens of thousands of rows; going over them twice cost twice.
    found = (
        select(
            documents.c.id,
            section.label("section"),
            documents.c.year,
            score.label("score"),
            meeting.c.starts_at,
        )
        .select_from(source)
        .where(*conditions)
        .cte("found")
    )
    order = (found.c.score, found.c.starts_at.desc().nulls_last(), found.c.id)
    shown = [found.c.year == result.year] if result.year is not None else []
    # Capped so that any number typed in the address fits the database's integers.
    requested = min(max(1, page), 10**6)
    if result.kind:
        ranked = (
            select(
                found.c.id,
                found.c.section,
                func.row_number().over(order_by=order).label("n"),
                func.count().over().label("total"),
            )
            .where(found.c.section == result.kind, *shown)
            .subquery("ranked")
        )
        # A page past the last shows the last one (a bookmark kept after hits went away).
        wanted = (requested - 1) * PAGE_SIZE
        first = case(
            (ranked.c.total > wanted, wanted),
            else_=(ranked.c.total - 1) // PAGE_SIZE * PAGE_SIZE,
        )
        picked = and_(ranked.c.n > first, ranked.c.n <= first + PAGE_SIZE)
    else:
        ranked = (
            select(
                found.c.id,
                found.c.section,
                func.row_number().over(partition_by=found.c.section, order_by=order).label("n"),
            )
            .where(*shown)
            .subquery("ranked")
        )
        picked = ranked.c.n <= PER_KIND
    rows = db.session.execute(
        union_all(
            select(
                found.c.section,
                found.c.year,
                func.count().label("hits"),
                null().label("id"),
                null().label("n"),
            ).group_by(found.c.section, found.c.year),
            select(
                ranked.c.section,
                null().label("year"),
                null().label("hits"),
                ranked.c.id,
                ranked.c.n,
            ).where(picked),
        )
    ).all()
    counts = dict.fromkeys(KINDS, 0)
    years: set[int] = set()
    chosen_ids: dict[int, int] = {}
    for row in rows:
        if row.id is not None:
            chosen_ids[row.id] = row.n
            continue
        if result.year is None or row.year == result.year:
            counts[row.section] += row.hits
        if row.year is not None and (result.kind is None or row.section == result.kind):
            years.add(row.year)
    result.counts = counts
    result.years = sorted(years, reverse=True)
    if result.kind:
        result.pages = max(1, -(-counts[result.kind] // PAGE_SIZE))
        result.page = min(requested, result.pages)
    if not chosen_ids:
        return result

    # Only the hits shown are read with their texts.
    statement = (
        select(
            section.label("section"),
            documents.c.id,
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
        )
        .select_from(joined(documents))
        .where(documents.c.id.in_(list(chosen_ids)))
    )
    by_kind: dict[str, list[Hit]] = {k: [] for k in KINDS}
    for row in sorted(db.session.execute(statement), key=lambda r: chosen_ids[r.id]):
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
