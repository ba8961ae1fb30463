"""working_groups.minutes_reference_pattern: how a group numbers its minutes for filing
("PS-SOC/{year}/{number}").

Only adds a nullable column: safe while older app servers run.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 14:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("working_groups") as batch_op:
        batch_op.add_column(
            sa.Column("minutes_reference_pattern", sa.String(length=100), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("working_groups") as batch_op:
        batch_op.drop_column("minutes_reference_pattern")
