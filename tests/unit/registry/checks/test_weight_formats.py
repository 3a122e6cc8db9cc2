"""The weight-format table: each row recognises its format's bytes, and nothing else passes.

Weight files are built by the stand-in's writers (standins/weight_files.py), which follow
the format documents independently of the readers under test; hand-made bytes cover the
impostors (pages, pointers, pickles of other things, truncated headers).
"""

from __future__ import annotations

import json
import pickle
import struct

import pytest

from registry.checks.weight_formats import (
    FORMAT_RULES,
    NotWeights,
    ReadMore,
    ReadSafetensors,
    Recognised,
    WeightFormat,
    check_safetensors,
    identify,
)
from registry.checks.weight_formats.arrays import chunk_problem, read_zarray
from registry.checks.weight_formats.pickles import scan_pickle
from registry.ports import SafetensorsHeader, TensorHeader
from standins.weight_files import build_layout
from standins.weight_specs import parse_weight_decl


def built(fmt: str, size: int | None = None, **header: object) -> bytes:
    """Return the whole file the stand-in would serve for this declaration."""
    entry: dict[str, object] = {"format": fmt}
    if header:
        entry["header"] = header
    if size is not None:
        entry["size"] = size
    layout = build_layout(parse_weight_decl(entry))
    return b"".join(layout.read("test", 0, layout.size))


def recognised(data: bytes) -> Recognised:
    found = identify(data, len(data))
    if isinstance(found, ReadMore):
        found = identify(data[: found.upto], len(data))
    assert isinstance(found, Recognised), found
    return found


def test_every_row_says_how_and_what_counts() -> None:
    assert len({rule.format for rule in FORMAT_RULES}) == len(FORMAT_RULES)
    for rule in FORMAT_RULES:
        assert rule.recognised_by and rule.counts_when


@pytest.mark.parametrize(
    ("fmt", "header", "expected", "tensors", "parameters"),
    [
        ("gguf", {"parameters": {"Q4_K": 4096, "F32": 64}, "tensor_count": 3},
         WeightFormat.GGUF, 3, {"Q4_K": 4096, "F32": 64}),
        ("torch-zip", {"parameters": {"BF16": 5000}, "tensor_count": 4},
         WeightFormat.TORCH_ZIP, 4, {"BF16": 5000}),
        ("torch-legacy", {"parameters": 3000, "dtype": "F32", "tensor_count": 2},
         WeightFormat.TORCH_LEGACY, 2, {"F32": 3000}),
        ("numpy-pickle", {"tensors": [{"name": "w", "dtype": "F16", "shape": [8, 16]}]},
         WeightFormat.NUMPY_PICKLE, 1, {"F16": 128}),
        ("npy", {"tensors": [{"name": "w", "dtype": "F32", "shape": [3, 5]}]},
         WeightFormat.NPY, 1, {"F32": 15}),
        ("npz", {"parameters": 300, "dtype": "I32", "tensor_count": 3},
         WeightFormat.NPZ, None, {"I32": 100}),
        ("msgpack", {"tensors": [{"name": "encoder.kernel", "dtype": "F32", "shape": [4, 4]}]},
         WeightFormat.MSGPACK, None, {"F32": 16}),
        ("ctranslate2", {"tensors": [{"name": "encoder/conv1/weight", "dtype": "F16",
                                      "shape": [8, 2, 3]}], "metadata": {"spec": "WhisperSpec"}},
         WeightFormat.CTRANSLATE2, 1, {"F16": 48}),
    ],
)  # fmt: skip
def test_tensor_formats_are_recognised_and_counted(
    fmt: str, header: dict, expected: WeightFormat, tensors: int | None, parameters: dict
) -> None:
    found = recognised(built(fmt, **header))
    assert found.format is expected
    assert found.tensors.count == tensors
    assert dict(found.tensors.parameters) == parameters


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("hdf5", WeightFormat.HDF5), ("onnx", WeightFormat.ONNX), ("ggml", WeightFormat.GGML)],
)
def test_formats_recognised_by_structure(fmt: str, expected: WeightFormat) -> None:
    assert recognised(built(fmt, size=4096)).format is expected


def test_safetensors_bytes_are_handed_to_the_hub_client() -> None:
    data = built("safetensors", parameters=100, dtype="BF16")
    assert isinstance(identify(data, len(data)), ReadSafetensors)


LFS_POINTER = b"version https://git-lfs.github.com/spec/v1\noid sha256:ab\nsize 9000000000\n"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"\x00", "only 1 byte"),
        (b"<!DOCTYPE html><html><body>404 Not Found</body></html>" * 3, "HTML page"),
        (LFS_POINTER, "Git LFS pointer"),
        (b"just some notes about the model, renamed to look like weights\n" * 4, "text"),
        (b'{"architectures": ["LlamaForCausalLM"], "hidden_size": 4096}' * 2, "JSON text"),
        (bytes(range(256)) * 8, "match no weights format"),
        (pickle.dumps({"vocab": {"hello": 1}, "merges": ["h e"]}, protocol=4), "no tensors"),
        (b"\x1f\x8b\x08\x00" + bytes(200), "gzip"),
    ],
)
def test_impostors_are_not_weights_and_say_what_they_are(data: bytes, words: str) -> None:
    found = identify(data, len(data))
    assert isinstance(found, NotWeights)
    assert words in found.why


def test_a_pickled_tokenizer_names_what_it_builds() -> None:
    # pickle.dumps(tokenizer) as transformers objects pickle: a class by reference, NEWOBJ,
    # then its __dict__ (a vocabulary), written as opcodes since transformers is not here.
    vocab = pickle.dumps({"vocab": {"hello": 1} | {f"t{n}": n for n in range(500)}}, protocol=2)
    data = (
        b"\x80\x02ctransformers.models.gpt2.tokenization_gpt2\nGPT2Tokenizer\n)\x81"
        + vocab[2:-1] + b"b."
    )
    found = identify(data, len(data))
    assert isinstance(found, NotWeights)
    assert "transformers.models.gpt2.tokenization_gpt2.GPT2Tokenizer" in found.why


def test_a_header_promising_more_data_than_the_file_holds_is_truncated() -> None:
    whole = built("gguf", parameters={"F16": 100_000}, tensor_count=2)
    cut = whole[: len(whole) // 2]
    found = identify(cut, len(cut))
    assert isinstance(found, NotWeights) and "truncated" in found.why


def test_a_gguf_header_cut_off_before_its_counts_is_not_weights() -> None:
    found = identify(b"GGUF\x03\x00\x00\x00" + b"\x00" * 10, 18)
    assert isinstance(found, NotWeights)


def test_a_pickle_that_runs_code_is_weights_with_its_unsafe_imports_named() -> None:
    tensors = built("torch-legacy", parameters=100, dtype="F32")
    evil = b"\x80\x02cos\nsystem\nX\x04\x00\x00\x00trueR."
    # A legacy file whose system-info pickle was swapped for a call to os.system.
    start = tensors.index(b"\x80\x02}")
    end = tensors.index(b"uu.", start) + 3  # the type_sizes dict, then the info dict
    data = tensors[:start] + evil + tensors[end:]
    found = recognised(data)
    assert found.unsafe_imports == ("os system",)


def test_the_pickle_reader_never_imports_or_builds_anything() -> None:
    scan = scan_pickle(b"\x80\x02cos\nsystem\nX\x02\x00\x00\x00lsR.")
    assert scan.finished and scan.globals == ["os system"]


# -- safetensors headers, as huggingface_hub returns them ----------------------------------


def header(*tensors: TensorHeader, problem: str | None = None) -> SafetensorsHeader:
    return SafetensorsHeader("model.safetensors", tuple(tensors), {}, problem)


GOOD = (TensorHeader("a", "BF16", (2, 3), (0, 12)), TensorHeader("b", "F32", (4,), (12, 28)))


@pytest.mark.parametrize(
    ("tensors", "size", "problem", "words"),
    [
        (GOOD, 8 + 100 + 28, None, None),
        (GOOD, None, None, None),  # no size listed: nothing to compare against
        ((), 200, None, "lists no tensors"),
        ((TensorHeader("a", "Q9", (2,), (0, 2)),), 200, None, "unknown dtype"),
        ((TensorHeader("a", "F32", (2, 3), (0, 12)),), 200, None, "needs 24 bytes"),
        ((TensorHeader("a", "F16", (2,), (4, 8)),), 200, None, "gap or an overlap"),
        (GOOD, 30, None, "truncated"),
        (GOOD, 8 + 28 + 30_000_000, None, "far less"),
        ((), 1, "file is too small to be a valid safetensors file", "too small"),
    ],
)
def test_safetensors_rules(tensors: tuple, size: int | None, problem: str | None, words) -> None:
    found = check_safetensors(header(*tensors, problem=problem), size)
    if words is None:
        assert isinstance(found, Recognised)
        assert dict(found.tensors.parameters) == {"BF16": 6, "F32": 4}
    else:
        assert isinstance(found, NotWeights) and words in found.why


# -- zarr metadata ------------------------------------------------------------------------


def zarray(**fields: object) -> str:
    meta = {"zarr_format": 2, "shape": [4, 6], "chunks": [2, 6], "dtype": "<f4",
            "compressor": None, "fill_value": 0, "order": "C", "filters": None}  # fmt: skip
    return json.dumps(meta | fields)


def test_zarr_metadata_gives_dtype_shape_and_chunk_grid() -> None:
    array = read_zarray(zarray())
    assert not isinstance(array, str)
    assert (array.dtype, array.shape, array.chunk_count, array.chunk_bytes) == (
        "F32", (4, 6), 2, 48,
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [("nope", "not JSON"), (zarray(zarr_format=3), "zarr_format 2"),
     (zarray(dtype="|O"), "not numeric"), (zarray(chunks=[2]), "shape and chunks")],
)  # fmt: skip
def test_zarr_metadata_that_is_not_an_array(text: str, words: str) -> None:
    found = read_zarray(text)
    assert isinstance(found, str) and words in found


@pytest.mark.parametrize(
    ("compressor", "head", "size", "ok"),
    [(None, b"", 48, True), (None, b"", 47, False), ({"id": "gzip"}, b"\x1f\x8b\x08", 20, True),
     ({"id": "gzip"}, b"random", 20, False), ({"id": "zstd"}, b"\x28\xb5\x2f\xfd", 9, True)],
)  # fmt: skip
def test_zarr_chunks_must_fit_their_codec(compressor, head: bytes, size: int, ok: bool) -> None:
    array = read_zarray(zarray(compressor=compressor))
    assert not isinstance(array, str)
    assert (chunk_problem(array, head, size) is None) is ok


def test_npy_of_python_objects_is_not_weights() -> None:
    text = b"{'descr': '|O', 'fortran_order': False, 'shape': (3,), }".ljust(118) + b"\n"
    data = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text + bytes(100)
    found = identify(data, len(data))
    assert isinstance(found, NotWeights) and "pickled Python objects" in found.why


def _mp_str(text: str) -> bytes:
    return bytes([0xA0 | len(text)]) + text.encode()


def test_flax_chunked_arrays_are_stepped_over_to_their_chunks() -> None:
    # flax.serialization chunks arrays over 1 GiB: {"__msgpack_chunked_array__": True, ...}.
    payload = b"\x93\x92\x04\x04" + _mp_str("float32") + b"\xc6" + struct.pack(">I", 64) + bytes(64)
    ext = b"\xc9" + struct.pack(">I", len(payload)) + b"\x01" + payload
    chunked = (
        b"\x83" + b"\xd9\x19__msgpack_chunked_array__" + b"\xc3"
        + _mp_str("shape") + b"\x92\x04\x04" + _mp_str("chunks") + b"\x81" + _mp_str("0") + ext
    )
    data = b"\x81" + _mp_str("params") + b"\x81" + _mp_str("embedding") + chunked
    found = recognised(data)
    assert found.format is WeightFormat.MSGPACK and dict(found.tensors.parameters) == {"F32": 16}


def test_a_torchscript_zip_with_records_before_data_pkl_is_read() -> None:
    from standins.weight_pickles import zip_local_header

    torch_zip = built("torch-zip", parameters=64, dtype="F32")
    code = b"def forward(self, x):\n    return x\n"
    data = zip_local_header("archive/code/__torch__.py", len(code)) + code
    found = recognised(data + torch_zip)
    assert found.format is WeightFormat.TORCH_ZIP and found.tensors.parameter_total == 64
