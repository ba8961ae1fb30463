"""sign-ins: one row per signed-in browser, so that signing out ends that session and its
remember-me cookie on the server, not only in the browser

Adds a table. Sessions made before this version carry no sign-in and end: everyone signs
in once more after the upgrade.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 07:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sign_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("remembered", sa.Boolean(), nullable=False),
        sa.Column("address", sa.String(length=45), nullable=True),
        sa.Column("device", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_sign_ins_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_ins")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sign_ins_token_hash")),
    )
    with op.batch_alter_table("sign_ins") as batch:
        batch.create_index(batch.f("ix_sign_ins_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("sign_ins") as batch:
        batch.drop_index(batch.f("ix_sign_ins_user_id"))
    op.drop_table("sign_ins")
