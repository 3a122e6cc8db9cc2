"""The verified-MOF-class badge: the class our evidence supports, from the frameworks comparison.

A deliberate exception to the one-row rule of `badges`: the verified class is not stored, it
is computed from the artifacts' evidence with MOT's rules, so the badge reads the same
comparison as the release page, the frameworks API and the MOF export and can never say more
than they do. It is read through the same RecentReads window as every other badge.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.services.badges import BadgeState, badge_state, could_be_slug, recent_reads
from app.services.errors import NotFound
from app.services.interop.claims import claims_of
from app.services.interop.frameworks import mof_comparison
from app.services.rows import get_release


@dataclass(frozen=True)
class MofBadgeFacts:
    """A release's verified MOF class (and the class its newest MOF file claims, if any)."""

    lab_name: str
    name: str
    mof_class: int  # 0: unclassified
    claimed_class: int | None  # None: no MOF file imported
    checked: bool
    state: BadgeState
    open_components: int
    ruled_components: int


def mof_badge_facts(lab_slug: str, release_slug: str) -> MofBadgeFacts:
    """Return a release's verified MOF class, read at most REGISTRY_BADGE_FRESH_SECONDS ago."""
    return recent_reads().get(
        ("mof", lab_slug, release_slug), lambda: read_mof_badge_facts(lab_slug, release_slug)
    )


def read_mof_badge_facts(lab_slug: str, release_slug: str) -> MofBadgeFacts:
    """Compute a release's verified MOF class as the frameworks view does, or raise NotFound."""
    if not (could_be_slug(lab_slug) and could_be_slug(release_slug)):
        raise NotFound(f"No release {release_slug!r} in lab {lab_slug!r}.")
    release = get_release(lab_slug, release_slug)
    claims = [c for c in claims_of(release, "mof") if c.removed_in is None]
    comparison = mof_comparison(release, claims[0] if claims else None)
    ruled = [c for c in comparison.components if c.has_rule]
    return MofBadgeFacts(
        lab_name=release.lab.name,
        name=release.name,
        mof_class=comparison.verified.mof_class,
        claimed_class=comparison.claimed.mof_class if comparison.claimed else None,
        checked=release.last_checked_at is not None,
        state=badge_state(release.last_checked_at, release.last_check_failed),
        open_components=sum(c.status.value == "open" for c in ruled),
        ruled_components=len(ruled),
    )
