"""lab sweeps on a schedule: when each lab's Hub organisation was last swept

Revision ID: 0012
Revises: 0006
Create Date: 2026-12-02 14:40:00

No lab has been swept by the scheduler yet: every lab that turned `sweep_hub` on is due.
"""
from alembic import op
import sqlalchemy as sa

import app.models


revision = '0012'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('lab') as batch:
        batch.add_column(sa.Column('hub_swept_at', app.models.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('lab') as batch:
        batch.drop_column('hub_swept_at')
