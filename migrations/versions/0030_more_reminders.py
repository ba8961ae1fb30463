"""more reminders: task reminders, poll reminders and the weekly digest are planned messages

The account setting "E-mail me reminders of my tasks" (``users.notify_task_reminders``)
becomes the per-address choice of the kind ``task`` in ``mail_choices`` (one source of
truth); the columns the former jobs kept their own "sent" marks in
(``action_items.reminder_sent_at``, ``polls.reminded_at``) go: ``planned_messages`` keeps
them now. Downgrade writes the choice back.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-08 10:00:00

"""

import datetime as dt

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0030"
down_revision = "0024"
branch_labels = None
depends_on = None

users = sa.table(
    "users",
    sa.column("email", sa.String),
    sa.column("notify_task_reminders", sa.Boolean),
)
mail_choices = sa.table(
    "mail_choices",
    sa.column("email", sa.String),
    sa.column("kind", sa.String),
    sa.column("wanted", sa.Boolean),
    sa.column("changed_at", sa.DateTime(timezone=True)),
)


def upgrade():
    bind = op.get_bind()
    now = dt.datetime.now(dt.UTC)
    opted_out = sorted(
        {
            email.strip().lower()
            for (email,) in bind.execute(
                sa.select(users.c.email).where(users.c.notify_task_reminders.is_(False))
            )
        }
    )
    taken = {
        email
        for (email,) in bind.execute(
            sa.select(mail_choices.c.email).where(mail_choices.c.kind == "task")
        )
    }
    rows = [
        {"email": email, "kind": "task", "wanted": False, "changed_at": now}
        for email in opted_out
        if email not in taken
    ]
    if rows:
        op.bulk_insert(mail_choices, rows)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("notify_task_reminders")
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.drop_column("reminder_sent_at")
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.drop_column("reminded_at")


def downgrade():
    with op.batch_alter_table("polls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reminder_sent_at", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "notify_task_reminders", sa.Boolean(), server_default=sa.true(), nullable=False
            )
        )
    bind = op.get_bind()
    opted_out = [
        email
        for (email,) in bind.execute(
            sa.select(mail_choices.c.email).where(
                mail_choices.c.kind == "task", mail_choices.c.wanted.is_(False)
            )
        )
    ]
    if opted_out:
        bind.execute(
            users.update()
            .where(sa.func.lower(users.c.email).in_(opted_out))
            .values(notify_task_reminders=False)
        )
    bind.execute(mail_choices.delete().where(mail_choices.c.kind == "task"))
