"""The git adapter: the only module that imports GitPython.

Cheap inspection only: `ls-remote` for the head, then a shallow, blob-less, no-checkout
clone into a temporary directory, `ls-tree -r --name-only` (never `-l`, which would
fetch every blob) and `cat-file` on the handful of files a checker asks for. Every URL
passes the guard first, user input never reaches git as an option (`--` precedes it),
and every command runs confined (see `guards.git_environment`) under a time cap; the
clone and blob reads also under a size cap on the repository directory.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess  # only for TimeoutExpired; processes start through GitPython
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from git import Git, Repo
from git.exc import UnsafeOptionError, UnsafeProtocolError

from registry.adapters.guards import (
    CheckedTarget,
    NetworkPolicy,
    Resolver,
    check_git_url,
    git_environment,
)
from registry.adapters.guards import system_resolver as default_resolver
from registry.adapters.settings import AdapterSettings, rewrite_url
from registry.errors import RefusedTarget
from registry.model import FailureKind
from registry.ports import AdapterError, GitFolder, GitHead, GitInspection, PathChooser

POLL_INTERVAL_S = 0.1
MAX_FILES_READ = 64  # a checker reading more than this is asking for a full checkout
# A ref we fetch by name: a branch, a tag or a full commit id as a README names it. Never
# an option (no leading "-"), a refspec (no ":" or "+"), a range ("..") or a reflog ("@{").
# Matched with fullmatch: "$" would let a trailing newline through.
SAFE_REF = re.compile(r"(?!.*(?:\.\.|//|@\{|\.lock\Z|/\Z))[A-Za-z0-9][A-Za-z0-9._/-]{0,199}")
MAX_FOLDER_FILES = 2000  # a framework folder (MOT's models/, OSAI's entries) reads at most this

# git's stderr -> our failure kinds; the first matching phrase wins (lower-cased).
GIT_STDERR_FAILURES: tuple[tuple[str, FailureKind], ...] = (
    ("not allowed", FailureKind.REFUSED),  # "transport 'file' not allowed"
    ("returned error: 30", FailureKind.REFUSED),  # a redirect we refuse to follow
    ("repository not found", FailureKind.NOT_FOUND),
    ("couldn't find remote ref", FailureKind.NOT_FOUND),  # a branch or tag that is not there
    ("not our ref", FailureKind.NOT_FOUND),  # a commit id the server does not have
    ("returned error: 404", FailureKind.NOT_FOUND),
    ("returned error: 410", FailureKind.NOT_FOUND),
    ("does not appear to be a git repository", FailureKind.NOT_FOUND),
    ("not found", FailureKind.NOT_FOUND),
    ("returned error: 401", FailureKind.UNAUTHORISED),
    ("returned error: 403", FailureKind.UNAUTHORISED),
    ("authentication failed", FailureKind.UNAUTHORISED),
    ("could not read username", FailureKind.UNAUTHORISED),
    ("terminal prompts disabled", FailureKind.UNAUTHORISED),
    ("timed out", FailureKind.TIMEOUT),
    ("returned error: 5", FailureKind.SERVER_ERROR),
)


@dataclass(frozen=True)
class _Confined:
    """A guarded target plus the environment and scratch directory its commands run in."""

    target: CheckedTarget
    env: Mapping[str, str]
    workdir: Path


def _check_ref(ref: str | None) -> None:
    """Refuse a ref that is not a plain branch, tag or commit name (None is the head)."""
    if ref is not None and SAFE_REF.fullmatch(ref) is None:
        raise AdapterError(FailureKind.REFUSED, f"refused the git ref {ref!r}: not a plain name")


class GitAdapter:
    """A `GitClient` over the git command line, driven through GitPython."""

    def __init__(self, settings: AdapterSettings, resolve: Resolver = default_resolver) -> None:
        self._settings = settings
        self._policy = NetworkPolicy(settings.allowed_hosts, settings.git_protocols)
        self._resolve = resolve

    def remote_head(self, url: str) -> GitHead:
        """Return the default branch and its commit without cloning."""
        with self._confined(url) as confined:
            output = self._git(
                confined, ["ls-remote", "--symref", "--", confined.target.url, "HEAD"]
            )
        branch, commit = _parse_ls_remote(output.decode("utf-8", errors="replace"))
        return GitHead(url, confined.target.url, commit, branch)

    def inspect(
        self, url: str, choose: PathChooser, max_bytes: int, ref: str | None = None
    ) -> GitInspection:
        """List the paths at `ref` (the default branch's head when None), read chosen files."""
        _check_ref(ref)
        with self._confined(url) as confined:
            if ref is None:
                self._clone(confined)
            else:
                self._fetch_ref(confined, ref)
            commit = self._git(confined, ["rev-parse", "HEAD"], in_repo=True).decode().strip()
            paths, truncated = self._paths(confined)
            wanted = _chosen(paths, choose)
            self._prefetch(confined, wanted)
            cap = min(max_bytes, self._settings.max_read_bytes)
            texts = {path: self._read(confined, path, cap) for path in wanted}
        return GitInspection(url, confined.target.url, commit, paths, texts, truncated)

    def read_folder(
        self, url: str, folder: str, suffixes: tuple[str, ...], ref: str | None = None
    ) -> GitFolder:
        """Read the files directly in a folder at a ref (default: the head), capped.

        The same shallow, blob-less clone as `inspect`, then (for a ref) one shallow fetch
        of it; only the matching files' blobs are fetched, in one batch.
        """
        _check_ref(ref)
        with self._confined(url) as confined:
            self._clone(confined)
            if ref is not None:
                self._detach_at(confined, ref)
            commit = self._git(confined, ["rev-parse", "HEAD"], in_repo=True).decode().strip()
            paths, truncated = self._paths(confined)
            inside = [p for p in paths if _in_folder(p, folder) and p.endswith(suffixes)]
            wanted = inside[:MAX_FOLDER_FILES]
            self._prefetch(confined, wanted)
            texts = {path: self._read(confined, path, self._settings.max_read_bytes)
                     for path in wanted}  # fmt: skip
        capped = truncated or len(inside) > len(wanted)
        return GitFolder(url, confined.target.url, commit, folder, texts, capped)

    def _detach_at(self, confined: _Confined, ref: str) -> None:
        # A branch, a tag or a commit id that passed SAFE_REF, after `--`: never an option.
        # HEAD then points at it, so listing and reading work on it as on the default branch.
        args = ["fetch", "--depth", "1", "--filter=blob:none", "--no-tags", "--quiet",
                "--", "origin", ref]  # fmt: skip
        self._git(confined, args, in_repo=True, size_capped=True)
        self._git(confined, ["update-ref", "--no-deref", "HEAD", "FETCH_HEAD"], in_repo=True)

    @contextmanager
    def _confined(self, url: str) -> Iterator[_Confined]:
        target = self._guard(rewrite_url(url, self._settings.rewrites))
        with tempfile.TemporaryDirectory(prefix="registry-git-") as scratch:
            home = Path(scratch, "home")
            home.mkdir()
            env = git_environment(target, self._policy, str(home))
            yield _Confined(target, env, Path(scratch))

    def _guard(self, url: str) -> CheckedTarget:
        try:
            target = check_git_url(url, self._policy, self._resolve)
            # Defence in depth: GitPython's own checks refuse what ours might miss.
            Git.check_unsafe_protocols(target.url)
            Git.check_unsafe_options([target.url], Repo.unsafe_git_clone_options)
        except RefusedTarget as refused:
            raise AdapterError(FailureKind.REFUSED, str(refused)) from refused
        except (UnsafeProtocolError, UnsafeOptionError) as unsafe:
            raise AdapterError(FailureKind.REFUSED, f"refused {url!r}: {unsafe}") from unsafe
        return target

    def _clone(self, confined: _Confined) -> None:
        args = [
            "clone",
            "--depth", "1",
            "--filter=blob:none",
            "--no-checkout",
            "--quiet",
            "--",
            confined.target.url,
            "repo",
        ]  # fmt: skip
        self._git(confined, args, timeout=self._settings.clone_timeout_s, size_capped=True)

    def _fetch_ref(self, confined: _Confined, ref: str) -> None:
        # `clone --branch` takes no commit ids, so: an empty repository, then one shallow,
        # blob-less fetch of the ref (branch, tag or full commit id), and HEAD detached at it.
        # The ref follows `--` and passed SAFE_REF, so it is never read as an option.
        self._git(confined, ["init", "--quiet", "repo"])
        self._git(confined, ["remote", "add", "--", "origin", confined.target.url], in_repo=True)
        args = [
            "fetch", "--depth", "1", "--filter=blob:none", "--no-tags", "--quiet",
            "--recurse-submodules=no", "--", "origin", ref,
        ]  # fmt: skip
        timeout = self._settings.clone_timeout_s
        self._git(confined, args, in_repo=True, timeout=timeout, size_capped=True)
        self._git(confined, ["update-ref", "--no-deref", "HEAD", "FETCH_HEAD"], in_repo=True)

    def _paths(self, confined: _Confined) -> tuple[tuple[str, ...], bool]:
        output = self._git(confined, ["ls-tree", "-r", "--name-only", "-z", "HEAD"], in_repo=True)
        paths = tuple(p for p in output.decode("utf-8", errors="replace").split("\0") if p)
        limit = self._settings.max_files
        return paths[:limit], len(paths) > limit

    def _prefetch(self, confined: _Confined, paths: list[str]) -> None:
        # One fetch for all the blobs we will read, instead of one lazy fetch per file
        # (a round trip each). Paths follow `--`, object ids go through stdin.
        if not paths:
            return
        listing = self._git(confined, ["ls-tree", "-r", "-z", "HEAD", "--", *paths], in_repo=True)
        oids = [entry.split()[2] for entry in listing.decode().split("\0") if " blob " in entry]
        wanted = confined.workdir / "wanted-objects"
        wanted.write_text("".join(f"{oid}\n" for oid in oids))
        # The same command git runs for a lazy fetch (promisor-remote.c), batched.
        args = [
            "-c", "fetch.negotiationAlgorithm=noop",
            "fetch", "--no-tags", "--no-write-fetch-head", "--recurse-submodules=no",
            "--filter=blob:none", "--stdin", "origin",
        ]  # fmt: skip
        self._git(confined, args, in_repo=True, size_capped=True, stdin=wanted)

    def _read(self, confined: _Confined, path: str, cap: int) -> str:
        # With --filter=blob:none this fetches just this one blob from the remote.
        args = ["cat-file", "blob", f"HEAD:{path}"]
        output = self._git(confined, args, in_repo=True, size_capped=True)
        return output[:cap].decode("utf-8", errors="replace")

    def _git(
        self,
        confined: _Confined,
        args: list[str],
        *,
        in_repo: bool = False,
        timeout: float | None = None,
        size_capped: bool = False,
        stdin: Path | None = None,
    ) -> bytes:
        cwd = confined.workdir / "repo" if in_repo else confined.workdir
        watch = confined.workdir / "repo" if size_capped else None
        limit = timeout if timeout is not None else self._settings.git_timeout_s
        runner = _CappedRun(limit, watch, self._settings.max_clone_bytes)
        return runner.run(["git", *args], cwd, confined.env, stdin)


class _CappedRun:
    """Run one git command, killing it past a time limit or a repository-size limit."""

    def __init__(self, timeout_s: float, watch: Path | None, max_bytes: int) -> None:
        self._timeout_s = timeout_s
        self._watch = watch
        self._max_bytes = max_bytes

    def run(
        self, command: list[str], cwd: Path, env: Mapping[str, str], stdin: Path | None = None
    ) -> bytes:
        """Return the command's stdout, or raise AdapterError with its failure kind."""
        with open(stdin or os.devnull, "rb") as istream:
            # A session of its own, so a kill also reaches git-remote-http and friends.
            handle = Git(str(cwd)).execute(
                command, as_process=True, env=dict(env), istream=istream, start_new_session=True
            )
        process = handle.proc
        assert process is not None  # GitPython sets it for as_process
        stdout, stderr = self._wait(process)
        if process.returncode != 0:
            raise AdapterError(_failure_kind(stderr), _stderr_summary(stderr, command))
        self._check_size()  # a fast command may finish between two polls
        return stdout

    def _wait(self, process: subprocess.Popen[bytes]) -> tuple[bytes, bytes]:
        deadline = time.monotonic() + self._timeout_s
        while True:
            try:
                return process.communicate(timeout=POLL_INTERVAL_S)
            except subprocess.TimeoutExpired:
                self._enforce_caps(process, deadline)

    def _enforce_caps(self, process: subprocess.Popen[bytes], deadline: float) -> None:
        if time.monotonic() > deadline:
            _kill(process)
            raise AdapterError(
                FailureKind.TIMEOUT, f"git took longer than {self._timeout_s:g} s and was stopped"
            )
        try:
            self._check_size()
        except AdapterError:
            _kill(process)
            raise

    def _check_size(self) -> None:
        if self._watch is not None and _tree_size(self._watch) > self._max_bytes:
            raise AdapterError(
                FailureKind.REFUSED,
                f"the repository grew past the {self._max_bytes}-byte cap and git was stopped",
            )


def _kill(process: subprocess.Popen[bytes]) -> None:
    # git forks helpers (git-remote-http) that hold the pipes open; kill the whole group.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def _tree_size(root: Path) -> int:
    total = 0
    for folder, _dirs, files in os.walk(root):
        for name in files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:
                continue  # git renames temporary pack files while we walk
    return total


def _failure_kind(stderr: bytes) -> FailureKind:
    text = stderr.decode("utf-8", errors="replace").lower()
    for phrase, kind in GIT_STDERR_FAILURES:
        if phrase in text:
            return kind
    return FailureKind.SERVER_ERROR


def _stderr_summary(stderr: bytes, command: list[str]) -> str:
    text = " ".join(stderr.decode("utf-8", errors="replace").split())
    return f"git {command[1]} failed: {text[:300] or 'no message'}"


def _parse_ls_remote(output: str) -> tuple[str | None, str]:
    branch: str | None = None
    commit: str | None = None
    for line in output.splitlines():
        left, _, ref = line.partition("\t")
        if ref != "HEAD":
            continue
        if left.startswith("ref: "):
            branch = left.removeprefix("ref: ").removeprefix("refs/heads/")
        elif _is_sha(left):
            commit = left
    if commit is None:
        if output.strip():
            raise AdapterError(FailureKind.MALFORMED_REPLY, "ls-remote did not name a HEAD commit")
        raise AdapterError(FailureKind.NOT_FOUND, "the repository has no commits")
    return branch, commit


def _is_sha(text: str) -> bool:
    return len(text) in (40, 64) and all(c in "0123456789abcdef" for c in text)


def _in_folder(path: str, folder: str) -> bool:
    prefix = folder.strip("/") + "/" if folder.strip("/") else ""
    return path.startswith(prefix) and "/" not in path[len(prefix) :]


def _chosen(paths: tuple[str, ...], choose: PathChooser) -> list[str]:
    present = set(paths)
    wanted = [p for p in dict.fromkeys(choose(paths)) if p in present]
    return wanted[:MAX_FILES_READ]
