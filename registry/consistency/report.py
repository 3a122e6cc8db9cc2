"""What the consistency check found: frozen findings per question, and the one mark they earn.

Findings, not a score: the tier stays the standard's. Each finding carries the words a
reader needs (both values, the file and line) so the page and the API say the same thing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Agreement(StrEnum):
    """How one architecture field of a training config compares with the released weights."""

    AGREES = "agrees"
    DIFFERS = "differs"
    NOT_STATED = "not stated"  # one side (or both) does not state it


class ArchitectureState(StrEnum):
    """The architecture question as a whole."""

    AGREES = "agrees"
    DIFFERS = "differs"
    NO_CONFIG = "no training config"  # no config stating an architecture was found
    NO_RELEASED_CONFIG = "no released config"  # the weights publish no readable config.json
    UNVERIFIED = "unverified"  # a source could not be read


class Coverage(StrEnum):
    """Whether the release's data artifacts hold the data its training names."""

    COVERED = "covered"
    PARTLY = "partly covered"
    UNRELATED = "unrelated"
    NOT_NAMED = "no data named"  # neither configs nor card name any dataset
    NO_DATA = "no data published"
    UNVERIFIED = "unverified"


class PinState(StrEnum):
    """Whether a named revision exists in its repository."""

    PINNED = "pinned"  # named and found
    MISSING = "does not exist"  # named, and the repository has no such ref
    UNPINNED = "unpinned"  # nothing names one
    UNVERIFIED = "unverified"  # named, but its repository could not be asked


class EnvironmentState(StrEnum):
    """Whether the training repository declares its dependencies with versions."""

    PINNED = "pinned"
    UNPINNED = "declared without versions"
    NONE = "not declared"
    UNVERIFIED = "unverified"


@dataclass(frozen=True)
class FieldFinding:
    """One architecture field: both values and where the training side states it."""

    field: str
    agreement: Agreement
    released: int | None
    trained: int | None
    where: str | None = None  # "configs/7b.yaml:12" for the training side
    note: str | None = None  # a tolerance that applied ("padded to a multiple of 64")


@dataclass(frozen=True)
class CandidateConfig:
    """A training config that describes an architecture, and how well it fits the weights."""

    path: str
    dialect: str
    agreeing: int
    differing: int


@dataclass(frozen=True)
class ArchitectureFinding:
    """The chosen training config compared with the released config.json, field by field."""

    state: ArchitectureState
    reason: str
    config: str | None = None  # the chosen training config
    dialect: str | None = None
    fields: tuple[FieldFinding, ...] = ()
    candidates: tuple[CandidateConfig, ...] = ()


@dataclass(frozen=True)
class DataFinding:
    """The datasets the training names, against the release's data artifacts."""

    state: Coverage
    reason: str
    named: tuple[str, ...] = ()  # each named source, with where it was named
    covered: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class PinFinding:
    """A revision the card or README names for the code or the data, and whether it exists."""

    what: str  # "code" or "data"
    state: PinState
    reason: str
    repository: str | None = None
    ref: str | None = None
    where: str | None = None  # the text that named it ("model card line 40")
    resolved: str | None = None  # the commit the ref resolved to, when it exists


@dataclass(frozen=True)
class EnvironmentFinding:
    """Dependency declarations in the training repository and whether they pin versions."""

    state: EnvironmentState
    reason: str
    pinned: tuple[str, ...] = ()
    unpinned: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReproducibilityTuple:
    """The weights revision, code commit and data revision this check saw, together."""

    weights_revision: str | None = None
    code_commit: str | None = None
    code_commit_pinned: bool = False  # the card/README names it (else: the head at check time)
    data_revision: str | None = None
    data_revision_pinned: bool = False


@dataclass(frozen=True)
class ConsistencyReport:
    """Does the published code explain the published model? One finding per question."""

    architecture: ArchitectureFinding
    data: DataFinding
    code_pin: PinFinding
    data_pin: PinFinding
    environment: EnvironmentFinding
    reproducibility: ReproducibilityTuple = field(default_factory=ReproducibilityTuple)

    @property
    def consistent(self) -> bool:
        """Return True when architecture agrees, data is covered, and code and data are pinned."""
        return (
            self.architecture.state is ArchitectureState.AGREES
            and self.data.state is Coverage.COVERED
            and self.code_pin.state is PinState.PINNED
            and self.data_pin.state is PinState.PINNED
        )

    def missing_for_mark(self) -> tuple[str, ...]:
        """Return, in words, what stands between this release and the consistent mark."""
        gaps = []
        if self.architecture.state is not ArchitectureState.AGREES:
            gaps.append(f"architecture: {self.architecture.state.value}")
        if self.data.state is not Coverage.COVERED:
            gaps.append(f"data: {self.data.state.value}")
        if self.code_pin.state is not PinState.PINNED:
            gaps.append(f"code commit: {self.code_pin.state.value}")
        if self.data_pin.state is not PinState.PINNED:
            gaps.append(f"data revision: {self.data_pin.state.value}")
        return tuple(gaps)

    def as_fact(self) -> dict[str, Any]:
        """Return the report as JSON-safe data (stored with the run, served by the API)."""
        return {
            **asdict(self),
            "consistent": self.consistent,
            "gaps": list(self.missing_for_mark()),
        }
