"""personal tokens: expiry, named labs, legacy marks; a record of every write

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 14:00:00

Tokens gain an expiry, an optional list of labs they are narrowed to (`api_token_lab`) and
a `legacy` mark. Every token without an owner is marked legacy: such tokens used to write to
any lab, and from now on they are refused with a message saying how to re-issue them.
`write_record` keeps the account and token behind each write.
"""
from alembic import op
import sqlalchemy as sa

import app.models  # noqa: F401  (custom column types used below)


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('api_token') as batch:
        batch.add_column(sa.Column('expires_at', app.models.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('legacy', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(
            sa.Column('lab_restricted', sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.create_index(batch.f('ix_api_token_user_id'), ['user_id'], unique=False)
    op.execute("UPDATE api_token SET legacy = true WHERE user_id IS NULL")

    op.create_table('api_token_lab',
    sa.Column('token_id', sa.Integer(), nullable=False),
    sa.Column('lab_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['lab_id'], ['lab.id'], name=op.f('fk_api_token_lab_lab_id_lab'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['token_id'], ['api_token.id'], name=op.f('fk_api_token_lab_token_id_api_token'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_id', 'lab_id', name=op.f('pk_api_token_lab'))
    )
    op.create_table('write_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', app.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('lab_id', sa.Integer(), nullable=True),
    sa.Column('release_id', sa.Integer(), nullable=True),
    sa.Column('lab_slug', sa.String(length=64), nullable=False),
    sa.Column('release_slug', sa.String(length=64), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('account', sa.String(length=254), nullable=False),
    sa.Column('token_id', sa.Integer(), nullable=True),
    sa.Column('token_name', sa.String(length=100), nullable=True),
    sa.Column('via', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['lab_id'], ['lab.id'], name=op.f('fk_write_record_lab_id_lab'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['release_id'], ['release.id'], name=op.f('fk_write_record_release_id_release'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['token_id'], ['api_token.id'], name=op.f('fk_write_record_token_id_api_token'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_write_record_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_write_record'))
    )
    with op.batch_alter_table('write_record') as batch:
        batch.create_index('ix_write_record_lab_at', ['lab_id', 'at'], unique=False)
        batch.create_index('ix_write_record_release_at', ['release_id', 'at'], unique=False)


def downgrade() -> None:
    op.drop_table('write_record')
    op.drop_table('api_token_lab')
    with op.batch_alter_table('api_token') as batch:
        batch.drop_index(batch.f('ix_api_token_user_id'))
        batch.drop_column('lab_restricted')
        batch.drop_column('legacy')
        batch.drop_column('expires_at')
