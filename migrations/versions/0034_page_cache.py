"""kept pages: the data clock and the dashboards and search results kept for it

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-08 01:45:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "data_clock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_clock")),
    )
    op.execute("INSERT INTO data_clock (id, value) VALUES (1, 0)")
    op.create_table(
        "cached_pages",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("clock", sa.BigInteger(), nullable=False),
        sa.Column("fresh_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_cached_pages")),
    )
    with op.batch_alter_table("cached_pages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cached_pages_stored_at"), ["stored_at"], unique=False)


def downgrade():
    with op.batch_alter_table("cached_pages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cached_pages_stored_at"))
    op.drop_table("cached_pages")
    op.drop_table("data_clock")
