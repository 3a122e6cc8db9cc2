"""Git's ports: a remote's head, one commit's paths and chosen files, a folder's texts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class GitHead:
    """A remote's default branch and the commit it points at (its ref advertisement)."""

    url: str  # the public URL asked about
    contacted: str  # the URL actually contacted (after offline rewrites)
    commit: str
    default_branch: str | None = None
    moved_to: str | None = None  # the public URL the remote redirected to (a renamed repo)


@dataclass(frozen=True)
class GitInspection:
    """The paths of one commit and the text of the few files the caller chose to read."""

    url: str
    contacted: str
    commit: str
    paths: tuple[str, ...]
    texts: Mapping[str, str] = field(default_factory=dict)
    truncated: bool = False  # the path list hit the file cap


@dataclass(frozen=True)
class GitFolder:
    """The text files directly in one folder of one commit, read whole (up to the caps)."""

    url: str
    contacted: str
    commit: str
    folder: str
    texts: Mapping[str, str] = field(default_factory=dict)  # path in the repository -> text
    truncated: bool = False  # the path list or the file cap stopped us: some files unread


# Given every path of the commit, return the paths worth reading (licence, README...).
PathChooser = Callable[[tuple[str, ...]], Iterable[str]]


class GitClient(Protocol):
    """Read-only, cheap inspection of public git repositories."""

    def remote_head(self, url: str) -> GitHead:
        """Return the default branch and its commit without cloning."""
        ...

    def inspect(
        self, url: str, choose: PathChooser, max_bytes: int, ref: str | None = None
    ) -> GitInspection:
        """List the paths at `ref` (branch, tag, commit; None: default head), read chosen files."""
        ...


class GitFolderReader(Protocol):
    """Reading a folder of text files at a ref: how framework data is synced from upstream."""

    def read_folder(
        self, url: str, folder: str, suffixes: tuple[str, ...], ref: str | None = None
    ) -> GitFolder:
        """Read the files directly in a folder at a ref (default: the head), capped."""
        ...
