"""stored files: attachments, published minutes and the signing key kept where every app
server reads them (the database, or an S3-compatible store)

The files that were in the instance folder (``uploads/`` for attachments, ``minutes/`` for
published minutes) are copied into ``stored_files`` (in the database, whatever storage is
configured). An attachment whose file is missing is deleted, a published minutes' PDF that
is missing leaves ``pdf_file_id`` empty (its download then answers an error page, as before);
each is logged. The files in the instance folder are left where they were.

Downgrade writes the attachments and published PDFs kept in the database back into the
instance folder; it stops when a file is in the object store (copy such files into the
database first). A signing key kept in storage is not written back: name its file with
SIGNING_PKCS12_PATH before downgrading.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 03:35:31.164869

"""
import datetime as dt
import hashlib
import logging
import secrets
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from flask import current_app

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

log = logging.getLogger('alembic.migration.0008')

stored_files = sa.table(
    'stored_files',
    sa.column('id', sa.Integer),
    sa.column('sha256', sa.String),
    sa.column('size', sa.Integer),
    sa.column('content_type', sa.String),
    sa.column('data', sa.LargeBinary),
    sa.column('location', sa.String),
    sa.column('created_at', sa.DateTime(timezone=True)),
)
attachments = sa.table(
    'attachments',
    sa.column('id', sa.Integer),
    sa.column('content_type', sa.String),
    sa.column('sha256', sa.String),
    sa.column('storage_path', sa.String),
    sa.column('file_id', sa.Integer),
    sa.column('created_at', sa.DateTime(timezone=True)),
)
minutes = sa.table(
    'minutes',
    sa.column('id', sa.Integer),
    sa.column('meeting_id', sa.Integer),
    sa.column('edition', sa.Integer),
    sa.column('pdf_path', sa.String),
    sa.column('pdf_sha256', sa.String),
    sa.column('pdf_file_id', sa.Integer),
    sa.column('published_at', sa.DateTime(timezone=True)),
    sa.column('created_at', sa.DateTime(timezone=True)),
)
meetings = sa.table(
    'meetings',
    sa.column('id', sa.Integer),
    sa.column('group_id', sa.Integer),
    sa.column('number', sa.Integer),
)
working_groups = sa.table(
    'working_groups',
    sa.column('id', sa.Integer),
    sa.column('slug', sa.String),
)


def upgrade():
    op.create_table('stored_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=127), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=True),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('location', sa.String(length=1024), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(data IS NULL) <> (location IS NULL)', name=op.f('ck_stored_files_data_or_location')),
    sa.CheckConstraint('size >= 0', name=op.f('ck_stored_files_size_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_files')),
    sa.UniqueConstraint('name', name=op.f('uq_stored_files_name'))
    )
    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_files_sha256'), ['sha256'], unique=False)

    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('file_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pdf_file_id', sa.Integer(), nullable=True))

    _copy_files_in()

    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.alter_column('file_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_attachments_storage_path'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_attachments_file_id'), ['file_id'])
        batch_op.create_foreign_key(batch_op.f('fk_attachments_file_id_stored_files'), 'stored_files', ['file_id'], ['id'], ondelete='RESTRICT')
        batch_op.drop_column('storage_path')

    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_minutes_pdf_file_id'), ['pdf_file_id'])
        batch_op.create_foreign_key(batch_op.f('fk_minutes_pdf_file_id_stored_files'), 'stored_files', ['pdf_file_id'], ['id'], ondelete='RESTRICT')
        batch_op.drop_column('pdf_path')


def downgrade():
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pdf_path', sa.VARCHAR(length=500), nullable=True))
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('storage_path', sa.VARCHAR(length=500), nullable=True))

    _copy_files_out()

    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_minutes_pdf_file_id_stored_files'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_minutes_pdf_file_id'), type_='unique')
        batch_op.drop_column('pdf_file_id')

    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.alter_column('storage_path', existing_type=sa.VARCHAR(length=500), nullable=False)
        batch_op.drop_constraint(batch_op.f('fk_attachments_file_id_stored_files'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_attachments_file_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_attachments_storage_path'), ['storage_path'])
        batch_op.drop_column('file_id')

    with op.batch_alter_table('stored_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_files_sha256'))

    op.drop_table('stored_files')


# --- the files ---------------------------------------------------------------------------


def _inside(root: Path, relative: str) -> Path | None:
    """``root / relative`` when that stays inside ``root`` (the rows name relative paths)."""
    root = root.resolve()
    path = (root / relative).resolve()
    return path if root in path.parents else None


def _read(path: Path | None) -> bytes | None:
    try:
        return path.read_bytes() if path is not None else None
    except OSError:
        return None


def _keep(connection, data: bytes, sha256: str | None, content_type: str, created_at) -> int:
    """A stored_files row for ``data``. The SHA-256 recorded when the file was stored is kept
    (a file altered on disk since then stays refused, as it was)."""
    actual = hashlib.sha256(data).hexdigest()
    return connection.execute(
        stored_files.insert()
        .values(
            sha256=sha256 or actual,
            size=len(data),
            content_type=content_type,
            data=data,
            location=None,
            created_at=created_at or dt.datetime.now(dt.UTC),
        )
        .returning(stored_files.c.id)
    ).scalar_one()


def _copy_files_in() -> None:
    connection = op.get_bind()
    instance = Path(current_app.instance_path)

    rows = connection.execute(
        sa.select(
            attachments.c.id,
            attachments.c.storage_path,
            attachments.c.content_type,
            attachments.c.sha256,
            attachments.c.created_at,
        ).order_by(attachments.c.id)
    ).all()
    for row in rows:
        path = _inside(instance / 'uploads', row.storage_path)
        data = _read(path)
        if data is None:
            log.warning(
                'attachment %s: its file uploads/%s is missing; the attachment is deleted',
                row.id,
                row.storage_path,
            )
            connection.execute(attachments.delete().where(attachments.c.id == row.id))
            continue
        if hashlib.sha256(data).hexdigest() != row.sha256:
            log.warning('attachment %s: uploads/%s was altered; it stays refused', row.id, row.storage_path)
        file_id = _keep(connection, data, row.sha256, row.content_type, row.created_at)
        connection.execute(
            attachments.update().where(attachments.c.id == row.id).values(file_id=file_id)
        )

    rows = connection.execute(
        sa.select(
            minutes.c.id,
            minutes.c.pdf_path,
            minutes.c.pdf_sha256,
            minutes.c.published_at,
            minutes.c.created_at,
        )
        .where(minutes.c.pdf_path.is_not(None))
        .order_by(minutes.c.id)
    ).all()
    for row in rows:
        data = _read(_inside(instance, row.pdf_path))
        if data is None:
            log.warning(
                'minutes %s: the published PDF %s is missing; it stays without a file',
                row.id,
                row.pdf_path,
            )
            continue
        if row.pdf_sha256 and hashlib.sha256(data).hexdigest() != row.pdf_sha256:
            log.warning('minutes %s: %s was altered; it stays refused', row.id, row.pdf_path)
        file_id = _keep(
            connection, data, row.pdf_sha256, 'application/pdf', row.published_at or row.created_at
        )
        connection.execute(
            minutes.update().where(minutes.c.id == row.id).values(pdf_file_id=file_id)
        )


def _copy_files_out() -> None:
    connection = op.get_bind()
    instance = Path(current_app.instance_path)
    in_object_store = connection.execute(
        sa.select(sa.func.count()).select_from(stored_files).where(stored_files.c.data.is_(None))
    ).scalar_one()
    if in_object_store:
        raise RuntimeError(
            f'{in_object_store} stored files are in the object store: this downgrade writes '
            'files from the database only. Copy them into stored_files.data first.'
        )

    rows = connection.execute(
        sa.select(attachments.c.id, stored_files.c.data)
        .join(stored_files, stored_files.c.id == attachments.c.file_id)
        .order_by(attachments.c.id)
    ).all()
    for row in rows:
        token = secrets.token_hex(16)
        relative = f'{token[:2]}/{token}'
        _write(instance / 'uploads' / relative, row.data)
        connection.execute(
            attachments.update().where(attachments.c.id == row.id).values(storage_path=relative)
        )

    rows = connection.execute(
        sa.select(
            minutes.c.id,
            minutes.c.edition,
            minutes.c.pdf_sha256,
            meetings.c.id.label('meeting_id'),
            meetings.c.number,
            working_groups.c.slug,
            stored_files.c.data,
        )
        .join(stored_files, stored_files.c.id == minutes.c.pdf_file_id)
        .join(meetings, meetings.c.id == minutes.c.meeting_id)
        .join(working_groups, working_groups.c.id == meetings.c.group_id)
        .order_by(minutes.c.id)
    ).all()
    for row in rows:
        number = row.number or f'm{row.meeting_id}'
        sha256 = row.pdf_sha256 or hashlib.sha256(row.data).hexdigest()
        relative = f'minutes/{row.slug}/{number}-{row.edition}-{sha256[:8]}.pdf'
        _write(instance / relative, row.data)
        connection.execute(
            minutes.update().where(minutes.c.id == row.id).values(pdf_path=relative)
        )


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
