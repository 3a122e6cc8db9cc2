"""The Hub stand-in: a WSGI app answering the subset of the Hugging Face Hub API the client uses.

Routes, headers and error codes follow what huggingface_hub 2.x sends and expects (see
README.md). Paths are split on the raw request URI because Werkzeug decodes ``%2F`` in
PATH_INFO, and revisions such as ``refs%2Fpr%2F1`` must stay one segment.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlencode

from werkzeug.wrappers import Request, Response

from . import hub_listing, hub_refs
from .bodies import byte_response, bytes_source
from .hub_bodies import (
    CDN_PREFIX,
    commit_body,
    content_type_for,
    info_body,
    json_response,
    last_commit,
    lfs_redirect,
)
from .hub_collections import collection_response
from .hub_index import HubEntry, HubRepoIndex
from .manifest import Fault, HubRepoManifest, Snapshot

DEFAULT_PAGE_SIZE = 1000
EXPANDED_PAGE_SIZE = 50  # the real Hub's page size when tree items carry lastCommit
REPO_TYPES = {"models": "model", "datasets": "dataset"}
DISABLED_MESSAGE = "Access to this resource is disabled."
FAULTED = "standins.fault_applied"  # environ key: this request got the repo's fault
TRUE_WORDS = {"1", "true", "yes"}
# Files a gated repo serves to anyone. Since August 2023 the Hub makes README files readable
# on gated repos, "since users have to be able to read a model card before requesting
# access" (huggingface/transformers#26257, which moved its gated-repo test to another file
# for that reason), and licence files stay public (Hub staff in huggingface/hub-docs#1274,
# 2024: "license files are still publicly accessible"). Top-level files only.
UNGATED_FILE = re.compile(r"(README|LICEN[CS]E)(\.[A-Za-z0-9]+)?", re.IGNORECASE)


class HubError(Exception):
    """An error answer with the Hub's headers; ``code`` goes into ``X-Error-Code``."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = headers or {}

    def response(self) -> Response:
        """The error as the Hub sends it: headers for the client, JSON body for people."""
        headers = {**self.headers, "X-Error-Message": self.message}
        if self.status in (301, 302, 307, 308):  # a renamed repo: the Hub redirects
            return Response(b"", status=self.status, headers={"Location": self.message})
        if self.code:
            headers["X-Error-Code"] = self.code
        body = json.dumps({"error": self.message})
        return Response(body, status=self.status, headers=headers, content_type="application/json")


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
        if segments[:1] == [CDN_PREFIX]:
            return self.cdn(request, segments[1:])
        kind, rest = (
            ("dataset", segments[1:]) if segments[:1] == ["datasets"] else ("model", segments)
        )
        if "resolve" in rest[1:3]:
            return self.resolve(request, kind, rest)
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

    # -- API actions -----------------------------------------------------------------------

    def info(self, call: RepoCall) -> Response:
        """Model or dataset info, optionally at a revision, with blobs or a restricted expand."""
        if call.action == "revision":
            call.index = self.revision_index(call.index, "/".join(call.rest) or "main")
        body = info_body(call.index, with_blobs=call.flag("blobs"))
        expand = call.request.args.getlist("expand") + call.request.args.getlist("expand[]")
        if expand:
            body = {key: value for key, value in body.items() if key in {"_id", "id", *expand}}
        return json_response(body)

    def tree(self, call: RepoCall) -> Response:
        """One page of a (recursive) tree listing, with an absolute ``Link`` to the next page."""
        call.index = self.revision_index(call.index, call.rest[0] if call.rest else "main")
        path = unquote("/".join(call.rest[1:]))
        items = call.index.listing(path, call.flag("recursive"))
        if items is None:
            raise HubError(404, f"Entry not found: {path}", "EntryNotFound")
        expand = call.flag("expand")
        size = min(self.page_size, EXPANDED_PAGE_SIZE) if expand else self.page_size
        cursor = parse_cursor(call.request.args.get("cursor"))
        page = items[cursor : cursor + size]
        if expand:
            page = [{**item, "lastCommit": last_commit(call.manifest)} for item in page]
        headers = {}
        if cursor + size < len(items):
            params = {
                "recursive": str(call.flag("recursive")).lower(),
                "expand": str(expand).lower(),
                "cursor": cursor + size,
            }
            url = call.request.host_url.rstrip("/") + raw_path(call.request.environ)
            headers["Link"] = f'<{url}?{urlencode(params)}>; rel="next"'
        return json_response(page, headers=headers)

    def paths_info(self, call: RepoCall) -> Response:
        """Items for the requested paths that exist; missing paths are silently left out."""
        call.index = self.revision_index(call.index, call.rest[0] if call.rest else "main")
        if call.request.is_json:
            payload = call.request.get_json(silent=True) or {}
            paths, expand = list(payload.get("paths", [])), bool(payload.get("expand"))
        else:
            paths, expand = (
                call.request.form.getlist("paths"),
                truthy(call.request.form.get("expand")),
            )
        items = [item for path in paths if (item := call.index.item(path.strip("/"))) is not None]
        if expand:
            items = [{**item, "lastCommit": last_commit(call.manifest)} for item in items]
        return json_response(items)

    def refs(self, call: RepoCall) -> Response:
        """Main, the manifest's branches and its tags (standins.hub_refs)."""
        return json_response(hub_refs.refs_body(call.manifest, call.flag("include_prs")))

    def commits(self, call: RepoCall) -> Response:
        """The snapshot commit of the revision."""
        call.index = self.revision_index(call.index, call.rest[0] if call.rest else "main")
        commit = commit_body(call.manifest)
        if call.request.args.get(
            "expand[]"
        ) == "formatted" or "formatted" in call.request.args.getlist("expand"):
            commit["formatted"] = {"title": commit["title"], "message": commit["message"]}
        return json_response([commit])

    # -- file downloads --------------------------------------------------------------------

    def resolve(self, request: Request, kind: str, segments: list[str]) -> Response:
        """HEAD/GET ``/{id}/resolve/{rev}/{path}``; LFS files redirect to another origin."""
        if request.method not in ("GET", "HEAD"):
            raise HubError(405, "Method not allowed")
        at = segments.index("resolve", 1)
        repo_id = "/".join(unquote(s) for s in segments[:at])
        index = self.open_repo(kind, repo_id, request)
        if len(segments) < at + 3:
            raise HubError(404, "Entry not found", "EntryNotFound")
        index = self.revision_index(index, segments[at + 1])
        manifest = index.manifest
        path = unquote("/".join(segments[at + 2 :]))
        if manifest.gated and not UNGATED_FILE.fullmatch(path):
            status = 403 if request.headers.get("Authorization") else 401
            message = f"Access to {manifest.kind} {manifest.id} is restricted; ask for access."
            raise HubError(status, message, "GatedRepo")
        entry = index.files.get(path)
        if entry is None:
            raise HubError(404, "Entry not found", "EntryNotFound")
        return self.file_response(request, manifest, entry)

    def file_response(
        self, request: Request, manifest: HubRepoManifest, entry: HubEntry
    ) -> Response:
        headers = {"X-Repo-Commit": manifest.sha, "ETag": f'"{entry.oid}"'}
        if entry.content is None:
            return lfs_redirect(request, manifest, entry, headers)
        return byte_response(
            request,
            total=entry.size,
            chunks=bytes_source(entry.content),
            content_type=content_type_for(entry.path),
            headers=headers,
        )


    def cdn(self, request: Request, segments: list[str]) -> Response:
        """``/_cdn/{kind}/{id}/{sha256}``: an LFS file's bytes, ranges honoured, no auth needed.

        A declared weight file serves its header then filler; a size-only file serves filler,
        as a placeholder upload would. Reached only through a resolve redirect, so the repo's
        gate and faults were applied there.
        """
        if request.method not in ("GET", "HEAD") or len(segments) < 3:
            raise HubError(404, "Stand-in CDN: no such object")
        kind, sha256 = segments[0], segments[-1]
        manifest = self.snapshot.hub_repo(kind, "/".join(unquote(s) for s in segments[1:-1]))
        entry = self.index(manifest).by_lfs_sha256.get(sha256) if manifest else None
        if entry is None:
            raise HubError(404, "Stand-in CDN: no such object")
        layout = entry.layout
        return byte_response(
            request,
            total=layout.size,
            chunks=lambda start, end: layout.read(sha256, start, end),
            content_type="application/octet-stream",
            headers={"ETag": f'"{sha256}"'},
        )


API_ACTIONS: dict[str, tuple[Callable[[HubApp, RepoCall], Response] | None, tuple[str, ...]]] = {
    "": (HubApp.info, ("GET",)),
    "revision": (HubApp.info, ("GET",)),
    "tree": (HubApp.tree, ("GET",)),
    "paths-info": (HubApp.paths_info, ("POST",)),
    "refs": (HubApp.refs, ("GET",)),
    "commits": (HubApp.commits, ("GET",)),
}

def parse_cursor(value: str | None) -> int:
    """The offset a tree page starts at; our cursors are plain offsets."""
    if not value:
        return 0
    if not value.isdigit():
        raise HubError(400, f"Invalid cursor: {value}")
    return int(value)
