"""invitations.attendance may be "online": a person who took part in a hybrid meeting
online is recorded as such (and counts for the quorum like one present in the room).

Widens a CHECK constraint: rows written by older app servers stay valid.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 16:20:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("invitations") as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_invitations_attendance"), type_="check")
        batch_op.create_check_constraint(
            "attendance",
            "attendance IN ('present', 'excused', 'absent', 'represented', 'online')",
        )


def downgrade():
    op.execute("UPDATE invitations SET attendance = 'present' WHERE attendance = 'online'")
    with op.batch_alter_table("invitations") as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_invitations_attendance"), type_="check")
        batch_op.create_check_constraint(
            "attendance", "attendance IN ('present', 'excused', 'absent', 'represented')"
        )
