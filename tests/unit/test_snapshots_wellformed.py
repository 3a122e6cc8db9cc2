"""The seed snapshots are well-formed and cover every artifact the catalogue names.

The manifests under standins/snapshots/ are hand-built copies of the public record that the
loopback Hub, git and URL stand-ins serve. These tests read them as plain YAML (no stand-in
code), so a broken manifest is reported here with its file, before any server starts.
They never look at the catalogue's expected verdicts: only at which artifacts it names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import askalono
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOTS = ROOT / "standins" / "snapshots"
TEXTS = SNAPSHOTS / "texts"
CATALOGUE = ROOT / "registry" / "data" / "releases.json"

# Keys each manifest kind must carry, beyond the ones every snapshot has.
REQUIRED_KEYS: dict[str, set[str]] = {
    "model": {"id", "files", "card_data", "card_text", "gated", "last_modified"},
    "dataset": {"id", "files", "card_data", "card_text", "gated", "last_modified"},
    "git": {"url", "files", "default_branch"},
    "url": {"url", "status", "content_type"},
    "collection": {"slug", "title", "items"},
    "paper": {"arxiv_id", "title"},
}
# A URL page gives its body as a size of filler, or (a page discovery reads) its content.
URL_BODY_KEYS = {"size", "content", "text_ref"}
SNAPSHOT_KEYS = {"kind", "snapshot", "source"}
# Which folder holds which kind, so a manifest's place and its kind agree.
FOLDER_KINDS = {
    ("hub", "models"): "model",
    ("hub", "datasets"): "dataset",
    ("git",): "git",
    ("url",): "url",
    ("hub", "collections"): "collection",
    ("hub", "papers"): "paper",
}
FILE_KEYS = {"path", "size", "content", "text_ref", "format", "header"}
# Exactly one of these says what the file holds; a declared weight `format` (with its
# header, or a size to fill) stands in for the bytes of a weight file.
FILE_BODIES = {"size", "content", "text_ref", "format"}
GATES = {False, "auto", "manual"}
HUB_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
# git repos are materialised on every test run; weights never live in git.
GIT_REPO_BYTE_LIMIT = 300_000

# Weight files a model repository publishes (the weights checker's families).
WEIGHT_FILE = re.compile(r"\.(safetensors|bin|pt|pth|ckpt|gguf|onnx|msgpack|npz|h5|ot)$")
# Data files a dataset repository publishes; a card or a loading script alone is not data.
DATA_FILE = re.compile(
    r"\.(parquet|arrow|csv|tar|jsonl|json\.gz|jsonl\.gz|jsonl\.zst|json\.zst|txt\.gz)$"
)
# Sharded-weight indexes: model.safetensors.index.json, pytorch_model.bin.index.json, and
# Whisper's model.safetensors.index.fp32.json.
SHARD_INDEX = re.compile(r"\.index(\.[A-Za-z0-9]+)?\.json$")
# A shard name such as model-00001-of-00003.safetensors (BLOOM uses model_00001-of-00072).
SHARD_NAME = re.compile(r"[-_]\d{5}-of-\d{5,6}\.(safetensors|bin)$")

# Where a snapshot came from: public https URLs, each with the day it was read, separated
# by "; " -- "https://huggingface.co/allenai/OLMo-7B (read 2026-11-23)".
SOURCE_ENTRY = re.compile(r"https://[^\s;()]+ \(read (?P<day>\d{4}-\d{2}-\d{2})\)")

# Standard licence texts must be exact enough for the licence-text detector to name them.
STANDARD_TEXTS = {
    "Apache-2.0.txt": "Apache-2.0",
    "MIT.txt": "MIT",
    "MIT-no-copyright-line.txt": "MIT",
    "BSD-3-Clause.txt": "BSD-3-Clause",
}
DETECTOR_MIN_SCORE = 0.95


def manifest_paths() -> list[Path]:
    """Return every manifest file, sorted."""
    return sorted(SNAPSHOTS.rglob("*.yml"))


@cache
def load(path: Path) -> dict[str, Any]:
    """Parse one manifest with PyYAML (once per run; tests only read it)."""
    # The C safe loader: a few manifests list hundreds of files.
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    assert isinstance(data, dict), f"{path}: a manifest is a mapping"
    return data


def manifests() -> Iterator[tuple[Path, dict[str, Any]]]:
    """Yield (path, manifest) for every manifest."""
    for path in manifest_paths():
        yield path, load(path)


@cache
def by_kind(kind: str) -> dict[str, dict[str, Any]]:
    """Map each manifest of a kind by its identity (Hub id or URL)."""
    key = "id" if kind in ("model", "dataset") else "url"
    return {m[key]: m for _, m in manifests() if m["kind"] == kind}


def relative(path: Path) -> str:
    """Name a manifest for test ids and messages."""
    return str(path.relative_to(SNAPSHOTS))


def file_bytes(entry: dict[str, Any]) -> int:
    """Return how many bytes a file entry stands for."""
    if "size" in entry:
        return int(entry["size"])
    if "content" in entry:
        return len(entry["content"].encode("utf-8"))
    return (TEXTS / entry["text_ref"]).stat().st_size


def expected_location(manifest: dict[str, Any]) -> Path:
    """Return where a manifest with this identity must live under snapshots/."""
    kind = manifest["kind"]
    # Names such as Qwen2.5-7B hold dots, so the suffix is appended, never swapped in.
    if kind in ("model", "dataset"):
        owner, name = manifest["id"].split("/")
        return Path("hub", kind + "s", owner, name + ".yml")
    if kind == "collection":
        owner, name = manifest["slug"].split("/")
        return Path("hub", "collections", owner, name + ".yml")
    if kind == "paper":
        return Path("hub", "papers", manifest["arxiv_id"] + ".yml")
    parts = urlsplit(manifest["url"])
    if kind == "git":
        *folders, repo = parts.path.strip("/").split("/")
        return Path("git", parts.netloc, *folders, repo + ".yml")
    return Path("url", (parts.netloc + parts.path).replace("/", "_") + ".yml")


def catalogue_references() -> Iterator[tuple[str, str, str]]:
    """Yield (release slug, manifest kind, identity) for every artifact the catalogue names."""
    releases = json.loads(CATALOGUE.read_text(encoding="utf-8"))["releases"]
    for release in releases:
        artifacts = release["artifacts"]
        for pillar in ("weights", "code", "data"):
            artifact = artifacts.get(pillar)
            if artifact:
                yield release["slug"], *artifact_identity(artifact)
        if artifacts.get("model_card"):
            yield release["slug"], "model", artifacts["model_card"]


def artifact_identity(artifact: dict[str, Any]) -> tuple[str, str]:
    """Return (manifest kind, identity) for one catalogue artifact."""
    kinds = {"hf_model": "model", "hf_dataset": "dataset", "git": "git", "url": "url"}
    kind = kinds[artifact["kind"]]
    return kind, artifact["repo_id"] if kind in ("model", "dataset") else artifact["url"]


PATHS = manifest_paths()
IDS = [relative(p) for p in PATHS]


def test_snapshots_exist() -> None:
    assert PATHS, "no manifests under standins/snapshots/"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_manifest_has_the_keys_of_its_kind(path: Path) -> None:
    manifest = load(path)
    assert manifest.get("kind") in REQUIRED_KEYS, f"unknown kind {manifest.get('kind')!r}"
    missing = (SNAPSHOT_KEYS | REQUIRED_KEYS[manifest["kind"]]) - manifest.keys()
    assert not missing, f"missing keys: {sorted(missing)}"
    if manifest["kind"] == "url":
        # A redirect (a moved repository's 301) has no body; any other page needs one.
        assert (URL_BODY_KEYS | {"redirect_to"}) & manifest.keys(), (
            "a URL page needs a size, its content or a redirect")
    assert manifest["snapshot"] is True
    assert manifest["source"].startswith("https://")


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_manifest_names_its_public_sources_and_the_day_they_were_read(path: Path) -> None:
    source = load(path).get("source")
    assert isinstance(source, str) and source.strip(), "no source: where did this come from?"
    for entry in source.split("; "):
        match = SOURCE_ENTRY.fullmatch(entry)
        assert match, f"{entry!r}: write each source as 'https://... (read YYYY-MM-DD)'"
        day = date.fromisoformat(match["day"])  # a real calendar day
        assert date(2020, 1, 1) <= day <= date.today(), f"{entry!r}: not a plausible day read"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_manifest_lives_where_its_identity_says(path: Path) -> None:
    manifest = load(path)
    folder = path.relative_to(SNAPSHOTS).parts
    assert FOLDER_KINDS[folder[:2] if folder[0] == "hub" else folder[:1]] == manifest["kind"]
    assert path.relative_to(SNAPSHOTS) == expected_location(manifest)


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_file_entries_are_well_formed(path: Path) -> None:
    manifest = load(path)
    entries = manifest.get("files", [])
    paths = [entry["path"] for entry in entries]
    assert len(paths) == len(set(paths)), "duplicate paths"
    for entry in entries:
        assert entry.keys() <= FILE_KEYS, (
            f"{entry['path']}: unknown keys {entry.keys() - FILE_KEYS}"
        )
        bodies = entry.keys() & FILE_BODIES
        if "format" in bodies:
            bodies -= {"size"}
        assert len(bodies) == 1, f"{entry['path']}: give exactly one of size, content, text_ref"
        if "size" in entry:
            assert type(entry["size"]) is int and entry["size"] >= 0, entry["path"]
        if "content" in entry:
            assert isinstance(entry["content"], str), entry["path"]
        if "text_ref" in entry:
            assert (TEXTS / entry["text_ref"]).is_file(), f"missing text {entry['text_ref']}"
        assert not entry["path"].startswith("/") and ".." not in entry["path"].split("/")


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_hub_repo_fields_follow_the_hub(path: Path) -> None:
    manifest = load(path)
    if manifest["kind"] not in ("model", "dataset"):
        return
    assert manifest["gated"] in GATES
    assert HUB_DATE.match(manifest["last_modified"]), "dates end in Z, as the Hub client needs"
    assert isinstance(manifest["card_data"], dict) and manifest["card_data"].get("license")
    assert all(isinstance(tag, str) for tag in manifest.get("tags", []))
    assert "README.md" not in {entry["path"] for entry in manifest["files"]}, "README is generated"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_every_shard_an_index_names_is_listed(path: Path) -> None:
    manifest = load(path)
    listed = {entry["path"] for entry in manifest.get("files", [])}
    indexed: set[str] = set()
    for entry in manifest.get("files", []):
        if SHARD_INDEX.search(entry["path"]) and "content" in entry:
            weight_map = json.loads(entry["content"])["weight_map"]
            indexed.update(weight_map.values())
    assert indexed <= listed, f"indexed but not listed: {sorted(indexed - listed)}"
    unindexed = {p for p in listed if SHARD_NAME.search(p)} - indexed
    assert not unindexed, f"shards no index names: {sorted(unindexed)}"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_json_file_contents_parse(path: Path) -> None:
    for entry in load(path).get("files", []):
        if entry["path"].endswith(".json") and "content" in entry:
            json.loads(entry["content"])


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_git_repos_stay_small(path: Path) -> None:
    manifest = load(path)
    if manifest["kind"] != "git":
        return
    total = sum(file_bytes(entry) for entry in manifest["files"])
    assert total < GIT_REPO_BYTE_LIMIT, f"{total} bytes"
    assert not any(
        WEIGHT_FILE.search(e["path"]) and file_bytes(e) > 100_000 for e in manifest["files"]
    )


def test_every_model_repo_publishes_weight_files() -> None:
    for repo_id, manifest in by_kind("model").items():
        assert any(WEIGHT_FILE.search(e["path"]) for e in manifest["files"]), repo_id


def test_every_dataset_repo_publishes_data_files() -> None:
    for repo_id, manifest in by_kind("dataset").items():
        assert any(DATA_FILE.search(e["path"]) and "size" in e for e in manifest["files"]), repo_id


def test_identities_are_unique() -> None:
    seen: dict[tuple[str, str], str] = {}
    for path, manifest in manifests():
        key = (manifest["kind"], manifest.get("id") or manifest.get("slug") or manifest["url"])
        assert key not in seen, f"{relative(path)} repeats {seen.get(key)}"
        seen[key] = relative(path)


@pytest.mark.parametrize(
    ("slug", "kind", "identity"), list(catalogue_references()), ids=lambda v: str(v)
)
def test_catalogue_artifact_has_a_manifest(slug: str, kind: str, identity: str) -> None:
    assert identity in by_kind(kind), f"{slug}: no {kind} manifest for {identity}"


@pytest.mark.parametrize(("name", "spdx"), sorted(STANDARD_TEXTS.items()))
def test_standard_licence_texts_are_recognised(name: str, spdx: str) -> None:
    match = askalono.identify((TEXTS / name).read_text(encoding="utf-8"))
    assert match.name == spdx and match.score >= DETECTOR_MIN_SCORE


def test_every_text_is_referenced() -> None:
    referenced = {
        e["text_ref"] for _, m in manifests() for e in m.get("files", []) if "text_ref" in e
    }
    unused = {p.name for p in TEXTS.iterdir()} - referenced - set(STANDARD_TEXTS)
    assert not unused, f"texts nobody references: {sorted(unused)}"
