"""The evidence MOF's component rules read: each checked artifact with what it showed for MOF.

A checker writes the `mof` fact (see `registry.checks.mof_observe`) while it reads a
repository; here each artifact check is paired with that fact, and small questions are
asked across them ("which Hub model repositories were read", "which paths show a signal").
A source whose check never ran the observer (unverified, or evidence from an older checker)
has no fact: a rule that needs it says unverified, never absent.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from registry.frameworks import verification as v
from registry.model import ArtifactKind, Pillar

MOF_FACT = "mof"


@dataclass(frozen=True)
class Source:
    """One artifact: its check, and what it showed for MOF (None: not observed)."""

    check: v.ArtifactCheck
    seen: Mapping[str, Any] | None

    @property
    def name(self) -> str:
        """Return where the artifact lives, for a sentence: 'allenai/OLMo-7B (Hub model)'."""
        return v.where([self.check])

    @property
    def url(self) -> str:
        """Return a link people can open for the artifact."""
        return v.public_url(self.check.ref)

    def paths(self, signal: str) -> list[str]:
        """Return the paths this artifact showed for a path signal."""
        found = (self.seen or {}).get("paths") or {}
        return list(found.get(signal) or [])

    def get(self, key: str) -> Any:
        """Return one observed value (None when absent or not observed)."""
        return (self.seen or {}).get(key)


@dataclass(frozen=True)
class Sources:
    """Every artifact of a release, with the paper URL the release gives."""

    items: tuple[Source, ...]
    paper_url: str | None = None
    unread: tuple[str, ...] = field(default=())

    def of(self, *kinds: ArtifactKind) -> tuple[Source, ...]:
        """Return the sources of some kinds, in declaration order."""
        return tuple(s for s in self.items if s.check.ref.kind in kinds)

    def models(self) -> tuple[Source, ...]:
        """Return the Hub model repositories (the weights the release declares)."""
        return tuple(
            s for s in self.of(ArtifactKind.HF_MODEL) if s.check.ref.pillar is Pillar.WEIGHTS
        )

    def code(self) -> tuple[Source, ...]:
        """Return the git repositories."""
        return self.of(ArtifactKind.GIT)

    def datasets(self) -> tuple[Source, ...]:
        """Return the Hub dataset repositories."""
        return self.of(ArtifactKind.HF_DATASET)

    def pillar(self, pillar: Pillar) -> tuple[v.ArtifactCheck, ...]:
        """Return the checks of one pillar's artifacts."""
        return v.for_pillar((s.check for s in self.items), pillar)


def sources_of(checks: Sequence[v.ArtifactCheck], paper_url: str | None = None) -> Sources:
    """Pair each artifact check with its MOF fact."""
    items = tuple(Source(c, _fact(c)) for c in checks)
    return Sources(items, paper_url)


def _fact(check: v.ArtifactCheck) -> Mapping[str, Any] | None:
    seen = check.facts.get(MOF_FACT)
    return seen if isinstance(seen, Mapping) else None


def observed(sources: Sequence[Source]) -> Iterator[Source]:
    """Yield the sources that were observed."""
    return (s for s in sources if s.seen is not None)


def unobserved(sources: Sequence[Source]) -> list[Source]:
    """Return the sources no observer has read yet."""
    return [s for s in sources if s.seen is None]
