"""Guarded git commands: the only module that imports GitPython.

Every URL passes the guard first (ours, then GitPython's own checks), user input never
reaches git as an option (callers put `--` before it), and every command runs confined
(see `guards.git_environment`: no prompts, no config, one protocol, the checked address
pinned) in a scratch directory, under a time cap and, for commands that write objects, a
size cap on the repository directory.
"""

from __future__ import annotations

import contextlib
import os
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
from registry.errors import RefusedTarget
from registry.model import FailureKind
from registry.ports import AdapterError

POLL_INTERVAL_S = 0.1

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
class Confined:
    """A guarded target plus the environment and scratch directory its commands run in."""

    target: CheckedTarget
    env: Mapping[str, str]
    workdir: Path


def guard_git_url(url: str, policy: NetworkPolicy, resolve: Resolver) -> CheckedTarget:
    """Return the checked target of a git remote, or raise AdapterError(REFUSED)."""
    try:
        target = check_git_url(url, policy, resolve)
        # Defence in depth: GitPython's own checks refuse what ours might miss.
        Git.check_unsafe_protocols(target.url)
        Git.check_unsafe_options([target.url], Repo.unsafe_git_clone_options)
    except RefusedTarget as refused:
        raise AdapterError(FailureKind.REFUSED, str(refused)) from refused
    except (UnsafeProtocolError, UnsafeOptionError) as unsafe:
        raise AdapterError(FailureKind.REFUSED, f"refused {url!r}: {unsafe}") from unsafe
    return target


@contextmanager
def confined(target: CheckedTarget, policy: NetworkPolicy) -> Iterator[Confined]:
    """Yield a scratch directory with a fresh HOME and the environment confining git."""
    with tempfile.TemporaryDirectory(prefix="registry-git-") as scratch:
        home = Path(scratch, "home")
        home.mkdir()
        env = git_environment(target, policy, str(home))
        yield Confined(target, env, Path(scratch))


class CappedRun:
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
            raise AdapterError(failure_kind(stderr), stderr_summary(stderr, command))
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


def failure_kind(stderr: bytes) -> FailureKind:
    """Return the failure kind git's stderr describes (server error when none matches)."""
    text = stderr.decode("utf-8", errors="replace").lower()
    for phrase, kind in GIT_STDERR_FAILURES:
        if phrase in text:
            return kind
    return FailureKind.SERVER_ERROR


def stderr_summary(stderr: bytes, command: list[str]) -> str:
    """Return one line saying which git command failed and what it said."""
    text = " ".join(stderr.decode("utf-8", errors="replace").split())
    return f"git {command[1]} failed: {text[:300] or 'no message'}"
