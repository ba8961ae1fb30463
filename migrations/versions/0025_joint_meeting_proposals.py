"""joint_meeting_proposals: groups proposed for a joint meeting by a person who does not
manage them, with their answer (proposed, accepted, declined), who proposed and who
decided when. A group takes part (``meeting_groups``) only once it has accepted.

Only adds a table: safe while older app servers run.

The revisions are chained in the order their work was merged, not by number: this one
follows 0026.

Revision ID: 0025
Revises: 0026
Create Date: 2026-12-08 09:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0025"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "joint_meeting_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('proposed', 'accepted', 'declined')",
            name=op.f("ck_joint_meeting_proposals_state"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_joint_meeting_proposals_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["working_groups.id"],
            name=op.f("fk_joint_meeting_proposals_group_id_working_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"],
            ["users.id"],
            name=op.f("fk_joint_meeting_proposals_proposed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_joint_meeting_proposals_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_joint_meeting_proposals")),
        sa.UniqueConstraint(
            "meeting_id", "group_id", name=op.f("uq_joint_meeting_proposals_meeting_id_group_id")
        ),
    )
    with op.batch_alter_table("joint_meeting_proposals") as batch:
        batch.create_index(batch.f("ix_joint_meeting_proposals_group_id"), ["group_id"])


def downgrade():
    with op.batch_alter_table("joint_meeting_proposals") as batch:
        batch.drop_index(batch.f("ix_joint_meeting_proposals_group_id"))
    op.drop_table("joint_meeting_proposals")
