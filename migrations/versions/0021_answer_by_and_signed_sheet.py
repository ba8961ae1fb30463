"""meetings.answer_by: the date by which invitees are asked to answer (on the invitation
letter and in the invitation); meetings.signed_sheet_file_id: the scan of the attendance
sheet the participants signed, kept with the meeting for the project's records.

Only adds nullable columns: safe while older app servers run.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 16:05:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.add_column(sa.Column("answer_by", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("signed_sheet_file_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_meetings_signed_sheet_file_id_stored_files"),
            "stored_files",
            ["signed_sheet_file_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_meetings_signed_sheet_file_id_stored_files"), type_="foreignkey"
        )
        batch_op.drop_column("signed_sheet_file_id")
        batch_op.drop_column("answer_by")
