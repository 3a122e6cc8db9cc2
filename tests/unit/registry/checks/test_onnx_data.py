"""ONNX external data: a graph that keeps its tensors in another file holds weights only with it."""

from __future__ import annotations

import pytest

from registry.checks.weights.onnx_data import external_locations, missing_data
from standins.weight_files import build_layout
from standins.weight_specs import DeclError, parse_weight_decl


def onnx_bytes(size: int, external: str | None = None) -> bytes:
    header = {"header": {"metadata": {"external_data": external}}} if external else {}
    layout = build_layout(parse_weight_decl({"format": "onnx", "size": size, **header}))
    return b"".join(layout.read("unit", 0, layout.size))


def entry(location: str) -> bytes:
    name = location.encode()
    return b"\x0a\x08location\x12" + bytes([len(name)]) + name


@pytest.mark.parametrize(
    ("data", "locations"),
    [
        (onnx_bytes(5000, "model.onnx_data"), ["model.onnx_data"]),
        (onnx_bytes(5000), []),  # weights inside the graph
        (entry("a.bin") + b"\x00" * 10 + entry("b.bin") + entry("a.bin"), ["a.bin", "b.bin"]),
        (b"\x0a\x08location\x12\x40short", []),  # a length past the bytes read
        (b"\x0a\x08location\x12\x02\xff\xfe", []),  # not a path
    ],
)
def test_external_locations(data: bytes, locations: list[str]) -> None:
    assert external_locations(data) == locations


@pytest.mark.parametrize(
    ("onnx", "locations", "paths", "missing"),
    [
        ("model.onnx", ["model.onnx_data"], {"model.onnx"}, ["model.onnx_data"]),
        ("onnx/model.onnx", ["model.onnx_data"], {"onnx/model.onnx_data"}, []),
        ("onnx/model.onnx", ["model.onnx_data"], {"model.onnx_data"}, ["model.onnx_data"]),
        ("onnx/decoder.onnx", ["../weights/w.bin"], {"weights/w.bin"}, []),
        ("model.onnx", [], {"model.onnx"}, []),
    ],
)
def test_missing_data_is_relative_to_the_graph(
    onnx: str, locations: list[str], paths: set[str], missing: list[str]
) -> None:
    assert missing_data(onnx, locations, paths) == missing


def test_the_stand_in_takes_external_data_for_onnx_only() -> None:
    with pytest.raises(DeclError):
        parse_weight_decl({"format": "hdf5", "size": 5000,
                           "header": {"metadata": {"external_data": "x"}}})  # fmt: skip
    with pytest.raises(DeclError):
        parse_weight_decl({"format": "onnx", "size": 5000, "header": {"metadata": {"other": "x"}}})
    assert len(onnx_bytes(5000, "model.onnx_data")) == 5000
