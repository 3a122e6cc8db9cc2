"""The catalogue: labs, their releases and each release's artifacts.

Current scores are denormalised onto Release and Lab so list pages, filters and badges
read one indexed row instead of recomputing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.columns import DESC_NULLS_LAST, UTCDateTime, utcnow

if TYPE_CHECKING:
    from app.models.claims import Claim
    from app.models.runs import CheckRun, Evidence


class Lab(Model):
    __tablename__ = "lab"
    # The leaderboard's order, read off an index rather than sorting every lab.
    __table_args__ = (
        Index("ix_lab_score_order", DESC_NULLS_LAST, "slug").ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    homepage: Mapped[str | None] = mapped_column(String(500))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    community_submitted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # The lab's Hub organisation, and whether the scheduler sweeps it for new releases.
    hub_org: Mapped[str | None] = mapped_column(String(96))
    sweep_hub: Mapped[bool] = mapped_column(Boolean, default=False)
    # When the scheduler last tried that sweep (success or not): the next is due a
    # REGISTRY_LAB_SWEEP_EVERY_HOURS later, so a failing Hub is not asked again every sweep.
    hub_swept_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Denormalised aggregate, refreshed whenever one of its releases is rescored: the mean
    # score and tier counts of its verified releases (NULL score while none is), so the sum
    # of tier_counts is how many of release_count are verified.
    score: Mapped[int | None] = mapped_column(Integer, index=True)
    release_count: Mapped[int] = mapped_column(Integer, default=0)
    tier_counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    latest_release_on: Mapped[date | None] = mapped_column(Date, index=True)
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    score_version: Mapped[int] = mapped_column(Integer, default=0)

    releases: Mapped[list[Release]] = relationship(
        back_populates="lab", cascade="all, delete-orphan", order_by="Release.slug"
    )
    claims: Mapped[list[Claim]] = relationship(back_populates="lab", cascade="all, delete-orphan")


class Release(Model):
    __tablename__ = "release"
    __table_args__ = (
        UniqueConstraint("lab_id", "slug", name="uq_release_lab_slug"),
        Index("ix_release_tier_score", "tier", "score"),
        # The sweep's selection of due releases: oldest request first, read off this index.
        Index("ix_release_requested", "last_requested_at", "id"),
        # The default release order (best first, unscored last) and the same within a tier:
        # read off these, a page costs its own rows, not a sort of every matching release.
        # PostgreSQL only: SQLite takes no NULLS LAST in an index (and sorts small tables).
        Index("ix_release_score_order", DESC_NULLS_LAST, "id").ddl_if(dialect="postgresql"),
        Index("ix_release_tier_score_order", "tier", DESC_NULLS_LAST, "id").ddl_if(
            dialect="postgresql"
        ),
        # Name search is ILIKE '%words%': only a trigram index serves it on PostgreSQL.
        # SQLite has no such index and scans, which is fine at its scale.
        Index(
            "ix_release_name_trgm",
            "name",
            postgresql_using="gin",
            postgresql_ops={"name": "gin_trgm_ops"},
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lab_id: Mapped[int] = mapped_column(ForeignKey("lab.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    released_on: Mapped[date | None] = mapped_column(Date, index=True)
    # "day", "month" or "year": how much of released_on the public record knows.
    released_precision: Mapped[str] = mapped_column(String(5), default="day")
    announced_as_open: Mapped[bool] = mapped_column(Boolean, default=False)
    paper_url: Mapped[str | None] = mapped_column(String(500))
    model_card: Mapped[str | None] = mapped_column(String(200))
    community_submitted: Mapped[bool] = mapped_column(Boolean, default=False)
    # Registered by a lab sweep from the Hub: discovered, not confirmed by the lab.
    discovered: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Denormalised current score; history lives in ScoreSnapshot. Both are NULL while the
    # release is unverified (its weights not confirmed by a check), and status_reason says why.
    score: Mapped[int | None] = mapped_column(Integer, index=True)
    tier: Mapped[str | None] = mapped_column(String(1))
    status_reason: Mapped[str | None] = mapped_column(Text)
    verdict_weights: Mapped[str] = mapped_column(String(12), default="absent", index=True)
    verdict_code: Mapped[str] = mapped_column(String(12), default="absent", index=True)
    verdict_data: Mapped[str] = mapped_column(String(12), default="absent", index=True)
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    last_check_failed: Mapped[bool] = mapped_column(Boolean, default=False)
    # When its latest check run was created (NULL: never asked for): what the sweep orders by.
    last_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Bumped on every score change: badges and ETags key their caches on it.
    score_version: Mapped[int] = mapped_column(Integer, default=0)
    # The latest consistency findings (`ConsistencyReport.as_fact()`): findings, not a score,
    # so they sit beside the tier and never move it. NULL until a run has produced them.
    consistency: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    lab: Mapped[Lab] = relationship(back_populates="releases")
    artifacts: Mapped[list[Artifact]] = relationship(
        back_populates="release", cascade="all, delete-orphan", order_by="Artifact.position"
    )
    check_runs: Mapped[list[CheckRun]] = relationship(
        back_populates="release", cascade="all, delete-orphan", order_by="CheckRun.id.desc()"
    )


class Artifact(Model):
    __tablename__ = "artifact"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(
        ForeignKey("release.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    pillar: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(16))
    locator: Mapped[str] = mapped_column(String(500))
    declared_licence: Mapped[str | None] = mapped_column(String(200))
    entrypoint: Mapped[str | None] = mapped_column(String(300))
    # Where discovery found this claim ({source, confidence, rank, judged}); None when typed.
    provenance: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The effective state after reconciling the latest run with earlier ones.
    verdict: Mapped[str] = mapped_column(String(12), default="unverified")
    good_evidence_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="SET NULL")
    )
    last_failure: Mapped[str | None] = mapped_column(Text)
    # Consecutive "not found" answers after an earlier success; absent needs two.
    missing_count: Mapped[int] = mapped_column(Integer, default=0)

    release: Mapped[Release] = relationship(back_populates="artifacts")
    good_evidence: Mapped[Evidence | None] = relationship(foreign_keys=[good_evidence_id])
