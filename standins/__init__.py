"""Loopback stand-ins for the Hugging Face Hub, git hosts and plain URLs.

Real HTTP servers on 127.0.0.1, fed by YAML manifests (see README.md), so the real
clients (huggingface_hub, git, httpx) can be exercised offline: by the demo, the
benchmarks and the integration tests.
"""

from .git_build import build_bare_repo, default_cache_dir
from .issues import ManifestError, ManifestIssue
from .loader import PACKAGED_SNAPSHOTS, load_snapshot, parse_manifest
from .manifest import (
    Fault,
    FileSpec,
    GitRepoManifest,
    HubRepoManifest,
    Manifest,
    Snapshot,
    UrlManifest,
)
from .runtime import StandIns, compute_rewrites, start
from .synthetic import synthetic_git_manifest, synthetic_hub_manifest

__all__ = [
    "PACKAGED_SNAPSHOTS",
    "Fault",
    "FileSpec",
    "GitRepoManifest",
    "HubRepoManifest",
    "Manifest",
    "ManifestError",
    "ManifestIssue",
    "Snapshot",
    "StandIns",
    "UrlManifest",
    "build_bare_repo",
    "compute_rewrites",
    "default_cache_dir",
    "load_snapshot",
    "parse_manifest",
    "start",
    "synthetic_git_manifest",
    "synthetic_hub_manifest",
]
