"""search index: one row per searchable thing, and the database's full-text index of it
(SQLite: an FTS5 table kept in step by triggers; PostgreSQL: a generated tsvector column
with a GIN index)

Only adds a table: safe while older app servers run. The index starts empty; `flask
search rebuild` fills it (new changes are indexed as they are made).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 09:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("minutes_id", sa.Integer(), nullable=True),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("label", sa.String(length=600), nullable=True),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["working_groups.id"],
            name=op.f("fk_search_documents_group_id_working_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_search_documents_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["minutes_id"],
            ["minutes.id"],
            name=op.f("fk_search_documents_minutes_id_minutes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_documents")),
        sa.UniqueConstraint("kind", "object_id", name=op.f("uq_search_documents_kind_object_id")),
    )
    with op.batch_alter_table("search_documents") as batch:
        batch.create_index("ix_search_documents_group_id", ["group_id"], unique=False)
        batch.create_index("ix_search_documents_meeting_id", ["meeting_id"], unique=False)
        batch.create_index("ix_search_documents_minutes_id", ["minutes_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # The words are folded (case, diacritics) by the app before they are stored, so the
        # 'simple' configuration (no stemming, no stop words) indexes them as they are.
        op.execute(
            "ALTER TABLE search_documents ADD COLUMN search_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, terms)) STORED"
        )
        op.execute(
            "CREATE INDEX ix_search_documents_search_vector ON search_documents "
            "USING gin (search_vector)"
        )
    else:
        # External content: the FTS5 table keeps only its index and reads the words from
        # search_documents.terms; the triggers keep it in step with every change.
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5(terms, content='search_documents', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN "
            "INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END"
        )
        op.execute(
            "CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN "
            "INSERT INTO search_fts(search_fts, rowid, terms) "
            "VALUES ('delete', old.id, old.terms); END"
        )
        op.execute(
            "CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN "
            "INSERT INTO search_fts(search_fts, rowid, terms) "
            "VALUES ('delete', old.id, old.terms); "
            "INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END"
        )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        for trigger in ("search_documents_ai", "search_documents_ad", "search_documents_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_table("search_documents")
