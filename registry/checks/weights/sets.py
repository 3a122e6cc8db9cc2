"""Group a repository's candidate files into weight sets: what a complete model would need.

A set is one way the repository publishes the model: a sharded index and the shards it
lists, shards named `-000NN-of-000MM` without an index, a single file, a folder of
extensionless checkpoint shards, or a folder of zarr arrays. A set is complete only when
every file it needs exists; which of them really are weights is for their bytes to say.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from posixpath import basename, dirname, join

from registry.checks.hub_common import is_gated_read
from registry.checks.weight_formats import WeightFormat
from registry.checks.weights import names
from registry.ports import AdapterError, HubClient, HubFile, HubRepoInfo

INDEX_READ_BYTES = 16 * 1024 * 1024  # DeepSeek-V3's index is ~9 MB; the adapter may cap less
MAX_SHARD_TOTAL = 100_000  # a "-of-N" name promising more shards than this is not believed
ZARRAY = ".zarray"


class SetKind(StrEnum):
    """How a set of weight files was recognised."""

    INDEX = "sharded index"
    PATTERN = "numbered shards"
    SINGLE = "single file"
    FOLDER = "extensionless shards"
    ZARR = "zarr arrays"


@dataclass(frozen=True)
class WeightSet:
    """Files that together publish the model once, and what is missing from them."""

    name: str
    kind: SetKind
    files: tuple[HubFile, ...]
    expected: frozenset[WeightFormat]
    missing: tuple[str, ...] = ()
    listed: int = 0  # files the index or the shard names promise
    intermediate: str | None = None
    # zarr sets: array folder -> its .zarray and chunk files
    arrays: Mapping[str, tuple[HubFile, ...]] = field(default_factory=dict)

    @property
    def size(self) -> int | None:
        """Return the bytes of the files present, when the listing gave sizes."""
        sizes = [f.size for f in self.files if f.size is not None]
        return sum(sizes) if sizes else None


@dataclass
class Grouping:
    """The sets found, and sentences about indexes that could not be used."""

    sets: list[WeightSet] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    gated_indexes: list[str] = field(default_factory=list)


def group_sets(hub: HubClient, info: HubRepoInfo, files: Iterable[HubFile]) -> Grouping:
    """Return every weight set of a repository, reading its shard indexes."""
    present = {f.path: f for f in files}
    grouping = Grouping()
    zarr = _zarr_sets(present)
    grouping.sets += zarr
    claimed = {f.path for s in zarr for f in s.files}
    for path in sorted(p for p in present if names.index_target(p) is not None):
        found = _index_set(hub, info, path, present, grouping)
        if found is not None:
            grouping.sets.append(found)
            claimed |= {f.path for f in found.files}
    rest = [f for p, f in present.items() if p not in claimed]
    grouping.sets += _pattern_and_single_sets([f for f in rest if names.is_weight_file(f.path)])
    grouping.sets += _folder_sets([f for f in rest if names.is_extensionless_shard(f)])
    return grouping


def _index_set(
    hub: HubClient, info: HubRepoInfo, path: str, present: Mapping[str, HubFile], out: Grouping
) -> WeightSet | None:
    try:
        text = hub.read_text("model", info.repo_id, path, info.sha, INDEX_READ_BYTES)
    except AdapterError as error:
        if not is_gated_read(error):
            raise
        out.gated_indexes.append(path)
        return None
    shards = _weight_map_files(text)
    if shards is None:
        out.notes.append(
            f"The shard index {path} could not be read as a JSON weight_map, so its shards "
            "are judged by their names."
        )
        return None
    folder = dirname(path)
    listed = sorted({join(folder, s) if folder else s for s in shards})
    target = names.index_target(path) or ""
    return WeightSet(
        name=path,
        kind=SetKind.INDEX,
        files=tuple(present[p] for p in listed if p in present),
        expected=names.expected_formats(target),
        missing=tuple(p for p in listed if p not in present),
        listed=len(listed),
        intermediate=names.intermediate_folder(path),
    )


def _weight_map_files(text: str) -> set[str] | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    weight_map = data.get("weight_map") if isinstance(data, dict) else None
    if not isinstance(weight_map, dict) or not weight_map:
        return None
    return {str(v) for v in weight_map.values()}


def _pattern_and_single_sets(files: list[HubFile]) -> list[WeightSet]:
    groups: dict[tuple[str, str, str, str], list[tuple[str, HubFile]]] = defaultdict(list)
    singles: list[WeightSet] = []
    for file in files:
        match = names.SHARD_NAME.match(basename(file.path))
        if match is None or not 0 < int(match["total"]) <= MAX_SHARD_TOTAL:
            singles.append(_single(file))
            continue
        stem = join(dirname(file.path), match["stem"])
        key = (stem, match["joint"], match["total"], match["suffix"])
        groups[key].append((match["n"], file))
    patterns = [_pattern(key, members) for key, members in sorted(groups.items())]
    return patterns + singles


def _pattern(key: tuple[str, str, str, str], members: list[tuple[str, HubFile]]) -> WeightSet:
    stem, joint, total, suffix = key
    width = len(members[0][0])
    expected = [f"{stem}{joint}{n:0{width}d}-of-{total}{suffix}" for n in range(1, int(total) + 1)]
    present = {f.path for _, f in members}
    return WeightSet(
        name=f"{stem}{joint}{'N' * width}-of-{total}{suffix}",
        kind=SetKind.PATTERN,
        files=tuple(f for _, f in sorted(members, key=lambda m: int(m[0]))),
        expected=names.expected_formats(suffix),
        missing=tuple(p for p in expected if p not in present),
        listed=int(total),
        intermediate=names.intermediate_folder(stem + suffix),
    )


def _single(file: HubFile) -> WeightSet:
    return WeightSet(
        name=file.path,
        kind=SetKind.SINGLE,
        files=(file,),
        expected=names.expected_formats(file.path),
        listed=1,
        intermediate=names.intermediate_folder(file.path),
    )


def _folder_sets(files: list[HubFile]) -> list[WeightSet]:
    folders: dict[str, list[HubFile]] = defaultdict(list)
    for file in files:
        folders[dirname(file.path)].append(file)
    return [
        WeightSet(
            name=(folder or ".") + "/",
            kind=SetKind.FOLDER,
            files=tuple(sorted(members, key=lambda f: f.path)),
            expected=names.ANY_TENSOR_FORMAT,
            listed=len(members),
            intermediate=names.intermediate_folder(join(folder, "x")),
        )
        for folder, members in sorted(folders.items())
    ]


def _zarr_sets(present: Mapping[str, HubFile]) -> list[WeightSet]:
    # An array folder holds .zarray and its chunks; a checkpoint is the folder of arrays.
    members: dict[str, list[HubFile]] = {dirname(p): [] for p in present if basename(p) == ZARRAY}
    for path, file in present.items():
        if dirname(path) in members:
            members[dirname(path)].append(file)
    roots: dict[str, dict[str, tuple[HubFile, ...]]] = defaultdict(dict)
    for folder, found in members.items():
        roots[dirname(folder)][folder] = tuple(sorted(found, key=lambda f: f.path))
    return [
        WeightSet(
            name=(root or ".") + "/",
            kind=SetKind.ZARR,
            files=tuple(f for folder in sorted(group) for f in group[folder]),
            expected=frozenset({WeightFormat.ZARR}),
            listed=len(group),
            intermediate=names.intermediate_folder(join(root, "x")),
            arrays=dict(sorted(group.items())),
        )
        for root, group in sorted(roots.items())
    ]
