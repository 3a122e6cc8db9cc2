"""The sentences people read in weights evidence, one per verdict-deciding branch."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from posixpath import basename

from registry.checks.base import human_size
from registry.checks.weight_formats import FORMAT_NAMES, PACKED_DTYPES, WeightFormat
from registry.checks.weights.config_bound import ConfigFloor
from registry.checks.weights.reading import FileReading
from registry.checks.weights.sets import SetKind, WeightSet
from registry.ports import SafetensorsSummary

SHOWN = 5  # names listed in one sentence before "..."


def count(n: int) -> str:
    """Return a parameter count in words people read: 7.24 B, 124.4 M, 5 K, 12."""
    for scale, unit in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if n >= scale:
            return f"{n / scale:.2f} {unit}"
    return str(n)


def parameters(counts: Mapping[str, int], *, at_least: bool = False) -> str:
    """Return "7.24 B parameters in BF16" (dtypes by share, largest first)."""
    total = sum(counts.values())
    dtypes = [d for d, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    listed = dtypes[0] if len(dtypes) == 1 else ", ".join(dtypes[:-1]) + " and " + dtypes[-1]
    packed = [d for d in dtypes if d in PACKED_DTYPES]
    # gpt-oss-20b's MXFP4 experts: 11.96 B elements, about 21 B parameters once unpacked.
    note = (
        f" (counted as elements: {' and '.join(packed)} elements may each pack several "
        "quantised parameters)"
        if packed and len(packed) < len(dtypes)
        else ""
    )
    return f"{'at least ' if at_least else ''}{count(total)} parameters in {listed}{note}"


def names(paths: Iterable[str]) -> str:
    """Return up to SHOWN names, then "..."."""
    items = list(paths)
    return ", ".join(items[:SHOWN]) + (" ..." if len(items) > SHOWN else "")


def described(weights: WeightSet) -> str:
    """Return how a set is named in a sentence."""
    if weights.kind is SetKind.INDEX:
        return f"the {weights.listed} shards listed in {weights.name}"
    if weights.kind is SetKind.PATTERN:
        return f"the {weights.listed} shards named {weights.name}"
    if weights.kind is SetKind.FOLDER:
        return f"the {len(weights.files)} extensionless shards in {weights.name}"
    if weights.kind is SetKind.ZARR:
        return f"the {weights.listed} zarr arrays in {weights.name}"
    return weights.name


def missing(weights: WeightSet) -> str:
    """Return the sentence for a set with files it lists but the repository lacks."""
    return (
        f"{len(weights.missing)} of {described(weights)} are missing: {names(weights.missing)}; "
        "that set of weights is incomplete."
    )


def not_weights(weights: WeightSet, bad: list[FileReading]) -> str:
    """Return the sentence for a set in which read files are not weights (same whys grouped)."""
    by_why: dict[str, list[str]] = {}
    for reading in bad:
        by_why.setdefault(reading.why, []).append(reading.path)
    parts = [
        f"{_joined(paths)} {'is' if len(paths) == 1 else 'are'} not weights: {why}"
        for why, paths in list(by_why.items())[:3]
    ]
    shown = "; ".join(parts)
    if weights.kind is SetKind.SINGLE:
        return f"{shown}."
    return f"{shown}; {described(weights)} are therefore not a complete set of weights."


def _joined(paths: list[str]) -> str:
    if len(paths) == 1:
        return paths[0]
    if len(paths) <= 3:
        return ", ".join(paths[:-1]) + " and " + paths[-1]
    return f"{', '.join(paths[:2])} and {len(paths) - 2} more"


def gated(weights: WeightSet) -> str:
    """Return the sentence for a set whose bytes the gate hides."""
    size = human_size(weights.size)
    verb = "is" if weights.kind is SetKind.SINGLE else "are"
    return (
        f"{_upper(described(weights))} ({size}) {verb} gated: contents not readable, so "
        f"{'it is' if verb == 'is' else 'they are'} judged by name."
    )


def not_read(weights: WeightSet, readings: list[FileReading]) -> str:
    """Return the sentence for a set the header-read budget did not reach."""
    return (
        f"{_upper(described(weights))} were not fully read ({len(readings)} of "
        f"{len(weights.arrays or weights.files)} files read)."
    )


def also_published(others: Sequence[tuple[str, WeightFormat | None]]) -> str:
    """Return the sentence naming the other weight sets and the format their bytes show."""
    listed = ", ".join(f"{name} ({format_name(fmt)})" for name, fmt in others[:SHOWN])
    more = f" and {len(others) - SHOWN} more" if len(others) > SHOWN else ""
    return f"Also published: {listed}{more}."


def _upper(text: str) -> str:
    # "The 4 shards..." opens a sentence; a file name keeps its own case.
    return "The" + text[3:] if text.startswith("the ") else text


def complete(
    weights: WeightSet,
    readings: list[FileReading],
    sampled: bool,
    summary: SafetensorsSummary | None = None,
) -> str:
    """Return the sentence for a complete set: parameters, format, and how many headers.

    A sampled safetensors set quotes the Hub's own count when it has one (it read every
    header); otherwise the count is what the headers read hold, "at least" when partial.
    """
    fmt = next((r.format for r in readings if r.format is not None), None)
    name = format_name(fmt)
    counted = [r for r in readings if r.tensors is not None and r.tensors.parameters]
    size = human_size(weights.size)
    where = "" if weights.kind is SetKind.SINGLE else f" ({described(weights)}, all present)"
    if not counted:
        return f"{weights.name} is {name}{where}, {size}; its header does not list tensors."
    headers = f"{len(readings)} {name} header{'s' if len(readings) != 1 else ''}"
    if sampled:
        headers = f"{len(readings)} of {len(weights.arrays or weights.files)} {name} headers"
    if sampled and summary is not None and fmt is WeightFormat.SAFETENSORS:
        return (
            f"{parameters(summary.parameters)} by the Hub's safetensors count; {headers} "
            f"read, all valid{where}, {size}."
        )
    at_least = sampled or any(not r.tensors.complete for r in counted if r.tensors)
    named = f"{weights.name}: " if weights.kind is SetKind.SINGLE else ""
    return f"{named}{parameters(_sum(counted), at_least=at_least)}, from {headers}{where}, {size}."


def hub_summary(summary: SafetensorsSummary) -> str:
    """Return the sentence that quotes the Hub's own safetensors count."""
    return f"The Hub's safetensors summary counts {parameters(summary.parameters)}."


def sampled_reads(name: str, paths: tuple[str, ...], total: int, cap: int) -> str:
    """Return the sentence naming which headers of a large set were read."""
    shown = names(basename(p) for p in paths)
    return (
        f"Sampled {len(paths)} of the {total} files of {name} (first, last, smallest, spread; "
        f"at most {cap} headers are read per repository): {shown}."
    )


def no_complete_set(count_sets: int) -> str:
    """Return the sentence for a repository with candidates but no complete set."""
    return f"None of the {count_sets} weight set(s) found is complete, so no weights are published."


def only_intermediate(folder: str) -> str:
    """Return the doubt sentence for weights found only in intermediate-checkpoint folders."""
    return f"the only complete weights are under {folder}, an intermediate-checkpoint folder"


def unsafe(reading: FileReading) -> str:
    """Return the doubt sentence for a pickle that would run code when loaded."""
    imports = ", ".join(i.replace(" ", ".") for i in reading.unsafe_imports)
    return f"{reading.path} is a pickle that imports {imports}, which runs code when it is loaded"


def _sum(readings: list[FileReading]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for reading in readings:
        assert reading.tensors is not None  # filtered by the caller
        for dtype, n in reading.tensors.parameters.items():
            counts[dtype] = counts.get(dtype, 0) + n
    return counts


def format_name(fmt: WeightFormat | None) -> str:
    """Return a format's name for people, or "weights"."""
    return FORMAT_NAMES[fmt] if fmt is not None else "weights"


def below_floor(total: int, floor: ConfigFloor) -> str:
    """Say that the weights are too small for the model their config.json describes."""
    return (
        f"The weights hold {count(total)} parameters, but config.json's vocabulary of "
        f"{floor.vocab_size:,} tokens at hidden size {floor.hidden_size:,} needs "
        f"{count(floor.parameters)} for the input embedding alone"
    )
