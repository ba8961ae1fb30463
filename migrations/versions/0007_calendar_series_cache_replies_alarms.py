"""calendar series as one object, cached calendar entries, received replies, alarms,
answers kept across a change

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 22:54:51.084570

"""
import uuid

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_entries',
    sa.Column('uid', sa.String(length=255), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('built_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('uid', 'locale', name=op.f('pk_calendar_entries'))
    )
    op.create_table('calendar_clock',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_clock'))
    )
    op.execute("INSERT INTO calendar_clock (id, value) VALUES (1, 0)")
    op.create_table('feed_validators',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('clock', sa.BigInteger(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('etag', sa.String(length=64), nullable=False),
    sa.Column('last_modified', sa.DateTime(timezone=True), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('zones', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_feed_validators'))
    )
    op.create_table('calendar_replies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('sender', sa.String(length=320), nullable=True),
    sa.Column('message_id', sa.String(length=500), nullable=True),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('invitation_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_calendar_replies_invitation_id_invitations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_replies'))
    )
    with op.batch_alter_table('calendar_replies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_replies_invitation_id'), ['invitation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_calendar_replies_received_at'), ['received_at'], unique=False)

    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series_sequence_sent', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('rsvp_before_change', sa.Enum('needs_action', 'accepted', 'declined', 'tentative', name='rsvp_before_change', native_enum=False, create_constraint=True), nullable=True))
        batch_op.add_column(sa.Column('asked_again_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('answered_via', sa.String(length=16), nullable=True))

    # The series' UID: added nullable, filled for the series already there, then required.
    with op.batch_alter_table('meeting_series', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uid', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('sequence', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('calendar_version', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('online_url', sa.String(length=500), nullable=True))
    connection = op.get_bind()
    series = sa.table('meeting_series', sa.column('id', sa.Integer), sa.column('uid', sa.String))
    for (series_id,) in connection.execute(sa.select(series.c.id)).all():
        connection.execute(
            series.update().where(series.c.id == series_id).values(uid=f"{uuid.uuid4()}@meetings")
        )
    with op.batch_alter_table('meeting_series', schema=None) as batch_op:
        batch_op.alter_column('uid', existing_type=sa.String(length=255), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_meeting_series_uid'), ['uid'])
        batch_op.create_check_constraint(
            op.f('ck_meeting_series_sequence_not_negative'), 'sequence >= 0'
        )

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recurrence_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('calendar_version', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('alarm_minutes', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_meetings_alarm_minutes_not_negative'),
            'alarm_minutes IS NULL OR alarm_minutes >= 0',
        )
    # An occurrence created before is where its rule put it, unless moved since: its start
    # is the best record of that place there is.
    op.execute("UPDATE meetings SET recurrence_at = starts_at WHERE series_id IS NOT NULL")

    with op.batch_alter_table('working_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('alarm_minutes', sa.Integer(), server_default='1440', nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_working_groups_alarm_minutes_not_negative'), 'alarm_minutes >= 0'
        )


def downgrade():
    with op.batch_alter_table('working_groups', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_working_groups_alarm_minutes_not_negative'), type_='check')
        batch_op.drop_column('alarm_minutes')

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_meetings_alarm_minutes_not_negative'), type_='check')
        batch_op.drop_column('alarm_minutes')
        batch_op.drop_column('calendar_version')
        batch_op.drop_column('recurrence_at')

    with op.batch_alter_table('meeting_series', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_meeting_series_sequence_not_negative'), type_='check')
        batch_op.drop_constraint(batch_op.f('uq_meeting_series_uid'), type_='unique')
        batch_op.drop_column('online_url')
        batch_op.drop_column('calendar_version')
        batch_op.drop_column('sequence')
        batch_op.drop_column('uid')

    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_column('answered_via')
        batch_op.drop_column('asked_again_at')
        batch_op.drop_constraint(op.f('ck_invitations_rsvp_before_change'), type_='check')
        batch_op.drop_column('rsvp_before_change')
        batch_op.drop_column('series_sequence_sent')

    with op.batch_alter_table('calendar_replies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_replies_received_at'))
        batch_op.drop_index(batch_op.f('ix_calendar_replies_invitation_id'))

    op.drop_table('calendar_replies')
    op.drop_table('feed_validators')
    op.drop_table('calendar_clock')
    op.drop_table('calendar_entries')
