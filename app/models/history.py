"""Score history: one row per change of a release's or a lab's score."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.columns import UTCDateTime, utcnow


class ScoreSnapshot(Model):
    """A release's score as it changed: one row per change, with the run that caused it."""

    __tablename__ = "score_snapshot"
    __table_args__ = (Index("ix_score_snapshot_release_time", "release_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("release.id", ondelete="CASCADE"))
    check_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("check_run.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # NULL when the release was unverified at the time: no tier, no score.
    score: Mapped[int | None] = mapped_column(Integer)
    tier: Mapped[str | None] = mapped_column(String(1))
    verdict_weights: Mapped[str] = mapped_column(String(12))
    verdict_code: Mapped[str] = mapped_column(String(12))
    verdict_data: Mapped[str] = mapped_column(String(12))


class LabScoreSnapshot(Model):
    """A lab's aggregate score as it changed."""

    __tablename__ = "lab_score_snapshot"
    __table_args__ = (Index("ix_lab_score_snapshot_lab_time", "lab_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lab_id: Mapped[int] = mapped_column(ForeignKey("lab.id", ondelete="CASCADE"))
    check_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("check_run.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    score: Mapped[int | None] = mapped_column(Integer)
    tier_counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
