"""notifications: what waits for a person in the app (read or not), each person's
per-kind preferences, who asked for an agenda's review and when its publication was
announced

Only adds tables and nullable columns: safe while older app servers run. Agendas
published before this revision count as announced, so publishing one of them again sends
no mail about an old agenda.

In this branch the revision follows 0013; 0014 is added in parallel elsewhere, and the two
are chained when the branches are merged.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 07:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_notifications_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notifications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications") as batch:
        batch.create_index("ix_notifications_user_id_read_at", ["user_id", "read_at"])
        batch.create_index("ix_notifications_user_id_id", ["user_id", "id"])
        batch.create_index(batch.f("ix_notifications_meeting_id"), ["meeting_id"])
    op.create_table(
        "notification_preferences",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("in_app", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("by_mail", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notification_preferences_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_notification_preferences")),
    )
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(sa.Column("agenda_review_requested_by_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("agenda_announced_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.create_foreign_key(
            batch.f("fk_meetings_agenda_review_requested_by_id_users"),
            "users",
            ["agenda_review_requested_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.execute(
        "UPDATE meetings SET agenda_announced_at = agenda_published_at "
        "WHERE agenda_published_at IS NOT NULL"
    )


def downgrade():
    with op.batch_alter_table("meetings") as batch:
        batch.drop_constraint(
            batch.f("fk_meetings_agenda_review_requested_by_id_users"), type_="foreignkey"
        )
        batch.drop_column("agenda_announced_at")
        batch.drop_column("agenda_review_requested_by_id")
    op.drop_table("notification_preferences")
    with op.batch_alter_table("notifications") as batch:
        batch.drop_index(batch.f("ix_notifications_meeting_id"))
        batch.drop_index("ix_notifications_user_id_id")
        batch.drop_index("ix_notifications_user_id_read_at")
    op.drop_table("notifications")
