"""release consistency findings

Revision ID: 0008
Revises: 0012
Create Date: 2026-12-02 15:00:00

Adds `release.consistency`: the latest "does the code explain the model?" findings, as
JSON. Nullable, no backfill: the next check run of each release fills it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('release', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consistency', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('release', schema=None) as batch_op:
        batch_op.drop_column('consistency')
