"""edit versions: meetings, agenda items and working groups get a version checked on every
save (optimistic locking), so that two people saving at once cannot overwrite each other

Only adds columns with a default: safe while older app servers run (they do not bump the
version, so their saves are not checked until they are replaced).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 07:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TABLES = ("meetings", "agenda_items", "working_groups")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
