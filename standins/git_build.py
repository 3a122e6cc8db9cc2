"""Build real bare git repositories from git manifests, deterministically, with a cache.

Repos are written with ``git fast-import`` and fixed author/committer dates, so the same
manifest always gives the same commit ids. A built repo is kept under a key derived from
the manifest, so restarting the stand-ins does not rebuild it.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import subprocess  # git is run with fixed arguments, never user input
import tempfile
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from .filler import iter_filler
from .manifest import FileSpec, GitRepoManifest

BUILD_VERSION = "1"  # bump when the layout of built repos changes, to invalidate caches
BUILT_MARKER = "standins-built"
IDENTITY = b"Stand-in Builder <builder@standins.invalid>"
BASE_EPOCH = 1704067200  # 2024-01-01T00:00:00Z; commit k is one hour after commit k-1
COMMIT_STEP_S = 3600
# Settings a served repo needs so partial clones and fetch-by-sha work (see README.md).
SERVED_REPO_CONFIG = {
    "uploadpack.allowFilter": "true",
    "uploadpack.allowAnySHA1InWant": "true",
    "http.receivepack": "false",
}


# Resolved once so every git run uses the same binary, found on PATH like the client's.
GIT_EXECUTABLE = shutil.which("git") or "git"


class GitBuildError(RuntimeError):
    """git failed while building a stand-in repo."""


def default_cache_dir() -> Path:
    """Where built repos are kept between runs: a per-user folder in the temp dir."""
    return Path(tempfile.gettempdir()) / f"standins-git-{os.getuid()}"


def isolated_git_env(home: Path) -> dict[str, str]:
    """An environment where no system or user git config can change what is built or served."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
        "LC_ALL": "C",
    }


def cache_key(manifest: GitRepoManifest) -> str:
    """A digest of everything that decides the repo's objects."""

    def describe(files: Iterable[FileSpec]) -> list[list[object]]:
        return [[f.path, f.size, _digest(f.content)] for f in files]

    canonical = {
        "version": BUILD_VERSION,
        "url": manifest.url,
        "default_branch": manifest.default_branch,
        "history": manifest.history,
        "files": describe(manifest.files),
        "branches": {name: describe(files) for name, files in sorted(manifest.branches.items())},
    }
    return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()


def _digest(content: bytes | None) -> str | None:
    return hashlib.sha256(content).hexdigest() if content is not None else None


def build_bare_repo(manifest: GitRepoManifest, cache_dir: Path | None = None) -> Path:
    """Return the path of a bare repo for the manifest, building it only if it is not cached."""
    root = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    final = root / f"{cache_key(manifest)[:32]}.git"
    if (final / BUILT_MARKER).is_file():
        return final
    root.mkdir(parents=True, exist_ok=True)
    # Build beside the final place, then rename: parallel test workers never see half a repo.
    staging = root / f"building-{uuid.uuid4().hex}.git"
    try:
        _build(manifest, staging, root)
        (staging / BUILT_MARKER).write_text(manifest.url + "\n", encoding="utf-8")
        try:
            staging.rename(final)
        except OSError:
            if not (final / BUILT_MARKER).is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def _build(manifest: GitRepoManifest, path: Path, home: Path) -> None:
    env = isolated_git_env(home)
    _git(["init", "--quiet", "--bare", str(path)], env)
    for key, value in SERVED_REPO_CONFIG.items():
        _git(["-C", str(path), "config", key, value], env)
    _git(["-C", str(path), "symbolic-ref", "HEAD", f"refs/heads/{manifest.default_branch}"], env)
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(  # noqa: S603
            [GIT_EXECUTABLE, "-C", str(path), "fast-import", "--quiet", "--done"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env=env,
        )
        assert process.stdin is not None
        try:
            write_fast_import_stream(manifest, process.stdin)
        finally:
            process.stdin.close()
        if process.wait() != 0:
            errors.seek(0)
            detail = errors.read().decode(errors="replace")
            raise GitBuildError(f"git fast-import failed for {manifest.url}: {detail}")


def _git(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run([GIT_EXECUTABLE, *args], env=env, capture_output=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise GitBuildError(
            f"git {' '.join(args)} failed: {result.stderr.decode(errors='replace')}"
        )


def commit_file_sets(files: tuple[FileSpec, ...], history: int) -> list[tuple[FileSpec, ...]]:
    """The tree of each commit: commit k of N holds the first ceil(k/N) share of the files."""
    return [files[: math.ceil(len(files) * k / history)] for k in range(1, history + 1)]


def write_fast_import_stream(manifest: GitRepoManifest, out: IO[bytes]) -> None:
    """Write the fast-import commands that create the manifest's commits and branches."""
    all_files = [*manifest.files, *(f for files in manifest.branches.values() for f in files)]
    marks: dict[int, int] = {}
    for number, spec in enumerate(all_files, start=1):
        marks[id(spec)] = number
        _write_blob(out, number, spec, manifest.url)
    next_mark = len(all_files) + 1
    file_sets = commit_file_sets(manifest.files, manifest.history)
    for k, files in enumerate(file_sets, start=1):
        title = (
            f"Snapshot of {manifest.url}"
            if k == len(file_sets)
            else f"Stand-in history {k} of {len(file_sets)}"
        )
        parent = next_mark - 1 if k > 1 else None
        _write_commit(
            out,
            f"refs/heads/{manifest.default_branch}",
            next_mark,
            parent,
            k,
            title,
            [(spec.path, marks[id(spec)]) for spec in files],
            replace=True,
        )
        next_mark += 1
    tip = next_mark - 1
    for offset, (name, files) in enumerate(sorted(manifest.branches.items()), start=1):
        _write_commit(
            out,
            f"refs/heads/{name}",
            next_mark,
            tip,
            len(file_sets) + offset,
            f"Branch {name}",
            [(spec.path, marks[id(spec)]) for spec in files],
            replace=False,
        )
        next_mark += 1
    out.write(b"done\n")


def _write_blob(out: IO[bytes], mark: int, spec: FileSpec, url: str) -> None:
    size = spec.byte_size
    out.write(b"blob\nmark :%d\ndata %d\n" % (mark, size))
    if spec.content is not None:
        out.write(spec.content)
    else:
        for chunk in iter_filler(f"{url}:{spec.path}", 0, size, chunk_size=1 << 20):
            out.write(chunk)
    out.write(b"\n")


def _write_commit(
    out: IO[bytes],
    ref: str,
    mark: int,
    parent: int | None,
    number: int,
    title: str,
    files: list[tuple[str, int]],
    *,
    replace: bool,
) -> None:
    when = b"%d +0000" % (BASE_EPOCH + number * COMMIT_STEP_S)
    message = title.encode("utf-8") + b"\n"
    out.write(b"commit %s\nmark :%d\n" % (ref.encode(), mark))
    out.write(b"author %s %s\ncommitter %s %s\n" % (IDENTITY, when, IDENTITY, when))
    out.write(b"data %d\n%s" % (len(message), message))
    if parent is not None:
        out.write(b"from :%d\n" % parent)
    if replace:  # the commit's tree is exactly `files`, not the parent's plus `files`
        out.write(b"deleteall\n")
    for path, blob in files:
        out.write(b'M 100644 :%d "%s"\n' % (blob, _quote_path(path)))
    out.write(b"\n")


def _quote_path(path: str) -> bytes:
    # fast-import accepts C-style quoted paths; quoting always keeps spaces and quotes safe.
    return path.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").encode("utf-8")
