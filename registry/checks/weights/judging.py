"""Judge each weight set from its readings: complete, incomplete (and why), gated or unread.

A set is complete when nothing it lists is missing and every file read is weights in a
format its names promise. It is incomplete when a file is missing or a read file is not
weights; gated when its bytes could not be read; not read when the header-read budget ran
out before its sample was read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from registry.checks.weight_formats import WeightFormat
from registry.checks.weights import sentences
from registry.checks.weights.adapters import only_adapters
from registry.checks.weights.reading import SET_SAMPLE, FileReading, Reader, ReadState
from registry.checks.weights.sets import SetKind, WeightSet
from registry.ports import SafetensorsSummary

# Which set to read first, and to name as "the" weights when several are complete.
FORMAT_PREFERENCE: tuple[WeightFormat, ...] = (
    WeightFormat.SAFETENSORS,
    WeightFormat.TORCH_ZIP,
    WeightFormat.TORCH_LEGACY,
    WeightFormat.GGUF,
    WeightFormat.CTRANSLATE2,
    WeightFormat.NUMPY_PICKLE,
    WeightFormat.ZARR,
    WeightFormat.NPZ,
    WeightFormat.NPY,
    WeightFormat.MSGPACK,
    WeightFormat.HDF5,
    WeightFormat.ONNX,
    WeightFormat.GGML,
)


class SetState(StrEnum):
    """What the readings showed about a whole set."""

    COMPLETE = "complete"
    INCOMPLETE = "incomplete"
    GATED = "gated: contents not readable"
    NOT_READ = "not read"


@dataclass(frozen=True)
class SetJudgement:
    """A set, what reading it showed, and the sentence that says so."""

    set: WeightSet
    state: SetState
    reason: str
    readings: tuple[FileReading, ...] = ()
    sampled: bool = False
    parameters: Mapping[str, int] = field(default_factory=dict)

    @property
    def format(self) -> WeightFormat | None:
        """Return the format the set's files were read as, if any was."""
        formats = [r.format for r in self.readings if r.format is not None]
        return formats[0] if formats else None

    def as_fact(self) -> dict[str, object]:
        """Return the judgement as evidence facts store it."""
        return {
            "name": self.set.name,
            "kind": self.set.kind.value,
            "state": self.state.value,
            "format": self.format.value if self.format else None,
            "files": len(self.set.files),
            "listed": self.set.listed,
            "missing": self.set.missing[:20],
            "read": len(self.readings),
            "parameters": dict(self.parameters),
            "intermediate": self.set.intermediate,
            "reason": self.reason,
        }


def reading_order(weights: WeightSet) -> tuple[int, int, int, str]:
    """Sort key: final before intermediate, whole before missing, preferred formats first."""
    preferred = min(
        (FORMAT_PREFERENCE.index(f) for f in weights.expected if f in FORMAT_PREFERENCE),
        default=len(FORMAT_PREFERENCE),
    )
    return (weights.intermediate is not None, bool(weights.missing), preferred, weights.name)


def judge_all(
    reader: Reader, sets: list[WeightSet], summary: SafetensorsSummary | None = None
) -> list[SetJudgement]:
    """Read and judge every set in reading order; after a complete one, read one file each."""
    judged: list[SetJudgement] = []
    found_complete = False
    for weights in sorted(sets, key=reading_order):
        limit = 1 if found_complete or weights.missing else SET_SAMPLE
        readings = reader.read_set(weights, limit) if reader.left else []
        sampled = weights.name in reader.sampled
        judgement = judge(weights, readings, limit, sampled, reader.gated, summary)
        found_complete = found_complete or judgement.state is SetState.COMPLETE
        judged.append(judgement)
    return judged


def judge(
    weights: WeightSet,
    readings: list[FileReading],
    limit: int,
    sampled: bool,
    gated: bool,
    summary: SafetensorsSummary | None = None,
) -> SetJudgement:
    """Judge one set from the files read of it."""
    counts = _parameters(readings)
    kept = tuple(readings)
    if weights.missing:
        return SetJudgement(weights, SetState.INCOMPLETE, sentences.missing(weights), kept)
    bad = [r for r in readings if r.state is ReadState.NOT_WEIGHTS]
    if bad:
        return SetJudgement(weights, SetState.INCOMPLETE, sentences.not_weights(weights, bad), kept)
    if gated and len(readings) < min(len(weights.files), limit) or any(
        r.state is ReadState.GATED for r in readings
    ):
        return SetJudgement(weights, SetState.GATED, sentences.gated(weights), kept)
    wanted = min(len(weights.arrays or weights.files), SET_SAMPLE)
    if len(readings) < wanted:
        return SetJudgement(weights, SetState.NOT_READ, sentences.not_read(weights, readings), kept)
    reason = sentences.complete(weights, readings, sampled, summary)
    if sampled and summary is not None and WeightFormat.SAFETENSORS in weights.expected:
        counts = dict(summary.parameters)  # the Hub read every header; we read a sample
    return SetJudgement(weights, SetState.COMPLETE, reason, kept, sampled, counts)


def _parameters(readings: list[FileReading]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for reading in readings:
        if reading.tensors is not None:
            for dtype, n in reading.tensors.parameters.items():
                counts[dtype] = counts.get(dtype, 0) + n
    return counts


def main_set(judged: list[SetJudgement]) -> SetJudgement | None:
    """Return the complete set to name as the weights: final before intermediate, a model
    before an adapter over one, then the preferred format."""
    complete = [j for j in judged if j.state is SetState.COMPLETE]
    return min(
        complete,
        key=lambda j: reading_order(j.set)[:1] + (_is_adapter_set(j), _rank(j)),
        default=None,
    )


def _is_adapter_set(judgement: SetJudgement) -> bool:
    return only_adapters(f.path for f in judgement.set.files)


def _rank(judgement: SetJudgement) -> int:
    fmt = judgement.format
    return FORMAT_PREFERENCE.index(fmt) if fmt in FORMAT_PREFERENCE else len(FORMAT_PREFERENCE)


def is_sharded(weights: WeightSet) -> bool:
    """Return True for sets that split one model over several files."""
    return weights.kind in (SetKind.INDEX, SetKind.PATTERN, SetKind.FOLDER, SetKind.ZARR)
