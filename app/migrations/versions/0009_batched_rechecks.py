"""batched re-checks: runs finished by the revision probe, and the sweep's index

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 14:30:00

Adds `check_run.unchanged_since_run_id` (a run the batched probe finished unchanged points
at the run whose evidence still stands), `check_run.probe` (what the probe found before it
handed a run to a full check) and `release.last_requested_at` with an index, which the
sweep orders by to pick due releases, and indexes in the default orders of the release list
and the leaderboard. Backfill: each release's latest run's creation time.
"""

from alembic import op
import sqlalchemy as sa

import app.models  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("check_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unchanged_since_run_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("probe", sa.String(length=12), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_check_run_unchanged_since_run_id_check_run"),
            "check_run",
            ["unchanged_since_run_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("release", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("last_requested_at", app.models.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_index("ix_release_requested", ["last_requested_at", "id"], unique=False)
    # The leaderboard's and the release list's default orders, read off indexes (PostgreSQL:
    # SQLite takes no NULLS LAST in an index).
    if op.get_bind().dialect.name == 'postgresql':
        order = sa.text('score DESC NULLS LAST')
        op.create_index('ix_release_score_order', 'release', [order, 'id'])
        op.create_index('ix_release_tier_score_order', 'release', ['tier', order, 'id'])
        op.create_index('ix_lab_score_order', 'lab', [order, 'slug'])
    op.execute(
        "UPDATE release SET last_requested_at = "
        "(SELECT max(check_run.created_at) FROM check_run WHERE check_run.release_id = release.id)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_lab_score_order', table_name='lab')
        op.drop_index('ix_release_tier_score_order', table_name='release')
        op.drop_index('ix_release_score_order', table_name='release')
    with op.batch_alter_table("release", schema=None) as batch_op:
        batch_op.drop_index("ix_release_requested")
        batch_op.drop_column("last_requested_at")
    with op.batch_alter_table("check_run", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_check_run_unchanged_since_run_id_check_run"), type_="foreignkey"
        )
        batch_op.drop_column("probe")
        batch_op.drop_column("unchanged_since_run_id")
