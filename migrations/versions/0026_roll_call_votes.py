"""invitations.arrived_before_item_id: the agenda item before which a participant arrived
(decisions at earlier items are quorate or not without them); decision_votes: a vote by
name (roll-call) on a decision, one row per voting member present ("for", "against",
"abstain", "not_voting"), from which the decision's counts are derived.

Adds a nullable column and a new table: safe while older app servers run.

Revision ID: 0026
Revises: 0023
Create Date: 2026-12-14 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0026"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("invitations") as batch_op:
        batch_op.add_column(sa.Column("arrived_before_item_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_invitations_arrived_before_item_id_agenda_items"),
            "agenda_items",
            ["arrived_before_item_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "decision_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "choice",
            sa.Enum(
                "for",
                "against",
                "abstain",
                "not_voting",
                name="choice",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_votes_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_decision_votes_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_votes")),
        sa.UniqueConstraint(
            "decision_id", "user_id", name=op.f("uq_decision_votes_decision_id_user_id")
        ),
    )
    with op.batch_alter_table("decision_votes") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_votes_decision_id"), ["decision_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_decision_votes_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("decision_votes") as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_votes_user_id"))
        batch_op.drop_index(batch_op.f("ix_decision_votes_decision_id"))
    op.drop_table("decision_votes")
    with op.batch_alter_table("invitations") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_invitations_arrived_before_item_id_agenda_items"), type_="foreignkey"
        )
        batch_op.drop_column("arrived_before_item_id")
