"""How well discovery finds a catalogue's published code and data from the Hub id alone.

The catalogue's artifact lists are the answer key. For each release with a Hub weights
repo, discovery runs on that id alone; a catalogue code or data artifact is *found* when
it is the top-ranked proposal of its pillar, and a proposal is *invented* when it names
code or data for a release whose catalogue entry publishes none in that pillar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from registry.discovery.model import Discovery, Role

PILLARS = (Role.CODE, Role.DATA)


@dataclass(frozen=True)
class Outcome:
    """One catalogue artifact (or its absence) against what discovery proposed."""

    release: str
    role: Role
    expected: str | None
    top: str | None

    @property
    def found(self) -> bool:
        """Return True when the expected artifact is the top proposal of its pillar."""
        return self.expected is not None and (self.top or "").lower() == self.expected.lower()

    @property
    def invented(self) -> bool:
        """Return True when discovery proposed something where the catalogue has nothing."""
        return self.expected is None and self.top is not None


@dataclass(frozen=True)
class Figure:
    """The measured figure: found / expected, and how many proposals were invented."""

    outcomes: tuple[Outcome, ...] = field(default_factory=tuple)

    @property
    def expected(self) -> int:
        """Return how many code and data artifacts the catalogue lists."""
        return sum(o.expected is not None for o in self.outcomes)

    @property
    def found(self) -> int:
        """Return how many of them discovery proposed at the top rank."""
        return sum(o.found for o in self.outcomes)

    @property
    def invented(self) -> int:
        """Return how many pillars the catalogue leaves empty got a proposal anyway."""
        return sum(o.invented for o in self.outcomes)

    @property
    def share(self) -> float:
        """Return found / expected (0 when the catalogue lists none)."""
        return self.found / self.expected if self.expected else 0.0

    def lines(self) -> list[str]:
        """Return the figure and every miss and invention, for people to read."""
        head = (f"discovery found {self.found} of {self.expected} catalogue code and data "
                f"artifacts at the top rank ({self.share:.0%}); {self.invented} invented")
        details = [
            f"  {'missed' if not o.invented else 'invented'} {o.release} {o.role.value}: "
            f"expected {o.expected or 'none'}, top proposal {o.top or 'none'}"
            for o in self.outcomes if (o.expected and not o.found) or o.invented
        ]
        return [head, *details]


def expected_locator(artifact: Mapping[str, Any] | None) -> str | None:
    """Return the locator the catalogue gives an artifact (a repo id or a URL)."""
    if not artifact:
        return None
    return str(artifact.get("repo_id") or artifact.get("url") or "") or None


def measure(
    releases: Iterable[Mapping[str, Any]], run: Callable[[str], Discovery]
) -> Figure:
    """Run discovery from each release's Hub weights id and compare with its artifacts."""
    outcomes = []
    for release in releases:
        artifacts = release.get("artifacts") or {}
        weights = artifacts.get("weights") or {}
        if weights.get("kind") != "hf_model":
            continue
        found = run(str(weights["repo_id"]))
        for role in PILLARS:
            top = found.top(role)
            outcomes.append(Outcome(
                str(release["slug"]), role, expected_locator(artifacts.get(role.value)),
                top.locator if top else None,
            ))
    return Figure(tuple(outcomes))
