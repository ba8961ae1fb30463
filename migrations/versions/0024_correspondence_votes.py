"""correspondence_votes, correspondence_ballots: decisions by correspondence (per rollam),
a proposal put to a group's voting members with a deadline, one ballot row per voting
member; the result, its counts, its number in the group's decisions register
("PR/<year>/<n>") and the signed PDF record of the closed vote.

Only adds tables: safe while older app servers run.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 18:52:06

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0024"
down_revision = "0029"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True)


def upgrade():
    op.create_table(
        "correspondence_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("proposal", sa.Text(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.Column("state", _enum("state", "open", "closed", "cancelled"), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("voting_members", sa.Integer(), nullable=False),
        sa.Column(
            "quorum_basis",
            _enum("quorum_basis", "count", "majority", "two_thirds", "half"),
            nullable=False,
        ),
        sa.Column("quorum_needed", sa.Integer(), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "close_reason", _enum("close_reason", "deadline", "all_voted", "decided"), nullable=True
        ),
        sa.Column("result", _enum("result", "adopted", "rejected", "not_quorate"), nullable=True),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("votes_against", sa.Integer(), nullable=True),
        sa.Column("votes_abstaining", sa.Integer(), nullable=True),
        sa.Column("decision_year", sa.Integer(), nullable=True),
        sa.Column("decision_sequence", sa.Integer(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_by_id", sa.Integer(), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("record_file_id", sa.Integer(), nullable=True),
        sa.Column("record_sha256", sa.String(length=64), nullable=True),
        sa.Column("record_error", sa.Text(), nullable=True),
        sa.Column("record_attempted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state <> 'closed' OR (closed_at IS NOT NULL AND result IS NOT NULL)",
            name=op.f("ck_correspondence_votes_closed_has_result"),
        ),
        sa.CheckConstraint(
            "decision_sequence IS NULL OR decision_sequence > 0",
            name=op.f("ck_correspondence_votes_sequence_positive"),
        ),
        sa.CheckConstraint(
            "quorum_needed > 0", name=op.f("ck_correspondence_votes_quorum_positive")
        ),
        sa.CheckConstraint(
            "voting_members >= quorum_needed",
            name=op.f("ck_correspondence_votes_quorum_reachable"),
        ),
        sa.ForeignKeyConstraint(
            ["cancelled_by_id"],
            ["users.id"],
            name=op.f("fk_correspondence_votes_cancelled_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["working_groups.id"],
            name=op.f("fk_correspondence_votes_group_id_working_groups"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["record_file_id"],
            ["stored_files.id"],
            name=op.f("fk_correspondence_votes_record_file_id_stored_files"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["started_by_id"],
            ["users.id"],
            name=op.f("fk_correspondence_votes_started_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_correspondence_votes")),
        sa.UniqueConstraint(
            "group_id",
            "decision_year",
            "decision_sequence",
            name=op.f("uq_correspondence_votes_group_id_decision_year_decision_sequence"),
        ),
        sa.UniqueConstraint("record_file_id", name=op.f("uq_correspondence_votes_record_file_id")),
    )
    with op.batch_alter_table("correspondence_votes") as batch_op:
        batch_op.create_index(batch_op.f("ix_correspondence_votes_group_id"), ["group_id"])
        batch_op.create_index(
            "ix_correspondence_votes_state_deadline_at", ["state", "deadline_at"]
        )

    op.create_table(
        "correspondence_ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("choice", _enum("choice", "for", "against", "abstain"), nullable=True),
        sa.Column("cast_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("channel", _enum("channel", "link", "page"), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_correspondence_ballots_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"],
            ["correspondence_votes.id"],
            name=op.f("fk_correspondence_ballots_vote_id_correspondence_votes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_correspondence_ballots")),
        sa.UniqueConstraint(
            "vote_id", "user_id", name=op.f("uq_correspondence_ballots_vote_id_user_id")
        ),
    )
    with op.batch_alter_table("correspondence_ballots") as batch_op:
        batch_op.create_index(batch_op.f("ix_correspondence_ballots_user_id"), ["user_id"])


def downgrade():
    with op.batch_alter_table("correspondence_ballots") as batch_op:
        batch_op.drop_index(batch_op.f("ix_correspondence_ballots_user_id"))
    op.drop_table("correspondence_ballots")
    with op.batch_alter_table("correspondence_votes") as batch_op:
        batch_op.drop_index("ix_correspondence_votes_state_deadline_at")
        batch_op.drop_index(batch_op.f("ix_correspondence_votes_group_id"))
    op.drop_table("correspondence_votes")
