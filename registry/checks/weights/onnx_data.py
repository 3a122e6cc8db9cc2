"""ONNX external data: a graph file whose tensors live in another file, which must be there.

Exporters write a model past protobuf's 2 GB limit as `model.onnx` (the graph, a few MB)
plus `model.onnx_data` (the tensors): each initializer's `TensorProto` then carries
`external_data {key: "location", value: "model.onnx_data"}`. The graph alone is a valid
ONNX file with no weights in it, so an upload of `model.onnx` without its data file is an
incomplete set, like a shard index whose shards are missing. The locations are read from
the first `READ_BYTES` of the graph (initializers follow the nodes); a graph larger than
that whose locations were not reached is judged on what was read, never called absent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from posixpath import dirname, join, normpath

from registry.checks.weight_formats.structured import read_varint

READ_BYTES = 4 * 1024 * 1024  # the adapter's largest ranged read
# StringStringEntryProto {key (1) = "location", value (2) = <length-prefixed path>}.
LOCATION_ENTRY = re.compile(rb"\x0a\x08location\x12")
MAX_LOCATIONS = 1000


def external_locations(data: bytes) -> list[str]:
    """Return the external data files an ONNX graph's bytes name, in order, once each."""
    found: dict[str, None] = {}
    for match in LOCATION_ENTRY.finditer(data):
        length, at = read_varint(data, match.end())
        if length <= 0 or at + length > len(data):
            continue
        try:
            found[data[at : at + length].decode("utf-8")] = None
        except UnicodeDecodeError:
            continue
        if len(found) >= MAX_LOCATIONS:
            break
    return list(found)


def missing_data(onnx_path: str, locations: Iterable[str], paths: set[str]) -> list[str]:
    """Return the external data files, relative to the graph's folder, not in `paths`."""
    folder = dirname(onnx_path)
    return [loc for loc in locations if normpath(join(folder, loc)) not in paths]


def sentence(missing: list[str], total: int) -> str:
    """Say which data files the graph needs and lacks (the end of a 'not weights' sentence)."""
    named = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
    return (
        f"it is an ONNX graph whose tensors are kept in external data ({len(missing)} of its "
        f"{total} data file(s) missing: {named}), and they are not in the repository"
    )

