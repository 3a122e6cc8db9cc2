"""Declared weight files: real header bytes the real clients read, filler after, ranges honoured.

The checks here read the served bytes with huggingface_hub and with Python's own pickle and
ast machinery (a restricted unpickler that builds stand-in objects), never with the
registry's readers, so a reader and the stand-in cannot share a mistake.
"""

from __future__ import annotations

import ast
import io
import json
import pickle
import struct
from pathlib import Path
from typing import Any

import httpx
import pytest
from huggingface_hub import HfApi

from standins import ManifestError, StandIns, parse_manifest

SHARDS = ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]
INDEX = json.dumps({"weight_map": {"a": SHARDS[0], "b": SHARDS[1]}})


def declared(path: str, fmt: str, **fields: Any) -> dict[str, Any]:
    return {"path": path, "format": fmt, **fields}


MANIFESTS = {
    "single.yml": {
        "kind": "model", "id": "org/single",
        "files": [declared("model.safetensors", "safetensors",
                           header={"parameters": {"BF16": 6000, "F32": 10}, "tensor_count": 4,
                                   "metadata": {"format": "pt"}})],
    },
    "sharded.yml": {
        "kind": "model", "id": "org/sharded",
        "files": [
            {"path": "model.safetensors.index.json", "content": INDEX},
            declared(SHARDS[0], "safetensors", header={"parameters": 3000, "dtype": "F16"}),
            declared(SHARDS[1], "safetensors", header={"parameters": 1000, "dtype": "F16"}),
        ],
    },
    "override.yml": {
        "kind": "model", "id": "org/override",
        "files": [declared("model.safetensors", "safetensors", size=4096)],
        "extra": {"safetensors": {"parameters": {"F32": 7}, "total": 7}},
    },
    "formats.yml": {
        "kind": "model", "id": "org/formats",
        "files": [
            declared("pytorch_model.bin", "torch-zip",
                     header={"parameters": {"BF16": 2048, "F32": 16}, "tensor_count": 3}),
            declared("legacy.bin", "torch-legacy", header={"parameters": 600, "dtype": "F16"}),
            declared("ckpt-0/tensor00000_000", "numpy-pickle",
                     header={"tensors": [{"name": "w", "dtype": "F32", "shape": [64, 32]}]}),
            declared("w.npy", "npy",
                     header={"tensors": [{"name": "w", "dtype": "I32", "shape": [5, 7]}]}),
            declared("m.gguf", "gguf", header={"parameters": {"Q8_0": 1024}, "tensor_count": 2}),
            declared("tokenizer.bin", "pickle", header={"data": {"vocab": {"hi": 1}}}),
            declared("cut.safetensors", "safetensors",
                     header={"parameters": 100, "dtype": "BF16"}, size=20),
            declared("tf_model.h5", "hdf5", size=10_000),
        ],
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def hub(standins_module_factory) -> StandIns:
    return standins_module_factory(MANIFESTS)


@pytest.fixture()
def api(hub: StandIns, hub_client_env: Path) -> HfApi:
    return HfApi(endpoint=hub.hub_endpoint, token=False)


def served(hub: StandIns, repo_id: str, path: str, first: int = 0, last: int = 65535) -> bytes:
    url = f"{hub.hub_endpoint}/{repo_id}/resolve/main/{path}"
    response = httpx.get(url, headers={"Range": f"bytes={first}-{last}"}, follow_redirects=True)
    assert response.status_code == 206, response.text
    return response.content


def test_huggingface_hub_reads_a_declared_safetensors_header(api: HfApi) -> None:
    meta = api.get_safetensors_metadata("org/single")
    (header,) = meta.files_metadata.values()
    assert header.parameter_count == {"BF16": 6000, "F32": 10}
    assert len(header.tensors) == 4 and header.metadata == {"format": "pt"}


def test_huggingface_hub_reads_every_shard_of_an_index(api: HfApi) -> None:
    meta = api.get_safetensors_metadata("org/sharded")
    assert meta.sharded and set(meta.files_metadata) == set(SHARDS)
    counts = [m.parameter_count for m in meta.files_metadata.values()]
    assert sorted(c["F16"] for c in counts) == [1000, 3000]


def test_the_listed_size_is_the_served_length(api: HfApi, hub: StandIns) -> None:
    sizes = {f.path: f.size for f in api.list_repo_tree("org/single")}
    header = served(hub, "org/single", "model.safetensors", 0, 7)
    (length,) = struct.unpack("<Q", header)
    assert sizes["model.safetensors"] == 8 + length + 6000 * 2 + 10 * 4


def test_model_info_carries_the_safetensors_count_unless_extra_sets_it(api: HfApi) -> None:
    assert api.model_info("org/single").safetensors.total == 6010  # type: ignore[union-attr]
    sharded = api.model_info("org/sharded").safetensors
    assert sharded is not None and sharded.parameters == {"F16": 4000}
    assert api.model_info("org/override").safetensors.parameters == {"F32": 7}  # type: ignore[union-attr]
    assert api.model_info("org/formats").safetensors is None  # its one header is cut short


class Built(dict):  # type: ignore[type-arg]
    """What a stand-in callable returns: its name and arguments; takes items and state."""

    def __init__(self, name: str, args: tuple[Any, ...]) -> None:
        super().__init__()
        self.name, self.args, self.state = name, args, None

    def __setstate__(self, state: Any) -> None:
        self.state = state


class Imported:
    """A global the pickle names; calling it builds a `Built`."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, *args: Any) -> Built:
        return Built(self.name, args)


class StandInUnpickler(pickle.Unpickler):
    """Loads a pickle's structure with stand-in callables: nothing is imported or run."""

    def find_class(self, module: str, name: str) -> Any:
        return Imported(f"{module}.{name}")

    def persistent_load(self, pid: Any) -> Any:
        return ("storage", pid)


def unpickle(data: bytes) -> Any:
    return StandInUnpickler(io.BytesIO(data)).load()


def test_torch_zip_holds_a_loadable_state_dict_pickle(hub: StandIns) -> None:
    data = served(hub, "org/formats", "pytorch_model.bin")
    assert data[:4] == b"PK\x03\x04"
    name_length, extra_length = struct.unpack_from("<HH", data, 26)
    assert data[30 : 30 + name_length] == b"archive/data.pkl"
    (size,) = struct.unpack_from("<I", data, 18)
    start = 30 + name_length + extra_length
    assert start % 64 == 0  # torch aligns entry data
    state = unpickle(data[start : start + size])
    assert state.name == "collections.OrderedDict" and len(state) == 3
    tensor = next(iter(state.values()))
    assert tensor.name == "torch._utils._rebuild_tensor_v2"
    storage, offset, shape = tensor.args[:3]
    _, pid = storage  # ("storage", class, key, location, numel): torch.save's persistent id
    assert pid[0] == "storage" and pid[1].name == "torch.BFloat16Storage" and pid[3] == "cpu"
    assert isinstance(offset, int) and isinstance(shape, tuple)
    assert sum(_numel(t.args[2]) for t in state.values()) == 2048 + 16


def test_torch_tensors_rebuild_from_storages_with_shapes(hub: StandIns) -> None:
    data = served(hub, "org/formats", "legacy.bin", 0, 1_000_000)
    stream = io.BytesIO(data)
    magic, protocol, info = (StandInUnpickler(stream).load() for _ in range(3))
    assert (magic, protocol) == (0x1950A86A20F9469CFC6C, 1001)
    assert info["little_endian"] is True
    state = StandInUnpickler(stream).load()
    keys = StandInUnpickler(stream).load()
    assert keys == ["0"]
    assert state.name == "collections.OrderedDict"
    assert sum(_numel(t.args[2]) for t in state.values()) == 600
    (numel,) = struct.unpack_from("<q", data, stream.tell())
    assert numel == 600  # each storage: its element count, then its bytes


def _numel(shape: tuple[int, ...]) -> int:
    n = 1
    for dim in shape:
        n *= dim
    return n


def test_numpy_pickle_reconstructs_an_array_with_shape_and_dtype(hub: StandIns) -> None:
    data = served(hub, "org/formats", "ckpt-0/tensor00000_000", 0, 64 * 32 * 4 + 500)
    array = unpickle(data)
    assert array.name == "numpy.core.multiarray._reconstruct"
    version, shape, dtype, fortran, raw = array.state
    assert (version, shape, fortran, len(raw)) == (1, (64, 32), False, 64 * 32 * 4)
    assert dtype.args == ("f4", False, True)


def test_npy_header_is_a_numpy_dict(hub: StandIns) -> None:
    data = served(hub, "org/formats", "w.npy")
    assert data[:8] == b"\x93NUMPY\x01\x00"
    (length,) = struct.unpack_from("<H", data, 8)
    assert (10 + length) % 64 == 0
    header = ast.literal_eval(data[10 : 10 + length].decode("latin1"))
    assert header == {"descr": "<i4", "fortran_order": False, "shape": (5, 7)}


def test_gguf_header_counts_its_tensors(hub: StandIns) -> None:
    data = served(hub, "org/formats", "m.gguf")
    assert data[:4] == b"GGUF" and struct.unpack_from("<IQQ", data, 4) == (3, 2, 2)


def test_pickle_format_pickles_the_declared_data(hub: StandIns) -> None:
    assert pickle.loads(served(hub, "org/formats", "tokenizer.bin")) == {"vocab": {"hi": 1}}  # noqa: S301


def test_a_size_shorter_than_the_header_cuts_the_file(hub: StandIns) -> None:
    data = served(hub, "org/formats", "cut.safetensors", 0, 100)
    assert len(data) == 20


def test_hdf5_opens_with_its_signature(hub: StandIns) -> None:
    assert served(hub, "org/formats", "tf_model.h5", 0, 7) == b"\x89HDF\r\n\x1a\n"


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        (declared("m.bin", "nope"), "is not one of"),
        (declared("m.safetensors", "safetensors", header={"parameters": 5, "dtype": "Q4_K"}),
         "not a safetensors dtype"),
        (declared("m.gguf", "gguf", header={"parameters": 100, "dtype": "Q4_K"}),
         "multiple of 256"),
        (declared("m.h5", "hdf5"), "need a size"),
        (declared("m.bin", "torch-zip", content="x"), "no content"),
        ({"path": "m.bin", "header": {"parameters": 5}}, "format"),
        (declared("m.safetensors", "safetensors"), "size to fill"),
        (declared("m.safetensors", "safetensors", header={"tensors": [{"name": "a"}]}),
         "name, dtype and shape"),
        (declared("m.bin", "pickle", header={"data": 1, "dtype": "F16"}), "exactly one field"),
        (declared("m.safetensors", "safetensors", size=10), "too small"),
    ],
)  # fmt: skip
def test_invalid_declarations_name_the_file_and_what_to_fix(entry: dict, words: str) -> None:
    with pytest.raises(ManifestError) as error:
        parse_manifest({"kind": "model", "id": "org/bad", "files": [entry]})
    assert any(words in issue.message for issue in error.value.issues), error.value.issues
    assert all(issue.field.startswith("files[0]") for issue in error.value.issues)
