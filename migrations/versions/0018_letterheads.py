"""Letterheads: an organisation's registration number and logo, a group's funding line
and funding logos, shown on every document of the group.

Only adds nullable columns: safe while older app servers run.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 14:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organisations") as batch_op:
        batch_op.add_column(sa.Column("registration_number", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("logo_file_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_organisations_logo_file_id_stored_files"),
            "stored_files",
            ["logo_file_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("working_groups") as batch_op:
        batch_op.add_column(sa.Column("funding_line", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("funding_logo_file_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_working_groups_funding_logo_file_id_stored_files"),
            "stored_files",
            ["funding_logo_file_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("working_groups") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_working_groups_funding_logo_file_id_stored_files"), type_="foreignkey"
        )
        batch_op.drop_column("funding_logo_file_id")
        batch_op.drop_column("funding_line")
    with op.batch_alter_table("organisations") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_organisations_logo_file_id_stored_files"), type_="foreignkey"
        )
        batch_op.drop_column("logo_file_id")
        batch_op.drop_column("registration_number")
