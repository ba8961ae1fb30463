"""Which tables an export holds, which it leaves out and why, and how a group's share of the
tables is found.

Every table of the models is exported unless it is named here (or its model says
``__table_args__ = {"info": {"export": "why it is left out"}}``): a table added later is
exported, restored and merged without changes here, in the dependency order of
``db.metadata.sorted_tables``, its foreign keys followed generically.

A group's export starts from its ``working_groups`` row. A table whose foreign key points at
the group, or at a row that belongs to it, *belongs to the group* (meetings, their agenda
items, invitations, minutes, decisions, polls, votes …): its rows that point at the group's
rows are taken. The *shared* tables (people, organisations, venues, files) are taken only as
far as those rows refer to them; a table that points at nothing but shared rows (an
organisation's office hours) comes with the rows it points at.
"""

from __future__ import annotations

from sqlalchemy import Column, Table

from ..extensions import db

INSTALLATION = "installation"
GROUP = "group"

#: Left out of every export: table → why.
EXCLUDED: dict[str, str] = {
    "sign_ins": "signed-in browsers (sessions): everyone signs in again after a restore",
    "api_tokens": (
        "personal API tokens are credentials of other systems: people make new ones on "
        "their account page"
    ),
    "rate_counters": "rate-limit counters: transient",
    "outgoing_messages": (
        "the mail outbox: transient (mail not yet delivered when the export was made is "
        "not carried over)"
    ),
    "calendar_entries": "a cache of calendar entries, made again when a feed is read",
    "feed_validators": "a cache of calendar feeds' ETags, made again when a feed is read",
    "calendar_clock": "the clock of the calendar caches",
    "cached_pages": "people's dashboards and search results as last shown: a cache",
    "data_clock": "the clock of the kept pages",
    "search_documents": "the search index, rebuilt by the import",
    "rendered_documents": (
        "PDFs rendered on demand (agendas, drafts, letters), made again when asked for; "
        "published minutes and the records of votes are exported with their files"
    ),
    "export_jobs": "the downloadable exports themselves",
    "webhook_deliveries": (
        "the webhooks' delivery log and queue: transient (events not yet delivered when "
        "the export was made are not carried over)"
    ),
}

#: Also left out of a group's export: they are the installation's or people's own.
GROUP_EXCLUDED: dict[str, str] = {
    "audit_log": "the installation's own record (its entries name objects by their ids there)",
    "notifications": "people's own notifications",
    "notification_preferences": "people's own settings",
    "mail_choices": "people's own choices of mail",
    "planned_messages": "the reminder schedule, planned anew where the group is imported",
    "calendar_feeds": "secret calendar addresses of people and groups",
    "webhooks": (
        "addresses of the exporting installation's neighbours, with their secrets: the "
        "group's managers register them again where the group is imported"
    ),
}

#: Why a table that is not linked to the group is not in its export.
NOT_LINKED = "not linked to a working group"

#: A group's export starts from its row here.
ROOT = "working_groups"
#: Rows of these tables are taken as far as the group's rows refer to them; a merge finds
#: people by e-mail, organisations and venues by name, and adds every file.
SHARED = ("organisations", "stored_files", "users", "venues")
#: The table of files: its rows go with the rows that refer to them, the bytes to files/.
FILES = "stored_files"

#: Columns never exported: a stored file's bytes are in ``files/<sha256>`` of the zip, and
#: where they are kept is the installation's business.
OMITTED_COLUMNS: dict[str, frozenset[str]] = {FILES: frozenset({"data", "location"})}

#: In a group's export, only these columns of shared tables: a person is their e-mail,
#: name, organisation and language, not their password, rights or settings.
GROUP_COLUMNS: dict[str, tuple[str, ...]] = {
    "users": ("id", "email", "name", "organisation_id", "locale", "timezone", "grammatical_gender"),
}

#: What a table is in a group's export.
ROOT_ROLE, OWNED, SHARED_ROLE, DETAIL = "root", "owned", "shared", "detail"


def excluded(scope: str) -> dict[str, str]:
    """The tables the scope's export leaves out, each with why (by name)."""
    reasons = dict(EXCLUDED)
    if scope == GROUP:
        reasons |= GROUP_EXCLUDED
    for table in db.metadata.sorted_tables:
        reason = table.info.get("export")
        if isinstance(reason, str):
            reasons[table.name] = reason
    known = set(db.metadata.tables)
    reasons = {name: why for name, why in reasons.items() if name in known}
    if scope == GROUP:
        roles = group_roles()
        for table in db.metadata.sorted_tables:
            if table.name not in reasons and table.name not in roles:
                reasons[table.name] = NOT_LINKED
    return dict(sorted(reasons.items()))


def exported_tables(scope: str) -> list[Table]:
    """The tables the scope's export holds, parents before the tables that refer to them."""
    left_out = excluded(scope)
    return [t for t in db.metadata.sorted_tables if t.name not in left_out]


def columns_of(table: Table, scope: str) -> list[Column]:
    """The columns of ``table`` an export of the scope holds, in the table's order."""
    if scope == GROUP and table.name in GROUP_COLUMNS:
        return [table.c[name] for name in GROUP_COLUMNS[table.name]]
    omitted = OMITTED_COLUMNS.get(table.name, frozenset())
    return [c for c in table.columns if c.name not in omitted]


def target(column: Column) -> Table | None:
    """The table a foreign-key column refers to (None: it is no foreign key)."""
    for key in column.foreign_keys:
        return key.column.table
    return None


def primary_key(table: Table) -> Column | None:
    """The table's single primary-key column, or None for a composite key."""
    columns = list(table.primary_key.columns)
    return columns[0] if len(columns) == 1 else None


def key_of(table: Table) -> Column:
    """The table's single primary-key column (its rows are referred to by it)."""
    key = primary_key(table)
    if key is None:
        raise RuntimeError(f"{table.name} has no single primary key")
    return key


def group_roles() -> dict[str, str]:
    """Each table's part in a group's export (see the module's docstring): root, owned,
    shared or detail; tables left out are not named."""
    left_out = {**EXCLUDED, **GROUP_EXCLUDED}
    for table in db.metadata.sorted_tables:
        if isinstance(table.info.get("export"), str):
            left_out[table.name] = table.info["export"]
    roles: dict[str, str] = {ROOT: ROOT_ROLE}
    roles |= {name: SHARED_ROLE for name in SHARED if name in db.metadata.tables}
    for table in db.metadata.sorted_tables:
        if table.name in roles or table.name in left_out:
            continue
        targets = {key.column.table.name for key in table.foreign_keys} - {table.name}
        if any(roles.get(name) in (ROOT_ROLE, OWNED) for name in targets):
            roles[table.name] = OWNED
        elif targets and all(roles.get(name) == SHARED_ROLE for name in targets):
            roles[table.name] = DETAIL
    return roles


def check(scope: str) -> None:
    """Every column an export cannot leave empty refers to a table it holds: otherwise a
    restore could not insert the row. A table added with such a link to a table left out
    must be left out too (a programming error, found by the tests)."""
    kept = {t.name for t in exported_tables(scope)}
    for table in exported_tables(scope):
        for column in columns_of(table, scope):
            parent = target(column)
            if parent is not None and parent.name not in kept and not column.nullable:
                raise RuntimeError(
                    f"{table.name}.{column.name} refers to {parent.name}, which the "
                    f"{scope} export leaves out: leave {table.name} out too"
                )
