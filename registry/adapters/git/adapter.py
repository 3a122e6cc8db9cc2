"""The git adapter: a remote's head, and a cheap look at one commit's paths and files.

The head comes from smart-HTTP ref discovery (`discovery`: one pooled GET, no process),
with `git ls-remote --symref` for a server that does not speak it. Inspection is a
shallow, blob-less, no-checkout clone into a temporary directory, `ls-tree -r
--name-only` (never `-l`, which would fetch every blob) and `cat-file` on the handful of
files a checker asks for; every git command runs guarded and confined (`runner`), the
clone and blob reads also under a size cap on the repository directory.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from registry.adapters.git.discovery import NotSmartHttp, SmartHttpHeads
from registry.adapters.git.runner import CappedRun, Confined, confined, guard_git_url
from registry.adapters.guards import Resolver
from registry.adapters.guards import system_resolver as default_resolver
from registry.adapters.settings import AdapterSettings, rewrite_url
from registry.model import FailureKind
from registry.ports import AdapterError, GitFolder, GitHead, GitInspection, PathChooser

log = logging.getLogger(__name__)

SMART_HTTP_SCHEMES = frozenset({"http", "https"})
MAX_FILES_READ = 64  # a checker reading more than this is asking for a full checkout
# A ref we fetch by name: a branch, a tag or a full commit id as a README names it. Never
# an option (no leading "-"), a refspec (no ":" or "+"), a range ("..") or a reflog ("@{").
# Matched with fullmatch: "$" would let a trailing newline through.
SAFE_REF = re.compile(r"(?!.*(?:\.\.|//|@\{|\.lock\Z|/\Z))[A-Za-z0-9][A-Za-z0-9._/-]{0,199}")
# No template directory: its sample hooks and info/exclude (some 25 KB) are no part of what
# the remote sent, and the size cap is there to measure that (they were never run anyway).
NO_TEMPLATES = "--template="
MAX_FOLDER_FILES = 2000  # a framework folder (MOT's models/, OSAI's entries) reads at most this


def _check_ref(ref: str | None) -> None:
    """Refuse a ref that is not a plain branch, tag or commit name (None is the head)."""
    if ref is not None and SAFE_REF.fullmatch(ref) is None:
        raise AdapterError(FailureKind.REFUSED, f"refused the git ref {ref!r}: not a plain name")


class GitAdapter:
    """A `GitClient`: smart-HTTP heads, and git commands driven through GitPython."""

    def __init__(self, settings: AdapterSettings, resolve: Resolver = default_resolver) -> None:
        self._settings = settings
        self._policy = settings.network_policy
        self._resolve = resolve
        self._heads = SmartHttpHeads(settings, self._policy, resolve)

    def remote_head(self, url: str) -> GitHead:
        """Return the default branch and its commit without cloning.

        Over http(s), one smart-HTTP ref discovery on a pooled connection; `ls-remote`
        for any other transport and for a server that does not speak smart HTTP.
        """
        scheme = urlsplit(rewrite_url(url, self._settings.rewrites)).scheme.lower()
        if scheme not in SMART_HTTP_SCHEMES:
            return self._ls_remote_head(url)
        try:
            return self._heads.head(url)
        except NotSmartHttp as not_smart:
            base = not_smart.base  # where the redirects, if any, led
            log.info("no smart-HTTP advertisement; asking git", extra={"url": base})
        head = self._ls_remote_head(base)
        return dataclasses.replace(head, url=url, moved_to=base if base != url else None)

    def _ls_remote_head(self, url: str) -> GitHead:
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

    def _detach_at(self, confined: Confined, ref: str) -> None:
        # A branch, a tag or a commit id that passed SAFE_REF, after `--`: never an option.
        # HEAD then points at it, so listing and reading work on it as on the default branch.
        args = ["fetch", "--depth", "1", "--filter=blob:none", "--no-tags", "--quiet",
                "--", "origin", ref]  # fmt: skip
        self._git(confined, args, in_repo=True, size_capped=True)
        self._git(confined, ["update-ref", "--no-deref", "HEAD", "FETCH_HEAD"], in_repo=True)

    @contextmanager
    def _confined(self, url: str) -> Iterator[Confined]:
        contacted = rewrite_url(url, self._settings.rewrites)
        with confined(guard_git_url(contacted, self._policy, self._resolve), self._policy) as c:
            yield c

    def _clone(self, confined: Confined) -> None:
        args = [
            "clone",
            "--depth", "1",
            "--filter=blob:none",
            "--no-checkout",
            "--quiet",
            NO_TEMPLATES,
            "--",
            confined.target.url,
            "repo",
        ]  # fmt: skip
        self._git(confined, args, timeout=self._settings.clone_timeout_s, size_capped=True)

    def _fetch_ref(self, confined: Confined, ref: str) -> None:
        # `clone --branch` takes no commit ids, so: an empty repository, then one shallow,
        # blob-less fetch of the ref (branch, tag or full commit id), and HEAD detached at it.
        # The ref follows `--` and passed SAFE_REF, so it is never read as an option.
        self._git(confined, ["init", "--quiet", NO_TEMPLATES, "repo"])
        self._git(confined, ["remote", "add", "--", "origin", confined.target.url], in_repo=True)
        args = [
            "fetch", "--depth", "1", "--filter=blob:none", "--no-tags", "--quiet",
            "--recurse-submodules=no", "--", "origin", ref,
        ]  # fmt: skip
        timeout = self._settings.clone_timeout_s
        self._git(confined, args, in_repo=True, timeout=timeout, size_capped=True)
        self._git(confined, ["update-ref", "--no-deref", "HEAD", "FETCH_HEAD"], in_repo=True)

    def _paths(self, confined: Confined) -> tuple[tuple[str, ...], bool]:
        output = self._git(confined, ["ls-tree", "-r", "--name-only", "-z", "HEAD"], in_repo=True)
        paths = tuple(p for p in output.decode("utf-8", errors="replace").split("\0") if p)
        limit = self._settings.max_files
        return paths[:limit], len(paths) > limit

    def _prefetch(self, confined: Confined, paths: list[str]) -> None:
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

    def _read(self, confined: Confined, path: str, cap: int) -> str:
        # With --filter=blob:none this fetches just this one blob from the remote.
        args = ["cat-file", "blob", f"HEAD:{path}"]
        output = self._git(confined, args, in_repo=True, size_capped=True)
        return output[:cap].decode("utf-8", errors="replace")

    def _git(
        self,
        confined: Confined,
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
        runner = CappedRun(limit, watch, self._settings.max_clone_bytes)
        return runner.run(["git", *args], cwd, confined.env, stdin)


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
