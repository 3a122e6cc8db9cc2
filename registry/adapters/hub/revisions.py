"""Current shas of an owner's repositories from the Hub's listing API, page by page.

The first request is the one `HfApi.list_models(author=..., limit=..., expand=[...])` (or
`list_datasets`) sends (huggingface_hub 2.4 `hf_api.py`: `author`, then `limit`, then
`expand` as a repeated key); later pages follow the absolute `Link: <...>; rel="next"`
exactly as given (`utils/_pagination.py`). The Hub cuts pages at 1,000 repos. Unlike
`list_models`, each page has our timeout and no five-retry backoff, the whole listing a
deadline, and paging stops once every wanted repo was seen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from registry.model import FailureKind
from registry.ports import AdapterError, HubRevisions, RepoType

# What each listed repo carries: only these (and `_id`, `id`) come back with `expand`.
REVISION_EXPAND = ("sha", "lastModified")
PAGE_LIMIT = 1000  # the most the Hub puts in one page of a listing

# One page: (its items, the next page's URL or None).
PageGetter = Callable[[str], tuple[list[Any], str | None]]
# A listed item -> (repo id, sha), parsed as huggingface_hub parses it.
ItemReader = Callable[[Any], tuple[str, str | None]]


def first_page_url(endpoint: str, repo_type: RepoType, author: str) -> str:
    """Return the URL of the listing's first page, with the params `list_models` sends."""
    params = [("author", author), ("limit", str(PAGE_LIMIT))]
    params += [("expand", field) for field in REVISION_EXPAND]
    return f"{endpoint}/api/{repo_type}s?{urlencode(params)}"


def list_revisions(
    get_page: PageGetter,
    read_item: ItemReader,
    first_url: str,
    wanted: frozenset[str],
    max_pages: int,
    deadline_s: float,
) -> HubRevisions:
    """Page through the listing until every wanted id (lower-cased) is seen, or it ends."""
    shas: dict[str, str] = {}
    missing = {repo_id.lower() for repo_id in wanted}
    deadline = time.monotonic() + deadline_s
    url: str | None = first_url
    pages = 0
    while url is not None and missing:
        if pages >= max_pages:
            return HubRevisions(shas, complete=False, pages=pages)
        if time.monotonic() > deadline:
            raise AdapterError(FailureKind.TIMEOUT, "the owner's listing took too long")
        items, url = get_page(url)
        pages += 1
        for item in items:
            repo_id, sha = read_item(item)
            if sha:
                shas[repo_id.lower()] = sha
            missing.discard(repo_id.lower())
    return HubRevisions(shas, complete=True, pages=pages)
