"""meetings.ends_at indexed: the dashboard, a person's calendar and the invitations
waiting for an answer ask for meetings not over yet; without the index PostgreSQL read
all 24,000 meetings of the benchmark's archive for a person's next twenty.

Only adds an index: safe while older app servers run.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 10:20:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_ends_at"), ["ends_at"], unique=False)


def downgrade():
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_ends_at"))
