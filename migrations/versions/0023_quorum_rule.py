"""working_groups.quorum_rule: the quorum as a rule ("count": at least ``quorum`` voting
members; "majority": more than half of them; "two_thirds": at least two thirds), "count"
for existing groups so they behave as before; invitations.left_after_item_id: the agenda
item after which a participant left the meeting (decisions at later items are quorate or
not without them).

Adds a column with a server default and a nullable column: safe while older app servers
run.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 16:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("working_groups") as batch_op:
        batch_op.add_column(
            sa.Column("quorum_rule", sa.String(length=10), server_default="count", nullable=False)
        )
        batch_op.create_check_constraint(
            "quorum_rule", "quorum_rule IN ('count', 'majority', 'two_thirds')"
        )
    with op.batch_alter_table("invitations") as batch_op:
        batch_op.add_column(sa.Column("left_after_item_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_invitations_left_after_item_id_agenda_items"),
            "agenda_items",
            ["left_after_item_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("invitations") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_invitations_left_after_item_id_agenda_items"), type_="foreignkey"
        )
        batch_op.drop_column("left_after_item_id")
    with op.batch_alter_table("working_groups") as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_working_groups_quorum_rule"), type_="check")
        batch_op.drop_column("quorum_rule")
