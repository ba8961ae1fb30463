"""rendered documents: agenda and draft-minutes PDFs made once per version in the job queue,
kept in stored files

Only adds a table: safe while older app servers run (a rolling upgrade).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 04:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rendered_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("rendered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["stored_files.id"],
            name=op.f("fk_rendered_documents_file_id_stored_files"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rendered_documents")),
        sa.UniqueConstraint(
            "kind", "subject_id", "version", name=op.f("uq_rendered_documents_kind_subject_id_version")
        ),
    )


def downgrade():
    # The rendered copies' files go with them (they are made again on request); objects
    # in an S3-compatible store are left there.
    conn = op.get_bind()
    files = conn.scalars(
        sa.text("SELECT file_id FROM rendered_documents WHERE file_id IS NOT NULL")
    ).all()
    op.drop_table("rendered_documents")
    if files:
        conn.execute(
            sa.text("DELETE FROM stored_files WHERE id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"ids": list(files)},
        )
