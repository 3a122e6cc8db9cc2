"""What discovery says: proposed artifacts, each with where it was found and how it was judged.

A proposal is a claim, not a verdict: it becomes an artifact the checks verify like any
other. Frozen dataclasses only; nothing here reads the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from registry.model import ArtifactKind, Pillar

PILLAR_VALUES = frozenset(p.value for p in Pillar)


class Role(StrEnum):
    """What a proposal is for: one of the three pillars, or the release's paper or card."""

    WEIGHTS = "weights"
    CODE = "code"
    DATA = "data"
    PAPER = "paper"
    MODEL_CARD = "model_card"

    @property
    def pillar(self) -> Pillar | None:
        """Return the pillar an artifact of this role belongs to (None for paper and card)."""
        return Pillar(self.value) if self.value in PILLAR_VALUES else None


class Confidence(StrEnum):
    """How sure discovery is, in words a submitter reads (the score behind it is in `judged`)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True)
class Mention:
    """One place a source names a location: a card line under a heading, a metadata key."""

    url: str
    provenance: str  # "README line 42, under 'Training'", "card metadata `datasets[0]`"
    line: int | None = None
    heading: str | None = None  # the nearest heading above, as written
    headings: tuple[str, ...] = ()  # every enclosing heading, outermost first
    text: str = ""  # the link text, or the words around a bare URL
    context: str = ""  # the whole line, for label words ("Training code: ...")
    # The sentence of the line that carries the link, whole: a long paragraph's other
    # sentences speak of other links ("trained on 11T tokens ... We then applied DPO using X").
    sentence: str = ""
    in_code: bool = False  # found inside a fenced code block (a command or a citation)
    in_command: bool = False  # found in a `git clone` command inside a code block
    # The header row of the table the link sits in: its column names say what kind of thing
    # a row is against the role ("AWQ Dataset": calibration data), never for it (a mix
    # table's "Dataset" column lists the sources of the data, not the release's data).
    column_names: str = ""


@dataclass(frozen=True)
class Proposal:
    """A proposed artifact: a valid artifact input (role, kind, locator) plus its provenance."""

    role: Role
    kind: ArtifactKind | None  # None for the paper (a URL, not an artifact)
    locator: str
    provenance: str
    confidence: Confidence
    score: int
    rank: int  # 1 is the best-supported proposal of its role
    judged: tuple[str, ...] = ()  # the reasons that made the score, e.g. "under 'Training' (+3)"
    also_seen: tuple[str, ...] = ()  # further provenances of the same locator
    declared_licence: str | None = None  # what the card's metadata says (weights only)

    @property
    def pillar(self) -> Pillar | None:
        """Return the pillar of the artifact this proposal would become."""
        return self.role.pillar


@dataclass(frozen=True)
class SetAside:
    """A location a source named that discovery deliberately did not propose, and why."""

    url: str
    provenance: str
    reason: str


@dataclass(frozen=True)
class Discovery:
    """Everything discovery proposes for one Hub model id, and what it read to say so."""

    hub_id: str
    proposals: tuple[Proposal, ...]
    set_aside: tuple[SetAside, ...] = ()
    read: tuple[str, ...] = ()  # what was read: "model card (README.md, 230 lines)", ...
    problems: tuple[str, ...] = ()  # what could not be read, and why
    licence: str | None = None
    licence_link: str | None = None
    base_models: tuple[str, ...] = field(default_factory=tuple)

    def of_role(self, role: Role) -> tuple[Proposal, ...]:
        """Return the proposals of one role, best first."""
        return tuple(sorted((p for p in self.proposals if p.role is role), key=lambda p: p.rank))

    def top(self, role: Role) -> Proposal | None:
        """Return the best-supported proposal of a role, if any."""
        ranked = self.of_role(role)
        return ranked[0] if ranked else None
