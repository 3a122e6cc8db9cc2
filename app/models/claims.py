"""Claims from outside indexes (MOF, OSAI), kept beside our own verification."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.columns import UTCDateTime, utcnow

if TYPE_CHECKING:
    from app.models.catalogue import Lab


class Claim(Model):
    """What an outside index (MOF, OSAI) says about a release, kept beside our verification.

    One claim per source file: (source, source_file) is unique, so re-importing a file
    updates its own claim and two files on one release are two claims.
    """

    __tablename__ = "claim"
    __table_args__ = (UniqueConstraint("source", "source_file", name="uq_claim_source_file"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lab_id: Mapped[int] = mapped_column(ForeignKey("lab.id", ondelete="CASCADE"), index=True)
    release_id: Mapped[int | None] = mapped_column(
        ForeignKey("release.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(16))
    # The file's name, or its path in the upstream repository; never a path on our server.
    source_file: Mapped[str | None] = mapped_column(String(300))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=utcnow)
    # A synced file: the upstream repository and the commit its content was read at.
    upstream_url: Mapped[str | None] = mapped_column(String(500))
    upstream_commit: Mapped[str | None] = mapped_column(String(64))
    # The commit at which the file was gone from upstream (the claim is kept, marked).
    removed_in: Mapped[str | None] = mapped_column(String(64))
    content_sha256: Mapped[str | None] = mapped_column(String(64))

    lab: Mapped[Lab] = relationship(back_populates="claims")
