"""Read the links other indexes give into artifacts we can check: Hub repos, git repos, URLs.

Parsing only: whether the result is a well-formed locator is the schemas' call, and
whether it exists is the checkers'.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from registry.model import ArtifactKind

HUB_HOSTS = frozenset({"huggingface.co", "www.huggingface.co", "hf.co"})
# Path segments after owner/name that point inside a repository, not at another one.
INNER_PATH_MARKERS = frozenset({"tree", "blob", "resolve", "raw", "commits", "-", "discussions"})


def hub_repo_id(link: str, dataset: bool = False) -> str | None:
    """Return owner/name from a Hub link or a bare repo id; None when it is not one."""
    text = link.strip()
    if "://" not in text:
        return text if text.count("/") == 1 and not dataset else None
    parts = urlsplit(text)
    if (parts.hostname or "").lower() not in HUB_HOSTS:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if dataset:
        if not segments or segments[0] != "datasets":
            return None
        segments = segments[1:]
    elif segments and segments[0] in {"datasets", "spaces"}:
        return None
    return "/".join(segments[:2]) if len(segments) >= 2 else None


def is_hub_link(link: str) -> bool:
    """Return True when the link is a URL on the Hugging Face Hub."""
    return (urlsplit(link.strip()).hostname or "").lower() in HUB_HOSTS


def git_repository(link: str) -> str:
    """Return the repository URL of a link into it (drop /tree/main/..., .git stays)."""
    parts = urlsplit(link.strip())
    segments = [s for s in parts.path.split("/") if s]
    for index, segment in enumerate(segments[2:], start=2):
        if segment in INNER_PATH_MARKERS:
            segments = segments[:index]
            break
    return f"{parts.scheme}://{parts.netloc}/{'/'.join(segments)}"


def data_artifact(link: str) -> tuple[ArtifactKind, str]:
    """Return how to check a data link: a Hub dataset by id, anything else as a URL."""
    repo_id = hub_repo_id(link, dataset=True)
    if repo_id is not None:
        return ArtifactKind.HF_DATASET, repo_id
    return ArtifactKind.URL, link.strip()


def hub_url(repo_id: str, dataset: bool = False) -> str:
    """Return the public page of a Hub repository."""
    prefix = "datasets/" if dataset else ""
    return f"https://huggingface.co/{prefix}{repo_id}"
