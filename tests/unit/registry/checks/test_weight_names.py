"""Which names nominate adapter weights and archives: table tests of the weights name rules."""

from __future__ import annotations

import pytest

from registry.checks.weights.adapters import only_adapters
from registry.checks.weights.names import is_adapter, is_large_archive
from registry.ports import HubFile

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("path", "adapter"),
    [
        ("adapter_model.safetensors", True),
        ("adapter_model.bin", True),
        ("lora/adapter_model.safetensors", True),
        ("adapter_model.fp16.safetensors", True),
        ("model.safetensors", False),
        ("adapter_config.json", False),
        ("my_adapter_model.safetensors", False),
        ("adapter_model.safetensors.index.json", False),
        ("pytorch_model.bin", False),
    ],
)
def test_adapter_weight_names(path: str, adapter: bool) -> None:
    assert is_adapter(path) is adapter


@pytest.mark.parametrize(
    ("paths", "only"),
    [
        (["adapter_model.safetensors"], True),
        (["a/adapter_model.bin", "b/adapter_model.bin"], True),
        (["adapter_model.safetensors", "model.safetensors"], False),
        ([], False),
    ],
)
def test_a_set_of_adapters_only(paths: list[str], only: bool) -> None:
    assert only_adapters(paths) is only


@pytest.mark.parametrize(
    ("path", "size", "archive"),
    [
        ("model.zip", 14_000 * MB, True),
        ("weights.tar", 2 * MB, True),
        ("checkpoint.tar.gz", None, True),  # size unknown: it may be large
        ("ckpt.tgz", MB, True),
        ("shards.tar.zst", 3 * MB, True),
        ("ckpt.tar.bz2", 3 * MB, True),  # the one archive table (`archives`) names it too
        ("Model.ZIP", 5 * MB, True),
        ("samples.zip", 20_000, False),  # too small to be weights
        ("model.safetensors", 14_000 * MB, False),
        ("zipfile.txt", 5 * MB, False),
        # Pieces of a split archive, each one part of the weights.
        ("model.tar.gz.part-aa", 4_000 * MB, True),
        ("model.tar.gz.aa", 4_000 * MB, True),
        ("weights.7z.001", 4_000 * MB, True),
        ("ckpt.zip.part01", 4_000 * MB, True),
        ("model.tar.part.ab", 4_000 * MB, True),
        ("notes.zip.md", 5 * MB, False),
        ("model.tar.gz.sha256", 5 * MB, False),
    ],
)
def test_large_archives(path: str, size: int | None, archive: bool) -> None:
    assert is_large_archive(HubFile(path, size)) is archive
