"""minutes.verified_by_id indexed: the dashboard's "minutes waiting for your verification"
read every minutes row to find a verifier's (40 ms at 22,000 minutes)

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-08 01:55:00.000000

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_minutes_verified_by_id"), ["verified_by_id"], unique=False)


def downgrade():
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_verified_by_id"))
