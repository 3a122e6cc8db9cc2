"""idempotency keys and check-run attempts

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 09:00:00

Adds `idempotency_key` (the stored response of a keyed API write) and `check_run_attempt`
(one row per attempt at a run). Backfill: each run that was attempted gets a row for its
latest attempt, and a completed run's leftover error (from an earlier, failed attempt) moves
into a row for that earlier attempt, so `check_run.error` is empty on every completed run.
"""
from alembic import op
import sqlalchemy as sa

import app.models  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('idempotency_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('principal', sa.String(length=200), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('headers', sa.JSON(), nullable=False),
    sa.Column('created_at', app.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', app.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotency_key')),
    sa.UniqueConstraint('principal', 'key', name='uq_idempotency_key_principal')
    )
    with op.batch_alter_table('idempotency_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idempotency_key_expires_at'), ['expires_at'], unique=False)

    op.create_table('check_run_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('check_run_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('started_at', app.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_at', app.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['check_run_id'], ['check_run.id'], name=op.f('fk_check_run_attempt_check_run_id_check_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_run_attempt')),
    sa.UniqueConstraint('check_run_id', 'number', name='uq_check_run_attempt_number')
    )
    _backfill_attempts()


def _backfill_attempts() -> None:
    # The latest attempt of every attempted run, with the outcome its state implies.
    op.execute(
        "INSERT INTO check_run_attempt (check_run_id, number, started_at, ended_at, outcome, error) "
        "SELECT id, attempts, started_at, "
        "CASE WHEN state IN ('COMPLETED', 'ERROR') THEN finished_at END, "
        "CASE state WHEN 'COMPLETED' THEN 'completed' WHEN 'RUNNING' THEN 'running' "
        "ELSE 'failed' END, "
        "CASE WHEN state = 'COMPLETED' THEN NULL ELSE error END "
        "FROM check_run WHERE attempts > 0"
    )
    # A completed run's error was left by an earlier attempt: keep it there, not on the run.
    op.execute(
        "INSERT INTO check_run_attempt (check_run_id, number, outcome, error) "
        "SELECT id, attempts - 1, 'failed', error FROM check_run "
        "WHERE state = 'COMPLETED' AND error IS NOT NULL AND attempts > 1"
    )
    op.execute("UPDATE check_run SET error = NULL WHERE state = 'COMPLETED'")


def downgrade() -> None:
    # The moved errors go back onto their completed runs before the attempts table goes.
    op.execute(
        "UPDATE check_run SET error = (SELECT a.error FROM check_run_attempt a "
        "WHERE a.check_run_id = check_run.id AND a.error IS NOT NULL "
        "ORDER BY a.number DESC LIMIT 1) WHERE state = 'COMPLETED'"
    )
    op.drop_table('check_run_attempt')
    with op.batch_alter_table('idempotency_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idempotency_key_expires_at'))

    op.drop_table('idempotency_key')
