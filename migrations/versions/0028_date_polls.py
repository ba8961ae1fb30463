"""Date polls: a deadline reminder marker, the closing time and the task a poll was started
from (polls); a venue or online link per slot (poll_options); who is asked, members and
guests by e-mail, with their comment and answer-link nonce (poll_participants, new); and
answers per participant (poll_answers, rebuilt: no page wrote the old table, so it holds
no rows).

Adds nullable columns and a new table: safe while older app servers run.

Revision ID: 0028
Revises: 0023
Create Date: 2026-12-10 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

VALUE = sa.Enum("yes", "if_need_be", "no", name="value", native_enum=False, create_constraint=True)


def upgrade():
    with op.batch_alter_table("polls") as batch_op:
        batch_op.add_column(sa.Column("action_item_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_polls_action_item_id_action_items"),
            "action_items",
            ["action_item_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_polls_action_item_id"), ["action_item_id"])
    with op.batch_alter_table("poll_options") as batch_op:
        batch_op.add_column(sa.Column("venue_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("online_url", sa.String(length=500), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_poll_options_venue_id_venues"),
            "venues",
            ["venue_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "poll_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer_nonce", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "user_id IS NOT NULL OR email IS NOT NULL",
            name=op.f("ck_poll_participants_user_or_email"),
        ),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["polls.id"],
            name=op.f("fk_poll_participants_poll_id_polls"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_poll_participants_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_participants")),
        sa.UniqueConstraint("poll_id", "email", name=op.f("uq_poll_participants_poll_id_email")),
        sa.UniqueConstraint(
            "poll_id", "user_id", name=op.f("uq_poll_participants_poll_id_user_id")
        ),
    )
    with op.batch_alter_table("poll_participants") as batch_op:
        batch_op.create_index(batch_op.f("ix_poll_participants_poll_id"), ["poll_id"])
        batch_op.create_index(batch_op.f("ix_poll_participants_user_id"), ["user_id"])

    with op.batch_alter_table("poll_answers") as batch_op:
        batch_op.drop_index(batch_op.f("ix_poll_answers_option_id"))
    op.drop_table("poll_answers")
    op.create_table(
        "poll_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("value", VALUE, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["option_id"],
            ["poll_options.id"],
            name=op.f("fk_poll_answers_option_id_poll_options"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["poll_participants.id"],
            name=op.f("fk_poll_answers_participant_id_poll_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_answers")),
        sa.UniqueConstraint(
            "option_id", "participant_id", name=op.f("uq_poll_answers_option_id_participant_id")
        ),
    )
    with op.batch_alter_table("poll_answers") as batch_op:
        batch_op.create_index(batch_op.f("ix_poll_answers_option_id"), ["option_id"])
        batch_op.create_index(batch_op.f("ix_poll_answers_participant_id"), ["participant_id"])


def downgrade():
    with op.batch_alter_table("poll_answers") as batch_op:
        batch_op.drop_index(batch_op.f("ix_poll_answers_participant_id"))
        batch_op.drop_index(batch_op.f("ix_poll_answers_option_id"))
    op.drop_table("poll_answers")
    op.create_table(
        "poll_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("value", VALUE, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "user_id IS NOT NULL OR name IS NOT NULL", name=op.f("ck_poll_answers_user_or_name")
        ),
        sa.ForeignKeyConstraint(
            ["option_id"],
            ["poll_options.id"],
            name=op.f("fk_poll_answers_option_id_poll_options"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_poll_answers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_answers")),
        sa.UniqueConstraint("option_id", "user_id", name=op.f("uq_poll_answers_option_id_user_id")),
    )
    with op.batch_alter_table("poll_answers") as batch_op:
        batch_op.create_index(batch_op.f("ix_poll_answers_option_id"), ["option_id"])
    with op.batch_alter_table("poll_participants") as batch_op:
        batch_op.drop_index(batch_op.f("ix_poll_participants_user_id"))
        batch_op.drop_index(batch_op.f("ix_poll_participants_poll_id"))
    op.drop_table("poll_participants")
    with op.batch_alter_table("poll_options") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_poll_options_venue_id_venues"), type_="foreignkey")
        batch_op.drop_column("online_url")
        batch_op.drop_column("venue_id")
    with op.batch_alter_table("polls") as batch_op:
        batch_op.drop_index(batch_op.f("ix_polls_action_item_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_polls_action_item_id_action_items"), type_="foreignkey"
        )
        batch_op.drop_column("closed_at")
        batch_op.drop_column("reminded_at")
        batch_op.drop_column("action_item_id")
