"""In-memory fakes of our ports (HubClient, GitClient, HttpProbe), for the checker rules.

They implement the Protocols in registry.ports and nothing else: no library is mocked.
A Hub file given as text can be read as text; one given as bytes is a binary file read
with ranges (build weight files with `standins.weight_files`); one given as a size only is
listed, unreadable as text, and reads as filler bytes, like a placeholder upload.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from registry.model import ArtifactKind, ArtifactRef, FailureKind, Pillar
from registry.ports import (
    AdapterError,
    Clients,
    GitHead,
    GitInspection,
    HubFile,
    HubListing,
    HubRepoInfo,
    PathChooser,
    ProbeReply,
    RepoType,
    SafetensorsHeader,
    SafetensorsSummary,
    TensorHeader,
)

NOW = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
SHA = "0123456789abcdef0123456789abcdef01234567"
COMMIT = "fedcba9876543210fedcba9876543210fedcba98"
HUB = "https://hub.example"

FileSpec = Mapping[str, str | int | bytes]
SAFETENSORS_MAX_HEADER = 25_000_000  # huggingface_hub's limit

MIT_TEXT = """MIT License

Copyright (c) 2024 Example Lab

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


@dataclass
class FakeRepo:
    info: HubRepoInfo
    files: dict[str, str | int | bytes]


@dataclass
class FakeHub:
    """A Hub held in dictionaries; `failures` makes one call of one repo fail."""

    endpoint: str = HUB
    repos: dict[tuple[str, str], FakeRepo] = field(default_factory=dict)
    failures: dict[tuple[str, str], AdapterError] = field(default_factory=dict)
    reads: list[str] = field(default_factory=list)
    max_files: int | None = None  # listings stop here and say so, like the adapter's cap

    def add(
        self,
        repo_type: RepoType,
        repo_id: str,
        files: FileSpec,
        *,
        gate: str | None = None,
        private: bool = False,
        disabled: bool = False,
        tags: Iterable[str] = (),
        card_data: Mapping[str, object] | None = None,
        safetensors: Mapping[str, int] | None = None,
    ) -> None:
        summary = SafetensorsSummary(dict(safetensors), sum(safetensors.values())) if safetensors else None
        info = HubRepoInfo(
            repo_type, repo_id, self.endpoint, SHA, gate is not None, gate, private, disabled,
            tuple(tags), dict(card_data or {}), safetensors=summary,
        )  # fmt: skip
        self.repos[(repo_type, repo_id)] = FakeRepo(info, dict(files))

    def fail(self, call: str, repo_id: str, kind: FailureKind) -> None:
        self.failures[(call, repo_id)] = AdapterError(kind, f"fake {call} failure: {kind}")

    def repo_info(self, repo_type: RepoType, repo_id: str) -> HubRepoInfo:
        return self._repo("repo_info", repo_type, repo_id).info

    def list_files(self, repo_type: RepoType, repo_id: str, revision: str | None) -> HubListing:
        repo = self._repo("list_files", repo_type, repo_id)
        files = tuple(HubFile(p, _size(c)) for p, c in sorted(repo.files.items()))
        if self.max_files is not None and len(files) > self.max_files:
            return HubListing(files[: self.max_files], truncated=True)
        return HubListing(files)

    def read_text(
        self, repo_type: RepoType, repo_id: str, path: str, revision: str | None, max_bytes: int
    ) -> str:
        repo = self._repo("read_text", repo_type, repo_id)
        self.reads.append(path)
        if repo.info.gated:
            raise AdapterError(FailureKind.GATED, "gated")
        content = repo.files.get(path)
        if not isinstance(content, str):
            raise AdapterError(FailureKind.NOT_FOUND, f"{path} has no readable text")
        return content[:max_bytes]

    def read_range(
        self,
        repo_type: RepoType,
        repo_id: str,
        path: str,
        revision: str | None,
        start: int,
        length: int,
    ) -> bytes:
        repo = self._repo("read_range", repo_type, repo_id)
        self.reads.append(path)
        if repo.info.gated:
            raise AdapterError(FailureKind.GATED, "gated")
        return _bytes_of(repo, path)[start : start + length]

    def safetensors_header(
        self, repo_type: RepoType, repo_id: str, path: str, revision: str | None
    ) -> SafetensorsHeader:
        # What huggingface_hub's parse_safetensors_file_metadata concludes from the bytes.
        repo = self._repo("safetensors_header", repo_type, repo_id)
        self.reads.append(path)
        if repo.info.gated:
            raise AdapterError(FailureKind.GATED, "gated")
        return _parse_safetensors(path, _bytes_of(repo, path))
    def _repo(self, call: str, repo_type: RepoType, repo_id: str) -> FakeRepo:
        failure = self.failures.get((call, repo_id))
        if failure is not None:
            raise failure
        try:
            return self.repos[(repo_type, repo_id)]
        except KeyError:
            raise AdapterError(FailureKind.NOT_FOUND, f"{repo_id} not found") from None


@dataclass
class FakeGit:
    """Git remotes held as {url: {path: text}}; `failures` makes a call for a URL fail.

    `add(url, files, ref="b")` adds a ref (branch, tag or commit) of a remote; inspecting a
    ref nobody added fails as not found, as `git fetch` does.
    """

    repos: dict[str, dict[str, str]] = field(default_factory=dict)
    refs: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    failures: dict[tuple[str, str], AdapterError] = field(default_factory=dict)
    max_paths: int | None = None  # path lists stop here and say so, like the adapter's cap
    inspected: list[tuple[str, str | None]] = field(default_factory=list)

    def add(self, url: str, files: Mapping[str, str], ref: str | None = None) -> None:
        if ref is None:
            self.repos[url] = dict(files)
        else:
            self.refs[(url, ref)] = dict(files)

    def fail(self, call: str, url: str, kind: FailureKind) -> None:
        self.failures[(call, url)] = AdapterError(kind, f"fake {call} failure: {kind}")

    def remote_head(self, url: str) -> GitHead:
        self._files("remote_head", url)
        return GitHead(url, url, COMMIT, "main")

    def inspect(
        self, url: str, choose: PathChooser, max_bytes: int, ref: str | None = None
    ) -> GitInspection:
        self.inspected.append((url, ref))
        if ref is None or (url, ref) not in self.refs:
            files = self._files("inspect", url)
            if ref is not None:
                raise AdapterError(FailureKind.NOT_FOUND, f"couldn't find remote ref {ref}")
        else:
            self._files("inspect", url, need_default=False)
            files = self.refs[(url, ref)]
        paths = tuple(sorted(files))
        truncated = self.max_paths is not None and len(paths) > self.max_paths
        paths = paths[: self.max_paths] if truncated else paths
        texts = {p: files[p][:max_bytes] for p in choose(paths) if p in files}
        return GitInspection(url, url, COMMIT, paths, texts, truncated=truncated)

    def _files(self, call: str, url: str, need_default: bool = True) -> dict[str, str]:
        failure = self.failures.get((call, url))
        if failure is not None:
            raise failure
        if not need_default:
            return {}
        try:
            return self.repos[url]
        except KeyError:
            raise AdapterError(FailureKind.NOT_FOUND, f"{url} not found") from None


@dataclass
class FakeProbe:
    """URL probe answers held as {url: reply or error}."""

    answers: dict[str, ProbeReply | AdapterError] = field(default_factory=dict)

    def probe(self, url: str) -> ProbeReply:
        answer = self.answers.get(url)
        if answer is None:
            raise AdapterError(FailureKind.NOT_FOUND, f"{url} answered 404")
        if isinstance(answer, AdapterError):
            raise answer
        return answer


def fake_clients(
    hub: FakeHub | None = None, git: FakeGit | None = None, http: FakeProbe | None = None
) -> Clients:
    """Return Clients built from fakes (fresh empty ones where none is given)."""
    return Clients(hub=hub or FakeHub(), git=git or FakeGit(), http=http or FakeProbe())


def model(repo_id: str, declared: str | None = None) -> ArtifactRef:
    """Return a weights artifact on the Hub."""
    return ArtifactRef(Pillar.WEIGHTS, ArtifactKind.HF_MODEL, repo_id, declared)


def dataset(repo_id: str) -> ArtifactRef:
    """Return a data artifact on the Hub."""
    return ArtifactRef(Pillar.DATA, ArtifactKind.HF_DATASET, repo_id)


def data_url(url: str) -> ArtifactRef:
    """Return a data artifact at a plain URL."""
    return ArtifactRef(Pillar.DATA, ArtifactKind.URL, url)


def repo(url: str, entrypoint: str | None = None) -> ArtifactRef:
    """Return a code artifact in git."""
    return ArtifactRef(Pillar.CODE, ArtifactKind.GIT, url, entrypoint=entrypoint)


def weight_bytes(fmt: str = "safetensors", **header: object) -> bytes:
    """Return a small weight file's bytes as the Hub stand-in serves it (1,000 BF16 by default)."""
    from standins.weight_files import build_layout
    from standins.weight_specs import parse_weight_decl

    declared = {"format": fmt, "header": header or {"parameters": 1000, "dtype": "BF16"}}
    layout = build_layout(parse_weight_decl(declared))
    return b"".join(layout.read("fake", 0, layout.size))


def _size(content: str | int | bytes) -> int:
    if isinstance(content, int):
        return content
    return len(content) if isinstance(content, bytes) else len(content.encode())


def _bytes_of(repo: FakeRepo, path: str) -> bytes:
    content = repo.files.get(path)
    if content is None:
        raise AdapterError(FailureKind.NOT_FOUND, f"{path} not found")
    if isinstance(content, int):  # a size-only file: filler, as a placeholder upload holds
        seed = hashlib.shake_256(path.encode()).digest(min(content, 1 << 20))
        return seed
    return content if isinstance(content, bytes) else content.encode()


def _parse_safetensors(path: str, data: bytes) -> SafetensorsHeader:
    if len(data) < 8:
        return SafetensorsHeader(path, problem="file is too small to be a valid safetensors file")
    (length,) = struct.unpack_from("<Q", data)
    if length > SAFETENSORS_MAX_HEADER:
        return SafetensorsHeader(path, problem="safetensors header is too big")
    try:
        header = json.loads(data[8 : 8 + length].decode(errors="ignore"))
        tensors = tuple(
            TensorHeader(name, t["dtype"], tuple(t["shape"]), tuple(t["data_offsets"]))
            for name, t in header.items()
            if name != "__metadata__"
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return SafetensorsHeader(path, problem="header is not json-encoded string")
    return SafetensorsHeader(path, tensors, dict(header.get("__metadata__", {})))
