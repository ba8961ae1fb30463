"""users.grammatical_gender: a person may say how role and attendance labels speak of
them ("Předsedkyně" or "Předseda"); unset keeps the neutral form.

Only adds a nullable column: safe while older app servers run.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 13:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("grammatical_gender", sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("grammatical_gender")
