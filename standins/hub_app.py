"""The Hub stand-in: a WSGI app answering the subset of the Hugging Face Hub API the client uses.

Routes, headers and error codes follow what huggingface_hub 2.x sends and expects (see
README.md). Paths are split on the raw request URI because Werkzeug decodes ``%2F`` in
PATH_INFO, and revisions such as ``refs%2Fpr%2F1`` must stay one segment.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote

from werkzeug.wrappers import Request, Response

from . import hub_files, hub_listing, hub_refs
from .hub_bodies import CDN_PREFIX, info_body
from .hub_collections import collection_response
from .hub_errors import HubError
from .hub_index import HubRepoIndex
from .hub_papers import paper_response
from .hub_repo_api import API_ACTIONS
from .hub_requests import RepoCall, raw_path, raw_segments
from .manifest import Fault, HubRepoManifest, Snapshot

DEFAULT_PAGE_SIZE = 1000
REPO_TYPES = {"models": "model", "datasets": "dataset"}
DISABLED_MESSAGE = "Access to this resource is disabled."
FAULTED = "standins.fault_applied"  # environ key: this request got the repo's fault


class HubApp:
    """WSGI app serving Hub repos from a Snapshot."""

    def __init__(
        self,
        snapshot: Snapshot,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        stop_event: threading.Event | None = None,
    ) -> None:
        self.snapshot = snapshot
        self.page_size = page_size
        self.stop_event = stop_event or threading.Event()
        self._indexes: dict[tuple[str, str, str], HubRepoIndex] = {}
        self._lock = threading.Lock()
        self._faulted: dict[tuple[str, str], int] = {}  # requests that got a `times` fault
        self._index_every_repo()

    def _index_every_repo(self) -> None:
        # Before serving, not on a repo's first request: the Hub answers its first info call
        # as fast as its hundredth, while indexing 10,000 files takes the stand-in seconds
        # of CPU on a loaded machine, which a client's per-request timeout would count.
        for manifest in self.snapshot.hub.values():
            index = self.index(manifest)
            _ = index.files, index.directories

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        request = Request(environ)
        try:
            response = self.dispatch(request, raw_segments(environ))
        except HubError as error:
            response = error.response()
        return response(environ, start_response)

    # -- routing ---------------------------------------------------------------------------

    def dispatch(self, request: Request, segments: list[str]) -> Response:
        """Route to the API, the resolve endpoint or the fake CDN."""
        if segments[:1] == ["api"] and len(segments) == 2 and segments[1] in REPO_TYPES:
            return self.listing(request, REPO_TYPES[segments[1]])
        if segments[:1] == ["api"] and len(segments) > 2 and segments[1] in REPO_TYPES:
            return self.api(request, REPO_TYPES[segments[1]], segments[2:])
        if segments[:2] == ["api", "collections"] and len(segments) == 4:
            found = collection_response(self.snapshot, segments[2:])
            if found is None:
                raise HubError(404, f"Collection {'/'.join(segments[2:])} not found")
            return found
        if segments[:2] == ["api", "papers"] and len(segments) == 3:
            paper = paper_response(self.snapshot, unquote(segments[2]))
            if paper is None:
                raise HubError(404, "Paper not found")
            return paper
        if segments[:1] == [CDN_PREFIX]:
            return hub_files.cdn(self, request, segments[1:])
        kind, rest = (
            ("dataset", segments[1:]) if segments[:1] == ["datasets"] else ("model", segments)
        )
        if "resolve" in rest[1:3]:
            return hub_files.resolve(self, request, kind, rest)
        raise HubError(404, f"Stand-in Hub does not serve {request.path}")

    def api(self, request: Request, kind: str, segments: list[str]) -> Response:
        """``/api/{models,datasets}/{id}[/{action}/...]``."""
        id_length = 1 if len(segments) > 1 and segments[1] in API_ACTIONS else min(2, len(segments))
        repo_id = "/".join(unquote(s) for s in segments[:id_length])
        action = segments[id_length] if len(segments) > id_length else ""
        handler, methods = API_ACTIONS.get(action, (None, ()))
        if handler is None or request.method not in methods:
            raise HubError(404, f"Stand-in Hub does not serve {request.method} {request.path}")
        index = self.open_repo(kind, repo_id, request)
        call = RepoCall(request, index, action, segments[id_length + 1 :])
        response = handler(self, call)
        return self.malform(call, response)

    def listing(self, request: Request, kind: str) -> Response:
        """``/api/models`` and ``/api/datasets``: see standins.hub_listing."""
        try:
            return hub_listing.list_repos(
                request, kind, self.snapshot, self.page_size,
                lambda m: info_body(self.index(m), with_blobs=False),
            )
        except hub_listing.ListingError as error:
            raise HubError(400, str(error)) from error

    def open_repo(
        self, kind: str, repo_id: str, request: Request | None = None
    ) -> HubRepoIndex:
        """Find the repo and apply its fault, privacy and disabled state, as the Hub would."""
        manifest = self.snapshot.hub_repo(kind, repo_id)
        if manifest is None and request is not None:
            self.redirect_alias(request, kind, repo_id)
        if manifest is None:
            # The Hub answers an anonymous caller 401 for a repo it does not show (missing or
            # private alike, so existence does not leak) and a signed-in one 404.
            status = 404 if request is not None and request.headers.get("Authorization") else 401
            raise HubError(status, "Repository not found", "RepoNotFound")
        if manifest.fault is not None and self.fault_due(manifest):
            if request is not None:
                request.environ[FAULTED] = True
            self.apply_fault(manifest.fault)
        if manifest.private:
            raise HubError(401, "Repository not found", "RepoNotFound")
        if manifest.disabled:
            raise HubError(403, DISABLED_MESSAGE)
        return self.index(manifest)

    def redirect_alias(self, request: Request, kind: str, repo_id: str) -> None:
        """Redirect an old id to the repo that now holds it ("c4" -> "allenai/c4")."""
        target = hub_listing.alias_target(self.snapshot, kind, repo_id)
        if target is None:
            return
        path = raw_path(request.environ)
        at = path.lower().find("/" + repo_id.lower())
        location = path[:at] + "/" + target.id + path[at + 1 + len(repo_id) :]
        query = request.environ.get("QUERY_STRING")
        raise HubError(307, location + (f"?{query}" if query else ""))

    def revision_index(self, index: HubRepoIndex, raw_revision: str) -> HubRepoIndex:
        """The repo's index at a branch, tag or sha; RevisionNotFound when it has none such."""
        manifest = hub_refs.at_revision(index.manifest, raw_revision)
        if manifest is None:
            raise HubError(404, f"Invalid rev id: {unquote(raw_revision)}", "RevisionNotFound")
        return index if manifest is index.manifest else self.index(manifest)

    def index(self, manifest: HubRepoManifest) -> HubRepoIndex:
        key = (manifest.kind, manifest.id.lower(), manifest.sha)
        with self._lock:
            if key not in self._indexes:
                self._indexes[key] = HubRepoIndex(manifest)
            return self._indexes[key]

    def fault_due(self, manifest: HubRepoManifest) -> bool:
        """Whether this request gets the fault: always, or while its `times` lasts."""
        fault = manifest.fault
        if fault is None or fault.times is None:
            return fault is not None
        key = (manifest.kind, manifest.id.lower())
        with self._lock:
            served = self._faulted.get(key, 0)
            if served >= fault.times:
                return False
            self._faulted[key] = served + 1
            return True

    def apply_fault(self, fault: Fault) -> None:
        """Stall, then fail with the fault's status (and Retry-After) if it has one."""
        if fault.delay_s:
            # Wakes early when the server stops, so shutdown never waits on a stalled request.
            self.stop_event.wait(fault.delay_s)
        if fault.status:
            headers = {} if fault.retry_after is None else {"Retry-After": str(fault.retry_after)}
            raise HubError(fault.status, f"Stand-in fault: HTTP {fault.status}", headers=headers)

    @staticmethod
    def malform(call: RepoCall, response: Response) -> Response:
        fault = call.manifest.fault
        if fault is None or not fault.malformed or response.mimetype != "application/json":
            return response
        if fault.times is not None and not call.request.environ.get(FAULTED):
            return response
        return Response(
            '{"id": "' + call.manifest.id + '", "siblings": [', content_type="application/json"
        )

    @staticmethod
    def check_revision(manifest: HubRepoManifest, raw_revision: str) -> None:
        """Accept a branch name, its ref, a tag, or a commit sha (full or 7+ characters)."""
        if hub_refs.at_revision(manifest, raw_revision) is None:
            revision = unquote(raw_revision)
            raise HubError(404, f"Invalid rev id: {revision}", "RevisionNotFound")
