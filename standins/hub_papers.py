"""The Hub stand-in's paper pages: ``GET /api/papers/{arxiv_id}``.

Answers as the real Hub does for `HfApi.paper_info` (huggingface_hub 2.4 `hf_api.py`,
parsed by `PaperInfo`): `id`, `title`, `summary`, `authors`, `publishedAt`, `upvotes`,
`numComments`, and, when the page has them, `githubRepo` and `projectPage` (the page's
GitHub and project buttons, which `PaperInfo` reads as `github_repo` and `project_page`).
A paper without a manifest answers 404, as the Hub does for an arXiv id it has not indexed.
"""

from __future__ import annotations

from werkzeug.wrappers import Response

from .hub_bodies import json_response
from .manifest import PaperManifest, Snapshot


def paper_response(snapshot: Snapshot, arxiv_id: str) -> Response | None:
    """Answer ``/api/papers/<arxiv_id>``, or None when no manifest has that id."""
    manifest = snapshot.papers.get(arxiv_id)
    return None if manifest is None else json_response(paper_body(manifest))


def paper_body(manifest: PaperManifest) -> dict[str, object]:
    """The JSON the Hub sends for one paper page."""
    body: dict[str, object] = {
        "id": manifest.arxiv_id,
        "title": manifest.title,
        "summary": "",
        "authors": [],
        "publishedAt": manifest.published_at,
        "upvotes": 0,
        "numComments": 0,
    }
    if manifest.github_repo:
        body["githubRepo"] = manifest.github_repo
    if manifest.project_page:
        body["projectPage"] = manifest.project_page
    return body
