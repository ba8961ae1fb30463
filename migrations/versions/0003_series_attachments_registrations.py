"""series, attachments, registrations, agenda publishing

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 10:14:24.367986

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('meeting_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('rule', sa.String(length=500), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('venue_id', sa.Integer(), nullable=True),
    sa.Column('room', sa.String(length=200), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('duration_minutes > 0', name=op.f('ck_meeting_series_duration_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_meeting_series_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['working_groups.id'], name=op.f('fk_meeting_series_group_id_working_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['venue_id'], ['venues.id'], name=op.f('fk_meeting_series_venue_id_venues'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_series'))
    )
    with op.batch_alter_table('meeting_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_series_group_id'), ['group_id'], unique=False)

    op.create_table('event_registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('organisation_name', sa.String(length=300), nullable=True),
    sa.Column('cancel_nonce', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_event_registrations_email_lower_case')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_event_registrations_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_registrations')),
    sa.UniqueConstraint('meeting_id', 'email', name=op.f('uq_event_registrations_meeting_id_email'))
    )
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_registrations_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=127), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_path', sa.String(length=500), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('size_bytes >= 0', name=op.f('ck_attachments_size_not_negative')),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_attachments_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_attachments_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_attachments_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments')),
    sa.UniqueConstraint('storage_path', name=op.f('uq_attachments_storage_path'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_meeting_id'), ['meeting_id'], unique=False)

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agenda_publish_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('agenda_review_requested_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('agenda_reviewed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('agenda_reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('registration_open', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('registration_capacity', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_meetings_series_id'), ['series_id'], unique=False)
        batch_op.create_check_constraint(
            'registration_capacity_positive',
            'registration_capacity IS NULL OR registration_capacity > 0',
        )
        batch_op.create_foreign_key(batch_op.f('fk_meetings_agenda_reviewed_by_id_users'), 'users', ['agenda_reviewed_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_meetings_series_id_meeting_series'), 'meeting_series', ['series_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('working_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('adds_minutes_approval_item', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('adds_action_review_item', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('agenda_template', sa.Text(), nullable=True))



def downgrade():
    with op.batch_alter_table('working_groups', schema=None) as batch_op:
        batch_op.drop_column('agenda_template')
        batch_op.drop_column('adds_action_review_item')
        batch_op.drop_column('adds_minutes_approval_item')

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_meetings_series_id_meeting_series'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('ck_meetings_registration_capacity_positive'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_meetings_agenda_reviewed_by_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_meetings_series_id'))
        batch_op.drop_column('registration_capacity')
        batch_op.drop_column('registration_open')
        batch_op.drop_column('series_id')
        batch_op.drop_column('agenda_reviewed_by_id')
        batch_op.drop_column('agenda_reviewed_at')
        batch_op.drop_column('agenda_review_requested_at')
        batch_op.drop_column('agenda_publish_at')

    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_attachments_agenda_item_id'))

    op.drop_table('attachments')
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_registrations_meeting_id'))

    op.drop_table('event_registrations')
    with op.batch_alter_table('meeting_series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_series_group_id'))

    op.drop_table('meeting_series')
