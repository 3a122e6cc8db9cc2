"""The open-science standard as data: tiers, pillar points and what the words mean.

Shown to users on /about/standard and applied by `registry.scoring`; change the
standard here and both follow.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from registry.model import Pillar, Tier, Verdict

ALL_PILLARS = frozenset(Pillar)

# Ordered from most to least demanding: a release gets the first tier it meets.
TIERS: tuple[Tier, ...] = (
    Tier(
        "A",
        "Open science",
        "Weights, training code and training data are all open: the bar Kyutai set.",
        requires_open=ALL_PILLARS,
    ),
    Tier(
        "B",
        "Open model and code",
        "Weights and training code are open; the training data is not.",
        requires_open=frozenset({Pillar.WEIGHTS, Pillar.CODE}),
    ),
    Tier("C", "Open weights", "Weights are open.", requires_open=frozenset({Pillar.WEIGHTS})),
    Tier(
        "D",
        "Restricted weights",
        "Weights are published but gated or under a use-restricted licence.",
        weights_restricted=True,
    ),
    Tier("E", "Closed", "No weights verified."),
)
TIERS_BY_LETTER: Mapping[str, Tier] = MappingProxyType({t.letter: t for t in TIERS})

# Points a pillar earns; unverified earns nothing because nothing was confirmed.
POINTS: Mapping[Verdict, float] = MappingProxyType(
    {
        Verdict.OPEN: 1.0,
        Verdict.RESTRICTED: 0.5,
        Verdict.ABSENT: 0.0,
        Verdict.UNVERIFIED: 0.0,
    }
)

# How open each verdict is, for "a pillar is only as open as its least open artifact".
# Absent is the floor: one confirmed-missing artifact caps the pillar whatever the others
# are. Unverified sits below restricted because the unconfirmed artifact might be absent.
OPENNESS_RANK: Mapping[Verdict, int] = MappingProxyType(
    {
        Verdict.ABSENT: 0,
        Verdict.UNVERIFIED: 1,
        Verdict.RESTRICTED: 2,
        Verdict.OPEN: 3,
    }
)

VERDICT_MEANINGS: Mapping[Verdict, str] = MappingProxyType(
    {
        Verdict.OPEN: "Published, reachable without a gate, under an open licence.",
        Verdict.RESTRICTED: (
            "Published, but gated, under a use-restricted or non-commercial licence, "
            "with no licence found, or with a doubt the evidence names (see the doubts below)."
        ),
        Verdict.ABSENT: "Not published, or a check confirmed it is not there.",
        Verdict.UNVERIFIED: (
            "Claimed, but no checker has confirmed it yet (not checked, or the last check "
            "failed). It earns no points and is never shown as absent."
        ),
    }
)

STALE_MEANING = (
    "The evidence is older than the re-check cadence allows, or the most recent check "
    "failed: the verdict shown is the last good one, kept until a check succeeds."
)
