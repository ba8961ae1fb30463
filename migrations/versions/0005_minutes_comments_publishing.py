"""minutes comments, publishing state, guests by name

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 10:45:37.401143

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('minutes_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('minutes_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_minutes_comments_agenda_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_minutes_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['minutes_id'], ['minutes.id'], name=op.f('fk_minutes_comments_minutes_id_minutes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_comments'))
    )
    with op.batch_alter_table('minutes_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_comments_minutes_id'), ['minutes_id'], unique=False)

    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('publish_requested_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('publish_error', sa.Text(), nullable=True))

    # A guest recorded on the spot may have only a name.
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_invitations_user_or_email'), type_='check')
        batch_op.create_check_constraint(
            'user_email_or_name', 'user_id IS NOT NULL OR email IS NOT NULL OR name IS NOT NULL'
        )



def downgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_invitations_user_email_or_name'), type_='check')
        batch_op.create_check_constraint('user_or_email', 'user_id IS NOT NULL OR email IS NOT NULL')

    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.drop_column('publish_error')
        batch_op.drop_column('publish_requested_at')

    with op.batch_alter_table('minutes_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_comments_minutes_id'))

    op.drop_table('minutes_comments')
