"""working_groups.shows_online_link_publicly: the online link of the group's meetings is
shown to everyone who sees them (public pages, public feeds, documents), not only to the
people invited and the members of the groups taking part; false for existing groups, so
their links leave the public pages.

Adds a column with a server default: safe while older app servers run.

Revision ID: 0027
Revises: 0023
Create Date: 2026-12-09 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0027"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("working_groups") as batch_op:
        batch_op.add_column(
            sa.Column(
                "shows_online_link_publicly",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )


def downgrade():
    with op.batch_alter_table("working_groups") as batch_op:
        batch_op.drop_column("shows_online_link_publicly")
