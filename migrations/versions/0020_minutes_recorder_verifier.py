"""Minutes as an office files them: who recorded them and who verifies them
(minutes.recorded_by_id, verified_by_id, verified_at); per group whether verification is
required before approval, whether invitations carry the invitation letter as a PDF, and
which sections its minutes have under which headings.

Only adds nullable columns or columns with a server default: safe while older app
servers run.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 15:45:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("minutes") as batch_op:
        batch_op.add_column(sa.Column("recorded_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("verified_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_minutes_recorded_by_id_users"),
            "users",
            ["recorded_by_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_minutes_verified_by_id_users"),
            "users",
            ["verified_by_id"],
            ["id"],
            ondelete="RESTRICT",
        )
    with op.batch_alter_table("working_groups") as batch_op:
        batch_op.add_column(
            sa.Column(
                "requires_minutes_verification",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "attaches_invitation_letter",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("minutes_sections", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("working_groups") as batch_op:
        batch_op.drop_column("minutes_sections")
        batch_op.drop_column("attaches_invitation_letter")
        batch_op.drop_column("requires_minutes_verification")
    with op.batch_alter_table("minutes") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_minutes_verified_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_minutes_recorded_by_id_users"), type_="foreignkey")
        batch_op.drop_column("verified_at")
        batch_op.drop_column("verified_by_id")
        batch_op.drop_column("recorded_by_id")
