"""Small Protocols for the outside world; adapters implement them, tests fake them.

The checkers depend only on these shapes, never on huggingface_hub, git or an HTTP
client. Every reply is a plain frozen dataclass; every failure is an `AdapterError`
carrying one `FailureKind`, so a checker can say *unverified* without knowing which
library failed.

One module per outside system (`hub`, `git`, `http`) and the shared `errors`; this package
re-exports every name, so `from registry.ports import X` is the way in.
"""

from __future__ import annotations

from dataclasses import dataclass

from registry.ports.errors import AdapterError
from registry.ports.git import (
    GitClient,
    GitFolder,
    GitFolderReader,
    GitHead,
    GitInspection,
    PathChooser,
)
from registry.ports.http import FetchedText, HttpProbe, PageFetcher, ProbeReply, RedirectHop
from registry.ports.hub import (
    HubClient,
    HubCollection,
    HubCollectionReader,
    HubFile,
    HubLister,
    HubListing,
    HubPaper,
    HubPaperReader,
    HubRefLister,
    HubRepoInfo,
    HubRepoSummary,
    HubRevisionLister,
    HubRevisions,
    RepoType,
    SafetensorsHeader,
    SafetensorsSummary,
    TensorHeader,
)

__all__ = [
    "AdapterError",
    "Clients",
    "FetchedText",
    "GitClient",
    "GitFolder",
    "GitFolderReader",
    "GitHead",
    "GitInspection",
    "HttpProbe",
    "HubClient",
    "HubFile",
    "HubLister",
    "HubListing",
    "HubCollection",
    "HubCollectionReader",
    "HubPaper",
    "HubPaperReader",
    "HubRefLister",
    "HubRepoInfo",
    "HubRepoSummary",
    "HubRevisionLister",
    "HubRevisions",
    "PageFetcher",
    "PathChooser",
    "ProbeReply",
    "RedirectHop",
    "RepoType",
    "SafetensorsHeader",
    "SafetensorsSummary",
    "TensorHeader",
]


@dataclass(frozen=True)
class Clients:
    """The three ports a checker may use, built together from one settings object."""

    hub: HubClient
    git: GitClient
    http: HttpProbe
