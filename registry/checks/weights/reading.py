"""Read the headers of candidate weight files with ranged requests, within a per-repo budget.

Each read file becomes a `FileReading`: weights in a format (with the tensors its header
shows), not weights (and why), or gated. Safetensors headers are read through
huggingface_hub's own parser (`HubClient.safetensors_header`); every other format from a
first ranged read of `SNIFF_BYTES`, and one more when its header runs past them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from posixpath import basename

from registry.checks.hub_common import is_gated_read
from registry.checks.weight_formats import (
    FORMAT_NAMES,
    SNIFF_BYTES,
    NotWeights,
    ReadMore,
    ReadSafetensors,
    Recognised,
    Tensors,
    WeightFormat,
    check_safetensors,
    identify,
)
from registry.checks.weight_formats.arrays import ZarrArray, chunk_problem, read_zarray
from registry.checks.weight_formats.other import TINY_BYTES, describe
from registry.checks.weight_formats.safetensors import cut_inside_header
from registry.checks.weight_formats.safetensors import header_problem as check_safetensors_problem
from registry.checks.weights import onnx_data
from registry.checks.weights.sets import ZARRAY, WeightSet
from registry.ports import AdapterError, HubClient, HubFile, HubRepoInfo

# The most files whose header one check reads. DeepSeek-V3 publishes 163 shards: a set
# larger than SET_SAMPLE is sampled, and the Hub's own safetensors count covers the rest.
MAX_HEADER_READS = 32
SET_SAMPLE = 8  # files read per set: the first, the last, the two smallest, then spread
DESCRIBE_BYTES = 512  # what a file that failed as safetensors is read for, to say what it is
ZARR_METADATA_BYTES = 64 * 1024
ZARR_EXTRA = frozenset({ZARRAY, ".zattrs", ".zgroup", ".zmetadata"})


class ReadState(StrEnum):
    """What reading one file showed."""

    WEIGHTS = "weights"
    NOT_WEIGHTS = "not weights"
    GATED = "gated"


@dataclass(frozen=True)
class FileReading:
    """One file's header reading."""

    path: str
    size: int | None
    state: ReadState
    format: WeightFormat | None = None
    tensors: Tensors | None = None
    why: str = ""
    unsafe_imports: tuple[str, ...] = ()

    def as_fact(self) -> dict[str, object]:
        """Return the reading as evidence facts store it."""
        fact: dict[str, object] = {"path": self.path, "size": self.size, "state": self.state.value}
        if self.format is not None:
            fact["format"] = self.format.value
        if self.tensors is not None:
            fact.update(tensors=self.tensors.count, parameters=dict(self.tensors.parameters))
        if self.why:
            fact["why"] = self.why
        if self.unsafe_imports:
            fact["unsafe_imports"] = self.unsafe_imports
        return fact


def sample(files: tuple[HubFile, ...], limit: int = SET_SAMPLE) -> list[HubFile]:
    """Return the files of a set to read: all when few, else first, last, smallest, spread."""
    if len(files) <= limit:
        return list(files)
    if limit == 1:
        return [files[0]]
    chosen = [0, len(files) - 1]
    sized = sorted((f.size, i) for i, f in enumerate(files) if f.size is not None)
    chosen += [i for _, i in sized[:2]]  # a placeholder shard is the smallest one
    step = (len(files) - 1) / (limit - 1)
    chosen += [round(k * step) for k in range(limit)]
    picked = list(dict.fromkeys(chosen))[:limit]
    return [files[i] for i in sorted(picked)]


class Reader:
    """Reads headers for one check, counting reads against MAX_HEADER_READS."""

    def __init__(
        self,
        hub: HubClient,
        info: HubRepoInfo,
        cap: int = MAX_HEADER_READS,
        paths: frozenset[str] | None = None,
    ) -> None:
        self.hub, self.info, self.cap = hub, info, cap
        self.paths = paths  # every path of the repository, for the files a graph points to
        self.reads = 0
        self.gated = False
        self.sampled: dict[str, tuple[str, ...]] = {}  # set name -> paths read, when sampled

    @property
    def left(self) -> int:
        """Return how many more files may be read."""
        return 0 if self.gated else max(self.cap - self.reads, 0)

    def read_set(self, weights: WeightSet, limit: int) -> list[FileReading]:
        """Read up to `limit` sampled files of a set (arrays, for zarr); stop when gated."""
        members = _zarr_members(weights) if weights.arrays else weights.files
        planned = sample(members, limit)
        if len(planned) < len(members):
            self.sampled[weights.name] = tuple(f.path for f in planned)
        readings = []
        for file in planned:
            if not self.left:
                break
            reading = self._read_zarr(weights, file) if weights.arrays else self.read(file, weights)
            readings.append(reading)
        return readings

    def read(self, file: HubFile, weights: WeightSet) -> FileReading:
        """Read one file's header and say what it is."""
        self.reads += 1
        if file.size is not None and file.size < TINY_BYTES:
            return _not(file, describe(b"", file.size))
        try:
            return self._identify(file, weights.expected)
        except AdapterError as error:
            if not is_gated_read(error):
                raise
            self.gated = True
            return FileReading(file.path, file.size, ReadState.GATED)

    def _identify(self, file: HubFile, expected: frozenset[WeightFormat]) -> FileReading:
        if expected == {WeightFormat.SAFETENSORS}:
            return self._safetensors(file, expected)
        data = self._range(file.path, SNIFF_BYTES)
        found = identify(data, file.size)
        if isinstance(found, ReadMore):
            found = identify(self._range(file.path, found.upto), file.size)
        if isinstance(found, ReadSafetensors):
            return self._safetensors(file, expected)
        if isinstance(found, ReadMore):
            found = NotWeights(f"its header is longer than the {len(data):,} bytes read")
        if isinstance(found, Recognised) and found.format is WeightFormat.ONNX:
            found = self._onnx_data(file, data, found)
        return _reading(file, found, expected)

    def _onnx_data(self, file: HubFile, data: bytes, found: Recognised) -> Recognised | NotWeights:
        # A graph whose tensors live in external data files holds weights only with them.
        if self.paths is None:
            return found
        if file.size is None or file.size > len(data):
            data = self._range(file.path, onnx_data.READ_BYTES)
        locations = onnx_data.external_locations(data)
        missing = onnx_data.missing_data(file.path, locations, set(self.paths))
        return NotWeights(onnx_data.sentence(missing, len(locations))) if missing else found

    def _safetensors(self, file: HubFile, expected: frozenset[WeightFormat]) -> FileReading:
        header = self.hub.safetensors_header("model", self.info.repo_id, file.path, self.info.sha)
        found = check_safetensors(header, file.size)
        if isinstance(found, NotWeights) and header.problem is not None:
            # Say what the bytes are instead: another format, a page, a pointer...
            head = self._range(file.path, DESCRIBE_BYTES)
            other = identify(head, file.size)
            if isinstance(other, Recognised):
                return _reading(file, other, expected)
            cut = cut_inside_header(head, file.size)
            if cut is not None:
                found = NotWeights(cut)
            elif isinstance(other, NotWeights):
                found = NotWeights(_unlike_safetensors(header.problem, other.why))
        return _reading(file, found, expected)

    def _range(self, path: str, length: int) -> bytes:
        return self.hub.read_range("model", self.info.repo_id, path, self.info.sha, 0, length)

    def _read_zarr(self, weights: WeightSet, metadata: HubFile) -> FileReading:
        self.reads += 1
        folder = metadata.path.rsplit("/", 1)[0]
        try:
            text = self.hub.read_text(
                "model", self.info.repo_id, metadata.path, self.info.sha, ZARR_METADATA_BYTES
            )
            array = read_zarray(text)
            if isinstance(array, str):
                return _not(metadata, array)
            return self._zarr_chunks(metadata, array, weights.arrays[folder])
        except AdapterError as error:
            if not is_gated_read(error):
                raise
            self.gated = True
            return FileReading(metadata.path, metadata.size, ReadState.GATED)

    def _zarr_chunks(
        self, metadata: HubFile, array: ZarrArray, files: tuple[HubFile, ...]
    ) -> FileReading:
        chunks = [f for f in files if basename(f.path) not in ZARR_EXTRA]
        if len(chunks) < array.chunk_count:
            return _not(metadata, f"its array has {len(chunks)} of its {array.chunk_count} chunks")
        head = self._range(chunks[0].path, 16)
        problem = chunk_problem(array, head, chunks[0].size)
        if problem is not None:
            return _not(metadata, problem)
        n = 1
        for dim in array.shape:
            n *= dim
        tensors = Tensors(1, {array.dtype: n})
        state = ReadState.WEIGHTS
        return FileReading(metadata.path, metadata.size, state, WeightFormat.ZARR, tensors)


def _unlike_safetensors(problem: str, what: str) -> str:
    if what.startswith("its bytes match"):
        return f"{check_safetensors_problem(problem)}, and {what}"
    return f"{what}, not a safetensors file"


def _zarr_members(weights: WeightSet) -> tuple[HubFile, ...]:
    # One reading per array, keyed by its .zarray file.
    return tuple(f for f in weights.files if basename(f.path) == ZARRAY)


def _reading(file: HubFile, found: object, expected: frozenset[WeightFormat]) -> FileReading:
    if isinstance(found, Recognised):
        if found.format not in expected:
            names = " or ".join(sorted(FORMAT_NAMES[f] for f in expected))
            why = f"its bytes are {FORMAT_NAMES[found.format]}, not {names} as its name says"
            return _not(file, why)
        return FileReading(
            file.path, file.size, ReadState.WEIGHTS, found.format, found.tensors, "",
            found.unsafe_imports,
        )  # fmt: skip
    why = found.why if isinstance(found, NotWeights) else "its bytes were not recognised"
    return _not(file, why)


def _not(file: HubFile, why: str) -> FileReading:
    return FileReading(file.path, file.size, ReadState.NOT_WEIGHTS, why=why)
