"""Generated manifests for load tests and benchmarks: huge trees, long histories, big blobs."""

from __future__ import annotations

import hashlib

from .manifest import FileSpec, GitRepoManifest, HubKind, HubRepoManifest

SYNTHETIC_LICENSE = b"Apache License\nVersion 2.0, January 2004\nhttp://www.apache.org/licenses/\n"


def synthetic_hub_manifest(
    repo_id: str,
    *,
    file_count: int = 10_000,
    kind: HubKind = "model",
    files_per_dir: int = 500,
    licence: str = "apache-2.0",
) -> HubRepoManifest:
    """A Hub repo with ``file_count`` size-only shards spread over sub-folders, plus a config."""
    shards = tuple(
        FileSpec(path=f"shards/{n // files_per_dir:04d}/part-{n:06d}.parquet", size=1024 + n)
        for n in range(file_count)
    )
    config = FileSpec(path="config.json", content=b'{"model_type": "synthetic"}')
    sha = hashlib.sha1(f"{kind}:{repo_id}:{file_count}:{files_per_dir}".encode()).hexdigest()  # noqa: S324
    return HubRepoManifest(
        kind=kind,
        id=repo_id,
        sha=sha,
        last_modified="2024-01-01T00:00:00.000Z",
        files=(config, *shards),
        tags=(f"license:{licence}",),
        card_data={"license": licence},
        card_text=f"# {repo_id}\n\nA synthetic repo with {file_count} files.\n",
    )


def synthetic_git_manifest(
    url: str, *, commits: int = 100, small_files: int = 20, large_blob_sizes: tuple[int, ...] = ()
) -> GitRepoManifest:
    """A git repo with ``commits`` commits, small source files and large filler blobs.

    Files appear progressively over the history (see ``git_build.commit_file_sets``); the
    large blobs come last, so only the final commits carry them.
    """
    files = [
        FileSpec(path="LICENSE", content=SYNTHETIC_LICENSE),
        FileSpec(
            path="README.md", content=b"# Synthetic\n\n## Training\n\n    python scripts/train.py\n"
        ),
        FileSpec(
            path="scripts/train.py", content=b"import torch\n\nloss.backward()\noptimizer.step()\n"
        ),
        *(
            FileSpec(path=f"src/module_{n:04d}.py", content=f"VALUE = {n}\n".encode())
            for n in range(small_files)
        ),
        *(
            FileSpec(path=f"data/blob_{n:02d}.bin", size=size)
            for n, size in enumerate(large_blob_sizes)
        ),
    ]
    return GitRepoManifest(url=url, files=tuple(files), history=commits)
