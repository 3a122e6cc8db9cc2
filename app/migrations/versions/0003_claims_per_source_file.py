"""claims keyed by source file, with upstream path and commit; no server paths

A claim was one per release and source, its source_file the full path the file had on the
server that imported it. Now (source, source_file) is unique: source_file is the file's
name or its upstream path, and a synced claim records the upstream repository, commit and
content digest. Existing rows keep their data: source_file becomes the bare file name
(the server path is dropped), and should two rows end up with the same name, the older
ones are told apart by their id instead of being deleted.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.engine import Connection

import app.models  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

MAX_NAME = 300


def upgrade() -> None:
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated_at', app.models.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('upstream_url', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('upstream_commit', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('removed_in', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('content_sha256', sa.String(length=64), nullable=True))
    _backfill(op.get_bind())
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_claim_source_file', ['source', 'source_file'])


def _backfill(connection: Connection) -> None:
    claim = sa.table(
        'claim',
        sa.column('id', sa.Integer),
        sa.column('source', sa.String),
        sa.column('source_file', sa.String),
        sa.column('created_at', app.models.UTCDateTime(timezone=True)),
        sa.column('updated_at', app.models.UTCDateTime(timezone=True)),
    )
    connection.execute(sa.update(claim).values(updated_at=claim.c.created_at))
    rows = connection.execute(
        sa.select(claim.c.id, claim.c.source, claim.c.source_file).order_by(claim.c.id.desc())
    ).all()
    taken: set[tuple[str, str]] = set()
    for row in rows:  # newest first: the newest keeps the plain name
        name = _file_name(row.source_file) or f'claim-{row.id}'
        if (row.source, name) in taken:
            name = f'{name} (claim {row.id})'[-MAX_NAME:]
        taken.add((row.source, name))
        if name != row.source_file:
            connection.execute(
                sa.update(claim).where(claim.c.id == row.id).values(source_file=name)
            )


def _file_name(path: str | None) -> str | None:
    # Only the last part of a path, whichever separator the importing machine used.
    if not path:
        return None
    return path.replace('\\', '/').rstrip('/').rsplit('/', 1)[-1] or None


def downgrade() -> None:
    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.drop_constraint('uq_claim_source_file', type_='unique')
        batch_op.drop_column('content_sha256')
        batch_op.drop_column('removed_in')
        batch_op.drop_column('upstream_commit')
        batch_op.drop_column('upstream_url')
        batch_op.drop_column('updated_at')
