"""outbox, calendar feeds, group followers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 10:31:37.517132

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outgoing_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=998), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=False),
    sa.Column('raw', sa.LargeBinary(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'sent', 'failed', name='status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status <> 'sent' OR sent_at IS NOT NULL", name=op.f('ck_outgoing_messages_sent_has_time')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_outgoing_messages_attempts_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_messages'))
    )
    with op.batch_alter_table('outgoing_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outgoing_messages_next_attempt_at'), ['next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outgoing_messages_recipient'), ['recipient'], unique=False)
        batch_op.create_index(batch_op.f('ix_outgoing_messages_status'), ['status'], unique=False)

    op.create_table('calendar_feeds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('(user_id IS NULL) <> (group_id IS NULL)', name=op.f('ck_calendar_feeds_for_person_or_group')),
    sa.ForeignKeyConstraint(['group_id'], ['working_groups.id'], name=op.f('fk_calendar_feeds_group_id_working_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_feeds_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feeds')),
    sa.UniqueConstraint('token', name=op.f('uq_calendar_feeds_token'))
    )
    with op.batch_alter_table('calendar_feeds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_feeds_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_calendar_feeds_user_id'), ['user_id'], unique=False)

    op.create_table('group_followers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('locale', sa.String(length=8), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_group_followers_email_lower_case')),
    sa.ForeignKeyConstraint(['group_id'], ['working_groups.id'], name=op.f('fk_group_followers_group_id_working_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_group_followers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_followers')),
    sa.UniqueConstraint('group_id', 'email', name=op.f('uq_group_followers_group_id_email'))
    )
    with op.batch_alter_table('group_followers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_followers_group_id'), ['group_id'], unique=False)



def downgrade():
    with op.batch_alter_table('group_followers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_followers_group_id'))

    op.drop_table('group_followers')
    with op.batch_alter_table('calendar_feeds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_feeds_user_id'))
        batch_op.drop_index(batch_op.f('ix_calendar_feeds_group_id'))

    op.drop_table('calendar_feeds')
    with op.batch_alter_table('outgoing_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outgoing_messages_status'))
        batch_op.drop_index(batch_op.f('ix_outgoing_messages_recipient'))
        batch_op.drop_index(batch_op.f('ix_outgoing_messages_next_attempt_at'))

    op.drop_table('outgoing_messages')
