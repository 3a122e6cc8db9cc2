"""unverified releases have no tier and no score

A release whose weights no check has confirmed used to be stored as tier E, score 0, the
same as one whose weights are confirmed absent. From this revision its tier and score are
NULL and `status_reason` says why; its score history says the same, and each lab's score
becomes the mean over its verified releases (tier counts too).

Self-contained on purpose: the rules are copied here as they stood, so later changes to
the scoring code cannot change what this migration did.

Revision ID: 0002
Revises: 0001
"""
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

UNVERIFIED = 'unverified'
TIER_LETTERS = ('A', 'B', 'C', 'D', 'E')
# The reasons the scoring code gives; a backfilled row cannot name the endpoint its last
# check tried, and its next check replaces the reason with one that does.
NEVER_CHECKED = 'never checked'
NOT_CONFIRMED = 'no check of its weights has succeeded yet'
# What revision 0001 scored: points per verdict, over three pillars.
OLD_POINTS = {'open': 1.0, 'restricted': 0.5, 'absent': 0.0, UNVERIFIED: 0.0}

release = sa.table(
    'release',
    sa.column('id', sa.Integer),
    sa.column('lab_id', sa.Integer),
    sa.column('score', sa.Integer),
    sa.column('tier', sa.String),
    sa.column('status_reason', sa.Text),
    sa.column('verdict_weights', sa.String),
    sa.column('verdict_code', sa.String),
    sa.column('verdict_data', sa.String),
    sa.column('last_checked_at', sa.DateTime),
    sa.column('score_version', sa.Integer),
)
snapshot = sa.table(
    'score_snapshot',
    sa.column('id', sa.Integer),
    sa.column('score', sa.Integer),
    sa.column('tier', sa.String),
    sa.column('verdict_weights', sa.String),
    sa.column('verdict_code', sa.String),
    sa.column('verdict_data', sa.String),
)
lab = sa.table(
    'lab',
    sa.column('id', sa.Integer),
    sa.column('score', sa.Integer),
    sa.column('tier_counts', sa.JSON),
    sa.column('score_version', sa.Integer),
)


def upgrade() -> None:
    with op.batch_alter_table('release', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_reason', sa.Text(), nullable=True))
        batch_op.alter_column('score', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('tier', existing_type=sa.String(length=1), nullable=True)
    with op.batch_alter_table('score_snapshot', schema=None) as batch_op:
        batch_op.alter_column('score', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('tier', existing_type=sa.String(length=1), nullable=True)

    unverified = release.c.verdict_weights == UNVERIFIED
    op.execute(
        release.update()
        .where(unverified)
        .values(
            score=None,
            tier=None,
            status_reason=sa.case(
                (release.c.last_checked_at.is_(None), NEVER_CHECKED), else_=NOT_CONFIRMED
            ),
            score_version=release.c.score_version + 1,
        )
    )
    op.execute(
        snapshot.update()
        .where(snapshot.c.verdict_weights == UNVERIFIED)
        .values(score=None, tier=None)
    )
    _rescore_labs()


def downgrade() -> None:
    connection = op.get_bind()
    # Revision 0001 scored an unverified release as tier E with the points of its pillars.
    for table in (release, snapshot):
        rows = connection.execute(
            sa.select(table.c.id, table.c.verdict_code, table.c.verdict_data)
            .where(table.c.tier.is_(None))
        ).all()
        for row_id, code, data in rows:
            connection.execute(
                table.update().where(table.c.id == row_id)
                .values(score=_old_score(code, data), tier='E')
            )
    _rescore_labs()  # every release has a tier again, so every one counts

    with op.batch_alter_table('score_snapshot', schema=None) as batch_op:
        batch_op.alter_column('tier', existing_type=sa.String(length=1), nullable=False)
        batch_op.alter_column('score', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('release', schema=None) as batch_op:
        batch_op.alter_column('tier', existing_type=sa.String(length=1), nullable=False)
        batch_op.alter_column('score', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('status_reason')


def _old_score(code: str, data: str) -> int:
    # Unverified weights earned nothing; round() as 0001's scoring did.
    return round(100 * (OLD_POINTS.get(code, 0.0) + OLD_POINTS.get(data, 0.0)) / 3)


def _rescore_labs() -> None:
    """Set each lab's score and tier counts from its releases that have a tier."""
    connection = op.get_bind()
    scored: dict[int, list[tuple[int, str]]] = {}
    for lab_id, score, tier in connection.execute(
        sa.select(release.c.lab_id, release.c.score, release.c.tier)
    ):
        if tier is not None:
            scored.setdefault(lab_id, []).append((score, tier))
    for lab_id, score, tier_counts, version in connection.execute(
        sa.select(lab.c.id, lab.c.score, lab.c.tier_counts, lab.c.score_version)
    ).all():
        releases = scored.get(lab_id, [])
        counts = {letter: sum(1 for _, t in releases if t == letter) for letter in TIER_LETTERS}
        mean = _mean_half_up([s for s, _ in releases])
        if (mean, counts) != (score, dict(tier_counts or {})):
            connection.execute(
                lab.update().where(lab.c.id == lab_id)
                .values(score=mean, tier_counts=counts, score_version=(version or 0) + 1)
            )


def _mean_half_up(values: list[int]) -> int | None:
    if not values:
        return None
    return int(Decimal(sum(values)) / len(values) + Decimal('0.5'))
