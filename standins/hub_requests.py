"""What the Hub stand-in reads off a request: the raw path, boolean flags, the repo call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from werkzeug.wrappers import Request

from .hub_index import HubRepoIndex
from .manifest import HubRepoManifest

TRUE_WORDS = {"1", "true", "yes"}


@dataclass
class RepoCall:
    """One request against one repo: the parsed route plus the repo's index."""

    request: Request
    index: HubRepoIndex
    action: str
    rest: list[str]  # raw (still percent-encoded) segments after the action

    @property
    def manifest(self) -> HubRepoManifest:
        return self.index.manifest

    def flag(self, name: str) -> bool:
        """A boolean query parameter; the 0.x client sends True/False, later ones true/false."""
        return self.request.args.get(name, "").lower() in TRUE_WORDS


def raw_path(environ: dict[str, Any]) -> str:
    """The request path before any percent-decoding (Werkzeug's server keeps it in RAW_URI)."""
    raw = (
        environ.get("RAW_URI") or environ.get("REQUEST_URI") or quote(environ.get("PATH_INFO", ""))
    )
    return str(raw).split("?", 1)[0]


def raw_segments(environ: dict[str, Any]) -> list[str]:
    """The raw request path split on "/"."""
    return [segment for segment in raw_path(environ).split("/") if segment]


def truthy(value: str | None) -> bool:
    """Parse a boolean form or query value case-insensitively."""
    return (value or "").lower() in TRUE_WORDS
