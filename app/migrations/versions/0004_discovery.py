"""discovery: artifact provenance, discovered releases, lab Hub sweeps

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 10:00:00

Existing rows keep their meaning: every artifact so far was typed by a person (no
provenance), no release was discovered, and no lab sweeps the Hub until it says so.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('artifact') as batch:
        batch.add_column(sa.Column('provenance', sa.JSON(), nullable=True))
    with op.batch_alter_table('release') as batch:
        batch.add_column(
            sa.Column('discovered', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table('lab') as batch:
        batch.add_column(sa.Column('hub_org', sa.String(length=96), nullable=True))
        batch.add_column(
            sa.Column('sweep_hub', sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table('lab') as batch:
        batch.drop_column('sweep_hub')
        batch.drop_column('hub_org')
    with op.batch_alter_table('release') as batch:
        batch.drop_column('discovered')
    with op.batch_alter_table('artifact') as batch:
        batch.drop_column('provenance')
