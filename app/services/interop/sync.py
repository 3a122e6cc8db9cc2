"""Sync a framework's files from its public git repository: added, updated, unchanged, refused.

The repository (REGISTRY_MOT_REPOSITORY, REGISTRY_OSAI_REPOSITORY) is read through the git
adapter with all its guards (SSRF, no options, time and size caps), at a ref or its head.
Each model file is keyed by its upstream path: a file whose content we already hold is
unchanged and not touched; an added or changed one imports as any file does, recording
the repository and commit on its claim. A file gone from upstream keeps its claim, marked
with the commit it disappeared at (unless the listing was cut by a cap: then we cannot tell).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app
from sqlalchemy import select

from app.extensions import db
from app.models import Claim
from app.services.errors import InvalidInput, ServiceError
from app.services.identity import Identity, require_admin
from app.services.interop.imports import Upstream, import_one
from app.services.interop.reports import ImportReport
from app.services.unit_of_work import unit_of_work
from app.tasks.clients import adapter_settings
from registry.adapters.git import GitAdapter
from registry.frameworks.upstream import UPSTREAMS, UpstreamLayout
from registry.ports import AdapterError, GitFolderReader

# framework -> the setting naming its repository.
REPOSITORY_SETTINGS = {"mot": "REGISTRY_MOT_REPOSITORY", "osai": "REGISTRY_OSAI_REPOSITORY"}
GitFactory = Callable[[Flask], GitFolderReader]


class UpstreamUnavailable(ServiceError):
    """The upstream repository could not be read; nothing was imported or changed."""

    status = 502


@dataclass
class SyncReport:
    """One sync: the commit read, and each model file's fate."""

    framework: str
    url: str
    commit: str
    imports: ImportReport
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    truncated: bool = False

    @property
    def added(self) -> list[str]:
        """Return the files that became new claims."""
        return [f.name for f in self.imports.imported if f.claim == "new"]

    @property
    def updated(self) -> list[str]:
        """Return the files whose claim changed."""
        return [f.name for f in self.imports.imported if f.claim == "updated"]

    @property
    def refused(self) -> list[str]:
        """Return the files that could not be read (reasons in `imports`)."""
        return [f.name for f in self.imports.failed]

    def as_dict(self) -> dict[str, Any]:
        """Return the sync as plain data, with the import report of the files it read."""
        return {
            "framework": self.framework, "url": self.url, "commit": self.commit,
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "refused": self.refused, "removed": self.removed, "truncated": self.truncated,
            "report": self.imports.as_dict(),
        }  # fmt: skip


def real_git(app: Flask) -> GitFolderReader:
    """Return the git adapter, configured as the checkers' is (offline rewrites included)."""
    return GitAdapter(adapter_settings(app))


def sync_framework(identity: Identity, framework: str, ref: str | None = None) -> SyncReport:
    """Read the framework's upstream folder at `ref` (default: head) and import what changed."""
    require_admin(identity)
    layout = _layout(framework)
    url = str(current_app.config[REPOSITORY_SETTINGS[framework]])
    factory: GitFactory = current_app.extensions.get("registry.framework_git", real_git)
    try:
        # current_app is annotated as Flask, yet is the LocalProxy in front of it: unwrap it.
        folder = factory(current_app._get_current_object()).read_folder(  # type: ignore[attr-defined]
            url, layout.folder, layout.suffixes, ref
        )
    except AdapterError as error:
        raise UpstreamUnavailable(f"Could not read {url}: {error.message}.") from error
    report = SyncReport(framework, url, folder.commit, ImportReport(layout.source))
    known = _known(layout.source, url)
    upstream = Upstream(url, folder.commit)
    for path, text in sorted(folder.texts.items()):
        if not layout.is_model_file(path):
            continue
        claim = known.get(path)
        if claim is not None and claim.removed_in is None and claim.content_sha256 == _sha(text):
            report.unchanged.append(path)
            continue
        report.imports.files.append(
            import_one(layout.source, path, text, upstream, identity=identity)
        )
    report.truncated = folder.truncated
    if not folder.truncated:
        report.removed = _mark_removed(known, set(folder.texts), folder.commit)
    return report


def _layout(framework: str) -> UpstreamLayout:
    if framework not in UPSTREAMS:
        names = " or ".join(UPSTREAMS)
        raise InvalidInput({"framework": [f"Unknown framework {framework!r}: use {names}."]})
    return UPSTREAMS[framework]


def _known(source: str, url: str) -> dict[str, Claim]:
    rows = db.session.scalars(
        select(Claim).where(Claim.source == source, Claim.upstream_url == url)
    )
    return {str(row.source_file): row for row in rows}


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _mark_removed(known: dict[str, Claim], present: set[str], commit: str) -> list[str]:
    gone = [path for path, claim in sorted(known.items())
            if path not in present and claim.removed_in is None]  # fmt: skip
    with unit_of_work():
        for path in gone:
            known[path].removed_in = commit
    return gone
